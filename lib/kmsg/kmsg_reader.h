/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader of /dev/kmsg: where a read starts (the oldest record, or after
 * the last one with its sequence number), the records read into a scanner
 * (lib/kmsg/kmsg_scanner.h), and the blocked tasks' stacks of a hang.
 */
#ifndef PPCST_KMSG_READER_H
#define PPCST_KMSG_READER_H

#include <stdint.h>

struct kmsg_scanner;

/*
 * Reads the records of /dev/kmsg (fd opened O_NONBLOCK) into the scanner
 * until there are none left; a ring buffer that overwrote unread records
 * (EPIPE or a sequence gap) becomes a finding. 0, or -1 with errno.
 */
int kmsg_read_records(int fd, struct kmsg_scanner *s);
/*
 * Opens /dev/kmsg positioned after the last record, and tells the sequence
 * number of the next one. Returns the fd, or -1 with errno.
 */
int kmsg_open_cursor(uint64_t *next_seq);
/* Opens /dev/kmsg positioned at the oldest record. fd, or -1 with errno. */
int kmsg_open_start(void);
/* Something hangs: the blocked tasks' stacks (sysrq w) from the kernel log
 * into the TAP output as "# kernel: ..." lines (at most 200 records). */
void kmsg_show_blocked_tasks(void);

#endif
