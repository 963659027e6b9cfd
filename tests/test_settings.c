// SPDX-License-Identifier: GPL-2.0
/*
 * lib/base/settings.c, the one parser of the suite's settings file: the real
 * file, every rule with the message it gives (run_all.sh's words, which its
 * bash parser gave before), the limits at their edge and one past it, and
 * the files settings_load() refuses.
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
#include "base/settings.h"
#include "support/fdt_dir.h"

/* Some 150 KiB each, and a file over the size limit: not on the stack.
 * Every case runs in a process of its own, so they start zeroed. */
static struct settings s, s2;
static char big[SETTINGS_FILE_MAX + 64];

/* TEXT without its NUL, in a buffer of exactly its length: under ASan a
 * read past the end of the input is a failure, not luck. */
static int parse_n(const char *text, size_t len, struct settings *out)
{
	char *copy = malloc(len ? len : 1);
	int ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, text, len);
	ret = settings_parse(copy, len, "s", out);
	free(copy);
	return ret;
}

static int parse(const char *text)
{
	return parse_n(text, strlen(text), &s);
}

/* A file of LEN bytes of TEXT, at PATH. */
static int write_bytes(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	int ret = f && fwrite(text, 1, len, f) == len ? 0 : -1;

	if (f && fclose(f))
		ret = -1;
	return ret;
}

static int write_file(const char *path, const char *text)
{
	return write_bytes(path, text, strlen(text));
}

FIXTURE(settings_file) {
	char dir[64];
	char path[128];
};

FIXTURE_SETUP(settings_file)
{
	strcpy(self->dir, "/tmp/test_settings.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/settings", self->dir);
}

FIXTURE_TEARDOWN(settings_file)
{
	fdt_dir_remove(self->dir);
}

/* The suite's own file, where tests/data/ finds it (any working directory). */
TEST_F(settings_file, real_file)
{
	const struct settings_test *t;
	char path[PATH_MAX];

	ASSERT_EQ(0, test_data_path("../../" SETTINGS_FILE, path, sizeof(path)));
	ASSERT_OK(settings_load(path, &s));
	EXPECT_LT(0, s.timeout_s);
	EXPECT_LT(0, s.grace_s);
	ASSERT_LE(4, s.n_tests);
	for (size_t i = 0; i < s.n_tests; i++) {
		t = &s.tests[i];
		EXPECT_EQ(t, settings_find(&s, t->name));
		EXPECT_LT(0, settings_timeout(&s, t));
		for (size_t j = 0; j < t->n_env; j++) {
			EXPECT_NE(NULL, strchr(t->env[j], '=')) TH_LOG("%s", t->env[j]);
		}
	}
	/* What the programs and vm/run-vm.sh rely on. */
	t = settings_find(&s, "reboot_loop");
	ASSERT_NE(NULL, t);
	EXPECT_TRUE(t->host);
	EXPECT_NE(NULL, settings_env(t, "PPCST_REBOOT_CYCLES"));
	t = settings_find(&s, "pmem_hotplug");
	ASSERT_NE(NULL, t);
	EXPECT_FALSE(t->host);
	EXPECT_NE(NULL, settings_env(t, "PPCST_PMEM_CYCLES"));
	EXPECT_LT(0, t->n_profiles);
	t = settings_find(&s, "pagepool_dlpar");
	ASSERT_NE(NULL, t);
	EXPECT_NE(NULL, settings_env(t, "PPCST_DLPAR_CYCLES"));
	EXPECT_NE(NULL, settings_find(&s, "iommu_ddw_basic"));
}

