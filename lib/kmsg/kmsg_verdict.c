// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict on a kernel log: the scan ended, its findings and its summary
 * line printed, its counts kept for kmsg.json.
 */
#include "kmsg/kmsg_verdict.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_scanner.h"
#include "base/error.h"
#include "base/safe_file.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

int kmsg_scanner_verdict(struct kmsg_scanner *s, const char *source, FILE *out,
			 struct kmsg_verdict *v, const char *findings_json)
{
	struct kmsg_report r;
	int ret = -1;

	if (kmsg_scanner_finish(s, &r)) {
		ppcst_fail(-EINVAL, "%s: the signature table does not compile", source);
	} else {
		kmsg_report_print(&r, out);
		fprintf(out, "# kmsg_scan: %s: %zu lines, %zu findings, %zu failing\n",
			source, r.lines, r.total, r.failing);
		if (v)
			*v = (struct kmsg_verdict){ r.lines, r.total, r.failing };
		ret = r.failing ? 1 : 0;
		if (findings_json && kmsg_report_write_json(findings_json, &r))
			ret = -1;
	}
	kmsg_report_free(&r);
	return ret;
}

int kmsg_scan_log(int fd, const char *source, const struct kmsg_allowlist *al, FILE *out)
{
	return kmsg_scan_log_verdict(fd, source, al, out, NULL, NULL);
}

int kmsg_scan_log_verdict(int fd, const char *source, const struct kmsg_allowlist *al,
			  FILE *out, struct kmsg_verdict *v, const char *findings_json)
{
	struct kmsg_scanner s;
	struct kmsg_report r;
	int e;

	kmsg_scanner_init(&s, al);
	if (!kmsg_scanner_read_text(fd, &s))
		return kmsg_scanner_verdict(&s, source, out, v, findings_json);
	e = errno;
	ppcst_fail(-e, "%s: %s", source, strerror(e));
	/* What was read is dropped: the scanner frees it in finishing. */
	kmsg_scanner_finish(&s, &r);
	kmsg_report_free(&r);
	return -1;
}

int kmsg_verdict_write_json(const char *path, const struct kmsg_verdict *v)
{
	char tmp[PATH_MAX];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fprintf(f, "{\"lines\": %zu, \"findings\": %zu, \"failing\": %zu}\n",
		v->lines, v->findings, v->failing);
	return safe_commit(f, tmp, path);
}
