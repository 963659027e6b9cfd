// SPDX-License-Identifier: GPL-2.0
/*
 * Child processes with timeouts and process-group kills (see proc.h).
 *
 * Waiting is a 10 ms poll loop on waitpid(WNOHANG) rather than SIGCHLD: it
 * needs no signal handler of ours in the test (which may have its own, and
 * the cleanup handler), and it only uses async-signal-safe calls, so the
 * same code stops a load generator from inside a cleanup signal handler.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/error.h"
#include "base/proc.h"

#define TICK_MS 10
/* After SIGKILL a process only survives in uninterruptible sleep; past this
 * we report it instead of hanging with it. */
#define KILL_WAIT_MS 5000

/* Where a child's output goes while we wait for it. */
struct sink {
	int fd;			/* read end of the child's stdout/stderr, or -1 */
	int log_fd;		/* copy everything here, or -1 */
	char *buf;
	size_t size, used;
	bool truncated;
};

bool proc_find_tool(const char *tool, char *path, size_t len)
{
	const char *env = getenv("PATH");
	char dirs[4096], *save, *dir;

	snprintf(dirs, sizeof(dirs), "%s", env ? env : "/usr/sbin:/usr/bin:/sbin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		if (snprintf(path, len, "%s/%s", dir, tool) < (int)len && !access(path, X_OK))
			return true;
	/* Not the last candidate tried: a caller that keeps the answer would
	 * take it for the tool. */
	if (len)
		path[0] = '\0';
	return false;
}

int proc_shell(const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int st, n;

	va_start(ap, fmt);
	n = vasprintf(&cmd, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	st = system(cmd);
	free(cmd);
	return st != -1 && WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

int proc_run_tool(const char *const argv[], unsigned timeout_s, char *out, size_t len)
{
	const struct proc_opts opts = {
		.timeout_ms = timeout_s * 1000, .buf = out, .buf_size = len,
	};
	struct proc_result res;
	char how[96], last[256] = "";
	int ret = proc_run(argv, &opts, &res);

	/* The tools' own words: the first line saying what failed, else the
	 * last line that is no JSON. */
	for (char *l = out, *e; l && *l; l = e ? e + 1 : NULL) {
		int n;

		e = strchr(l, '\n');
		n = e ? (int)(e - l) : (int)strlen(l);
		if (!n || memchr(l, '{', (size_t)n) || memchr(l, '"', (size_t)n) ||
		    memchr(l, '[', (size_t)n) || memchr(l, ']', (size_t)n) ||
		    memchr(l, '}', (size_t)n))
			continue;
		if (ret && (memmem(l, (size_t)n, "failed", 6) || memmem(l, (size_t)n, "error", 5))) {
			snprintf(last, sizeof(last), "%.*s", n, l);
			break;
		}
		snprintf(last, sizeof(last), "%.*s", n, l);
	}
	/* Set on success too: a caller may report a result it does not like. */
	ppcst_fail(ret, "%s %s: %s%s%s", argv[0], argv[1], proc_describe(&res, how, sizeof(how)),
		   last[0] ? ": " : "", last);
	return ret;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Reads what is there without blocking; closes the pipe at EOF. */
static void drain(struct sink *s)
{
	char chunk[4096];

	while (s && s->fd >= 0) {
		ssize_t n = read(s->fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;	/* EAGAIN: nothing more for now */
		if (n == 0) {
			close(s->fd);
			s->fd = -1;
			return;
		}
		if (s->log_fd >= 0)
			write_all(s->log_fd, chunk, (size_t)n);
		if (s->buf) {
			size_t room = s->size - 1 - s->used;
			size_t take = (size_t)n < room ? (size_t)n : room;

			memcpy(s->buf + s->used, chunk, take);
			s->used += take;
			s->buf[s->used] = '\0';
			s->truncated |= take < (size_t)n;
		}
	}
}

/* Sleeps one tick, or less if output arrives (which is then drained). */
static void tick(struct sink *s, int64_t ms)
{
	if (ms > TICK_MS)
		ms = TICK_MS;
	if (s && s->fd >= 0) {
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };

		if (poll(&pfd, 1, (int)ms) > 0)
			drain(s);
	} else {
		ppcst_sleep_ms(ms);
	}
}

/* 1: exited, *status set; 0: still running at @deadline (0: none); -1: error. */
static int wait_until(pid_t pid, int64_t deadline, int *status, struct sink *s)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);
		int64_t left = deadline ? deadline - ppcst_now_ms() : TICK_MS;

		if (r == pid)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
		if (left <= 0)
			return 0;
		tick(s, left);
	}
}

/*
 * Waits for the rest of the group. They were orphaned when our child exited;
 * as a subreaper (see spawn) we inherit and reap them, so a zombie does not
 * count as alive however lazily init reaps.
 */
static bool group_gone_by(pid_t pgid, int64_t deadline, struct sink *s)
{
	int64_t left;

	for (;;) {
		while (waitpid(-pgid, NULL, WNOHANG) > 0)
			;
		if (kill(-pgid, 0))
			return true;
		left = deadline - ppcst_now_ms();
		if (left <= 0)
			return false;
		tick(s, left);
	}
}

static void end_leftovers(pid_t pgid, unsigned grace_ms, struct sink *s)
{
	if (kill(-pgid, SIGTERM))
		return;	/* the group is empty */
	if (!group_gone_by(pgid, ppcst_now_ms() + grace_ms, s)) {
		kill(-pgid, SIGKILL);
		group_gone_by(pgid, ppcst_now_ms() + KILL_WAIT_MS, s);
	}
}

static int reap(pid_t pid, unsigned timeout_ms, unsigned grace_ms, int *status,
		bool *timed_out, bool *killed, struct sink *s)
{
	int64_t deadline = timeout_ms ? ppcst_now_ms() + timeout_ms : 0;
	int r;

	if (!grace_ms)
		grace_ms = PROC_GRACE_MS;
	*timed_out = *killed = false;
	r = wait_until(pid, deadline, status, s);
	if (r == 0) {
		*timed_out = true;
		kill(-pid, SIGTERM);
		r = wait_until(pid, ppcst_now_ms() + grace_ms, status, s);
		if (r == 0) {
			*killed = true;
			kill(-pid, SIGKILL);
			r = wait_until(pid, ppcst_now_ms() + KILL_WAIT_MS, status, s);
		}
	}
	if (r != 1)
		return -1;
	end_leftovers(pid, grace_ms, s);
	drain(s);
	return 0;
}

int proc_reap_group(pid_t pid, unsigned timeout_ms, unsigned grace_ms,
		    int *status, bool *timed_out, bool *killed)
{
	return reap(pid, timeout_ms, grace_ms, status, timed_out, killed, NULL);
}

/*
 * In the child: own process group, default signals, output to @out_fd,
 * then exec. An exec failure goes back through the close-on-exec @err_fd.
 */
static void exec_child(const char *const argv[], int out_fd, int err_fd)
{
	int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGPIPE, SIGCHLD };
	sigset_t none;
	int e;

	setpgid(0, 0);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	e = open("/dev/null", O_RDONLY);
	if (e >= 0 && e != STDIN_FILENO) {
		dup2(e, STDIN_FILENO);
		close(e);
	}
	dup2(out_fd, STDOUT_FILENO);
	dup2(out_fd, STDERR_FILENO);
	if (out_fd > STDERR_FILENO)
		close(out_fd);
	/* The API takes const strings; execvp's prototype predates const. */
	execvp(argv[0], (char *const *)argv);
	e = errno;
	write_all(err_fd, (const char *)&e, sizeof(e));
	_exit(127);
}

