// SPDX-License-Identifier: GPL-2.0
/*
 * lib/cleanup: LIFO order, copies of arguments, drops, the ready-made
 * actions, and the stack running from SIGTERM/SIGALRM in a child that then
 * still dies of the signal.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "base/cleanup.h"
#include "base/proc.h"

static char order[16];

static void note_char(void *arg)
{
	size_t n = strlen(order);

	order[n] = *(const char *)arg;
	order[n + 1] = '\0';
}

static void read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

FIXTURE(cleanup) {
	char dir[64];
	char file[128];
};

FIXTURE_SETUP(cleanup)
{
	strcpy(self->dir, "/tmp/test_cleanup.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->file, sizeof(self->file), "%s/state", self->dir);
	order[0] = '\0';
}

FIXTURE_TEARDOWN(cleanup)
{
	cleanup_run();
	unlink(self->file);
	rmdir(self->dir);
}

TEST_F(cleanup, runs_newest_first_once)
{
	char c;

	for (c = 'a'; c <= 'c'; c++)
		ASSERT_LE(0, cleanup_push("note", note_char, &c, 1));
	EXPECT_EQ(3, cleanup_pending());
	cleanup_run();
	EXPECT_STREQ("cba", order);
	EXPECT_EQ(0, cleanup_pending());
	cleanup_run();
	EXPECT_STREQ("cba", order);
}

TEST_F(cleanup, argument_is_copied_at_push)
{
	char c = 'x';

	ASSERT_LE(0, cleanup_push("note", note_char, &c, 1));
	c = 'y';
	cleanup_run();
	EXPECT_STREQ("x", order);
}

TEST_F(cleanup, dropped_entry_does_not_run)
{
	char a = 'a', b = 'b';
	int h;

	ASSERT_LE(0, cleanup_push("note", note_char, &a, 1));
	h = cleanup_push("note", note_char, &b, 1);
	ASSERT_LE(0, h);
	cleanup_drop(h);
	EXPECT_EQ(1, cleanup_pending());
	cleanup_run();
	EXPECT_STREQ("a", order);
}

TEST_F(cleanup, dropping_the_newest_entries_makes_room)
{
	char a = 'a', b = 'b', c = 'c';
	int h;

	/* An undo pushed and dropped in each round of a long loop. */
	for (int i = 0; i <= CLEANUP_MAX; i++) {
		h = cleanup_push("round", note_char, &c, 1);
		ASSERT_LE(0, h);
		cleanup_drop(h);
	}
	EXPECT_EQ(0, cleanup_pending());
	/* Dropping one below a live entry frees nothing and loses nothing. */
	h = cleanup_push("note", note_char, &a, 1);
	ASSERT_LE(0, h);
	ASSERT_LE(0, cleanup_push("note", note_char, &b, 1));
	cleanup_drop(h);
	EXPECT_EQ(1, cleanup_pending());
	cleanup_run();
	EXPECT_STREQ("b", order);
}

TEST_F(cleanup, limits_are_errors)
{
	static char big[CLEANUP_ARG_MAX + 1];
	char c = 'z';
	int i;

	EXPECT_EQ(-1, cleanup_push("big", note_char, big, sizeof(big)));
	EXPECT_EQ(E2BIG, errno);
	for (i = 0; i < CLEANUP_MAX; i++)
		ASSERT_LE(0, cleanup_push("fill", note_char, &c, 1));
	EXPECT_EQ(-1, cleanup_push("one too many", note_char, &c, 1));
	EXPECT_EQ(ENOSPC, errno);
	order[0] = '\0';
	/* Only what fits in order[]: drop all but the last few. */
	for (i = 0; i < CLEANUP_MAX - 4; i++)
		cleanup_drop(i);
	cleanup_run();
	EXPECT_STREQ("zzzz", order);
}

