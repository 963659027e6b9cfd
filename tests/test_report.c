// SPDX-License-Identifier: GPL-2.0
/*
 * lib/report/report.c: job folders made of the output the programs wrote in the
 * testbed (tests/data/tap/) and of what a guest could leave there instead
 * (links, floods, broken or hostile JSON); the report read back with
 * json_lite. tests/test_report.sh validates the files with python3's json
 * and xml.etree through the ppcst_report CLI.
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
#include "base/json_lite.h"
#include "report/report.h"
#include "support/fdt_dir.h"

FIXTURE(report) {
	char root[64];		/* the job folder, and out/ in it */
	char out[128];
	struct report_test t[4];
	size_t n;		/* how many of t to free */
};

FIXTURE_SETUP(report)
{
	snprintf(self->root, sizeof(self->root), "/tmp/ppcst-report.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->root));
	snprintf(self->out, sizeof(self->out), "%s/out", self->root);
	ASSERT_EQ(0, mkdir(self->out, 0755));
	self->n = 0;
}

FIXTURE_TEARDOWN(report)
{
	for (size_t i = 0; i < self->n; i++)
		report_test_free(&self->t[i]);
	fdt_dir_remove(self->root);
}

/* ROOT/REL holding LEN bytes of DATA (folders on the way made). */
static int put(const char *root, const char *rel, const char *data, size_t len)
{
	char path[512], *slash;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0755) && errno != EEXIST)
			return -1;
		*slash = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static int put_str(const char *root, const char *rel, const char *s)
{
	return put(root, rel, s, strlen(s));
}

/* A recorded log of tests/data/tap/ as ROOT/TEST/output.log. */
static int put_log(const char *root, const char *test, const char *name, size_t cut)
{
	char path[4096], rel[256], *text;
	int ret;

	snprintf(rel, sizeof(rel), "tap/%s", name);
	if (test_data_path(rel, path, sizeof(path)) || !(text = test_read_text(path)))
		return -1;
	snprintf(rel, sizeof(rel), "%s/output.log", test);
	ret = put(root, rel, text, cut && cut < strlen(text) ? cut : strlen(text));
	free(text);
	return ret;
}

static int put_result(const char *root, const char *test, const char *result, int exit_code,
		      unsigned long ms, const char *reason)
{
	char rel[128], json[512], code[16];

	snprintf(code, sizeof(code), exit_code < 0 ? "null" : "%d", exit_code);
	snprintf(rel, sizeof(rel), "%s/result.json", test);
	snprintf(json, sizeof(json),
		 "{\"test\": \"%s\", \"result\": \"%s\", \"exit_code\": %s, \"ms\": %lu, \"reason\": \"%s\"}\n",
		 test, result, code, ms, reason);
	return put_str(root, rel, json);
}

/* The three recorded runs as the runner leaves them. */
static void recorded_jobdir(struct __test_metadata *_metadata, const char *root)
{
	ASSERT_EQ(0, put_log(root, "iommu_ddw_basic", "iommu_ddw_basic-default.log", 0));
	ASSERT_EQ(0, put_result(root, "iommu_ddw_basic", "pass", 0, 83230, ""));
	ASSERT_EQ(0, put_str(root, "iommu_ddw_basic/kmsg.json",
			     "{\"lines\": 294, \"findings\": 6, \"failing\": 0}\n"));
	ASSERT_EQ(0, put_log(root, "pagepool_dlpar", "pagepool_dlpar-removal-timeout.log", 0));
	ASSERT_EQ(0, put_result(root, "pagepool_dlpar", "fail", 1, 579369, "exit=1"));
	ASSERT_EQ(0, put_str(root, "pagepool_dlpar/kmsg.json",
			     "{\"lines\": 1716, \"findings\": 0, \"failing\": 0}"));
	ASSERT_EQ(0, put_log(root, "reboot_loop", "reboot_loop.log", 0));
	ASSERT_EQ(0, put_result(root, "reboot_loop", "pass", 0, 191247, ""));
}

/* The text of FILE in DIR, read back (malloc'd). */
static char *slurp(const char *dir, const char *file)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return test_read_text(path);
}

/* A number as report_write printed it. */
static bool tok_num_is(const struct json_lite_doc *d, int tok, const char *want)
{
	char buf[64];

	return tok >= 0 && d->t[tok].type == JSON_LITE_PRIMITIVE &&
	       json_lite_text(d, tok, buf, sizeof(buf)) && !strcmp(buf, want);
}

