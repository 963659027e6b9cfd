// SPDX-License-Identifier: GPL-2.0
/*
 * The window a test program judges: a /dev/kmsg cursor opened with the
 * operator's allowlist, scanned from its start sequence number on.
 */
#include "kmsg/kmsg_window.h"
#include "base/error.h"
#include "kmsg/kmsg_alloc.h"
#include "kmsg/kmsg_reader.h"
#include "kmsg/kmsg_scanner.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int kmsg_window_open(struct kmsg_window *w)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	ret = kmsg_allowlist_load_default(&w->allow);

	if (ret)
		return ret;
	w->fd = kmsg_open_cursor(&w->start_seq);
	if (w->fd < 0) {
		ret = ppcst_fail(-errno, "cannot read /dev/kmsg: %s%s", strerror(errno),
				 errno == EPERM || errno == EACCES ?
				 " (needs root or kernel.dmesg_restrict=0)" : "");
		kmsg_allowlist_free(&w->allow);
	}
	return ret;
}

int kmsg_window_scan(struct kmsg_window *w, const char *test,
		     struct kmsg_report *r)
{
	struct kmsg_scanner s;

	memset(r, 0, sizeof(*r));
	if (w->fd < 0)
		return ppcst_fail(-EBADF, "kernel log window not open");
	kmsg_scanner_init(&s, &w->allow);
	kmsg_scanner_expect_seq(&s, w->start_seq);
	if (kmsg_read_records(w->fd, &s)) {
		int err = errno;

		kmsg_scanner_finish(&s, r);
		kmsg_report_free(r);
		return ppcst_fail(-err, "reading /dev/kmsg: %s", strerror(err));
	}
	if (kmsg_scanner_finish(&s, r))
		return ppcst_fail(-EINVAL, "signature table does not compile");
	r->test = test ? kmsg_xstrdup(test) : NULL;
	return 0;
}

void kmsg_window_close(struct kmsg_window *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	kmsg_allowlist_free(&w->allow);
}
