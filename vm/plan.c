// SPDX-License-Identifier: GPL-2.0
/*
 * The planner's plan: made from settings, checked, estimated and ordered
 * (vm/plan.h).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "plan.h"
#include "profile.h"

static int job_for(struct plan *p, enum where where, const char *profile,
		   const char *profile_arg, struct job **out)
{
	struct job *j;

	for (size_t i = 0; i < p->n_jobs; i++) {
		j = &p->jobs[i];
		if (strcmp(j->profile, profile))
			continue;
		/* One machine, one folder: a test that boots its own guests has its profile to itself. */
		if (where != IN_GUEST || j->where != IN_GUEST)
			return ppcst_fail(-EINVAL, "settings: profile %s is used by a test on the "
					  "host and by another test: give each its own profile",
					  profile);
		*out = j;
		return 0;
	}
	if (p->n_jobs == PLAN_MAX_JOBS)
		return ppcst_fail(-EINVAL, "more than %d jobs in the plan", PLAN_MAX_JOBS);
	j = &p->jobs[p->n_jobs++];
	j->where = where;
	snprintf(j->profile, sizeof(j->profile), "%s", profile);
	snprintf(j->profile_arg, sizeof(j->profile_arg), "%s", profile_arg);
	j->status = -1;
	j->out_fd = -1;
	*out = j;
	return 0;
}

/* PATH a profile file that loads: its own mistakes are the run's bad input. */
static int check_profile(const char *path)
{
	struct vm_profile prof;
	char err[512];
	int ret = 0;

	if (vm_profile_load(path, &prof, err, sizeof(err)))
		ret = ppcst_fail(-EINVAL, "%s", err);
	vm_profile_free(&prof);
	return ret;
}

int plan_make(const struct settings *s, const char *const *selected, size_t n_selected,
	      const char *const *profile_args, size_t n_profile_args, struct plan *p)
{
	char stems[PLAN_MAX_JOBS][SETTINGS_NAME_MAX];
	char dir[VM_PROFILES_DIR_LEN], path[PATH_MAX], err[512];
	int ret;

	memset(p, 0, sizeof(*p));
	if (n_profile_args > PLAN_MAX_JOBS)
		return ppcst_fail(-EINVAL, "--profile: more than %d profiles", PLAN_MAX_JOBS);
	for (size_t i = 0; i < n_selected; i++)
		if (!settings_find(s, selected[i]))
			return ppcst_fail(-EINVAL, "unknown test '%s' (see ./run_all.sh --list)",
					  selected[i]);
	for (size_t k = 0; k < n_profile_args; k++) {
		if (vm_profile_stem(profile_args[k], stems[k], SETTINGS_NAME_MAX))
			return ppcst_fail(-EINVAL, "--profile %s: not a profile NAME or NAME.profile",
					  profile_args[k]);
		/* One folder a profile: a second of the same name would run the
		 * tests twice into it. */
		for (size_t m = 0; m < k; m++)
			if (!strcmp(stems[m], stems[k]))
				return ppcst_fail(-EINVAL, "--profile %s: profile %s given twice",
						  profile_args[k], stems[k]);
	}
	vm_profiles_dir(dir);
	for (size_t i = 0; i < s->n_tests; i++) {
		const struct settings_test *t = &s->tests[i];
		bool chosen = !n_selected;
		size_t n_profiles = n_profile_args ? n_profile_args : t->n_profiles ? t->n_profiles : 1;

		for (size_t k = 0; k < n_selected; k++)
			chosen |= !strcmp(selected[k], t->name);
		if (!chosen)
			continue;
		for (size_t k = 0; k < n_profiles; k++) {
			const char *name = n_profile_args ? stems[k] : t->n_profiles ? t->profiles[k] : "default";
			struct job *j = NULL;

			if (vm_profile_resolve(n_profile_args ? profile_args[k] : name, dir, path,
					       sizeof(path), err, sizeof(err)) || access(path, R_OK))
				return ppcst_fail(-EINVAL, "%s names no profile '%s' (see --list-profiles)",
						  n_profile_args ? "--profile" : "settings", name);
			if ((ret = job_for(p, t->host ? ON_HOST : IN_GUEST, name, path, &j)))
				return ret;
			j->tests[j->n_tests++] = t->name;
		}
	}
	/* Each machine once, after the names: a missing one is the clearer line. */
	for (size_t i = 0; i < p->n_jobs; i++)
		if ((ret = check_profile(p->jobs[i].profile_arg)))
			return ret;
	return 0;
}

void plan_estimate(struct plan *p, const struct settings *s, const struct job_times *history)
{
	for (size_t i = 0; i < p->n_jobs; i++) {
		struct job *j = &p->jobs[i];
		char key[JOB_TIMES_KEY_MAX];
		unsigned seen = 0;

		if (history && !job_times_key(j->profile, j->tests, j->n_tests, key))
			seen = job_times_get(history, key);
		j->estimate_from = seen ? ESTIMATE_HISTORY : ESTIMATE_SETTINGS;
		j->estimate_s = seen;
		for (size_t k = 0; !seen && k < j->n_tests; k++)
			j->estimate_s += settings_timeout(s, settings_find(s, j->tests[k]));
	}
}

void plan_order(struct plan *p)
{
	/* Insertion sort: stable, and a plan has at most PLAN_MAX_JOBS. A job
	 * is large; one is held aside at a time. */
	static struct job held;

	for (size_t i = 1; i < p->n_jobs; i++) {
		size_t k = i;

		if (p->jobs[i].estimate_s <= p->jobs[i - 1].estimate_s)
			continue;
		held = p->jobs[i];
		while (k > 0 && p->jobs[k - 1].estimate_s < held.estimate_s) {
			p->jobs[k] = p->jobs[k - 1];
			k--;
		}
		p->jobs[k] = held;
	}
}

const char *plan_estimate_source_name(enum estimate_source from)
{
	return from == ESTIMATE_HISTORY ? "history" : "settings";
}