static bool tok_str_is(const struct json_lite_doc *d, int tok, const char *want)
{
	char buf[512];

	return tok >= 0 && d->t[tok].type == JSON_LITE_STRING &&
	       json_lite_text(d, tok, buf, sizeof(buf)) && !strcmp(buf, want);
}

static bool tok_u64_is(const struct json_lite_doc *d, int tok, uint64_t want)
{
	uint64_t v;

	return json_lite_u64(d, tok, &v) && v == want;
}

TEST_F(report, recorded_runs)
{
	static const char *const names[] = { "iommu_ddw_basic", "pagepool_dlpar", "reboot_loop" };
	static const char *const profiles[] = { "default" };
	struct report_run run = { "run-1", "6.12.107", NULL, profiles, 1, 3, 61500 };
	struct report_totals tot;
	struct json_lite_doc d;
	char *json, *xml, line[64];
	int tests, t1, subs;
	FILE *f;

	recorded_jobdir(_metadata, self->root);
	for (size_t i = 0; i < 3; i++) {
		ASSERT_OK(report_read_test(self->root, names[i], "default", &self->t[i]));
		self->n++;
	}
	EXPECT_EQ(REPORT_PASS, self->t[0].result);
	EXPECT_EQ(6, self->t[0].kmsg_findings);
	EXPECT_EQ(0, self->t[0].kmsg_failing);
	EXPECT_EQ(8, self->t[0].subtests.n);
	EXPECT_EQ(REPORT_FAIL, self->t[1].result);
	EXPECT_EQ(1, self->t[1].exit_code);
	EXPECT_STREQ("exit=1", self->t[1].reason);
	EXPECT_EQ(-1, self->t[2].kmsg_findings);
	EXPECT_EQ(20, self->t[2].subtests.n);
	EXPECT_NE(NULL, strstr(self->t[2].log_tail, "# Totals: pass:20"));
	EXPECT_NE(NULL, strstr(self->t[0].log_path, "/iommu_ddw_basic/output.log"));

	report_count(self->t, 3, &tot);
	EXPECT_EQ(2, tot.pass);
	EXPECT_EQ(1, tot.fail);
	f = fmemopen(line, sizeof(line), "w");
	ASSERT_NE(NULL, f);
	report_print_line(f, &tot);
	fclose(f);
	EXPECT_STREQ("2 passed, 1 failed, 0 skipped\n", line);
	EXPECT_EQ(1, report_exit_code(&tot, true));

	ASSERT_OK(report_write(self->out, &run, self->t, 3));
	json = slurp(self->out, "summary.json");
	ASSERT_NE(NULL, json);
	ASSERT_EQ(0, json_lite_parse(json, &d));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, 0, "suite"), "ppc-iommu"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, 0, "run_id"), "run-1"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_elem(&d, json_lite_get(&d, 0, "profiles"), 0), "default"));
	EXPECT_TRUE(tok_u64_is(&d, json_lite_get(&d, json_lite_get(&d, 0, "totals"), "fail"), 1));
	/* Each time under its own name: the run's elapsed, its tests' sum. */
	EXPECT_TRUE(tok_num_is(&d, json_lite_get(&d, 0, "wall_seconds"), "61.500"));
	EXPECT_EQ(-1, json_lite_get(&d, 0, "seconds"));
	char sum[32];
	unsigned long ms = 0;

	for (size_t i = 0; i < 3; i++)
		ms += self->t[i].ms;
	snprintf(sum, sizeof(sum), "%lu.%03lu", ms / 1000, ms % 1000);
	EXPECT_TRUE(tok_num_is(&d, json_lite_get(&d, 0, "job_seconds"), sum));
	tests = json_lite_get(&d, 0, "tests");
	t1 = json_lite_elem(&d, tests, 1);
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, t1, "name"), "pagepool_dlpar"));
	EXPECT_TRUE(tok_u64_is(&d, json_lite_get(&d, t1, "exit_code"), 1));
	subs = json_lite_get(&d, t1, "subtests");
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, json_lite_elem(&d, subs, 2), "result"), "fail"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, json_lite_elem(&d, subs, 2), "name"),
			       "pagepool.virtio_net_control.cycles"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, json_lite_elem(&d, json_lite_get(&d,
		json_lite_elem(&d, tests, 0), "subtests"), 0), "result"), "skip"));
	json_lite_free(&d);
	free(json);

	xml = slurp(self->out, "junit.xml");
	ASSERT_NE(NULL, xml);
	EXPECT_NE(NULL, strstr(xml, "<testsuite name=\"pagepool_dlpar.default\" tests=\"3\" failures=\"1\""));
	EXPECT_NE(NULL, strstr(xml, "<testcase classname=\"iommu_ddw_basic.default\" name=\"ddw.hotplug_alloc_fail\">\n      <skipped message=\"runs on"));
	/* The failing point shows the failure: no "runner" case besides. */
	EXPECT_EQ(NULL, strstr(xml, "name=\"runner\""));
	free(xml);
}

