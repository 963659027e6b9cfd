/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data a test leaves beside its result for the page of the run
 * (report.html, lib/report/report_html.h): the runner (run_all.sh) gives each test
 * program its folder in $PPCST_RESULTS, where output.log and result.json
 * go. What a test measured over time (TCE usage, each DLPAR cycle's times)
 * goes there as CSV or JSON lines, so the page plots numbers, never text
 * scraped from output.log.
 */
#ifndef PPCST_RESULTS_FILE_H
#define PPCST_RESULTS_FILE_H

#include <stdio.h>

/* The environment variable run_all.sh sets to the test's folder. */
#define RESULTS_DIR_ENV "PPCST_RESULTS"

/*
 * Opens $PPCST_RESULTS/NAME for appending (created 0644, never through a
 * link), line buffered so that a test killed midway leaves whole lines;
 * writes HEADER (may be NULL) first when the file is new. NULL when
 * PPCST_RESULTS is unset (a program run by hand: nothing to record, errno
 * ENOENT) or with ppcst_last_error() when it cannot be opened.
 */
FILE *results_file_append(const char *name, const char *header);

/*
 * One timed step of a cycling test, a line "case,cycle,step,seconds" of its
 * cycles.csv: CASE the test case (a name), CYCLE from 1, STEP what was timed
 * ("remove", "add", "cycle": a name). Best effort: the page plots them, the
 * verdict needs none.
 */
#define RESULTS_CYCLES_CSV "cycles.csv"
void results_cycle_time(const char *test_case, int cycle, const char *step, double seconds);

#endif
