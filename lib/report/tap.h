/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reader of one test program's TAP 13 output (output.log): the plan, a
 * "Bail out!", and the test points at the start of a line, as the kselftest
 * harness prints them ("ok 1 ddw.basic", "not ok 2 x.y #  reason",
 * "ok 3 x.z # SKIP why") and as kselftest.h programs do ("ok 4 # SKIP why",
 * "ok 5 desc # XFAIL why", "not ok 6 # error why").
 *
 * The text is untrusted: in the testbed the guest, running the kernel under
 * test, wrote it, and a test that crashed or a kernel that died leaves it cut
 * anywhere. Lines the reader does not know (the harness's "#" diagnostics,
 * nested output, runner notes, binary garbage) are skipped; nothing makes it
 * fail but a failed allocation. Texts are bounded and hold printable ASCII
 * only (anything else becomes '?'), so they can go into a report as they are.
 */
#ifndef PPCST_TAP_H
#define PPCST_TAP_H

#include <stdbool.h>
#include <stddef.h>

/* At most this many points are kept; a stream with more sets truncated. */
#define TAP_MAX_POINTS 512
#define TAP_DESC_MAX 128	/* a description's bytes, NUL included */
#define TAP_REASON_MAX 256	/* a directive's or bail-out's text, NUL included */

enum tap_result {
	TAP_PASS,	/* "ok", also with # XFAIL / # XPASS (reason says which) */
	TAP_FAIL,	/* "not ok" */
	TAP_SKIP,	/* "# SKIP" on either */
	TAP_TODO,	/* "# TODO" on either */
};

struct tap_point {
	unsigned long number;	/* as printed, 0 if none (or not a sane number) */
	enum tap_result result;
	char desc[TAP_DESC_MAX];	/* "" if none ("ok 4 # SKIP why") */
	/* SKIP and TODO: the text after the keyword; other directives
	 * (XFAIL, XPASS, error, the harness's failure text): all of it. A
	 * failure without one: the harness's first assertion message since
	 * the point before ("# FILE.c:LINE:TEST:text", without "# "), if any */
	char reason[TAP_REASON_MAX];
};

struct tap_doc {
	long plan;		/* N of the first "1..N" line, -1 if none */
	char plan_reason[TAP_REASON_MAX];	/* "1..0 # SKIP why": "why" */
	bool bailed;		/* a "Bail out!" line; points after it are not read */
	char bail[TAP_REASON_MAX];	/* its text */
	struct tap_point *points;
	size_t n;
	bool truncated;		/* more than TAP_MAX_POINTS points */
};

/* Reads LEN bytes of TEXT (NUL bytes allowed, no terminator needed) into
 * DOC. 0, or -ENOMEM (ppcst_last_error()) with DOC empty. */
int tap_parse(const char *text, size_t len, struct tap_doc *doc);
void tap_doc_free(struct tap_doc *doc);
/* "pass", "fail", "skip", "todo". */
const char *tap_result_name(enum tap_result r);
/* How many points have result R. */
size_t tap_count(const struct tap_doc *doc, enum tap_result r);

#endif
