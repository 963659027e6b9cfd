// SPDX-License-Identifier: GPL-2.0
/*
 * lib/report/summary.c: the summaries of real testbed runs (tests/data/matrix/: the
 * clean kernel and two known-bug kernels of a `make validate` run, and a
 * whole default run) read back, and what a results folder can hold instead
 * (cut, edited, of another suite, a link, a FIFO, a flood) refused with the
 * why, never a crash.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "base/error.h"
#include "report/summary.h"
#include "support/fdt_dir.h"

FIXTURE(summary) {
	char dir[64];
	struct summary s;
};

FIXTURE_SETUP(summary)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/ppcst-summary.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	memset(&self->s, 0, sizeof(self->s));
}

FIXTURE_TEARDOWN(summary)
{
	summary_free(&self->s);
	fdt_dir_remove(self->dir);
}

/* The recorded file NAME of tests/data/matrix/ (malloc'd), its length in *LEN. */
static char *recorded(const char *name, size_t *len)
{
	char path[4096], rel[256], *text;

	snprintf(rel, sizeof(rel), "matrix/%s", name);
	if (test_data_path(rel, path, sizeof(path)) || !(text = test_read_text(path)))
		return NULL;
	*len = strlen(text);
	return text;
}

/* The path of the recorded NAME, in a buffer of the caller's. */
static const char *data(const char *name, char path[4096])
{
	char rel[256];

	snprintf(rel, sizeof(rel), "matrix/%s", name);
	return test_data_path(rel, path, 4096) ? "" : path;
}

/* Parses the recorded NAME with its first occurrence of FROM replaced by TO:
 * summary_parse's return, the why in ppcst_last_error(). */
