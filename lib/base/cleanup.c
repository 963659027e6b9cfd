// SPDX-License-Identifier: GPL-2.0
/*
 * The cleanup stack (see cleanup.h).
 *
 * Why the actions run inside the signal handler: the alternatives fail for
 * tests. A handler that only sets a flag needs the test to poll it, and a
 * test blocked in a sysfs write, a sleep or a wait for fio never would. A
 * signalfd/sigwait thread runs the actions while the test keeps onlining and
 * offlining memory under them. So the handler itself runs the stack, and
 * everything it touches is async-signal-safe: the entries live in static
 * storage with their arguments copied in (no malloc), the ready-made actions
 * use open/write/_Fork/execve/waitpid/kill/nanosleep only, the log line is a
 * write(2). Then the handler restores the default action and re-raises, so
 * the parent (harness, run_all.sh) still sees "killed by SIGTERM".
 *
 * Each entry is claimed with an atomic exchange before it runs, so a signal
 * arriving during cleanup_run() (or a second signal, though the handler
 * blocks the others while it runs) never runs an action twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/proc.h"

#define WHAT_MAX 96
#define EXEC_ARGS_MAX 32

struct entry {
	atomic_int live;
	cleanup_fn fn;
	char what[WHAT_MAX];
	/* Aligned for any struct a caller copies in (struct proc, ...). */
	_Alignas(max_align_t) unsigned char arg[CLEANUP_ARG_MAX];
};

static struct entry stack[CLEANUP_MAX];
static atomic_int depth;
static pid_t owner;

static size_t str_copy(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}

/* "# cleanup: <what>\n" in one write(2), so lines from two processes do not mix. */
static void log_action(const char *prefix, const char *what)
{
	char line[WHAT_MAX + 32];
	size_t n = str_copy(line, prefix, sizeof(line));

	n += str_copy(line + n, what, sizeof(line) - n - 1);
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, n) < 0)
		return;	/* nowhere left to report it */
}

int cleanup_push(const char *what, cleanup_fn fn, const void *arg, size_t size)
{
	int i = atomic_load(&depth);
	struct entry *e;

	if (size > CLEANUP_ARG_MAX) {
		errno = E2BIG;
		return -1;
	}
	if (i >= CLEANUP_MAX) {
		errno = ENOSPC;
		return -1;
	}
	if (owner != getpid()) {
		/* The first push, or a forked child starting a stack of its own. */
		owner = getpid();
		i = 0;
	}
	e = &stack[i];
	e->fn = fn;
	str_copy(e->what, what, sizeof(e->what));
	memcpy(e->arg, arg, size);
	/* Published last: the handler only looks at entries below depth. */
	atomic_store(&e->live, 1);
	atomic_store(&depth, i + 1);
	return i;
}

void cleanup_drop(int handle)
{
	int top = atomic_load(&depth);

	if (handle < 0 || handle >= top)
		return;
	atomic_store(&stack[handle].live, 0);
	/* Dropped entries on top are freed again: a test that pushes and drops
	 * an undo in each round of a loop (host_request) never fills the stack.
	 * The handler only runs live entries below depth, so this is safe. */
	while (top > 0 && !atomic_load(&stack[top - 1].live))
		top--;
	atomic_store(&depth, top);
}

int cleanup_pending(void)
{
	int n = 0;

	for (int i = 0; i < atomic_load(&depth); i++)
		n += atomic_load(&stack[i].live);
	return n;
}

void cleanup_run(void)
{
	/* A forked child shares the entries but not the things they undo. */
	if (getpid() != owner)
		return;
	for (int i = atomic_load(&depth) - 1; i >= 0; i--) {
		struct entry *e = &stack[i];

		if (atomic_exchange(&e->live, 0)) {
			log_action("# cleanup: ", e->what);
			e->fn(e->arg);
		}
	}
	atomic_store(&depth, 0);
}

static void on_signal(int sig)
{
	cleanup_run();
	signal(sig, SIG_DFL);
	/* Pending until the handler returns, then the default action ends us. */
	raise(sig);
}

int cleanup_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM };
	size_t i;

	sigemptyset(&sa.sa_mask);
	/* One handler at a time: a second signal waits for the first cleanup. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL))
			return -1;
	return 0;
}

struct write_arg {
	char path[CLEANUP_ARG_MAX - 64];
	char value[64];
};

static void do_write(void *arg)
{
	const struct write_arg *w = arg;
	size_t len = strlen(w->value);
	int fd = open(w->path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, w->value, len) != (ssize_t)len)
		log_action("# cleanup failed: ", w->path);
	if (fd >= 0)
		close(fd);
}

int cleanup_push_write(const char *path, const char *value)
{
	struct write_arg w;
	char what[WHAT_MAX];
	size_t n;

	if (strlen(path) >= sizeof(w.path) || strlen(value) >= sizeof(w.value)) {
		errno = E2BIG;
		return -1;
	}
	str_copy(w.path, path, sizeof(w.path));
	str_copy(w.value, value, sizeof(w.value));
	n = str_copy(what, "write ", sizeof(what));
	n += str_copy(what + n, value, sizeof(what) - n);
	/* A value's newline ("\n" clears driver_override) must not end the
	 * "# cleanup:" line early: its remainder would break the TAP stream. */
	if (n && what[n - 1] == '\n')
		n += str_copy(what + n - 1, "\\n", sizeof(what) - n + 1) - 1;
	n += str_copy(what + n, " > ", sizeof(what) - n);
	str_copy(what + n, path, sizeof(what) - n);
	return cleanup_push(what, do_write, &w, sizeof(w));
}

struct exec_arg {
	unsigned timeout_s;
	/* The arguments one after another, each NUL-terminated. */
	char strings[CLEANUP_ARG_MAX - sizeof(unsigned)];
};

static void do_exec(void *arg)
{
	struct exec_arg *x = arg;
	char *argv[EXEC_ARGS_MAX + 1];
	char *p = x->strings;
	bool timed_out, killed;
	int n = 0, status;
	pid_t pid;

	while (*p && n < EXEC_ARGS_MAX) {
		argv[n++] = p;
		p += strlen(p) + 1;
	}
	argv[n] = NULL;
	/* _Fork, not fork: fork runs atfork handlers and takes malloc locks. */
	pid = _Fork();
	if (pid == 0) {
		setpgid(0, 0);
		execve(argv[0], argv, environ);
		_exit(127);
	}
	if (pid < 0 || proc_reap_group(pid, x->timeout_s * 1000, 0, &status,
				       &timed_out, &killed) ||
	    timed_out || !WIFEXITED(status) || WEXITSTATUS(status))
		log_action("# cleanup failed: ", argv[0]);
}

int cleanup_push_exec(unsigned timeout_s, const char *const argv[])
{
	struct exec_arg x = { .timeout_s = timeout_s };
	char what[WHAT_MAX];
	size_t used = 0, n = 0;
	int i;

	if (!argv[0]) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; argv[i]; i++) {
		size_t len = strlen(argv[i]) + 1;

		/* +1: the empty string that ends the list. */
		if (i == EXEC_ARGS_MAX || len == 1 || used + len + 1 > sizeof(x.strings)) {
			errno = E2BIG;
			return -1;
		}
		memcpy(x.strings + used, argv[i], len);
		used += len;
		if (n < sizeof(what) - 1)
			n += str_copy(what + n, i ? " " : "", sizeof(what) - n);
		if (n < sizeof(what) - 1)
			n += str_copy(what + n, argv[i], sizeof(what) - n);
	}
	x.strings[used] = '\0';
	what[n] = '\0';
	return cleanup_push(what, do_exec, &x, sizeof(x));
}
