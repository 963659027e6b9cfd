/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Child processes for the tests: iperf3, fio, ndctl, daxctl, drmgr...
 *
 * Every child gets its own process group, so a timeout ends it together with
 * whatever it spawned: SIGTERM to the group, SIGKILL after a grace period.
 * Output (stdout and stderr together) goes to a log file in the results
 * folder and/or a buffer for the test to parse.
 */
#ifndef PPCST_PROC_H
#define PPCST_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Its timeouts run on that clock (and its users took it from here). */
#include "base/clock.h"

/* Grace between SIGTERM and SIGKILL when the caller does not choose one. */
#define PROC_GRACE_MS 3000

struct proc_opts {
	unsigned timeout_ms;	/* 0: no limit */
	unsigned grace_ms;	/* 0: PROC_GRACE_MS */
	const char *log_path;	/* append output here, or NULL */
	char *buf;		/* keep output here, NUL-terminated, or NULL */
	size_t buf_size;
};

struct proc_result {
	int status;		/* wait status of the child, valid if started */
	bool started;		/* false: fork or exec failed, see exec_errno */
	int exec_errno;
	bool timed_out;		/* we had to end it: the status is our signal */
	bool killed;		/* SIGTERM was not enough, it got SIGKILL */
	bool truncated;		/* buf was too small for all of the output */
	double seconds;
};

/*
 * Runs argv (PATH search) to completion. Returns 0 when it exited 0, 1
 * when it ran but failed (non-zero exit, signal or timeout), -1 when it
 * could not run. After the child exits, anything still in its process group
 * gets the same SIGTERM/SIGKILL treatment, so nothing outlives the call.
 */
int proc_run(const char *const argv[], const struct proc_opts *opts,
	     struct proc_result *res);

/*
 * proc_run() for the tools a test drives (ndctl, daxctl, ...): output
 * (stdout and stderr) into OUT, TIMEOUT_S at most. 0 ok, 1 failed, -1 not
 * run; ppcst_last_error() says how it ended, with the tool's own words: the
 * first line saying what failed, else its last line that is no JSON.
 */
int proc_run_tool(const char *const argv[], unsigned timeout_s, char *out, size_t len);

/* One line for the log: "exited 0", "killed by signal 11 (...)", ... */
const char *proc_describe(const struct proc_result *res, char *buf, size_t size);

/* A background child (a load generator), stopped with proc_stop(). */
struct proc {
	pid_t pid;		/* also its process group id; 0 when not running */
};

/* Starts argv in the background, output appended to @log_path (or /dev/null). */
int proc_start(struct proc *p, const char *const argv[], const char *log_path);

/* True while the background child has not exited. */
bool proc_running(struct proc *p, struct proc_result *res);

/*
 * Ends a background child and its group (SIGTERM, then SIGKILL after
 * @grace_ms) and reaps it. Async-signal-safe, so it can be a cleanup action
 * (see proc_stop_cleanup). Returns 0 when it was reaped.
 */
int proc_stop(struct proc *p, unsigned grace_ms, struct proc_result *res);

/* cleanup_fn for a copied struct proc. */
void proc_stop_cleanup(void *proc);

/*
 * The async-signal-safe core of all of the above: waits up to @timeout_ms
 * (0: no limit) for @pid to exit; if it does not, SIGTERM to the group, and
 * SIGKILL after @grace_ms. Afterwards the rest of the group gets the same.
 * Returns 0 with *status set, -1 if the child could not be reaped even after
 * SIGKILL (stuck in the kernel: we give up rather than hang).
 */
int proc_reap_group(pid_t pid, unsigned timeout_ms, unsigned grace_ms,
		    int *status, bool *timed_out, bool *killed);

/* The absolute path of TOOL on $PATH (else /usr/sbin:/usr/bin:/sbin:/bin)
 * into PATH: for tools that run from cleanup actions, which exec without a
 * PATH search. False if there is none, PATH then "". */
bool proc_find_tool(const char *tool, char *path, size_t len);

/* Runs the shell command line formatted from fmt (system(3): the caller
 * quotes). 0 when it exited 0, else -1. */
int proc_shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The directory of the running binary (build/host in the source tree). */
void proc_exe_dir(char *buf, size_t len);
/* REL (a path in the source tree, "vm/profiles") as seen from the running
 * binary, which the tree's build put two levels down (build/host,
 * build/target), into BUF. */
void proc_tree_path(char *buf, size_t len, const char *rel);

#endif
