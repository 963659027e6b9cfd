// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: summary_parse() (lib/report/summary.c) on arbitrary text, and
 * its contract: 0 with names that are NAMEs, verdicts of their enums,
 * subtests within TAP_MAX_POINTS and every string printable; or -EINVAL
 * with a reason and the summary empty.
 *
 * Untrusted source: a results folder. ppcst_matrix (vm/matrix.sh) reads each
 * kernel's summary.json, which the planner wrote there but which a run of
 * another version, a full disk or anyone with the folder may have left
 * otherwise.
 *
 * seeds: tests/data/matrix
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "fuzz_util.h"
#include "report/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct summary s;
	int ret = summary_parse((const char *)data, size, &s);

	if (ret) {
		if ((ret != -EINVAL && ret != -ENOMEM) || !ppcst_last_error()[0] || s.tests || s.n_tests)
			abort();
		return 0;
	}
	fuzz_check_text(s.run_id, sizeof(s.run_id), true);
	if (s.n_tests > SUMMARY_MAX_TESTS)
		abort();
	for (size_t i = 0; i < s.n_tests; i++) {
		const struct summary_test *t = &s.tests[i];

		if (!report_is_name(t->name) || (t->profile[0] && !report_is_name(t->profile)) ||
		    (unsigned)t->result > REPORT_ERROR || t->n_subtests > TAP_MAX_POINTS)
			abort();
		fuzz_check_text(t->reason, sizeof(t->reason), true);
		for (size_t k = 0; k < t->n_subtests; k++) {
			if ((unsigned)t->subtests[k].result > TAP_TODO)
				abort();
			fuzz_check_text(t->subtests[k].name, sizeof(t->subtests[k].name), true);
			fuzz_check_text(t->subtests[k].reason, sizeof(t->subtests[k].reason), true);
		}
	}
	summary_free(&s);
	return 0;
}
