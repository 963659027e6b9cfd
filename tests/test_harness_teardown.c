// SPDX-License-Identifier: GPL-2.0
/*
 * Every test program judges the kernel log and runs its cleanups in
 * FIXTURE_TEARDOWN, so teardown must run after a failed ASSERT too. The 6.12
 * kselftest harness skips it when built with -O2 (see HARNESS_CFLAGS in the
 * Makefile); this test is built with the same flags as the test programs and
 * fails if that ever comes back.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

/* Shared with the test's own process: teardown runs in a forked child. */
static bool *teardown_ran;

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
 * Runs this program's own "failing.asserts" case (kselftest's -r filter) in a
 * forked child, so the shared flag stays mapped, and checks its teardown ran
 * although its ASSERT failed.
 */
TEST_F(outer, teardown_runs_after_failed_assert)
{
	int status;
	pid_t pid;

	teardown_ran = mmap(NULL, sizeof(*teardown_ran), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, teardown_ran);
	*teardown_ran = false;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);

		/* Its "not ok" is expected: keep it out of our TAP. */
		dup2(devnull, STDOUT_FILENO);
		dup2(devnull, STDERR_FILENO);
		char *filter[] = { "test_harness_teardown", "-r", "failing:asserts", NULL };

		_exit(test_harness_run(3, filter));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == KSFT_FAIL);
	EXPECT_TRUE(*teardown_ran);
}

/* Only the outer case runs by default; the failing one is run by it. */
int main(int argc, char **argv)
{
	if (argc == 1) {
		char *filter[] = { argv[0], "-r", "outer:teardown_runs_after_failed_assert", NULL };

		return test_harness_run(3, filter);
	}
	return test_harness_run(argc, argv);
}
