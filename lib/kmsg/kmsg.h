/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The shared kernel-log scanner: every test program judges the kernel log
 * written while it ran, and run_all.sh judges saved console logs, with the same
 * signature table (lib/kmsg/kmsg_signatures.c) and the same operator allowlist.
 *
 * Test programs (kselftest harness):
 *
 *	FIXTURE(x) { struct kmsg_window kmsg; ... };
 *	FIXTURE_SETUP(x)    { ASSERT_EQ(0, kmsg_window_open(&self->kmsg)); ... }
 *	FIXTURE_TEARDOWN(x) { ...; KMSG_EXPECT_CLEAN(_metadata, &self->kmsg); }
 *
 * Input the scanner understands, line by line and in any mix: /dev/kmsg
 * records ("prio,seq,usec,flags;text" plus " KEY=value" dictionary lines),
 * dmesg text with or without "[ seconds]" and "<prio>" prefixes, and console
 * captures with CR/LF line ends and terminal escape sequences.
 */
#ifndef PPCST_KMSG_H
#define PPCST_KMSG_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/error.h"

enum kmsg_severity {
	KMSG_WARN,	/* printed, never fails a test */
	KMSG_FAIL,	/* fails the test that was running */
};

struct kmsg_signature {
	const char *name;	/* stable id used by tests and summary.json */
	enum kmsg_severity severity;
	/* POSIX ERE searched in the message text (timestamps stripped) */
	const char *pattern;
	/*
	 * Optional ERE that must also match the trigger line or one of the
	 * next 'also_lines' lines: TCE hcall failures print rc on their own line.
	 */
	const char *also;
	unsigned int also_lines;
	/* excerpt runs from the "cut here"/"====" header to the end marker */
	bool block;
};

extern const struct kmsg_signature kmsg_signatures[];
extern const size_t kmsg_signature_count;

/* The text of the finding the reader inserts for records it never saw. */
#define KMSG_LOST_FMT "kernel log ring buffer wrapped: %llu records lost"

/*
 * Operator allowlist: one POSIX extended regex per line, searched in the
 * trigger line of a finding (message text without timestamp); blank lines and
 * lines starting with '#' are ignored. A matching finding is reported as
 * allowlisted and does not fail anything.
 */
struct kmsg_allowlist {
	regex_t *re;
	size_t n;
};

/* 0, or -errno with a one-line reason in ppcst_last_error(). */
int kmsg_allowlist_load(struct kmsg_allowlist *al, const char *path);
/*
 * $PPCST_KMSG_ALLOWLIST if set (must load), else "kmsg_allowlist" beside the
 * running binary if present, else empty. 0, or -errno (ppcst_last_error()).
 */
int kmsg_allowlist_load_default(struct kmsg_allowlist *al);
/*
 * One more pattern (POSIX ERE). A test that provokes a failure on purpose
 * adds the message it expects to its window's allowlist (w->allow), so that
 * exactly that finding does not fail it. 0, or -EINVAL (ppcst_last_error()).
 */
int kmsg_allowlist_add(struct kmsg_allowlist *al, const char *pattern);
void kmsg_allowlist_free(struct kmsg_allowlist *al);

struct kmsg_finding {
	const struct kmsg_signature *sig;
	char *line;		/* the trigger message, without timestamp */
	bool has_seq;		/* where: /dev/kmsg sequence number ... */
	uint64_t where;		/* ... or else line number of the input */
	bool allowlisted;
	/* excerpt, full lines as logged; none if covered by an earlier one */
	char **excerpt;
	size_t excerpt_len;
	bool excerpt_truncated;
	/* index of the earlier finding whose excerpt holds this line, or -1 */
	long covered_by;
};

struct kmsg_report {
	char *test;		/* the test the window belonged to, or NULL */
	struct kmsg_finding *findings;
	size_t n;
	size_t total;		/* all hits, also those beyond the cap */
	size_t failing;		/* findings of severity fail, not allowlisted */
	/* per kmsg_signatures[] entry: hits beyond the cap, counted not kept */
	size_t *dropped;
	size_t lines;		/* lines scanned */
};

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