static int parse_edited(const char *name, const char *from, const char *to, struct summary *s)
{
	size_t len;
	char *text = recorded(name, &len), *at, *edited;
	int ret;

	if (!text || !(at = strstr(text, from)))
		return -1000;
	edited = malloc(len + strlen(to) + 1);
	if (!edited)
		return -1000;
	sprintf(edited, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	ret = summary_parse(edited, strlen(edited), s);
	free(text);
	free(edited);
	return ret;
}

TEST_F(summary, recorded_runs)
{
	struct summary *s = &self->s;
	const struct summary_test *t;
	char path[4096];

	ASSERT_OK(summary_read(data("direct-map-read-shift.json", path), s));
	EXPECT_STREQ("direct-map-read-shift", s->run_id);
	EXPECT_EQ(779669, s->job_ms);
	/* Recorded before wall_seconds: unknown. */
	EXPECT_EQ(-1, s->wall_ms);
	EXPECT_EQ(0, s->totals.pass);
	EXPECT_EQ(3, s->totals.fail);
	ASSERT_EQ(3, s->n_tests);
	t = &s->tests[2];
	EXPECT_STREQ("iommu_ddw_basic", t->name);
	EXPECT_STREQ("dma-default-window", t->profile);
	EXPECT_EQ(REPORT_FAIL, t->result);
	EXPECT_STREQ("exit=1", t->reason);
	EXPECT_EQ(443634, t->ms);
	ASSERT_EQ(8, t->n_subtests);
	EXPECT_STREQ("ddw.hotplug_alloc_fail", t->subtests[0].name);
	EXPECT_EQ(TAP_SKIP, t->subtests[0].result);
	EXPECT_STREQ("ddw.net_io", t->subtests[3].name);
	EXPECT_EQ(TAP_FAIL, t->subtests[3].result);
	EXPECT_STREQ("iommu_ddw_basic.c:431:net_io:Expected 0 (0) == net_pair_wire(&np) (-5)",
		     t->subtests[3].reason);
	EXPECT_EQ(TAP_PASS, t->subtests[4].result);
	summary_free(s);

	/* The whole default run: seven tests, reboot_loop without kernel-log slice. */
	ASSERT_OK(summary_read(data("clean-room-default.json", path), s));
	ASSERT_EQ(7, s->n_tests);
	EXPECT_EQ(7, s->totals.pass);
	EXPECT_STREQ("reboot_loop", s->tests[6].name);
	EXPECT_STREQ("reboot-noslots", s->tests[6].profile);
	EXPECT_EQ(10, s->tests[6].n_subtests);
	EXPECT_STREQ("pagepool_dlpar", s->tests[4].name);
	EXPECT_EQ(650707, s->tests[4].ms);
}

TEST_F(summary, native_run_without_profile)
{
	/* report_write writes a native run's profile as null. */
	ASSERT_OK(parse_edited("tce-multi-last-page.json", "\"profile\": \"dma-direct\"",
				  "\"profile\": null", &self->s));
	EXPECT_STREQ("", self->s.tests[0].profile);
	EXPECT_STREQ("dma-direct-4k", self->s.tests[1].profile);
}

/* Today's summaries: the run's wall time and its summed job time, each named;
 * the old "seconds" (recorded_runs) is the job time. */
TEST_F(summary, wall_and_job_seconds)
{
	struct summary *s = &self->s;

	ASSERT_OK(parse_edited("direct-map-read-shift.json", "\"seconds\": 779.669",
				  "\"wall_seconds\": 500.5, \"job_seconds\": 779.669", s));
	EXPECT_EQ(779669, s->job_ms);
	EXPECT_EQ(500500, s->wall_ms);
	summary_free(s);
	ASSERT_EQ(0, parse_edited("direct-map-read-shift.json", "\"seconds\": 779.669",
				  "\"wall_seconds\": null, \"job_seconds\": 1", s));
	EXPECT_EQ(1000, s->job_ms);
	EXPECT_EQ(-1, s->wall_ms);
	summary_free(s);
	EXPECT_EQ(-EINVAL, parse_edited("direct-map-read-shift.json", "\"seconds\": 779.669",
					"\"wall_seconds\": \"soon\", \"job_seconds\": 1", s));
	EXPECT_STREQ("\"wall_seconds\" is not a number", ppcst_last_error());
}

TEST_F(summary, bad_summaries)
{
	static const struct {
		const char *from, *to, *why;
	} cases[] = {
		{ "\"suite\": \"ppc-iommu\"", "\"suite\": \"other\"", "\"suite\" is \"other\", not ppc-iommu" },
		{ "\"result\": \"fail\"", "\"result\": \"broken\"",
		  "tests[0]: \"result\" is none of pass, fail, skip, timeout, error" },
		{ "\"result\": \"skip\"", "\"result\": \"maybe\"",
		  "tests[0].subtests[0]: \"result\" is none of pass, fail, skip, todo" },
		{ "\"seconds\": 167.604", "\"seconds\": 1.2345",
		  "tests[0]: \"seconds\" is not a number of seconds (N or N.NNN)" },
		{ "\"seconds\": 779.669", "\"seconds\": -1", "\"seconds\" is not a number of seconds (N or N.NNN)" },
		{ "\"name\": \"iommu_ddw_basic\"", "\"name\": \"../etc\"",
		  "tests[0]: \"name\" is not a test name (letters, digits, _ - .)" },
		{ "\"profile\": \"dma-direct\"", "\"profile\": 7",
		  "tests[0]: \"profile\" is neither a string nor null" },
		{ "\"fail\": 3", "\"fail\": 0x3", "totals: \"fail\" is not a count" },
		{ "\"subtests\": [", "\"subtests\": 1, \"x\": [", "tests[0]: \"subtests\" is not an array" },
		{ "\"tests\"", "\"tasks\"", "\"tests\" missing" },
		{ "\"profile\": \"dma-direct-4k\"", "\"profile\": \"dma-direct\"",
		  "tests[1]: iommu_ddw_basic on dma-direct twice" },
		{ "{\n  \"suite\"", "x{\"suite\"", "not one JSON object" },
	};
	struct summary *s = &self->s;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		EXPECT_EQ(-EINVAL, parse_edited("direct-map-read-shift.json", cases[i].from, cases[i].to, s))
			TH_LOG("case %zu", i);
		EXPECT_STREQ(cases[i].why, ppcst_last_error());
		EXPECT_EQ(0, s->n_tests);
		EXPECT_EQ(NULL, s->tests);
	}
}