/* Forks argv with output to @out_fd; returns the pid, or -1 with *exec_errno. */
static pid_t spawn(const char *const argv[], int out_fd, int *exec_errno)
{
	int errpipe[2];
	pid_t pid;
	ssize_t n;
	int e = 0;

	if (pipe2(errpipe, O_CLOEXEC)) {
		*exec_errno = errno;
		return -1;
	}
	fflush(NULL);	/* or the child would flush our buffered output again */
	/* Orphans of the child's group come to us to be reaped (group_gone_by). */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	pid = fork();
	if (pid == 0)
		exec_child(argv, out_fd, errpipe[1]);
	close(errpipe[1]);
	if (pid < 0) {
		*exec_errno = errno;
		close(errpipe[0]);
		return -1;
	}
	/* Both sides set the group, so a kill right after fork cannot miss it. */
	setpgid(pid, pid);
	do
		n = read(errpipe[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(errpipe[0]);
	if (n == (ssize_t)sizeof(e)) {
		int status;

		waitpid(pid, &status, 0);	/* it is exiting with 127 */
		*exec_errno = e;
		return -1;
	}
	return pid;
}

static int open_log(const char *path)
{
	if (!path)
		path = "/dev/null";
	return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

int proc_run(const char *const argv[], const struct proc_opts *opts,
	     struct proc_result *res)
{
	struct sink s = { .fd = -1, .log_fd = -1, .buf = opts->buf, .size = opts->buf_size };
	int64_t start = ppcst_now_ms();
	int out_fd, pipefd[2];
	pid_t pid;

	memset(res, 0, sizeof(*res));
	if (s.buf && s.size)
		s.buf[0] = '\0';
	else
		s.buf = NULL;
	if (opts->log_path) {
		s.log_fd = open_log(opts->log_path);
		if (s.log_fd < 0) {
			res->exec_errno = errno;
			return -1;
		}
	}
	if (s.buf) {
		/* Through us, so the buffer and the log both get it. */
		if (pipe2(pipefd, O_CLOEXEC)) {
			res->exec_errno = errno;
			if (s.log_fd >= 0)
				close(s.log_fd);
			return -1;
		}
		fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
		s.fd = pipefd[0];
		out_fd = pipefd[1];
	} else {
		out_fd = s.log_fd >= 0 ? s.log_fd : open_log(NULL);
	}
	pid = spawn(argv, out_fd, &res->exec_errno);
	if (out_fd != s.log_fd)
		close(out_fd);
	if (pid > 0) {
		res->started = true;
		if (reap(pid, opts->timeout_ms, opts->grace_ms, &res->status,
			 &res->timed_out, &res->killed, &s))
			res->started = false;	/* unreapable: report it as not run */
	}
	if (s.fd >= 0)
		close(s.fd);
	if (s.log_fd >= 0)
		close(s.log_fd);
	res->truncated = s.truncated;
	res->seconds = (double)(ppcst_now_ms() - start) / 1000;
	if (!res->started)
		return -1;
	return WIFEXITED(res->status) && WEXITSTATUS(res->status) == 0 &&
	       !res->timed_out ? 0 : 1;
}

const char *proc_describe(const struct proc_result *res, char *buf, size_t size)
{
	if (!res->started && res->exec_errno)
		snprintf(buf, size, "did not start: %s", strerror(res->exec_errno));
	else if (!res->started)
		snprintf(buf, size, "could not be reaped, even after SIGKILL");
	else if (res->timed_out)
		snprintf(buf, size, "timed out after %.1f s, ended by %s",
			 res->seconds, res->killed ? "SIGKILL" : "SIGTERM");
	else if (WIFEXITED(res->status))
		snprintf(buf, size, "exited %d", WEXITSTATUS(res->status));
	else
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(res->status),
			 strsignal(WTERMSIG(res->status)));
	return buf;
}

int proc_start(struct proc *p, const char *const argv[], const char *log_path)
{
	int fd = open_log(log_path);
	int e;

	p->pid = 0;
	if (fd < 0)
		return -1;
	p->pid = spawn(argv, fd, &e);
	close(fd);
	if (p->pid < 0) {
		p->pid = 0;
		errno = e;
		return -1;
	}
	return 0;
}

bool proc_running(struct proc *p, struct proc_result *res)
{
	pid_t r;

	if (!p->pid)
		return false;
	memset(res, 0, sizeof(*res));
	r = waitpid(p->pid, &res->status, WNOHANG);
	if (r == 0)
		return true;
	res->started = r == p->pid;
	p->pid = 0;
	return false;
}

int proc_stop(struct proc *p, unsigned grace_ms, struct proc_result *res)
{
	int r;

	res->started = p->pid > 0;
	res->exec_errno = 0;
	res->truncated = false;
	res->seconds = 0;
	if (!p->pid)
		return -1;
	/* Timeout 1 ms: the child is expected to run until told to stop. */
	r = reap(p->pid, 1, grace_ms, &res->status, &res->timed_out, &res->killed, NULL);
	p->pid = 0;
	return r;
}

void proc_stop_cleanup(void *proc)
{
	struct proc_result res;

	proc_stop(proc, 0, &res);
}

void proc_exe_dir(char *buf, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", buf, len - 1);
	char *slash;

	buf[n > 0 ? n : 0] = '\0';
	slash = strrchr(buf, '/');
	*(slash ? slash : buf) = '\0';
}

void proc_tree_path(char *buf, size_t len, const char *rel)
{
	char exe[PATH_MAX];

	proc_exe_dir(exe, sizeof(exe));
	snprintf(buf, len, "%s/../../%s", exe, rel);
}
