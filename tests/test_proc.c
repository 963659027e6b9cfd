// SPDX-License-Identifier: GPL-2.0
/*
 * lib/proc: real children (sh, sleep) that exit, fail, are missing, outlive
 * their timeout, ignore SIGTERM and leave processes behind.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "base/proc.h"

/* Alive means running: a zombie nobody reaped (no init in a container) is not. */
static bool alive(pid_t pid)
{
	char path[64], line[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	p = p ? strrchr(line, ')') : NULL;
	return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

FIXTURE(proc) {
	char dir[64];
	char log[128];
	char buf[256];
	struct proc_result res;
	struct proc_opts opts;
};

FIXTURE_SETUP(proc)
{
	strcpy(self->dir, "/tmp/test_proc.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->log, sizeof(self->log), "%s/out.log", self->dir);
	self->opts = (struct proc_opts){
		.timeout_ms = 10000, .grace_ms = 300,
		.buf = self->buf, .buf_size = sizeof(self->buf),
	};
}

FIXTURE_TEARDOWN(proc)
{
	unlink(self->log);
	rmdir(self->dir);
}

TEST_F(proc, exit_zero_output_in_buffer_and_log)
{
	const char *argv[] = { "sh", "-c", "echo out; echo err >&2", NULL };
	char line[64];
	FILE *f;

	self->opts.log_path = self->log;
	ASSERT_EQ(0, proc_run(argv, &self->opts, &self->res));
	EXPECT_TRUE(self->res.started);
	EXPECT_FALSE(self->res.timed_out);
	EXPECT_STREQ("out\nerr\n", self->buf);
	EXPECT_STREQ("exited 0", proc_describe(&self->res, line, sizeof(line)));
	f = fopen(self->log, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(line, sizeof(line), f));
	EXPECT_STREQ("out\n", line);
	fclose(f);
}

TEST_F(proc, nonzero_exit_is_failure)
{
	const char *argv[] = { "sh", "-c", "exit 3", NULL };
	char why[64];

	ASSERT_EQ(1, proc_run(argv, &self->opts, &self->res));
	EXPECT_EQ(3, WEXITSTATUS(self->res.status));
	EXPECT_STREQ("exited 3", proc_describe(&self->res, why, sizeof(why)));
}

TEST_F(proc, crash_is_reported_by_signal)
{
	const char *argv[] = { "sh", "-c", "kill -SEGV $$", NULL };
	char why[64];

	ASSERT_EQ(1, proc_run(argv, &self->opts, &self->res));
	ASSERT_TRUE(WIFSIGNALED(self->res.status));
	EXPECT_EQ(SIGSEGV, WTERMSIG(self->res.status));
	EXPECT_EQ(0, strncmp("killed by signal 11", proc_describe(&self->res, why, sizeof(why)), 19));
}

TEST_F(proc, missing_program_does_not_start)
{
	const char *argv[] = { "/nonexistent/ppcst-tool", NULL };
	char why[64];

	ASSERT_EQ(-1, proc_run(argv, &self->opts, &self->res));
	EXPECT_FALSE(self->res.started);
	EXPECT_EQ(ENOENT, self->res.exec_errno);
	EXPECT_EQ(0, strncmp("did not start", proc_describe(&self->res, why, sizeof(why)), 13));
}

TEST_F(proc, timeout_ends_the_whole_group)
{
	/* The grandchild sleep prints its pid, then both wait far past the timeout. */
	const char *argv[] = { "sh", "-c", "sleep 30 & echo $!; wait", NULL };
	pid_t grandchild;

	self->opts.timeout_ms = 300;
	ASSERT_EQ(1, proc_run(argv, &self->opts, &self->res));
	EXPECT_TRUE(self->res.timed_out);
	EXPECT_FALSE(self->res.killed);
	EXPECT_TRUE(WIFSIGNALED(self->res.status) && WTERMSIG(self->res.status) == SIGTERM);
	EXPECT_LT(self->res.seconds, 5);
	grandchild = atoi(self->buf);
	ASSERT_GT(grandchild, 0);
	EXPECT_FALSE(alive(grandchild));
}

TEST_F(proc, sigterm_ignored_gets_sigkill_after_grace)
{
	const char *argv[] = { "sh", "-c", "trap '' TERM; while :; do sleep 0.05; done", NULL };
	char why[80];

	self->opts.timeout_ms = 200;
	ASSERT_EQ(1, proc_run(argv, &self->opts, &self->res));
	EXPECT_TRUE(self->res.timed_out);
	EXPECT_TRUE(self->res.killed);
	EXPECT_TRUE(WIFSIGNALED(self->res.status) && WTERMSIG(self->res.status) == SIGKILL);
	EXPECT_NE(NULL, strstr(proc_describe(&self->res, why, sizeof(why)), "SIGKILL"));
}

TEST_F(proc, leftovers_are_ended_after_exit)
{
	const char *argv[] = { "sh", "-c", "sleep 30 >/dev/null & echo $!", NULL };
	pid_t leftover;

	ASSERT_EQ(0, proc_run(argv, &self->opts, &self->res));
	EXPECT_FALSE(self->res.timed_out);
	leftover = atoi(self->buf);
	ASSERT_GT(leftover, 0);
	EXPECT_FALSE(alive(leftover));
}

TEST_F(proc, small_buffer_truncates)
{
	const char *argv[] = { "sh", "-c", "i=0; while [ $i -lt 100 ]; do echo 0123456789; i=$((i+1)); done", NULL };

	ASSERT_EQ(0, proc_run(argv, &self->opts, &self->res));
	EXPECT_TRUE(self->res.truncated);
	EXPECT_EQ(sizeof(self->buf) - 1, strlen(self->buf));
}

TEST_F(proc, background_load_generator_is_stopped)
{
	const char *argv[] = { "sleep", "30", NULL };
	struct proc p;

	ASSERT_EQ(0, proc_start(&p, argv, self->log));
	ASSERT_GT(p.pid, 0);
	EXPECT_TRUE(proc_running(&p, &self->res));
	ASSERT_EQ(0, proc_stop(&p, 300, &self->res));
	EXPECT_EQ(0, p.pid);
	EXPECT_TRUE(WIFSIGNALED(self->res.status) && WTERMSIG(self->res.status) == SIGTERM);
	EXPECT_FALSE(proc_running(&p, &self->res));
	EXPECT_EQ(-1, proc_stop(&p, 300, &self->res));
}

TEST_F(proc, background_child_that_exited_is_reported)
{
	const char *argv[] = { "sh", "-c", "exit 5", NULL };
	struct proc p;
	int i;

	ASSERT_EQ(0, proc_start(&p, argv, NULL));
	for (i = 0; i < 500 && proc_running(&p, &self->res); i++)
		usleep(10000);
	ASSERT_EQ(0, p.pid);
	EXPECT_TRUE(self->res.started);
	EXPECT_EQ(5, WEXITSTATUS(self->res.status));
}

TEST_F(proc, start_of_missing_program_fails)
{
	const char *argv[] = { "/nonexistent/ppcst-load", NULL };
	struct proc p;

	EXPECT_EQ(-1, proc_start(&p, argv, NULL));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, p.pid);
}

TEST_F(proc, find_tool_miss_leaves_no_path)
{
	char path[PATH_MAX];

	ASSERT_TRUE(proc_find_tool("sh", path, sizeof(path)));
	EXPECT_EQ(0, access(path, X_OK));
	/* A caller that keeps the answer (report_html's gnuplot) must not take
	 * the last directory tried for a tool found. */
	EXPECT_FALSE(proc_find_tool("ppcst-no-such-tool", path, sizeof(path)));
	EXPECT_STREQ("", path);
}

TEST_HARNESS_MAIN
