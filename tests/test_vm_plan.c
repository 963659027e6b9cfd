// SPDX-License-Identifier: GPL-2.0
/*
 * vm/plan.c and vm/job_times.c: the planner's plan of the real settings
 * file and vm/profiles, its jobs ordered longest expected first (from
 * settings' timeouts, or from the durations of earlier runs where there are
 * some), the refusals --check gives before anything is built, and the
 * job-times file of the cache on bad input (refused whole, never half read).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "base/error.h"
#include "plan.h"
#include "support/fdt_dir.h"

/* Large: static, as their headers ask. */
static struct settings settings;
static struct plan plan;
static struct job_times history;

static const char *const no_names[1];

FIXTURE(real) {
	char dir[PATH_MAX];
};

/* The repository's own settings and profiles, found from tests/data. */
FIXTURE_SETUP(real)
{
	char path[PATH_MAX];

	ASSERT_EQ(0, test_data_path("../../vm/profiles", self->dir, sizeof(self->dir)));
	ASSERT_EQ(0, setenv("PPCST_PROFILES", self->dir, 1));
	ASSERT_EQ(0, test_data_path("../../settings", path, sizeof(path)));
	ASSERT_OK(settings_load(path, &settings));
	memset(&history, 0, sizeof(history));
}

FIXTURE_TEARDOWN(real)
{
}

static size_t job_of(const char *profile)
{
	for (size_t i = 0; i < plan.n_jobs; i++)
		if (!strcmp(plan.jobs[i].profile, profile))
			return i;
	return SIZE_MAX;
}

/* Without history the longest timeout goes first: pagepool_dlpar's 3000 s. */
TEST_F(real, settings_put_pagepool_first)
{
	ASSERT_OK(plan_make(&settings, no_names, 0, no_names, 0, &plan));
	/* Settings order first: pagepool's machines are the seventh to ninth jobs. */
	ASSERT_EQ(6, job_of("pagepool-vmxnet3"));
	plan_estimate(&plan, &settings, NULL);
	plan_order(&plan);
	EXPECT_STREQ("pagepool-vmxnet3", plan.jobs[0].profile);
	EXPECT_EQ(3000, plan.jobs[0].estimate_s);
	EXPECT_EQ(ESTIMATE_SETTINGS, plan.jobs[0].estimate_from);
	EXPECT_STREQ("settings", plan_estimate_source_name(plan.jobs[0].estimate_from));
	for (size_t i = 1; i < plan.n_jobs; i++)
		EXPECT_GE(plan.jobs[i - 1].estimate_s, plan.jobs[i].estimate_s);
	/* Ties keep settings order: the other two 3000 s pagepool machines. */
	EXPECT_STREQ("pagepool-e1000e", plan.jobs[1].profile);
	EXPECT_STREQ("pagepool-virtio-net", plan.jobs[2].profile);
	/* Then dma-dynamic: iommu_ddw_basic's and pmem_hotplug's 1200 + 900 s. */
	EXPECT_STREQ("dma-dynamic", plan.jobs[3].profile);
	EXPECT_EQ(2100, plan.jobs[3].estimate_s);
	/* And the other three 1200 s iommu_ddw_basic jobs, in settings order. */
	EXPECT_STREQ("dma-direct", plan.jobs[4].profile);
	EXPECT_STREQ("dma-direct-4k", plan.jobs[5].profile);
	EXPECT_STREQ("dma-default-window", plan.jobs[6].profile);
}

