// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: job_times_parse() (vm/job_times.c) on arbitrary text.
 *
 * Untrusted source: the planner's job-times file lies in the suite's cache
 * ($PPCST_CACHE/job-times.json), which another checkout's planner, a run cut
 * short or a hand may have left in any state; a bad one must be refused as a
 * whole with one line, never crash or half-load the planner's order.
 *
 * Contract checked: refused means an empty table and a message; accepted
 * means every key is found again with its seconds (1 to the maximum), and
 * the table written and read back is the same.
 *
 * seeds: tests/fuzz/seeds/vm_job_times
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "job_times.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct job_times parsed, again;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX];

	if (job_times_parse((const char *)data, size, &parsed)) {
		if (parsed.n || !ppcst_last_error()[0])
			abort();
		return 0;
	}
	for (size_t i = 0; i < parsed.n; i++)
		if (!parsed.jobs[i].seconds || parsed.jobs[i].seconds > JOB_TIMES_MAX_SECONDS ||
		    job_times_get(&parsed, parsed.jobs[i].key) != parsed.jobs[i].seconds)
			abort();
	snprintf(path, sizeof(path), "%s/job-times.json", fuzz_dir());
	if (job_times_write(path, &parsed) || job_times_read(path, &again) || again.n != parsed.n)
		abort();
	for (size_t i = 0; i < parsed.n; i++)
		if (job_times_get(&again, parsed.jobs[i].key) != parsed.jobs[i].seconds)
			abort();
	return 0;
}