TEST_F(report, missing_results)
{
	struct report_run no_run = { 0 };
	struct report_test *t = self->t;
	char *xml;

	/* The guest died during the test: its folder, half a log, no result. */
	ASSERT_EQ(0, put_log(self->root, "pagepool_dlpar", "pagepool_dlpar-removal-timeout.log", 4000));
	ASSERT_EQ(0, report_read_test(self->root, "pagepool_dlpar", NULL, &t[0]));
	self->n++;
	EXPECT_EQ(REPORT_FAIL, t[0].result);
	EXPECT_STREQ("no result: the run ended during this test", t[0].reason);
	EXPECT_EQ(3, t[0].subtests.plan);
	EXPECT_EQ(1, t[0].subtests.n);
	EXPECT_EQ(-1, t[0].exit_code);

	ASSERT_EQ(0, report_read_test(self->root, "iommu_ddw_basic", "", &t[1]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[1].result);
	EXPECT_STREQ("not run", t[1].reason);
	EXPECT_EQ(NULL, t[1].log_tail);

	ASSERT_EQ(0, report_write(self->out, &no_run, t, 2));
	xml = slurp(self->out, "junit.xml");
	ASSERT_NE(NULL, xml);
	/* The passed point stays; the cut run is the runner's failure. */
	EXPECT_NE(NULL, strstr(xml, "<testcase classname=\"pagepool_dlpar\" name=\"runner\">\n"
			       "      <failure type=\"fail\" message=\"no result: the run ended during this test\"/>"));
	EXPECT_NE(NULL, strstr(xml, "<testcase classname=\"iommu_ddw_basic\" name=\"iommu_ddw_basic\" time=\"0.000\">\n"
			       "      <error message=\"not run\"/>"));
	free(xml);
}

TEST_F(report, links_refused)
{
	char path[256], target[256];
	struct report_test *t = self->t;

	/* A host file the guest would like in the report. */
	snprintf(target, sizeof(target), "%s/host-secret", self->root);
	ASSERT_EQ(0, put_str(self->root, "host-secret", "{\"test\": \"a\", \"result\": \"pass\", "
			     "\"exit_code\": 0, \"ms\": 1, \"reason\": \"secret\"}"));
	ASSERT_EQ(0, mkdir(strcat(strcpy(path, self->root), "/a"), 0755));
	snprintf(path, sizeof(path), "%s/a/result.json", self->root);
	ASSERT_EQ(0, symlink(target, path));
	snprintf(path, sizeof(path), "%s/a/output.log", self->root);
	ASSERT_EQ(0, symlink(target, path));
	ASSERT_EQ(0, report_read_test(self->root, "a", NULL, &t[0]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[0].result);
	EXPECT_STREQ("bad result.json: a symbolic link, not read", t[0].reason);
	EXPECT_STREQ("(output.log: a symbolic link, not read)\n", t[0].log_tail);
	EXPECT_STREQ("", t[0].log_path);

	/* The test's folder itself a link to a folder with good files. */
	ASSERT_EQ(0, put_result(self->root, "elsewhere", "pass", 0, 1, ""));
	snprintf(target, sizeof(target), "%s/elsewhere", self->root);
	snprintf(path, sizeof(path), "%s/b", self->root);
	ASSERT_EQ(0, symlink(target, path));
	ASSERT_EQ(0, report_read_test(self->root, "b", NULL, &t[1]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[1].result);
	EXPECT_STREQ("b/: not a folder (a link or a file), not read", t[1].reason);

	/* A FIFO would block a reader that opened it plainly. */
	ASSERT_EQ(0, put_result(self->root, "c", "pass", 0, 1, ""));
	snprintf(path, sizeof(path), "%s/c/kmsg.json", self->root);
	ASSERT_EQ(0, mkfifo(path, 0644));
	ASSERT_EQ(0, report_read_test(self->root, "c", NULL, &t[2]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[2].result);
	EXPECT_STREQ("bad kmsg.json: not a plain file, not read", t[2].reason);
}

TEST_F(report, huge_files_bounded)
{
	char path[256], *big;
	struct report_test *t = self->t;
	int fd;

	/* A result.json of 1 MiB: refused unread. */
	big = malloc(1 << 20);
	ASSERT_NE(NULL, big);
	memset(big, ' ', 1 << 20);
	ASSERT_EQ(0, put(self->root, "a/result.json", big, 1 << 20));
	free(big);
	ASSERT_EQ(0, report_read_test(self->root, "a", NULL, &t[0]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[0].result);
	EXPECT_EQ(0, strncmp(t[0].reason, "bad result.json: larger than ", 29)) TH_LOG("%s", t[0].reason);

	/* An output.log of 64 GiB (sparse): its head parsed, its tail kept. */
	ASSERT_EQ(0, put_result(self->root, "b", "pass", 0, 1, ""));
	ASSERT_EQ(0, put_str(self->root, "b/output.log", "TAP version 13\n1..2\nok 1 first\n"));
	snprintf(path, sizeof(path), "%s/b/output.log", self->root);
	fd = open(path, O_WRONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(13, pwrite(fd, "ok 2 late\nend", 13, (64LL << 30) - 13));
	close(fd);
	ASSERT_EQ(0, report_read_test(self->root, "b", NULL, &t[1]));
	self->n++;
	EXPECT_EQ(REPORT_PASS, t[1].result);
	EXPECT_EQ(1, t[1].subtests.n);
	EXPECT_TRUE(t[1].subtests.truncated);
	/* the zeros dropped, the last line there */
	EXPECT_STREQ("ok 2 late\nend", t[1].log_tail);
}

TEST_F(report, bad_result_json)
{
	static const struct { const char *json, *why; } cases[] = {
		{ "", "not JSON" },
		{ "not json", "not JSON" },
		{ "[1, 2]", "not one flat JSON object" },
		{ "{\"test\": \"a\"} trailing", "not one flat JSON object" },
		{ "noise {\"test\": \"a\"}", "not one flat JSON object" },
		{ "{\"test\": {\"a\": 1}}", "not one flat JSON object" },
		{ "{\"test\" \"a\"}", "not one flat JSON object" },
		{ "{\"test\": \"a\" \"result\": \"pass\"}", "not one flat JSON object" },
		{ "{\"test\": \"a\",, \"result\": \"pass\"}", "not one flat JSON object" },
		{ "{\"test\":: \"a\"}", "not one flat JSON object" },
		{ "{, \"test\": \"a\"}", "not one flat JSON object" },
		{ "{\"test\": \"a\",}", "not one flat JSON object" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 1}", "no \"reason\"" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 1, \"reason\": \"\", \"x\": 1}",
		  "unknown field \"x\"" },
		{ "{\"test\": \"a\", \"test\": \"a\"}", "\"test\" twice" },
		{ "{\"test\": \"b\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 1, \"reason\": \"\"}",
		  "\"test\" is \"b\", not a" },
		{ "{\"test\": \"a\", \"result\": \"PASS\", \"exit_code\": 0, \"ms\": 1, \"reason\": \"\"}",
		  "\"result\" \"PASS\" is none of pass, fail, skip, timeout, error" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 256, \"ms\": 1, \"reason\": \"\"}",
		  "\"exit_code\" is not a number of 0..255 or null" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": -1, \"ms\": 1, \"reason\": \"\"}",
		  "\"exit_code\" is not a number of 0..255 or null" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 1.5, \"reason\": \"\"}",
		  "\"ms\" is not a number of 0..4294967295" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 012, \"reason\": \"\"}",
		  "\"ms\" is not a number of 0..4294967295" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": \"1\", \"reason\": \"\"}",
		  "\"ms\" is not a number of 0..4294967295" },
		{ "{\"test\": \"a\", \"result\": \"pass\", \"exit_code\": 0, \"ms\": 1, \"reason\": 5}",
		  "\"reason\" is not a string" },
		{ "{\"test\": \"a\", \"result\": 1, \"exit_code\": 0, \"ms\": 1, \"reason\": \"\"}",
		  "\"result\" is not a string" },
		/* a key that only reads as a known one up to its NUL */
		{ "{\"test\\u0000x\": \"a\"}", "unknown field \"test\"" },
	};
	static const char good[] = "{\"test\": \"a\", \"result\": \"timeout\", \"exit_code\": null,"
		" \"ms\": 4294967295, \"reason\": \"TIMEOUT \\\"300\\\"\\n\\u0041\\u0007\\u00e9\"}";
	struct report_test t;

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		memset(&t, 0, sizeof(t));
		EXPECT_EQ(-EINVAL, report_parse_result(cases[i].json, strlen(cases[i].json), "a", &t))
			TH_LOG("case %zu", i);
		EXPECT_EQ(0, strncmp(ppcst_last_error(), cases[i].why, strlen(cases[i].why)))
			TH_LOG_ERROR_MSG("case %zu", i);
		EXPECT_EQ(0, t.ms);
	}
	/* A NUL byte inside. */
	EXPECT_EQ(-EINVAL, report_parse_result("{\"test\"\0: 1}", 12, "a", &t));
	EXPECT_STREQ("a NUL byte in it", ppcst_last_error());

	/* What the runner writes, escapes undone (and kept printable). */
	memset(&t, 0, sizeof(t));
	ASSERT_OK(report_parse_result(good, strlen(good), "a", &t));
	EXPECT_EQ(REPORT_TIMEOUT, t.result);
	EXPECT_EQ(-1, t.exit_code);
	EXPECT_EQ(4294967295UL, t.ms);
	EXPECT_STREQ("TIMEOUT \"300\"\nA???", t.reason);
}

TEST_F(report, kernel_log_verdict)
{
	struct report_run no_run = { 0 };
	struct report_test *t = self->t;
	char *xml;

	/* Failing findings fail a test that passed ... */
	ASSERT_EQ(0, put_result(self->root, "a", "pass", 0, 1, ""));
	ASSERT_EQ(0, put_str(self->root, "a/kmsg.json", "{\"lines\": 9, \"findings\": 3, \"failing\": 2}"));
	ASSERT_EQ(0, put_str(self->root, "a/output.log", "1..1\nok 1 x\n"));
	ASSERT_EQ(0, report_read_test(self->root, "a", "p", &t[0]));
	self->n++;
	EXPECT_EQ(REPORT_FAIL, t[0].result);
	EXPECT_STREQ("kernel log: 2 failing finding(s), see kmsg.txt", t[0].reason);
	EXPECT_EQ(3, t[0].kmsg_findings);

	/* ... a bad kmsg.json makes a pass an error, a failure stays one. */
	ASSERT_EQ(0, put_result(self->root, "b", "pass", 0, 1, ""));
	ASSERT_EQ(0, put_str(self->root, "b/kmsg.json", "{\"lines\": 9, \"findings\": 1, \"failing\": 2}"));
	ASSERT_EQ(0, report_read_test(self->root, "b", "p", &t[1]));
	self->n++;
	EXPECT_EQ(REPORT_ERROR, t[1].result);
	EXPECT_STREQ("bad kmsg.json: more failing findings (2) than findings (1)", t[1].reason);
	EXPECT_EQ(-1, t[1].kmsg_findings);
	ASSERT_EQ(0, put_result(self->root, "c", "fail", 1, 1, "exit=1"));
	ASSERT_EQ(0, put_str(self->root, "c/kmsg.json", "{\"lines\": 9}"));
	ASSERT_EQ(0, report_read_test(self->root, "c", "p", &t[2]));
	self->n++;
	EXPECT_EQ(REPORT_FAIL, t[2].result);
	EXPECT_STREQ("exit=1; bad kmsg.json: no \"findings\"", t[2].reason);

	ASSERT_EQ(0, report_write(self->out, &no_run, t, 3));
	xml = slurp(self->out, "junit.xml");
	ASSERT_NE(NULL, xml);
	/* The point passed: the kernel log's verdict is a case of its own. */
	EXPECT_NE(NULL, strstr(xml, "<testcase classname=\"a.p\" name=\"x\"/>\n"
			       "    <testcase classname=\"a.p\" name=\"kernel-log\">\n"
			       "      <failure type=\"kernel-log\" message=\"2 failing finding(s) in the kernel log, see kmsg.txt\"/>"));
	free(xml);
}

TEST_F(report, strings_escaped)
{
	static const char log[] = "1..2\nok 1 q\"uote <b>&amp; 'x' # SKIP why \"not\" <here>\n"
				  "not ok 2 ctl\x01\x7f\xc3\xa9 end\n"
				  "log line with \x1b[31mcolour\x1b[0m & ]]> and \xff\n";
	struct report_run run = { "id \"1\"\n<x>", "k\\e\trn\x01" "el", "q\xc3\xa9mu", NULL, 0, 1, -1 };
	struct report_test *t = self->t;
	struct json_lite_doc d;
	char *json, *xml;
	int sub;

	ASSERT_EQ(0, put_str(self->root, "a/result.json",
			     "{\"test\": \"a\", \"result\": \"fail\", \"exit_code\": 1, \"ms\": 1,"
			     " \"reason\": \"line 1\\nline \\\"2\\\" <&> \\u0001\"}"));
	ASSERT_EQ(0, put_str(self->root, "a/output.log", log));
	ASSERT_EQ(0, report_read_test(self->root, "a", NULL, &t[0]));
	self->n++;
	EXPECT_STREQ("line 1\nline \"2\" <&> ?", t[0].reason);
	EXPECT_STREQ("q\"uote <b>&amp; 'x'", t[0].subtests.points[0].desc);
	EXPECT_STREQ("ctl???? end", t[0].subtests.points[1].desc);
	ASSERT_EQ(0, report_write(self->out, &run, t, 1));

	json = slurp(self->out, "summary.json");
	ASSERT_NE(NULL, json);
	/* ASCII only: a report is UTF-8 whatever the guest wrote. */
	EXPECT_EQ(strlen(json), strspn(json, "\n !\"#$%&'()*+,-./0123456789:;<=>?@"
				       "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"));
	ASSERT_EQ(0, json_lite_parse(json, &d));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, 0, "run_id"), "id \"1\"\n<x>"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, 0, "kernel"), "k\\e\trn\x01" "el"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, 0, "qemu"), "q??mu"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, json_lite_elem(&d, json_lite_get(&d, 0, "tests"), 0),
						 "reason"), "line 1\nline \"2\" <&> ?"));
	sub = json_lite_elem(&d, json_lite_get(&d, json_lite_elem(&d, json_lite_get(&d, 0, "tests"), 0),
					       "subtests"), 0);
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, sub, "name"), "q\"uote <b>&amp; 'x'"));
	EXPECT_TRUE(tok_str_is(&d, json_lite_get(&d, sub, "reason"), "why \"not\" <here>"));
	json_lite_free(&d);
	free(json);

	xml = slurp(self->out, "junit.xml");
	ASSERT_NE(NULL, xml);
	EXPECT_NE(NULL, strstr(xml, "name=\"q&quot;uote &lt;b&gt;&amp;amp; 'x'\">\n"
			       "      <skipped message=\"why &quot;not&quot; &lt;here&gt;\"/>"));
	EXPECT_NE(NULL, strstr(xml, "log line with [31mcolour[0m &amp; ]]&gt; and \n"));
	free(xml);
}

