/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-log scanner: every test program judges the kernel log written
 * while it ran, and run_all.sh judges saved console logs, with the same
 * signature table (lib/kmsg/kmsg_signatures.h) and the same operator
 * allowlist (lib/kmsg/kmsg_allowlist.h).
 *
 * Input the scanner understands, line by line and in any mix: /dev/kmsg
 * records ("prio,seq,usec,flags;text" plus " KEY=value" dictionary lines),
 * dmesg text with or without "[ seconds]" and "<prio>" prefixes, and console
 * captures with CR/LF line ends and terminal escape sequences.
 */
#ifndef PPCST_KMSG_SCANNER_H
#define PPCST_KMSG_SCANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kmsg_allowlist;
struct kmsg_report;

/* The text of the finding the scanner inserts for records it never saw. */
#define KMSG_LOST_FMT "kernel log ring buffer wrapped: %llu records lost"

/* Streaming scanner: feed bytes in chunks of any size, then finish. */
struct kmsg_line;
struct kmsg_scanner {
	const struct kmsg_allowlist *allow;	/* may be NULL */
	struct kmsg_line *lines;
	size_t n, cap;
	char *partial;		/* bytes of a line not yet ended by '\n' */
	size_t partial_len, partial_cap;
	size_t physical_line;	/* input lines seen, for "line N" */
	bool in_record;		/* last line was a /dev/kmsg record */
	bool seq_known;
	uint64_t next_seq;	/* the record sequence number expected next */
	bool skip_older;	/* a window: records before next_seq are skipped */
};

void kmsg_scanner_init(struct kmsg_scanner *s, const struct kmsg_allowlist *al);
/* Records after 'seq' are expected next; a gap is reported as lost. */
void kmsg_scanner_expect_seq(struct kmsg_scanner *s, uint64_t seq);
void kmsg_scanner_feed(struct kmsg_scanner *s, const char *buf, size_t len);
/* Feeds what fd reads to its end (a saved log, not /dev/kmsg). 0, or -1
 * with errno. */
int kmsg_scanner_read_text(int fd, struct kmsg_scanner *s);
/* The lines fed so far as dmesg-like text ("[seconds] message"). */
int kmsg_scanner_write_text(struct kmsg_scanner *s, FILE *out);
/* Ends the input, matches, fills 'r' and frees the scanner's lines. */
int kmsg_scanner_finish(struct kmsg_scanner *s, struct kmsg_report *r);

/*
 * One /dev/kmsg record ("prio,seq,usec,flags;text", then " KEY=value"
 * lines; Documentation/ABI/testing/dev-kmsg): its text with the \xNN escapes
 * undone into BUF (a record of several lines has '\n's in it), its sequence
 * number and time into *SEQ and *USEC (either may be NULL). 0, or -EINVAL
 * when RECORD is no record.
 */
int kmsg_record_decode(const char *record, uint64_t *seq, uint64_t *usec, char *buf,
		       size_t len);

#endif