TEST_F(settings_file, values)
{
	const struct settings_test *a, *b;

	ASSERT_OK(parse("# comment\n\ntimeout.b=7\ntimeout=300\ngrace=3\n"
			   "test=a\ntest=b\nenv.a.X=1\nenv.a.Y=p=q r\nhost.b=yes\n"
			   "profile.b=pagepool\n"));
	EXPECT_EQ(300, s.timeout_s);
	EXPECT_EQ(3, s.grace_s);
	ASSERT_EQ(2, s.n_tests);
	a = settings_find(&s, "a");
	b = settings_find(&s, "b");
	ASSERT_EQ(&s.tests[0], a);
	ASSERT_EQ(&s.tests[1], b);
	EXPECT_EQ(NULL, settings_find(&s, "c"));
	EXPECT_EQ(NULL, settings_find(&s, ""));
	/* Its own timeout (from a line before its test= line), or the default. */
	EXPECT_EQ(300, settings_timeout(&s, a));
	EXPECT_EQ(7, settings_timeout(&s, b));
	EXPECT_EQ(300, settings_timeout(&s, NULL));
	EXPECT_FALSE(a->host);
	EXPECT_TRUE(b->host);
	ASSERT_EQ(2, a->n_env);
	EXPECT_STREQ("X=1", a->env[0]);
	EXPECT_STREQ("Y=p=q r", a->env[1]);
	EXPECT_STREQ("p=q r", settings_env(a, "Y"));
	EXPECT_EQ(NULL, settings_env(a, "Z"));
	EXPECT_EQ(NULL, settings_env(a, "X="));
	EXPECT_EQ(NULL, settings_env(b, "X"));
	EXPECT_EQ(0, a->n_profiles);
	ASSERT_EQ(1, b->n_profiles);
	EXPECT_STREQ("pagepool", b->profiles[0]);
}

TEST_F(settings_file, defaults_and_last_line_wins)
{
	ASSERT_OK(parse("timeout=5\ntimeout=6\ntest=a"));
	EXPECT_EQ(6, s.timeout_s);
	EXPECT_EQ(10, s.grace_s);
	ASSERT_EQ(1, s.n_tests);	/* the last line needs no newline */
	EXPECT_STREQ("a", s.tests[0].name);
	EXPECT_EQ(0, s.tests[0].timeout_s);
	/* The largest number: 9 digits. */
	ASSERT_EQ(0, parse("timeout=999999999\ngrace=1\n"));
	EXPECT_EQ(999999999, s.timeout_s);
	EXPECT_EQ(1, s.grace_s);
	EXPECT_EQ(0, s.n_tests);
}

/* A later line of a VAR replaces the earlier in its place, as when
 * run_all.sh exported them in turn. */
TEST_F(settings_file, env_replaced)
{
	const struct settings_test *t;

	ASSERT_OK(parse("timeout=5\ntest=t\nenv.t.A=1\nenv.t.B=2\nenv.t.A=3\nenv.t.AB=4\n"
			   "env.t.B=\n"));
	t = settings_find(&s, "t");
	ASSERT_NE(NULL, t);
	ASSERT_EQ(3, t->n_env);
	EXPECT_STREQ("A=3", t->env[0]);
	EXPECT_STREQ("B=", t->env[1]);
	EXPECT_STREQ("AB=4", t->env[2]);
	EXPECT_STREQ("3", settings_env(t, "A"));
	EXPECT_STREQ("", settings_env(t, "B"));
	EXPECT_STREQ("4", settings_env(t, "AB"));
}

/* Test names may hold dots: env.TEST.VAR splits at the last one. */
TEST_F(settings_file, dotted_test_name)
{
	const struct settings_test *t;

	ASSERT_OK(parse("timeout=5\ntest=a.b\nenv.a.b.X_1=v\ntimeout.a.b=9\n"));
	t = settings_find(&s, "a.b");
	ASSERT_NE(NULL, t);
	EXPECT_STREQ("v", settings_env(t, "X_1"));
	EXPECT_EQ(9, settings_timeout(&s, t));
}

/* Unset is 0 (the testbed's default); blanks separate; the last line wins,
 * shorter names replacing longer ones whole. */
TEST_F(settings_file, profiles)
{
	const struct settings_test *t;

	ASSERT_EQ(0, parse("timeout=5\ntest=a\ntest=b\nprofile.a=longer-name p2 p3\n"
			   "profile.a=  x\tdisable-ddw  \n"));
	t = settings_find(&s, "a");
	ASSERT_EQ(2, t->n_profiles);
	EXPECT_STREQ("x", t->profiles[0]);
	EXPECT_STREQ("disable-ddw", t->profiles[1]);
	EXPECT_EQ(0, settings_find(&s, "b")->n_profiles);
	/* An empty list is unset again. */
	ASSERT_EQ(0, parse("timeout=5\ntest=a\nprofile.a=p\nprofile.a=\n"));
	EXPECT_EQ(0, s.tests[0].n_profiles);
}