TEST_F(cleanup, write_action_writes_the_value)
{
	char got[32];

	ASSERT_LE(0, cleanup_push_write(self->file, "offline"));
	read_file(self->file, got, sizeof(got));
	EXPECT_STREQ("", got);
	/* Created by the test, as sysfs files exist before a test writes them. */
	fclose(fopen(self->file, "w"));
	cleanup_run();
	read_file(self->file, got, sizeof(got));
	EXPECT_STREQ("offline", got);
}

TEST_F(cleanup, exec_action_runs_the_command)
{
	char script[160], got[32];
	const char *argv[] = { "/bin/sh", "-c", script, NULL };

	snprintf(script, sizeof(script), "echo destroyed > %s", self->file);
	ASSERT_LE(0, cleanup_push_exec(10, argv));
	cleanup_run();
	read_file(self->file, got, sizeof(got));
	EXPECT_STREQ("destroyed\n", got);
}

TEST_F(cleanup, exec_action_rejects_what_does_not_fit)
{
	const char *none[] = { NULL };
	const char *empty[] = { "/bin/true", "", NULL };

	EXPECT_EQ(-1, cleanup_push_exec(1, none));
	EXPECT_EQ(-1, cleanup_push_exec(1, empty));
	EXPECT_EQ(0, cleanup_pending());
}

TEST_F(cleanup, forked_child_does_not_run_parent_entries)
{
	char c = 'p';
	pid_t pid;
	int status;

	ASSERT_LE(0, cleanup_push("note", note_char, &c, 1));
	ASSERT_LE(0, cleanup_push_write(self->file, "child"));
	fclose(fopen(self->file, "w"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		cleanup_run();
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	read_file(self->file, order, sizeof(order));
	EXPECT_STREQ("", order);
	EXPECT_EQ(2, cleanup_pending());
}

/*
 * A child pushes a write and (optionally) a background sleep, says it is
 * ready, and waits for the signal; returns its wait status.
 */
static int die_of(const char *file, int sig, pid_t *load_pid)
{
	int ready[2], status = 0;
	char byte;
	pid_t pid;

	if (pipe(ready))
		return -1;
	pid = fork();
	if (pid == 0) {
		const char *argv[] = { "sleep", "30", NULL };
		struct proc load;

		close(ready[0]);
		if (cleanup_catch_signals() || cleanup_push_write(file, "undone") < 0 ||
		    proc_start(&load, argv, NULL) ||
		    cleanup_push("stop load", proc_stop_cleanup, &load, sizeof(load)) < 0)
			_exit(3);
		if (write(ready[1], &load.pid, sizeof(load.pid)) != sizeof(load.pid))
			_exit(3);
		if (sig == SIGALRM)
			alarm(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], load_pid, sizeof(*load_pid)) != sizeof(*load_pid))
		byte = 0;
	else
		byte = 1;
	close(ready[0]);
	if (pid < 0)
		return -1;
	if (byte && sig != SIGALRM)
		kill(pid, sig);
	waitpid(pid, &status, 0);
	return status;
}

/* The child dies of @sig after undoing both actions: write and load stop. */
static void expect_cleanup_on(struct __test_metadata *_metadata,
			      const char *file, int sig)
{
	char got[32];
	pid_t load;
	int status;

	fclose(fopen(file, "w"));
	status = die_of(file, sig, &load);
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(sig, WTERMSIG(status));
	read_file(file, got, sizeof(got));
	EXPECT_STREQ("undone", got);
	/* proc_stop reaped it inside the handler: no such child any more. */
	EXPECT_EQ(-1, kill(load, 0));
}

TEST_F(cleanup, sigterm_runs_the_stack_then_dies_of_it)
{
	expect_cleanup_on(_metadata, self->file, SIGTERM);
}

TEST_F(cleanup, sigalrm_runs_the_stack_before_a_harness_timeout)
{
	expect_cleanup_on(_metadata, self->file, SIGALRM);
}

TEST_HARNESS_MAIN
