/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reader of a run's summary.json (lib/report/report.h has its format:
 * report_write writes it). A summary is outside input to its reader: a
 * file left in a results folder, written by a run of another version of the
 * suite, cut short by a full disk, or edited; it is read with a bound on its
 * size and without following a link, and anything not as report_write
 * writes it is refused with the why, never a crash. Strings are cut to their
 * fields and kept printable (report_keep_printable).
 */
#ifndef PPCST_SUMMARY_H
#define PPCST_SUMMARY_H

#include <stddef.h>

#include "report/report.h"
#include "report/tap.h"

/* Bounds: a run of every test on every profile of settings with the TAP
 * points report_write keeps is far below them. */
#define SUMMARY_MAX (16u << 20)
#define SUMMARY_MAX_TESTS 512

struct summary_subtest {
	char name[TAP_DESC_MAX];
	enum tap_result result;
	char reason[TAP_REASON_MAX];
};

struct summary_test {
	char name[64], profile[64];	/* profile "" if null (a native run) */
	enum report_result result;
	char reason[256];
	unsigned long ms;
	struct summary_subtest *subtests;
	size_t n_subtests;
};

struct summary {
	char run_id[128];
	unsigned long job_ms;		/* "job_seconds", in older summaries "seconds" */
	long long wall_ms;		/* "wall_seconds"; -1: null, or an older summary */
	struct report_totals totals;
	struct summary_test *tests;
	size_t n_tests;
};

/*
 * Parses LEN bytes at TEXT (no NUL in them) into S: an object with "suite"
 * "ppc-iommu", "run_id" (string or null), "job_seconds" and "wall_seconds"
 * (a number or null) - or, written before those, "seconds" alone, the job
 * seconds - "totals" (the five
 * counts) and "tests", each with a "name" and "profile" (NAMEs; profile may
 * be null), a "result" of report.h's, "seconds", "reason" and "subtests"
 * (at most TAP_MAX_POINTS, each "name", "result" of tap.h's, "reason");
 * other fields are let be. A test and profile twice is refused (a matrix
 * row must be one verdict). 0, or -EINVAL/-ENOMEM with ppcst_last_error()
 * and S empty; S needs summary_free() after 0 only.
 */
int summary_parse(const char *text, size_t len, struct summary *s);
/* PATH through lib/base/safe_file.h (no link, a plain file, at most
 * SUMMARY_MAX bytes), then summary_parse. 0 or -errno, as above. */
int summary_read(const char *path, struct summary *s);
void summary_free(struct summary *s);

#endif
