// SPDX-License-Identifier: GPL-2.0
/*
 * lib/harness/fixture.h's assertion on a lib/ call: ASSERT_OK/EXPECT_OK pass
 * on 0 without running what follows them, and on a failure fail the test,
 * print the library's error line and run the statement after them once;
 * the _MSG forms print their context before the line; EXPECT_ERROR_HAS
 * passes on a line holding its text and shows the line it lacks;
 * harness_rule_line logs a rule's line and fails the test on a broken one.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

FIXTURE(ok) {
	int ran;
};

FIXTURE_SETUP(ok)
{
	self->ran = 0;
}

FIXTURE_TEARDOWN(ok)
{
}

TEST_F(ok, zero_passes_quietly)
{
	EXPECT_OK(0)
		self->ran++;
	ASSERT_OK(0)
		self->ran++;
	ASSERT_OK(0);
	EXPECT_EQ(0, self->ran);
}

/* What the assertions between begin and end print on stderr, kept in
 * LINE; the failure they plant is the test's subject, not its verdict. */
struct captured {
	int fds[2], saved;
	char line[512];
};

static void capture_begin(struct __test_metadata *_metadata, struct captured *c)
{
	ASSERT_EQ(0, pipe(c->fds));
	fflush(stderr);
	c->saved = dup(STDERR_FILENO);
	ASSERT_LE(0, c->saved);
	dup2(c->fds[1], STDERR_FILENO);
}

/* Whether the test failed in between; the verdict reset to pass. */
static bool capture_end(struct __test_metadata *_metadata, struct captured *c)
{
	bool failed = _metadata->exit_code == KSFT_FAIL;
	ssize_t n;

	fflush(stderr);
	dup2(c->saved, STDERR_FILENO);
	close(c->saved);
	close(c->fds[1]);
	n = read(c->fds[0], c->line, sizeof(c->line) - 1);
	close(c->fds[0]);
	c->line[n > 0 ? n : 0] = 0;
	_metadata->exit_code = KSFT_PASS;
	return failed;
}

TEST_F(ok, failure_logs_and_runs_its_handler_once)
{
	struct captured c;

	capture_begin(_metadata, &c);
	EXPECT_OK(ppcst_fail(-EIO, "planted: the library's line"))
		self->ran++;
	EXPECT_TRUE(capture_end(_metadata, &c));
	EXPECT_EQ(1, self->ran);
	EXPECT_NE(NULL, strstr(c.line, "planted: the library's line")) TH_LOG("logged: %s", c.line);
}

TEST_F(ok, msg_puts_its_context_before_the_line)
{
	struct captured c;

	EXPECT_OK_MSG(0, "cycle %d", 3)
		self->ran++;
	ASSERT_EQ(0, self->ran);
	capture_begin(_metadata, &c);
	EXPECT_OK_MSG(ppcst_fail(-EIO, "planted: the library's line"), "cycle %d", 3)
		self->ran++;
	EXPECT_TRUE(capture_end(_metadata, &c));
	EXPECT_EQ(1, self->ran);
	EXPECT_NE(NULL, strstr(c.line, ":cycle 3: planted: the library's line\n"))
		TH_LOG("logged: %s", c.line);
}

TEST_F(ok, error_has_shows_the_line_it_lacks)
{
	struct captured c;

	ppcst_fail(-EIO, "planted: the library's line");
	EXPECT_ERROR_HAS("library's")
		self->ran++;
	ASSERT_EQ(0, self->ran);
	capture_begin(_metadata, &c);
	EXPECT_ERROR_HAS("a text it does not hold")
		self->ran++;
	EXPECT_TRUE(capture_end(_metadata, &c));
	EXPECT_EQ(1, self->ran);
	EXPECT_NE(NULL, strstr(c.line, "planted: the library's line")) TH_LOG("logged: %s", c.line);
}

TEST_F(ok, rule_line_fails_only_on_a_broken_rule)
{
	struct harness_rule_log log = { .metadata = _metadata, .when = "cycle 2: " };
	struct captured c;

	capture_begin(_metadata, &c);
	harness_rule_line("LIOBN 0x80000001 back at 3", false, &log);
	EXPECT_FALSE(capture_end(_metadata, &c));
	EXPECT_NE(NULL, strstr(c.line, "cycle 2: LIOBN 0x80000001 back at 3")) TH_LOG("logged: %s", c.line);
	capture_begin(_metadata, &c);
	harness_rule_line("LIOBN 0x80000001 leaks 5 TCEs", true, &log);
	EXPECT_TRUE(capture_end(_metadata, &c));
	EXPECT_NE(NULL, strstr(c.line, "FAIL: cycle 2: LIOBN 0x80000001 leaks 5 TCEs"))
		TH_LOG("logged: %s", c.line);
}

TEST_HARNESS_MAIN