/* One CR at a line's end goes (as run_all.sh's ${line%$'\r'}): the same
 * settings as without. */
TEST_F(settings_file, crlf)
{
	static const char lf[] = "# c\n\ntimeout=5\ntest=a\nenv.a.X=1\nhost.a=yes\nprofile.a=p q\n";
	static const char crlf[] = "# c\r\n\r\ntimeout=5\r\ntest=a\r\nenv.a.X=1\r\nhost.a=yes\r\n"
				   "profile.a=p q\r";

	ASSERT_EQ(0, parse_n(lf, strlen(lf), &s));
	ASSERT_OK(parse_n(crlf, strlen(crlf), &s2));
	EXPECT_EQ(0, memcmp(&s, &s2, sizeof(s)));
	/* Only one. */
	EXPECT_EQ(-EINVAL, parse("timeout=5\ntest=a\nhost.a=yes\r\r\n"));
	EXPECT_STREQ("s:3: host.a: 'yes?' is not 'yes'", ppcst_last_error());
}

/* LEN is the end, whatever follows it; a NUL inside is an error. */
TEST_F(settings_file, length_and_nul)
{
	static const char text[] = "timeout=5\ntest=abc\n";

	ASSERT_EQ(0, parse_n(text, strlen("timeout=5\ntest=ab"), &s));
	EXPECT_STREQ("ab", s.tests[0].name);
	EXPECT_EQ(-EINVAL, parse_n(text, strlen("timeout=5\ntest="), &s));
	EXPECT_STREQ("s:2: '' is not a test name", ppcst_last_error());
	EXPECT_EQ(-EINVAL, parse_n("", 0, &s));
	EXPECT_STREQ("s: no timeout=N line", ppcst_last_error());
	EXPECT_EQ(-EINVAL, parse_n("timeout=5\ntest=a\0b\n", 19, &s));
	EXPECT_STREQ("s:2: a NUL byte", ppcst_last_error());
	EXPECT_EQ(-EINVAL, parse_n("# \0\ntimeout=5\n", 14, &s));
	EXPECT_STREQ("s:1: a NUL byte", ppcst_last_error());
}

