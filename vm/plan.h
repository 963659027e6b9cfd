/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The planner's plan (vm/planner.c): which test runs on which machine
 * profile, in a guest or on this host, as jobs, and the order they start in.
 * Made and checked here without running anything, so that `planner --check`
 * (vm/run-vm.sh, before it builds a kernel) and the planner itself refuse
 * the same bad input with the same line, and the order is a function of its
 * own (tests/test_vm_plan.c).
 */
#ifndef PPCST_VM_PLAN_H
#define PPCST_VM_PLAN_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "job_times.h"
#include "base/settings.h"

#define PLAN_MAX_JOBS 64

enum where { IN_GUEST, ON_HOST };

/* Where a job's expected duration came from. */
enum estimate_source { ESTIMATE_SETTINGS, ESTIMATE_HISTORY };

struct job {
	/* The plan. */
	enum where where;
	char profile[SETTINGS_NAME_MAX];	/* checked stem: the folder's name */
	char profile_arg[PATH_MAX];		/* what vmrun gets: NAME or FILE */
	const char *tests[SETTINGS_MAX_TESTS];	/* the settings' names */
	size_t n_tests;
	unsigned estimate_s;			/* plan_estimate's */
	enum estimate_source estimate_from;
	/* The run (vm/planner.c's). */
	char dir[PATH_MAX + SETTINGS_NAME_MAX];
	pid_t pid;
	int out_fd;		/* its stdout, line by line to the terminal and dir/job.tap */
	FILE *tap;
	char line[4096];
	size_t line_len;
	char tmpdir[PATH_MAX];	/* its TMPDIR: what a killed vmrun left there goes with it */
	int status;		/* exit status, -1 until it ended */
	bool cut;		/* running when a signal came: we ended it, not the kernel */
	char skip[600];		/* its preflight's qemu-lacks line: not run, its tests skipped */
	long long start_ms, ms;
};

/* Some 700 KiB: a caller's static or malloc'd. */
struct plan {
	struct job jobs[PLAN_MAX_JOBS];
	size_t n_jobs;
};

/*
 * The plan of settings S into *P (zeroed first): each selected test (all
 * when N_SELECTED is 0) on each of its profiles or each of PROFILE_ARGS
 * (NAME or FILE), a guest job per profile holding its tests in settings
 * order, a host job per host test and profile; every profile found and
 * loaded (vm/profile.c), so that a bad one is refused here and not after a
 * kernel build. 0, or -EINVAL with ppcst_last_error(): an unknown test, a
 * profile that is no NAME, given twice, not there or not valid, a host
 * test's profile shared, too many jobs.
 */
int plan_make(const struct settings *s, const char *const *selected, size_t n_selected,
	      const char *const *profile_args, size_t n_profile_args, struct plan *p);

/*
 * Each job's expected seconds: from HISTORY (may be NULL) when its profile
 * and tests ran to their end before, else the sum of its tests' timeouts in
 * S (what settings know of a test's length; a guest's boot is the same for
 * every job and left out).
 */
void plan_estimate(struct plan *p, const struct settings *s, const struct job_times *history);

/* The jobs longest expected first (ties keep the plan's order): with -j N
 * the run ends soonest when the longest job does not start last. */
void plan_order(struct plan *p);

const char *plan_estimate_source_name(enum estimate_source from);

#endif
