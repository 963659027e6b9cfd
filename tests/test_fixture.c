// SPDX-License-Identifier: GPL-2.0
/*
 * lib/harness/fixture.h's assertion on a lib/ call: ASSERT_OK/EXPECT_OK pass
 * on 0 without running what follows them, and on a failure fail the test,
 * print the library's error line and run the statement after them once.
 */
#include <errno.h>
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

TEST_F(ok, failure_logs_and_runs_its_handler_once)
{
	char line[256] = "";
	int fds[2], saved, failed;
	ssize_t n;

	ASSERT_EQ(0, pipe(fds));
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	ASSERT_LE(0, saved);
	dup2(fds[1], STDERR_FILENO);
	EXPECT_OK(ppcst_fail(-EIO, "planted: the library's line"))
		self->ran++;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	close(fds[1]);
	n = read(fds[0], line, sizeof(line) - 1);
	close(fds[0]);
	failed = _metadata->exit_code == KSFT_FAIL;
	/* The planted failure is this test's subject, not its verdict. */
	_metadata->exit_code = KSFT_PASS;
	ASSERT_LT(0, n);
	line[n] = 0;
	EXPECT_TRUE(failed);
	EXPECT_EQ(1, self->ran);
	EXPECT_NE(NULL, strstr(line, "planted: the library's line")) TH_LOG("logged: %s", line);
}

TEST_HARNESS_MAIN