/* What earlier runs took wins over settings, job by job. */
TEST_F(real, history_overrides_settings)
{
	ASSERT_EQ(0, plan_make(&settings, no_names, 0, no_names, 0, &plan));
	ASSERT_EQ(0, job_times_set(&history, "pagepool-vmxnet3:pagepool_dlpar", 866));
	ASSERT_EQ(0, job_times_set(&history, "vfio-edu:vfio_edu", 9000));
	/* Another set of tests on that profile is another job. */
	ASSERT_EQ(0, job_times_set(&history, "pmem:pmem_hotplug,other", 9999));
	plan_estimate(&plan, &settings, &history);
	plan_order(&plan);
	EXPECT_STREQ("vfio-edu", plan.jobs[0].profile);
	EXPECT_EQ(9000, plan.jobs[0].estimate_s);
	EXPECT_EQ(ESTIMATE_HISTORY, plan.jobs[0].estimate_from);
	ASSERT_NE(SIZE_MAX, job_of("pmem"));
	EXPECT_EQ(900, plan.jobs[job_of("pmem")].estimate_s);
	EXPECT_EQ(ESTIMATE_SETTINGS, plan.jobs[job_of("pmem")].estimate_from);
	/* 866 s measured is less than the 1200 s timeouts of the jobs without history. */
	EXPECT_EQ(866, plan.jobs[job_of("pagepool-vmxnet3")].estimate_s);
	EXPECT_GT(job_of("pagepool-vmxnet3"), job_of("dma-direct"));
}

/* A job's key: its profile and its tests, in order. */
TEST_F(real, key_names_profile_and_tests)
{
	const char *tests[] = { "a", "b" };
	char key[JOB_TIMES_KEY_MAX];

	ASSERT_EQ(0, job_times_key("p", tests, 2, key));
	EXPECT_STREQ("p:a,b", key);
}

/* --check's refusals: each one line, before any build. */
TEST_F(real, bad_input_refused)
{
	const char *unknown[] = { "nonexistent" }, *ddw[] = { "iommu_ddw_basic" };
	const char *nosuch[] = { "nosuch" }, *twice[] = { "default", "default" };
	char bad[] = "/tmp/test_vm_plan.XXXXXX", path[PATH_MAX];
	FILE *f;

	EXPECT_EQ(-EINVAL, plan_make(&settings, unknown, 1, no_names, 0, &plan));
	EXPECT_STREQ("unknown test 'nonexistent' (see ./run_all.sh --list)", ppcst_last_error());
	EXPECT_EQ(-EINVAL, plan_make(&settings, ddw, 1, nosuch, 1, &plan));
	EXPECT_STREQ("--profile names no profile 'nosuch' (see --list-profiles)",
		     ppcst_last_error());
	EXPECT_EQ(-EINVAL, plan_make(&settings, ddw, 1, twice, 2, &plan));
	/* A profile that is there but does not load. */
	ASSERT_NE(NULL, mkdtemp(bad));
	snprintf(path, sizeof(path), "%s/bad.profile", bad);
	ASSERT_NE(NULL, f = fopen(path, "w"));
	fputs("description = x\nbogus = 1\n", f);
	fclose(f);
	{
		const char *arg[] = { path };

		EXPECT_EQ(-EINVAL, plan_make(&settings, ddw, 1, arg, 1, &plan));
		EXPECT_ERROR_HAS("bad.profile:2: unknown key 'bogus'");
	}
	unlink(path);
	rmdir(bad);
}

FIXTURE(file) {
	char dir[PATH_MAX];
	char path[PATH_MAX + 32];
};

FIXTURE_SETUP(file)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/test_vm_plan.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/job-times.json", self->dir);
	memset(&history, 0, sizeof(history));
}

FIXTURE_TEARDOWN(file)
{
	unlink(self->path);
	rmdir(self->dir);
}

/* Written, read back, updated: the planner's round trip. */
TEST_F(file, round_trip)
{
	EXPECT_EQ(-ENOENT, job_times_read(self->path, &history));
	ASSERT_EQ(0, job_times_set(&history, "pagepool:pagepool_dlpar", 866));
	ASSERT_EQ(0, job_times_set(&history, "dma-direct:iommu_ddw_basic", 0));
	ASSERT_EQ(0, job_times_write(self->path, &history));
	memset(&history, 0, sizeof(history));
	ASSERT_OK(job_times_read(self->path, &history));
	EXPECT_EQ(2, history.n);
	EXPECT_EQ(866, job_times_get(&history, "pagepool:pagepool_dlpar"));
	/* 0 would read as "unknown": a job of under a second is 1 s. */
	EXPECT_EQ(1, job_times_get(&history, "dma-direct:iommu_ddw_basic"));
	ASSERT_EQ(0, job_times_set(&history, "pagepool:pagepool_dlpar", 700));
	EXPECT_EQ(2, history.n);
	EXPECT_EQ(700, job_times_get(&history, "pagepool:pagepool_dlpar"));
}

