/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cleanup stack: undo actions ("offline memory block N", "destroy
 * namespace X", "stop iperf3") run in LIFO order on every way out of a test:
 *
 *   - normal end and ASSERT failure: call cleanup_run() in FIXTURE_TEARDOWN
 *     (the harness leaves a failed test through longjmp into the teardown and
 *     ends its processes with _exit(), so atexit() would never fire);
 *   - SIGTERM, SIGINT, SIGHUP, SIGALRM: cleanup_catch_signals() runs the stack
 *     from the signal handler, then re-raises the signal so the parent still
 *     sees the process die of it.
 *
 * What cannot be done: SIGKILL. kselftest_harness.h's own per-test timeout
 * (__timeout_handler) sends SIGKILL to the test's process group, so nothing
 * runs. Hence run_all.sh times tests out with SIGTERM first and SIGKILL only
 * after a grace period, and a test whose undo matters should keep the
 * harness timeout out of the way: TEST_F_TIMEOUT() longer than the run_all.sh
 * timeout, or alarm(_metadata->timeout - margin) in its setup so SIGALRM
 * runs the stack before the harness kills.
 *
 * Because actions may run inside a signal handler that interrupted anything
 * (malloc included), every action must be async-signal-safe. The stack keeps
 * copies of the arguments in fixed static storage so nothing is allocated,
 * and the ready-made actions below only use async-signal-safe calls.
 */
#ifndef PPCST_CLEANUP_H
#define PPCST_CLEANUP_H

#include <stddef.h>

/* Deep enough for a test that onlines every memory block of a guest. */
#define CLEANUP_MAX 256
/* Room for a copied argument: a sysfs path and value, or a short argv. */
#define CLEANUP_ARG_MAX 512

/* @arg points at the stack's own copy of what was pushed. */
typedef void (*cleanup_fn)(void *arg);

/*
 * Pushes @fn with a copy of @size bytes at @arg (size <= CLEANUP_ARG_MAX).
 * @what is a short description for the log. Returns a handle for
 * cleanup_drop(), or -1 with errno set (E2BIG, ENOSPC).
 * The first push makes the calling process the stack's owner: a forked
 * child inherits the entries but never runs them, and its own first push
 * starts a fresh stack.
 */
int cleanup_push(const char *what, cleanup_fn fn, const void *arg, size_t size);

/* Forgets entry @handle without running it (the test undid it itself).
 * Dropping the newest entries makes room for new ones. */
void cleanup_drop(int handle);

/* Runs all entries, newest first, and empties the stack. */
void cleanup_run(void);

/* Number of entries waiting. */
int cleanup_pending(void);

/* Installs the handler for SIGTERM, SIGINT, SIGHUP and SIGALRM. */
int cleanup_catch_signals(void);

/* Ready-made action: write @value to the file @path (sysfs, debugfs). */
int cleanup_push_write(const char *path, const char *value);

/*
 * Ready-made action: run argv[0] (a path: no PATH search, execvp is not
 * async-signal-safe) with the given arguments, NULL-terminated, bounded by
 * @timeout_s (SIGKILL to its process group after that).
 */
int cleanup_push_exec(unsigned timeout_s, const char *const argv[]);

#endif
