// SPDX-License-Identifier: GPL-2.0
/*
 * Every test program judges the kernel log and runs its cleanups in
 * FIXTURE_TEARDOWN, so teardown must run after a failed ASSERT too. The 6.12
 * kselftest harness skips it when built with -O2 (see HARNESS_CFLAGS in the
 * Makefile); this test is built with the same flags as the test programs and
 * fails if that ever comes back. And a passing EXPECT in a teardown after a
 * failed ASSERT must stay quiet (lib/harness/fixture.h).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

/* Shared with the test's own process: teardown runs in a forked child. */
static bool *teardown_ran, *handler_ran;

FIXTURE(failing) {
	int unused;
};

FIXTURE_SETUP(failing)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(failing)
{
	*teardown_ran = true;
}

/* Fails on purpose: the harness runs it in a child and reports it. */
TEST_F(failing, asserts)
{
	ASSERT_EQ(1, self->unused);
}

FIXTURE(quiet) {
	int unused;
};

FIXTURE_SETUP(quiet)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(quiet)
{
	TEARDOWN_BEGIN();
	EXPECT_EQ(0, self->unused)
		*handler_ran = true;
}

/* Fails on purpose, then its teardown's EXPECT passes. */
TEST_F(quiet, asserts)
{
	ASSERT_EQ(1, self->unused);
}

FIXTURE(outer) {
	int unused;
};

FIXTURE_SETUP(outer)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(outer)
{
}

/*
 * Runs this program's own case NAME (kselftest's -r filter) in a forked
 * child, so the shared flags stay mapped; its exit status.
 */
static int run_own_case(const char *name)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		/* Its "not ok" is expected: keep it out of our TAP. */
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		char *filter[] = { "test_harness_teardown", "-r", (char *)name, NULL };

		_exit(test_harness_run(3, filter));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static bool *shared_flag(void)
{
	bool *flag = mmap(NULL, sizeof(*flag), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (flag != MAP_FAILED)
		*flag = false;
	return flag;
}

/* The teardown runs although the ASSERT failed. */
TEST_F(outer, teardown_runs_after_failed_assert)
{
	int status;

	teardown_ran = shared_flag();
	ASSERT_NE(MAP_FAILED, teardown_ran);
	status = run_own_case("failing:asserts");
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == KSFT_FAIL);
	EXPECT_TRUE(*teardown_ran);
}

/* ... and a passing EXPECT there runs no handler (no false FAIL line). */
TEST_F(outer, passing_expect_in_teardown_is_quiet)
{
	int status;

	handler_ran = shared_flag();
	ASSERT_NE(MAP_FAILED, handler_ran);
	status = run_own_case("quiet:asserts");
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == KSFT_FAIL);
	EXPECT_FALSE(*handler_ran) TH_LOG("a passing EXPECT ran its handler after a failed ASSERT");
}

/* Only the outer cases run by default; the failing ones are run by them. */
int main(int argc, char **argv)
{
	if (argc == 1) {
		char *filter[] = { argv[0], "-f", "outer", NULL };

		return test_harness_run(3, filter);
	}
	return test_harness_run(argc, argv);
}