static const struct bad {
	const char *text;
	int err;
	const char *msg;
} bad[] = {
	/* run_all.sh's rules, in its words. */
	{ "timeout=5\nfoo\n", -EINVAL, "s:2: not key=value: 'foo'" },
	{ "  # indented\ntimeout=5\n", -EINVAL, "s:1: not key=value: '  # indented'" },
	{ "timeout=abc\n", -EINVAL, "s:1: timeout: 'abc' is not a number of seconds" },
	{ "timeout=0\n", -EINVAL, "s:1: timeout: '0' is not a number of seconds" },
	{ "timeout=05\n", -EINVAL, "s:1: timeout: '05' is not a number of seconds" },
	{ "timeout=\n", -EINVAL, "s:1: timeout: '' is not a number of seconds" },
	{ "timeout=-1\n", -EINVAL, "s:1: timeout: '-1' is not a number of seconds" },
	{ "timeout= 5\n", -EINVAL, "s:1: timeout: ' 5' is not a number of seconds" },
	{ "timeout=5 \n", -EINVAL, "s:1: timeout: '5 ' is not a number of seconds" },
	{ "timeout=1000000000\n", -EINVAL,
	  "s:1: timeout: '1000000000' is not a number of seconds" },
	{ "timeout=5\ngrace=x\n", -EINVAL, "s:2: grace: 'x' is not a number of seconds" },
	{ "timeout=5\ntest=a\ntimeout.a=9x\n", -EINVAL,
	  "s:3: timeout.a: '9x' is not a number of seconds" },
	{ "timeout.=x\n", -EINVAL, "s:1: timeout.: 'x' is not a number of seconds" },
	{ "timeout=5\ntimeout.=5\n", -EINVAL, "s:2: unknown key 'timeout.'" },
	{ "timeout=5\nfoo=bar\n", -EINVAL, "s:2: unknown key 'foo'" },
	{ "=x\n", -EINVAL, "s:1: unknown key ''" },
	{ "timeout=5\nTimeout=5\n", -EINVAL, "s:2: unknown key 'Timeout'" },
	{ "timeout=5\nprofile.=x\n", -EINVAL, "s:2: unknown key 'profile.'" },
	{ "timeout=5\nhost.=yes\n", -EINVAL, "s:2: unknown key 'host.'" },
	{ "timeout=5\nenv.a=1\n", -EINVAL, "s:2: unknown key 'env.a'" },
	{ "timeout=5\nenv..X=1\n", -EINVAL, "s:2: unknown key 'env..X'" },
	{ "timeout=5\ntest=a\nhost.a=no\n", -EINVAL, "s:3: host.a: 'no' is not 'yes'" },
	{ "timeout=5\ntest=a\nhost.a=\n", -EINVAL, "s:3: host.a: '' is not 'yes'" },
	{ "timeout=5\ntest=a\nenv.a.1X=1\n", -EINVAL,
	  "s:3: env.a.1X: '1X' is not a variable name" },
	{ "timeout=5\ntest=a\nenv.a.=1\n", -EINVAL, "s:3: env.a.: '' is not a variable name" },
	{ "timeout=5\ntest=a\nenv.a.B-C=1\n", -EINVAL,
	  "s:3: env.a.B-C: 'B-C' is not a variable name" },
	{ "timeout=5\ntest=a\ntimeout.b=4\n", -EINVAL,
	  "s:3: 'b' is not a test of the test= lines" },
	{ "timeout=5\ntest=a\nenv.b.X=1\n", -EINVAL, "s:3: 'b' is not a test of the test= lines" },
	{ "timeout=5\ntest=a\nprofile.A=x\n", -EINVAL,
	  "s:3: 'A' is not a test of the test= lines" },
	{ "timeout=5\ntest=a\nhost.a b=yes\n", -EINVAL,
	  "s:3: 'a b' is not a test of the test= lines" },
	{ "test=a\n", -EINVAL, "s: no timeout=N line" },
	{ "# only a comment\n", -EINVAL, "s: no timeout=N line" },
	/* Every line is read before the test names are known: a bad line
	 * is reported before a test that is not one, as run_all.sh did. */
	{ "timeout=5\ntimeout.b=1\nfoo\n", -EINVAL, "s:3: not key=value: 'foo'" },
	/* What the bash parser let through. */
	{ "timeout=5\ntest=.hidden\n", -EINVAL, "s:2: '.hidden' is not a test name" },
	{ "timeout=5\ntest=-x\n", -EINVAL, "s:2: '-x' is not a test name" },
	{ "timeout=5\ntest=_x\n", -EINVAL, "s:2: '_x' is not a test name" },
	{ "timeout=5\ntest=a/b\n", -EINVAL, "s:2: 'a/b' is not a test name" },
	{ "timeout=5\ntest=a b\n", -EINVAL, "s:2: 'a b' is not a test name" },
	{ "timeout=5\ntest=\n", -EINVAL, "s:2: '' is not a test name" },
	{ "timeout=5\ntest=a\ntest=b\ntest=a\n", -EINVAL, "s:4: test 'a' is already on line 2" },
	{ "timeout=5\ntest=a\nprofile.a=x ../y\n", -EINVAL, "s:3: '../y' is not a profile name" },
	{ "timeout=5\ntest=a\nprofile.a=x,y\n", -EINVAL, "s:3: 'x,y' is not a profile name" },
	/* Control bytes are not written to the terminal. */
	{ "timeout=5\nfo\to\x1b[0m\n", -EINVAL, "s:2: not key=value: 'fo?o?[0m'" },
	{ "timeout=5\nab\rc\n", -EINVAL, "s:2: not key=value: 'ab?c'" },
};

