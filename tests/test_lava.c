// SPDX-License-Identifier: GPL-2.0
/*
 * lib/report/lava.c: a real run's summary.json (tests/data/lava/) as LAVA
 * test cases, names from the guest made safe for LAVA and the shell
 * (spaces, $(...), quotes, slashes, empty, duplicates, the longest), every
 * verdict mapped, and a summary of one test on two machines refused.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "base/error.h"
#include "report/lava.h"
#include "report/summary.h"
#include "support/fdt_dir.h"

FIXTURE(lava) {
	struct summary s;
	char *out;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(lava)
{
	memset(&self->s, 0, sizeof(self->s));
	self->out = NULL;
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(lava)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
	summary_free(&self->s);
}

/* lava_cases_print of S into the fixture's buffer: its return. */
static int print_cases(struct _test_data_lava *self)
{
	int ret = lava_cases_print(self->f, &self->s);

	fflush(self->f);
	return ret;
}

/* A native run's summary of one test NAME (a format of one %d: 0) with its
 * RESULT and SUBTESTS (JSON objects, comma-separated). */
static int parse_named_test(struct summary *s, const char *name, const char *result,
			    const char *subtests)
{
	char text[8192], test[128];

	snprintf(test, sizeof(test), name, 0);
	snprintf(text, sizeof(text),
		 "{\"suite\": \"ppc-iommu\", \"run_id\": \"r\", \"job_seconds\": 1, \"wall_seconds\": 1,"
		 " \"totals\": {\"pass\": 0, \"fail\": 0, \"skip\": 0, \"timeout\": 0, \"error\": 0},"
		 " \"tests\": [{\"name\": \"%s\", \"profile\": null, \"result\": \"%s\","
		 " \"seconds\": 1, \"reason\": \"\", \"subtests\": [%s]}]}",
		 test, result, subtests);
	return summary_parse(text, strlen(text), s);
}

static int parse_one_test(struct summary *s, const char *result, const char *subtests)
{
	return parse_named_test(s, "iommu_ddw_basic", result, subtests);
}

TEST_F(lava, recorded_run)
{
	static const char want[] =
		"iommu_ddw_basic pass\n"
		"iommu_ddw_basic.ddw.hotplug_alloc_fail skip\n"
		"iommu_ddw_basic.ddw.hotplug pass\n"
		"iommu_ddw_basic.ddw.fault_inject pass\n"
		"iommu_ddw_basic.ddw.net_io pass\n"
		"iommu_ddw_basic.ddw.disk_io pass\n"
		"iommu_ddw_basic.ddw.tce_leak pass\n"
		"iommu_ddw_basic.ddw.map_bench pass\n"
		"iommu_ddw_basic.ddw.limited skip\n"
		"iommu_ddw_basic.ddw.shape pass\n";
	char path[4096];

	ASSERT_EQ(0, test_data_path("lava/iommu_ddw_basic-dma-direct.json", path, sizeof(path)));
	ASSERT_OK(summary_read(path, &self->s));
	ASSERT_OK(print_cases(self));
	EXPECT_STREQ(want, self->out);
}

TEST_F(lava, hostile_names)
{
	static const char want[] =
		"iommu_ddw_basic fail\n"
		"iommu_ddw_basic.a_b pass\n"
		"iommu_ddw_basic.__reboot_ fail\n"
		"iommu_ddw_basic..._.._etc_passwd skip\n"
		"iommu_ddw_basic._q___dq_ pass\n"
		"iommu_ddw_basic.subtest-5 pass\n"
		"iommu_ddw_basic.subtest-6 skip\n"
		"iommu_ddw_basic.dup pass\n"
		"iommu_ddw_basic.dup-8 fail\n"
		"iommu_ddw_basic.dup-8-9 unknown\n"
		"iommu_ddw_basic.a_b-10 pass\n";
	regex_t line;
	char *at, *nl;

	ASSERT_OK(parse_one_test(&self->s, "timeout",
		"{\"name\": \"a b\", \"result\": \"pass\", \"reason\": \"\"},"
		"{\"name\": \"$(reboot)\", \"result\": \"fail\", \"reason\": \"\"},"
		"{\"name\": \"../../etc/passwd\", \"result\": \"skip\", \"reason\": \"\"},"
		"{\"name\": \"'q' \\\"dq\\\"\", \"result\": \"pass\", \"reason\": \"\"},"
		"{\"name\": \"\", \"result\": \"pass\", \"reason\": \"\"},"
		"{\"name\": \"; \\\\ | &\", \"result\": \"skip\", \"reason\": \"\"},"
		"{\"name\": \"dup\", \"result\": \"pass\", \"reason\": \"\"},"
		"{\"name\": \"dup\", \"result\": \"fail\", \"reason\": \"\"},"
		"{\"name\": \"dup-8\", \"result\": \"todo\", \"reason\": \"\"},"
		"{\"name\": \"a\\tb\", \"result\": \"pass\", \"reason\": \"\"}"));
	ASSERT_OK(print_cases(self));
	EXPECT_STREQ(want, self->out);
	/* Every line is two words, the name in LAVA's characters. */
	ASSERT_EQ(0, regcomp(&line, "^[-_A-Za-z0-9.]+ (pass|fail|skip|unknown)$", REG_EXTENDED | REG_NOSUB));
	for (at = self->out; (nl = strchr(at, '\n')); at = nl + 1) {
		*nl = '\0';
		EXPECT_EQ(0, regexec(&line, at, 0, NULL, 0)) TH_LOG("line \"%s\"", at);
		*nl = '\n';
	}
	regfree(&line);
}

/* The longest names a summary holds (a 63-byte test, a 127-byte subtest)
 * fit LAVA_CASE_NAME_MAX whole. */
TEST_F(lava, longest_names_whole)
{
	char subtests[512], want[512];

	snprintf(subtests, sizeof(subtests), "{\"name\": \"%0127d\", \"result\": \"pass\", \"reason\": \"\"}", 7);
	ASSERT_OK(parse_named_test(&self->s, "%063d", "pass", subtests));
	ASSERT_OK(print_cases(self));
	snprintf(want, sizeof(want), "%063d pass\n%063d.%0127d pass\n", 0, 0, 7);
	EXPECT_STREQ(want, self->out);
}

TEST_F(lava, verdicts)
{
	static const struct { const char *json, *lava; } map[] = {
		{ "pass", "pass" }, { "fail", "fail" }, { "skip", "skip" },
		{ "timeout", "fail" }, { "error", "fail" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		char want[64];

		summary_free(&self->s);
		memset(&self->s, 0, sizeof(self->s));
		rewind(self->f);
		ASSERT_OK(parse_one_test(&self->s, map[i].json, ""));
		ASSERT_OK(print_cases(self));
		snprintf(want, sizeof(want), "iommu_ddw_basic %s\n", map[i].lava);
		EXPECT_EQ(0, strncmp(want, self->out, strlen(want))) TH_LOG("%s", map[i].json);
	}
}

/* A LAVA job runs one machine: a test on two profiles has no one verdict. */
TEST_F(lava, one_test_on_two_machines_refused)
{
	char path[4096];

	ASSERT_EQ(0, test_data_path("report_html/run/summary.json", path, sizeof(path)));
	ASSERT_OK(summary_read(path, &self->s));
	EXPECT_EQ(-EINVAL, print_cases(self));
	EXPECT_EQ(0, self->len);
	EXPECT_NE(NULL, strstr(ppcst_last_error(), "pagepool_dlpar is in the summary twice"));
}

TEST_HARNESS_MAIN
