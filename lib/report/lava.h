/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A run's summary.json as LAVA test cases: one line per test and one per
 * subtest, "NAME RESULT", for a LAVA test definition's run script to hand to
 * `lava-test-case NAME --result RESULT` (lava/test-definitions/). The names
 * come from the guest or the machine under test (TAP descriptions), so they
 * are made safe here: LAVA takes [-_A-Za-z0-9.] in a case name, and the
 * script passes the words to the shell.
 */
#ifndef PPCST_LAVA_H
#define PPCST_LAVA_H

#include <stddef.h>
#include <stdio.h>

#include "report/summary.h"

/* LAVA's longest sensible case name; its database holds 1024, and a
 * name cut here still ends in its position when two collide. */
#define LAVA_CASE_NAME_MAX 192

/* "pass", "fail", "skip" or "unknown": a test that timed out or could not
 * run failed; a TAP TODO point is LAVA's unknown. */
const char *lava_result_of_test(enum report_result r);
const char *lava_result_of_subtest(enum tap_result r);

/*
 * OUT (LAVA_CASE_NAME_MAX + 1 bytes) = TEST "." SUBTEST, every byte
 * outside [-_A-Za-z0-9.] made '_', cut to LAVA_CASE_NAME_MAX; a SUBTEST
 * of nothing but such bytes or empty is "subtest-N" (N its 1-based
 * position), so no case is named after its test alone. SUBTEST NULL:
 * the test's own case, TEST alone.
 */
void lava_case_name(char out[LAVA_CASE_NAME_MAX + 1], const char *test, const char *subtest,
		    size_t position);

/*
 * Prints S's cases to F: per test "TEST RESULT", then each subtest's line;
 * a subtest whose name an earlier one of its test already printed gets
 * "-N" (its position) appended, so LAVA records each once. 0, or -ENOMEM
 * (the lines so far printed) with ppcst_last_error(). A LAVA job
 * runs one machine: a test present twice (on two profiles) is refused,
 * -EINVAL with ppcst_last_error(), before anything is printed.
 */
int lava_cases_print(FILE *f, const struct summary *s);

#endif