/* Each refused whole, with a line saying why, and nothing kept. */
TEST_F(file, bad_text_refused)
{
	static const char *const bad[] = {
		"", "[]", "1", "\"x\"", "{", "{\"a:b\": 1} x", "{\"a:b\": 1}{}",
		"{\"a\": 1}", "{\":b\": 1}", "{\"a:\": 1}", "{\"a:b,\": 1}", "{\"a:b,,c\": 1}",
		"{\"../x:b\": 1}", "{\"a:b c\": 1}", "{\".a:b\": 1}",
		"{\"a:b\": 0}", "{\"a:b\": -5}", "{\"a:b\": 1.5}", "{\"a:b\": \"5\"}",
		"{\"a:b\": null}", "{\"a:b\": 604801}", "{\"a:b\": 99999999999999999999}",
		"{\"a:b\": {\"c\": 1}}", "{\"a:b\": [1]}",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		history.n = 7;
		EXPECT_EQ(-EINVAL, job_times_parse(bad[i], strlen(bad[i]), &history))
			TH_LOG("accepted: %s", bad[i]);
		EXPECT_EQ(0, history.n);
		EXPECT_NE('\0', ppcst_last_error()[0]);
	}
	/* Text without a NUL after it (a file's bytes as read), read no
	 * further than its length: the fuzzer's first find. */
	{
		static const char text[] = "{\"a:b,c\": 1}";
		char *exact = malloc(sizeof(text) - 1);

		ASSERT_NE(NULL, exact);
		memcpy(exact, text, sizeof(text) - 1);
		EXPECT_EQ(0, job_times_parse(exact, sizeof(text) - 1, &history));
		EXPECT_EQ(1, job_times_get(&history, "a:b,c"));
		free(exact);
	}
	/* A NUL inside the text, and a file larger than the bound. */
	EXPECT_EQ(-EINVAL, job_times_parse("{\"a:b\": 1}\0", 11, &history));
	size_t len = JOB_TIMES_FILE_MAX + 1;
	char *big = malloc(len);

	ASSERT_NE(NULL, big);
	memset(big, ' ', len);
	big[0] = '{';
	big[len - 1] = '}';
	EXPECT_EQ(-EINVAL, job_times_parse(big, len, &history));
	free(big);
}

/* The file's faults: a link is not followed, and what is wrong names it. */
TEST_F(file, bad_file_names_itself)
{
	FILE *f = fopen(self->path, "w");

	ASSERT_NE(NULL, f);
	fputs("{\"pagepool:pagepool_dlpar\": 8", f);
	fclose(f);
	EXPECT_EQ(-EINVAL, job_times_read(self->path, &history));
	EXPECT_OK(strncmp(ppcst_last_error(), self->path, strlen(self->path)));
	unlink(self->path);
	ASSERT_EQ(0, symlink("/etc/passwd", self->path));
	EXPECT_EQ(-ELOOP, job_times_read(self->path, &history));
}

/* More jobs than the table holds: the new one is left out, not an old one. */
TEST_F(file, full_table)
{
	char key[32];

	for (int i = 0; i < JOB_TIMES_MAX; i++) {
		snprintf(key, sizeof(key), "p%d:t", i);
		ASSERT_EQ(0, job_times_set(&history, key, 10));
	}
	EXPECT_EQ(-ENOSPC, job_times_set(&history, "new:t", 10));
	EXPECT_EQ(0, job_times_set(&history, "p0:t", 20));
	EXPECT_EQ(20, job_times_get(&history, "p0:t"));
}

TEST_HARNESS_MAIN
