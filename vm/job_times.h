/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How long each planner job took when it last ran to its end: the planner
 * orders a run's jobs by it (vm/plan.h, longest first). The file lies in the
 * suite's cache ($PPCST_CACHE/job-times.json, given by vm/run-vm.sh), so it
 * may be from another version, cut short or edited: it is read bounded and a
 * bad one is refused as a whole (the planner then plans from settings).
 *
 * Format: one JSON object, each key a job - "PROFILE:TEST1,TEST2" (NAMEs,
 * lib/base/settings.h) - and each value its seconds, a whole number:
 *   {"pagepool:pagepool_dlpar": 866, "dma-direct:iommu_ddw_basic": 121}
 */
#ifndef PPCST_VM_JOB_TIMES_H
#define PPCST_VM_JOB_TIMES_H

#include <stddef.h>

#include "base/settings.h"

#define JOB_TIMES_FILE_MAX (64 * 1024)
#define JOB_TIMES_MAX 256
/* PROFILE ':' and every test of settings ',' separated. */
#define JOB_TIMES_KEY_MAX (SETTINGS_NAME_MAX * (SETTINGS_MAX_TESTS + 1))
/* A week: more than any job's timeout, and what a value may say. */
#define JOB_TIMES_MAX_SECONDS (7 * 86400u)

struct job_time {
	char key[JOB_TIMES_KEY_MAX];
	unsigned seconds;
};

/* Some 500 KiB: a caller's static or malloc'd. */
struct job_times {
	size_t n;
	struct job_time jobs[JOB_TIMES_MAX];
};

/* The key of the job running TESTS (N of them, in the job's order) on
 * PROFILE into KEY. 0, or -ENAMETOOLONG with ppcst_last_error(). */
int job_times_key(const char *profile, const char *const *tests, size_t n,
		  char key[JOB_TIMES_KEY_MAX]);

/* Parses LEN bytes of TEXT (need not be NUL-terminated) into *T. 0, or
 * -EINVAL with ppcst_last_error() saying what is wrong, and *T empty. */
int job_times_parse(const char *text, size_t len, struct job_times *t);

/* job_times_parse of the file at PATH (lib/base/safe_file.h: a plain file, no
 * link, at most JOB_TIMES_FILE_MAX bytes). 0; -ENOENT when there is none
 * (no run has finished yet); else -errno with ppcst_last_error(). *T is
 * empty on any failure. */
int job_times_read(const char *path, struct job_times *t);

/* Seconds of KEY, or 0 when unknown (a job of less than a second counts as
 * one: 0 is never a duration here). */
unsigned job_times_get(const struct job_times *t, const char *key);

/* Sets KEY to SECONDS (at least 1, at most JOB_TIMES_MAX_SECONDS). 0, or
 * -ENOSPC when KEY is new and the table full. */
int job_times_set(struct job_times *t, const char *key, unsigned seconds);

/* *T into PATH, a new file renamed over the old (lib/base/safe_file.h). 0 or
 * -errno with ppcst_last_error(). */
int job_times_write(const char *path, const struct job_times *t);

#endif