TEST_F(report, names_and_exit_codes)
{
	static const char *const bad[] = { "", ".hidden", "../x", "a/b", "a b", "x\n",
		"0123456789012345678901234567890123456789012345678901234567890123" };
	static const struct { struct report_totals tot; int rc, rc_bisect; } codes[] = {
		{ { 1, 0, 0, 0, 0 }, 0, 0 },
		{ { 1, 0, 3, 0, 0 }, 0, 0 },
		{ { 0, 0, 3, 0, 0 }, 4, 125 },
		{ { 0, 0, 0, 0, 0 }, 4, 125 },
		{ { 1, 0, 0, 0, 1 }, 1, 125 },
		{ { 0, 0, 0, 1, 1 }, 1, 1 },
		{ { 5, 1, 0, 0, 1 }, 1, 1 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		EXPECT_EQ(-EINVAL, report_read_test(self->root, bad[i], NULL, &self->t[0])) TH_LOG("%zu", i);
		EXPECT_EQ(-EINVAL, report_read_test(self->root, "a", bad[i][0] ? bad[i] : ".", &self->t[0]));
	}
	EXPECT_TRUE(report_is_name("iommu_ddw_basic"));
	EXPECT_TRUE(report_is_name("a.b-c_9"));
	for (size_t i = 0; i < sizeof(codes) / sizeof(*codes); i++) {
		EXPECT_EQ(codes[i].rc, report_exit_code(&codes[i].tot, false)) TH_LOG("%zu", i);
		EXPECT_EQ(codes[i].rc_bisect, report_exit_code(&codes[i].tot, true)) TH_LOG("%zu", i);
	}
}

TEST_HARNESS_MAIN