TEST_F(settings_file, bad_lines)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		s.n_tests = 99;
		EXPECT_EQ(bad[i].err, parse(bad[i].text)) TH_LOG("case %zu", i);
		EXPECT_STREQ(bad[i].msg, ppcst_last_error()) TH_LOG("case %zu", i);
		/* A failed parse leaves nothing half-made. */
		EXPECT_EQ(0, s.n_tests) TH_LOG("case %zu", i);
	}
}

/* A long line is quoted cut, so the message stays one short line. */
TEST_F(settings_file, long_line_quoted_cut)
{
	char text[400] = "timeout=5\n";

	memset(text + strlen(text), 'x', 300);
	ASSERT_EQ(-EINVAL, parse(text));
	EXPECT_EQ(0, strncmp("s:2: not key=value: 'xxx", ppcst_last_error(), 24));
	EXPECT_EQ(0, strcmp("x...'", ppcst_last_error() + strlen(ppcst_last_error()) - 5));
	EXPECT_GT(120, strlen(ppcst_last_error()));
}

/* Text of COUNT lines "PREFIX<i>SUFFIX\n" after HEAD, into BUF. */
static char *lines(char *buf, size_t len, const char *head, const char *prefix, int count,
		   const char *suffix)
{
	size_t n = (size_t)snprintf(buf, len, "%s", head);

	for (int i = 0; i < count && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d%s\n", prefix, i, suffix);
	return buf;
}

TEST_F(settings_file, limits)
{
	char *text = big, name[SETTINGS_NAME_MAX + 1], line[2 * SETTINGS_VALUE_MAX];
	size_t len = sizeof(big);

	/* Tests. */
	ASSERT_EQ(0, parse(lines(text, len, "timeout=5\n", "test=t", SETTINGS_MAX_TESTS, "")));
	EXPECT_EQ(SETTINGS_MAX_TESTS, s.n_tests);
	EXPECT_EQ(-E2BIG, parse(lines(text, len, "timeout=5\n", "test=t",
				      SETTINGS_MAX_TESTS + 1, "")));
	EXPECT_STREQ("s:34: more than 32 test= lines (t32)", ppcst_last_error());
	/* Variables of a test (a replaced one is no new one). */
	ASSERT_EQ(0, parse(lines(text, len, "timeout=5\ntest=t\nenv.t.V0=x\n", "env.t.V",
				 SETTINGS_MAX_ENV, "=1")));
	EXPECT_EQ(SETTINGS_MAX_ENV, s.tests[0].n_env);
	EXPECT_EQ(-E2BIG, parse(lines(text, len, "timeout=5\ntest=t\n", "env.t.V",
				      SETTINGS_MAX_ENV + 1, "=1")));
	EXPECT_STREQ("s:19: more than 16 variables for test 't'", ppcst_last_error());
	/* Profiles. */
	ASSERT_EQ(0, parse("timeout=5\ntest=t\nprofile.t=a b c d e f g h\n"));
	EXPECT_EQ(SETTINGS_MAX_PROFILES, s.tests[0].n_profiles);
	EXPECT_STREQ("h", s.tests[0].profiles[7]);
	EXPECT_EQ(-E2BIG, parse("timeout=5\ntest=t\nprofile.t=a b c d e f g h i\n"));
	EXPECT_STREQ("s:3: more than 8 profiles", ppcst_last_error());
	/* Names: 63 bytes, not 64. */
	memset(name, 'n', SETTINGS_NAME_MAX - 1);
	name[SETTINGS_NAME_MAX - 1] = '\0';
	snprintf(line, sizeof(line), "timeout=5\ntest=%s\nprofile.%s=%s\n", name, name, name);
	ASSERT_OK(parse(line));
	EXPECT_STREQ(name, s.tests[0].name);
	EXPECT_STREQ(name, s.tests[0].profiles[0]);
	strcat(name, "n");
	snprintf(line, sizeof(line), "timeout=5\ntest=%s\n", name);
	EXPECT_EQ(-E2BIG, parse(line));
	EXPECT_EQ(0, strncmp("s:2: test name 'nnn", ppcst_last_error(), 19));
	EXPECT_ERROR_HAS("' is longer than 63 bytes");
	snprintf(line, sizeof(line), "timeout=5\ntest=t\nprofile.t=%s\n", name);
	EXPECT_EQ(-E2BIG, parse(line));
	EXPECT_EQ(0, strncmp("s:3: profile name 'nnn", ppcst_last_error(), 22));
	/* "VAR=VALUE": 255 bytes, not 256. */
	snprintf(line, sizeof(line), "timeout=5\ntest=t\nenv.t.V=%0*d\n",
		 SETTINGS_VALUE_MAX - 3, 0);
	ASSERT_OK(parse(line));
	EXPECT_EQ(SETTINGS_VALUE_MAX - 1, strlen(s.tests[0].env[0]));
	snprintf(line, sizeof(line), "timeout=5\ntest=t\nenv.t.V=%0*d\n",
		 SETTINGS_VALUE_MAX - 2, 0);
	EXPECT_EQ(-E2BIG, parse(line));
	EXPECT_STREQ("s:3: env.t.V: 'V=...' is longer than 255 bytes", ppcst_last_error());
}

TEST_F(settings_file, load)
{
	char link[160];

	ASSERT_EQ(0, write_file(self->path, "timeout=5\ntest=a\n"));
	ASSERT_OK(settings_load(self->path, &s));
	EXPECT_STREQ("a", s.tests[0].name);
	/* Messages name the file. */
	ASSERT_EQ(0, write_file(self->path, "timeout=5\nx\n"));
	EXPECT_EQ(-EINVAL, settings_load(self->path, &s));
	EXPECT_EQ(0, strncmp(self->path, ppcst_last_error(), strlen(self->path)));
	EXPECT_STREQ(":2: not key=value: 'x'", ppcst_last_error() + strlen(self->path));
	/* Read as the results share is (lib/base/safe_file.h): no link, no giant. */
	snprintf(link, sizeof(link), "%s/link", self->dir);
	ASSERT_EQ(0, symlink(self->path, link));
	EXPECT_EQ(-ELOOP, settings_load(link, &s));
	memset(big, '#', sizeof(big));
	ASSERT_EQ(0, write_bytes(self->path, big, SETTINGS_FILE_MAX + 1));
	EXPECT_EQ(-EFBIG, settings_load(self->path, &s));
	EXPECT_ERROR_HAS("larger than expected");
	unlink(self->path);
	EXPECT_EQ(-ENOENT, settings_load(self->path, &s));
	/* None beside this binary (build/host/check/). */
	EXPECT_EQ(-ENOENT, settings_load(NULL, &s));
	EXPECT_ERROR_HAS("/check/settings: ");
}

/* The programs' one reader: the same parser, the old contract. */
TEST_F(settings_file, test_env)
{
	char val[8];

	ASSERT_EQ(0, write_file(self->path, "timeout=5\ntest=t\nenv.t.N=12\nenv.t.L=12345678\n"));
	EXPECT_EQ(0, settings_test_env(self->path, "t", "N", val, sizeof(val)));
	EXPECT_STREQ("12", val);
	EXPECT_EQ(-E2BIG, settings_test_env(self->path, "t", "L", val, sizeof(val)));
	EXPECT_EQ(-ENOENT, settings_test_env(self->path, "t", "M", val, sizeof(val)));
	EXPECT_ERROR_HAS(": no env.t.M= line");
	EXPECT_EQ(-ENOENT, settings_test_env(self->path, "u", "N", val, sizeof(val)));
	/* A file the parser refuses gives nothing, even where its line is fine. */
	ASSERT_EQ(0, write_file(self->path, "timeout=5\ntest=t\nenv.t.N=12\nbad\n"));
	EXPECT_EQ(-EINVAL, settings_test_env(self->path, "t", "N", val, sizeof(val)));
	EXPECT_ERROR_HAS(":4: not key=value: 'bad'");
}

TEST_HARNESS_MAIN