/* The window a test program judges: what the kernel logged since open. */
struct kmsg_window {
	int fd;			/* -1: not open */
	uint64_t start_seq;
	struct kmsg_allowlist allow;
};

/* 0, or -errno with the reason in ppcst_last_error() (also on a bad
 * allowlist). */
int kmsg_window_open(struct kmsg_window *w);
/* Scans what came after open; test may be NULL. 0, or -errno
 * (ppcst_last_error()). */
int kmsg_window_scan(struct kmsg_window *w, const char *test,
		     struct kmsg_report *r);
void kmsg_window_close(struct kmsg_window *w);

/* The counts of a verdict: lines scanned, findings, failing ones. */
struct kmsg_verdict {
	size_t lines, findings, failing;
};

/*
 * The verdict as kmsg_scan prints it (tools/kmsg_scan.c has the format): ends
 * the scan of source, prints its findings and the line "# kmsg_scan: <source>:
 * <L> lines, <N> findings, <F> failing" to out, and those counts into *v
 * unless v is NULL, the findings into FINDINGS_JSON unless NULL
 * (kmsg_report_write_json). Returns 0 (no failing finding), 1 (failing
 * findings), or -1 (ppcst_last_error()).
 */
int kmsg_scanner_verdict(struct kmsg_scanner *s, const char *source, FILE *out,
			 struct kmsg_verdict *v, const char *findings_json);
/*
 * kmsg_scan FILE: the saved log fd reads (source names it) judged with al,
 * the verdict printed to out (and its counts into *v, unless NULL).
 * 0, 1, or -1 (ppcst_last_error()).
 */
int kmsg_scan_log(int fd, const char *source, const struct kmsg_allowlist *al, FILE *out);
int kmsg_scan_log_verdict(int fd, const char *source, const struct kmsg_allowlist *al,
			  FILE *out, struct kmsg_verdict *v, const char *findings_json);
/*
 * The counts as the JSON object a results report reads (lib/report/report.h,
 * kmsg.json): {"lines": L, "findings": N, "failing": F}, into a new file
 * renamed over PATH (lib/base/safe_file.h). 0, or -errno (ppcst_last_error()).
 */
int kmsg_verdict_write_json(const char *path, const struct kmsg_verdict *v);
/*
 * The findings themselves, for the page of a run (lib/report/report_html.h reads
 * them; kmsg.json stays the counts its strict reader knows):
 * kmsg-findings.json, {"findings": [{"signature", "severity", "allowlisted",
 * "seq" or "line_no", "covered_by" (-1: none), "line", "excerpt": [lines],
 * "excerpt_cut"}], "not_shown": [{"signature", "count"}] (hits beyond the
 * cap), "findings_total", "failing"}. 0, or -errno (ppcst_last_error()).
 */
int kmsg_report_write_json(const char *path, const struct kmsg_report *r);

/* TAP diagnostics: "# kmsg: <signature> (<severity>) ..." per finding. */
void kmsg_report_print(const struct kmsg_report *r, FILE *out);
bool kmsg_report_has(const struct kmsg_report *r, const char *signature);
const struct kmsg_signature *kmsg_signature_find(const char *name);
void kmsg_report_free(struct kmsg_report *r);

/*
 * The one judgement every harness test gets in its teardown: scan the
 * window, print the findings, fail the test if any finding is failing.
 * Use after including kselftest_harness.h.
 */
#define KMSG_EXPECT_CLEAN(_metadata, window) do {			\
	struct kmsg_report __kmsg_r;					\
	if (kmsg_window_scan((window), (_metadata)->name, &__kmsg_r)) {	\
		TH_LOG("kmsg: %s", ppcst_last_error());			\
		(_metadata)->exit_code = KSFT_FAIL;			\
	} else {							\
		kmsg_report_print(&__kmsg_r, stdout);			\
		if (__kmsg_r.failing) {					\
			TH_LOG("kmsg: %zu failing kernel log finding(s)", \
			       __kmsg_r.failing);			\
			(_metadata)->exit_code = KSFT_FAIL;		\
		}							\
		kmsg_report_free(&__kmsg_r);				\
	}								\
	kmsg_window_close(window);					\
} while (0)

#endif
