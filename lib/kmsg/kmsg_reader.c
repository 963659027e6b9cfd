// SPDX-License-Identifier: GPL-2.0
/*
 * The reader of /dev/kmsg. A read() returns one record; the sequence numbers
 * are what make records lost to a wrapped ring buffer countable, so a cursor
 * reads to the end rather than seeking there.
 */
#include "kmsg/kmsg_reader.h"
#include "kmsg/kmsg_scanner.h"
#include "base/clock.h"
#include "base/sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* kernel/printk/printk.c CONSOLE_EXT_LOG_MAX: the largest record read() returns */
#define KMSG_RECORD_MAX 8192

int kmsg_read_records(int fd, struct kmsg_scanner *s)
{
	char buf[KMSG_RECORD_MAX];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			kmsg_scanner_feed(s, buf, n);
			continue;
		}
		if (n == 0 || errno == EAGAIN)
			return 0;
		/*
		 * EPIPE: the records after our position were overwritten; the
		 * next read returns the oldest one left, and the sequence gap
		 * tells how many were lost.
		 */
		if (errno != EINTR && errno != EPIPE)
			return -1;
	}
}

int kmsg_open_start(void)
{
	return open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

int kmsg_open_cursor(uint64_t *next_seq)
{
	char buf[KMSG_RECORD_MAX];
	int fd = kmsg_open_start();

	/*
	 * SEEK_END would position the fd without telling the sequence number,
	 * and that number is what makes a wrap countable: read to the end.
	 */
	*next_seq = 0;
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		unsigned long long seq;

		if (n > 0) {
			buf[n] = '\0';
			if (sscanf(buf, "%*u,%llu,", &seq) == 1)
				*next_seq = seq + 1;
			continue;
		}
		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (n == 0 || errno == EAGAIN)
			return fd;
		close(fd);
		return -1;
	}
}

void kmsg_show_blocked_tasks(void)
{
	char buf[KMSG_RECORD_MAX], text[KMSG_RECORD_MAX];
	uint64_t seq;
	int fd = kmsg_open_cursor(&seq), shown = 0;

	if (fd < 0 || ppcst_sysfs_write("/proc/sysrq-trigger", "w")) {
		printf("# no blocked-task dump (/proc/sysrq-trigger): %s\n", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	/* The dump is printed by the kernel as it goes: give it time. */
	ppcst_sleep_ms(2000);
	for (ssize_t n; shown < 200 && (n = read(fd, buf, sizeof(buf) - 1)) > 0; shown++) {
		buf[n] = '\0';
		if (kmsg_record_decode(buf, NULL, NULL, text, sizeof(text)))
			continue;
		for (char *l = text, *e; l; l = e ? e + 1 : NULL) {
			e = strchr(l, '\n');
			printf("# kernel: %.*s\n", e ? (int)(e - l) : (int)strlen(l), l);
		}
	}
	close(fd);
}