TEST_F(summary, cut_and_garbage)
{
	size_t len;
	char *text = recorded("clean-room-default.json", &len);

	ASSERT_NE(NULL, text);
	/* A run whose disk filled up: cut anywhere. */
	for (size_t cut = 0; cut < len - 2; cut += 97) {
		EXPECT_EQ(-EINVAL, summary_parse(text, cut, &self->s)) TH_LOG("cut at %zu", cut);
		EXPECT_NE(0, ppcst_last_error()[0]);
	}
	EXPECT_EQ(0, summary_parse(text, len, &self->s));
	summary_free(&self->s);
	/* Text after the object; a NUL byte in it. */
	text[len - 1] = 'x';
	EXPECT_EQ(-EINVAL, summary_parse(text, len, &self->s));
	EXPECT_STREQ("not one JSON object", ppcst_last_error());
	text[len - 1] = '\n';
	text[100] = '\0';
	EXPECT_EQ(-EINVAL, summary_parse(text, len, &self->s));
	EXPECT_STREQ("a NUL byte in it", ppcst_last_error());
	free(text);
}

TEST_F(summary, links_fifos_floods_refused)
{
	char path[4096], link[128];
	int fd;

	snprintf(link, sizeof(link), "%s/summary.json", self->dir);
	ASSERT_EQ(0, symlink(data("direct-map-read-shift.json", path), link));
	EXPECT_EQ(-ELOOP, summary_read(link, &self->s));
	EXPECT_ERROR_HAS("a symbolic link, not read");

	snprintf(path, sizeof(path), "%s/fifo.json", self->dir);
	ASSERT_EQ(0, mkfifo(path, 0600));
	EXPECT_EQ(-EINVAL, summary_read(path, &self->s));
	EXPECT_ERROR_HAS("not a plain file, not read");

	/* A flood: larger than SUMMARY_MAX (sparse, nothing is written). */
	snprintf(path, sizeof(path), "%s/flood.json", self->dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, SUMMARY_MAX + 1));
	close(fd);
	EXPECT_EQ(-EFBIG, summary_read(path, &self->s));
	EXPECT_ERROR_HAS("larger than expected, not read");

	snprintf(path, sizeof(path), "%s/none.json", self->dir);
	EXPECT_EQ(-ENOENT, summary_read(path, &self->s));
	EXPECT_EQ(0, self->s.n_tests);
}

TEST_F(summary, too_many_subtests)
{
	/* One more point than report_write keeps: not a summary of ours. */
	size_t cap = 512 + (TAP_MAX_POINTS + 1) * 64;
	char *text = malloc(cap), *p = text;

	ASSERT_NE(NULL, text);
	p += sprintf(p, "{\"suite\": \"ppc-iommu\", \"run_id\": null, \"seconds\": 1, \"totals\": "
		     "{\"pass\": 1, \"fail\": 0, \"skip\": 0, \"timeout\": 0, \"error\": 0}, \"tests\": "
		     "[{\"name\": \"t\", \"profile\": null, \"result\": \"pass\", \"seconds\": 1, "
		     "\"reason\": \"\", \"subtests\": [");
	for (int i = 0; i <= TAP_MAX_POINTS; i++)
		p += sprintf(p, "%s{\"name\": \"s%d\", \"result\": \"pass\", \"reason\": \"\"}",
			     i ? "," : "", i);
	strcpy(p, "]}]}");
	EXPECT_EQ(-EINVAL, summary_parse(text, strlen(text), &self->s));
	EXPECT_STREQ("tests[0]: \"subtests\" has more than TAP_MAX_POINTS (512) elements",
		     ppcst_last_error());
	free(text);
}

TEST_HARNESS_MAIN
