// SPDX-License-Identifier: GPL-2.0
/*
 * planner: the one way a testbed run travels. Reads the installed suite's
 * settings once into a plan - which test runs on which machine profile, in a
 * guest (vmrun) or on this host (a test that owns QEMU, settings host.NAME) -
 * makes every machine of the plan once (vmrun --preflight), runs the plan's
 * jobs side by side (-j), and reads back what each job left in its folder:
 *
 *   RESULTS/plan.json                    the plan in the order run, with
 *                                        each job's estimate and its source
 *   RESULTS/preflight/PROFILE/           each machine made once
 *   RESULTS/PROFILE/                     one job: a guest booted with that
 *                                        profile (console.log, vm-outcome.json,
 *                                        run.tap, ...) or a host test's run
 *   RESULTS/PROFILE/TEST/                one test on that machine: output.log,
 *                                        kmsg.txt, result.json (lib/report/report.h)
 *   RESULTS/summary.json, junit.xml      the run: every test x profile, and
 *                                        every subtest (classname TEST.PROFILE)
 *
 *   planner --kernel VMLINUX --rootfs DIR --suite DIR [--results DIR]
 *           [--profile NAME|FILE]... [-t TEST]... [-j N] [--bisect] [--qemu PATH]
 *           [--history FILE] [-- ARGS for each job's run_all.sh --native]
 *   planner --check --settings FILE [--profile NAME|FILE]... [-t TEST]... [-j N]
 *
 * Each selected test runs on each of its settings' profiles, or on each
 * --profile given; the jobs start longest expected first (vm/plan.h), their
 * times kept in --history FILE for the next run. --check makes the plan and
 * runs nothing: silent and 0, or one line and 2 (vm/run-vm.sh asks it before
 * it builds anything).
 *
 * vm/run-vm.sh builds what the run needs (kernel, guest root, suite) and
 * hands over to it. The folders a guest wrote are the guest's work and the
 * guest runs the kernel under test: they are read through lib/report/report.h
 * (bounded, never through a link) and vm-outcome.json is vmrun's own.
 *
 * Exit: 0 passed, 1 a test failed, 3 the testbed broke (no test judged),
 * 4 everything skipped, 2 bad usage or settings, 128+N a signal; with
 * --bisect: 0 good, 1 bad, 125 untestable.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

#include "base/args.h"
#include "base/clock.h"
#include "base/error.h"
#include "base/proc.h"
#include "report/report.h"
#include "base/safe_file.h"
#include "base/settings.h"
#include "report/report_html.h"
#include "outcome.h"
#include "plan.h"
#include "profile.h"

static const char *me = "planner";

#define usage_error(...) args_usage_error(me, __VA_ARGS__)
#define MAX_JOBS PLAN_MAX_JOBS
#define MAX_RUNNER_ARGS 32
/* vm-outcome.json is vmrun's, but lies in the folder the guest shares. */
#define OUTCOME_JSON_MAX (64 * 1024)
#define POLL_MS 200
/* A guest's boot, set-up and power-off beyond its tests' timeouts. */
#define GUEST_OVERHEAD_S 600

struct config {
	const char *kernel, *rootfs, *suite, *qemu, *top, *run_id;
	char tmpdir[64];	/* the jobs' TMPDIRs, under a short path (QMP sockets) */
	const struct settings *settings;
	char results[PATH_MAX];
	const char *runner_args[MAX_RUNNER_ARGS];
	size_t n_runner_args;
	bool bisect;
};

/* The last signal to us, and how many came: the first ends the run's jobs
 * gently, the second at once. */
static volatile sig_atomic_t signalled, n_signals;

static void on_signal(int sig)
{
	signalled = sig;
	n_signals++;
}

/* mkdir -p: the results folder may be new, and results/ with it. 0, or -1
 * with errno; the caller says what it was for. */
static int mkdirs(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *s = buf + 1; ; s++) {
		if (*s && *s != '/')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*s = c;
		if (!c)
			return 0;
	}
}

/* 0 and 1 stay; whatever else means "cannot judge this kernel" to a bisect. */
static int finish(const struct config *c, int code)
{
	if (c->bisect && code != 0 && code != 1)
		return 125;
	return code;
}

static int write_plan(const struct config *c, const struct plan *p)
{
	json_object *root = json_object_new_object(), *jobs = json_object_new_array();
	char path[PATH_MAX + 16], tmp[PATH_MAX + 32];
	FILE *f;
	int ret;

	json_object_object_add(root, "run_id", json_object_new_string(c->run_id));
	json_object_object_add(root, "kernel", json_object_new_string(c->kernel));
	for (size_t i = 0; i < p->n_jobs; i++) {
		json_object *j = json_object_new_object(), *tests = json_object_new_array();

		json_object_object_add(j, "profile", json_object_new_string(p->jobs[i].profile));
		json_object_object_add(j, "where", json_object_new_string(
					       p->jobs[i].where == IN_GUEST ? "guest" : "host"));
		for (size_t k = 0; k < p->jobs[i].n_tests; k++)
			json_object_array_add(tests, json_object_new_string(p->jobs[i].tests[k]));
		json_object_object_add(j, "tests", tests);
		json_object_object_add(j, "estimate_seconds",
				       json_object_new_int64(p->jobs[i].estimate_s));
		json_object_object_add(j, "estimate_from", json_object_new_string(
					       plan_estimate_source_name(p->jobs[i].estimate_from)));
		json_object_array_add(jobs, j);
	}
	json_object_object_add(root, "jobs", jobs);
	snprintf(path, sizeof(path), "%s/plan.json", c->results);
	f = safe_create(path, tmp, sizeof(tmp));
	if (f)
		fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						     JSON_C_TO_STRING_NOSLASHESCAPE), f);
	ret = f ? safe_commit(f, tmp, path) : -1;
	json_object_put(root);
	if (ret)
		fprintf(stderr, "%s: %s\n", me, ppcst_last_error());
	return ret;
}

/* fork + exec with stdin from /dev/null and stdout into OUT_FD,
 * in a process group of its own so that a signal to us reaches all of it. */
static pid_t spawn(const char *const *argv, const char *const *env, int out_fd)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	if (null >= 0)
		dup2(null, 0);
	dup2(out_fd, 1);
	for (; env && *env; env++)
		putenv((char *)*env);
	execv(argv[0], (char *const *)argv);
	fprintf(stderr, "%s: cannot run %s: %s\n", me, argv[0], strerror(errno));
	_exit(127);
}

/*
 * Every machine of the plan made once, paused, and quit before any test: a
 * host that cannot run one is a broken testbed, not a failed test. 0, or
 * vmrun's exit status with its one line on stderr. A machine this QEMU
 * lacks a property for (qemu-lacks) is no broken testbed: its job is marked
 * skipped with vmrun's line and the others run.
 */
static int preflight(const struct config *c, struct plan *p)
{
	char vmrun[PATH_MAX], dir[PATH_MAX + 32], log[PATH_MAX + 48];
	struct proc_result res;

	snprintf(vmrun, sizeof(vmrun), "%s/build/host/vmrun", c->top);
	for (size_t i = 0; i < p->n_jobs; i++) {
		const struct job *j = &p->jobs[i];
		const char *argv[] = { vmrun, "--preflight", "--profile", j->profile_arg,
				       "--kernel", c->kernel, "--rootfs", c->rootfs, "--suite", c->suite,
				       "--results", dir, c->qemu ? "--qemu" : NULL, c->qemu, NULL };
		char *text, *line;
		const char *tag = "vmrun: testbed-broken: ", *lacks = "vmrun: qemu-lacks: ";
		bool skip;

		snprintf(dir, sizeof(dir), "%s/preflight/%s", c->results, j->profile);
		snprintf(log, sizeof(log), "%s/preflight.log", dir);
		if (mkdirs(dir)) {
			fprintf(stderr, "%s: cannot create %s: %s\n", me, dir, strerror(errno));
			return 2;
		}
		const struct proc_opts opts = { .log_path = log };

		if (!proc_run(argv, &opts, &res))
			continue;
		if (signalled)
			return 128 + signalled;
		skip = res.started && WIFEXITED(res.status) &&
			WEXITSTATUS(res.status) == VM_EXIT_QEMU_LACKS;
		/* vmrun's one line, last in the log. */
		text = safe_read_text(log, 1 << 20, NULL);
		line = text ? text : "";
		if (strstr(line, skip ? lacks : tag))
			line = strstr(line, skip ? lacks : tag) + strlen(skip ? lacks : tag);
		line[strcspn(line, "\n")] = '\0';
		fprintf(stderr, "%s: %s: %s\n", me, skip ? "qemu-lacks" : "testbed-broken", line);
		if (skip) {
			snprintf(p->jobs[i].skip, sizeof(p->jobs[i].skip), "qemu-lacks: %s", line);
			free(text);
			continue;
		}
		free(text);
		return res.started && WIFEXITED(res.status) && WEXITSTATUS(res.status) == 2 ? 2 :
			VM_EXIT_TESTBED_BROKEN;
	}
	return 0;
}

/* TEST's timeout as its runner will have it: settings', or the runner's
 * --timeout N / --timeout TEST=N among the arguments passed on to it. */
static unsigned test_timeout(const struct config *c, const char *test)
{
	unsigned t = settings_timeout(c->settings, settings_find(c->settings, test)), all = 0, own = 0;
	size_t len = strlen(test);

	for (size_t i = 0; i + 1 < c->n_runner_args; i++) {
		const char *v = c->runner_args[i + 1];

		if (strcmp(c->runner_args[i], "--timeout"))
			continue;
		if (!strncmp(v, test, len) && v[len] == '=')
			args_count(v + len + 1, 86400 * 7, &own);
		else if (!strchr(v, '='))
			args_count(v, 86400 * 7, &all);
	}
	return own ? own : all ? all : t;
}

static int start_job(const struct config *c, struct job *j, size_t index)
{
	const char *argv[16 + 2 * SETTINGS_MAX_TESTS + MAX_RUNNER_ARGS];
	char vmrun[PATH_MAX], runner[PATH_MAX], bindir[PATH_MAX], tap[PATH_MAX + 16];
	char env_kernel[PATH_MAX + 32], env_rootfs[PATH_MAX + 32], env_profiles[PATH_MAX + 32];
	char env_bindir[PATH_MAX + 32], guest_timeout[16];
	char env_tmpdir[PATH_MAX + 16];
	const char *guest_env[] = { env_tmpdir, NULL };
	const char *host_env[] = { env_tmpdir, "PPCST_NATIVE_ANYWHERE=1", "PPCST_KMSG_SCAN=",
				   env_bindir, env_kernel, env_rootfs, env_profiles, NULL };
	size_t n = 0;
	int pipefd[2];

	snprintf(j->tmpdir, sizeof(j->tmpdir), "%s/%zu", c->tmpdir, index);
	snprintf(env_tmpdir, sizeof(env_tmpdir), "TMPDIR=%s", j->tmpdir);
	if (mkdirs(j->dir) || mkdirs(j->tmpdir)) {
		fprintf(stderr, "%s: cannot create %s: %s\n", me, j->dir, strerror(errno));
		return -1;
	}
	snprintf(tap, sizeof(tap), "%s/job.tap", j->dir);
	j->tap = fopen(tap, "wxe");
	if (!j->tap || pipe2(pipefd, O_CLOEXEC)) {
		fprintf(stderr, "%s: cannot write %s: %s\n", me, tap, strerror(errno));
		return -1;
	}
	if (j->where == IN_GUEST) {
		snprintf(vmrun, sizeof(vmrun), "%s/build/host/vmrun", c->top);
		argv[n++] = vmrun;
		argv[n++] = "--profile";
		argv[n++] = j->profile_arg;
		argv[n++] = "--kernel";
		argv[n++] = c->kernel;
		argv[n++] = "--rootfs";
		argv[n++] = c->rootfs;
		argv[n++] = "--suite";
		argv[n++] = c->suite;
		argv[n++] = "--results";
		argv[n++] = j->dir;
		if (c->qemu) {
			argv[n++] = "--qemu";
			argv[n++] = c->qemu;
		}
		/* The guest's whole life: its tests' timeouts (settings, the one
		 * source) and a boot and power-off's worth. */
		unsigned guest_s = GUEST_OVERHEAD_S;

		for (size_t i = 0; i < j->n_tests; i++)
			guest_s += test_timeout(c, j->tests[i]);
		snprintf(guest_timeout, sizeof(guest_timeout), "%u", guest_s);
		argv[n++] = "--timeout";
		argv[n++] = guest_timeout;
		argv[n++] = "--";
	} else {
		/* The runner from the source tree with the host build of the
		 * programs; the host's own kernel log is not under test. */
		snprintf(runner, sizeof(runner), "%s/run_all.sh", c->top);
		snprintf(bindir, sizeof(bindir), "%s/build/host", c->top);
		snprintf(env_bindir, sizeof(env_bindir), "PPCST_BINDIR=%s", bindir);
		snprintf(env_kernel, sizeof(env_kernel), "PPCST_VM_KERNEL=%s", c->kernel);
		snprintf(env_rootfs, sizeof(env_rootfs), "PPCST_VM_ROOTFS=%s", c->rootfs);
		snprintf(env_profiles, sizeof(env_profiles), "PPCST_VM_PROFILES=%s", j->profile_arg);
		argv[n++] = runner;
		argv[n++] = "--native";
	}
	if (j->where == ON_HOST) {
		/* A guest's runner gets its job folder from the guest's init. */
		argv[n++] = "--job-dir";
		argv[n++] = j->dir;
	}
	for (size_t i = 0; i < j->n_tests; i++) {
		argv[n++] = "-t";
		argv[n++] = j->tests[i];
	}
	for (size_t i = 0; i < c->n_runner_args; i++)
		argv[n++] = c->runner_args[i];
	argv[n] = NULL;
	j->start_ms = ppcst_now_ms();
	j->pid = spawn(argv, j->where == ON_HOST ? host_env : guest_env, pipefd[1]);
	close(pipefd[1]);
	j->out_fd = pipefd[0];
	fprintf(stderr, "%s: %s %s:", me, j->where == IN_GUEST ? "guest" : "host", j->profile);
	for (size_t i = 0; i < j->n_tests; i++)
		fprintf(stderr, " %s", j->tests[i]);
	fprintf(stderr, " -> %s\n", j->dir);
	return j->pid < 0 ? -1 : 0;
}

/*
 * A line of a job's output: into its job.tap as it is, and to the terminal
 * prefixed with the profile and with only printable ASCII (a guest's console
 * is the kernel under test's to write).
 */
static void job_line(struct job *j, const char *line, size_t len)
{
	fprintf(j->tap, "%.*s\n", (int)len, line);
	fflush(j->tap);
	printf("# [%s] ", j->profile);
	for (size_t i = 0; i < len; i++)
		putchar(line[i] >= 0x20 && line[i] < 0x7f ? line[i] : '?');
	putchar('\n');
	fflush(stdout);
}

static void job_read(struct job *j)
{
	ssize_t got = read(j->out_fd, j->line + j->line_len, sizeof(j->line) - j->line_len);
	char *nl;

	if (got < 0 && errno == EINTR)
		return;		/* a signal to us: the next round reads on */
	if (got <= 0) {
		if (j->line_len)
			job_line(j, j->line, j->line_len);
		j->line_len = 0;
		close(j->out_fd);
		j->out_fd = -1;
		return;
	}
	j->line_len += (size_t)got;
	while ((nl = memchr(j->line, '\n', j->line_len))) {
		job_line(j, j->line, (size_t)(nl - j->line));
		j->line_len -= (size_t)(nl + 1 - j->line);
		memmove(j->line, nl + 1, j->line_len);
	}
	/* A line longer than the buffer is cut, not held forever. */
	if (j->line_len == sizeof(j->line)) {
		job_line(j, j->line, j->line_len);
		j->line_len = 0;
	}
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

/* rm -rf, never following a link out of the tree. */
static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/*
 * Runs the jobs, at most PARALLEL at a time, until all ended. A signal stops
 * starting new ones and passes SIGTERM to the running ones (vmrun ends its
 * QEMU, run_all.sh its test's session); a second one, SIGKILL.
 */
static void run_jobs(const struct config *c, struct plan *p, unsigned parallel)
{
	size_t next = 0, running = 0, done = 0;
	sig_atomic_t forwarded = 0;

	while (done < p->n_jobs) {
		struct pollfd fds[MAX_JOBS];
		struct job *who[MAX_JOBS];
		nfds_t nfds = 0;
		int st;
		pid_t pid;

		while (!signalled && running < parallel && next < p->n_jobs) {
			if (p->jobs[next].skip[0]) {
				/* Its preflight said qemu-lacks: collect_job skips its tests. */
				p->jobs[next].status = 0;
				done++;
			} else if (start_job(c, &p->jobs[next], next)) {
				p->jobs[next].status = 127;
				done++;
			} else {
				running++;
			}
			next++;
		}
		if (!running && (signalled || next == p->n_jobs)) {
			/* Jobs never started count as done: nothing ran. */
			done += p->n_jobs - next;
			next = p->n_jobs;
			break;
		}
		if (n_signals > forwarded) {
			int sig = forwarded ? SIGKILL : SIGTERM;

			for (size_t i = 0; i < next; i++)
				if (p->jobs[i].status < 0 && p->jobs[i].pid > 0) {
					kill(-p->jobs[i].pid, sig);
					p->jobs[i].cut = true;
				}
			forwarded = n_signals;
		}
		for (size_t i = 0; i < next; i++)
			if (p->jobs[i].out_fd >= 0) {
				fds[nfds] = (struct pollfd){ .fd = p->jobs[i].out_fd, .events = POLLIN };
				who[nfds++] = &p->jobs[i];
			}
		if (poll(fds, nfds, POLL_MS) > 0)
			for (nfds_t i = 0; i < nfds; i++)
				if (fds[i].revents)
					job_read(who[i]);
		while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
			for (size_t i = 0; i < next; i++) {
				struct job *j = &p->jobs[i];

				if (j->pid != pid)
					continue;
				/* What it printed before it ended, to the last line. */
				while (j->out_fd >= 0)
					job_read(j);
				j->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
				/* Whatever of it is left (a killed vmrun's QEMU dies with
				 * it; its temporary files do not) goes now. */
				kill(-j->pid, SIGKILL);
				remove_tree(j->tmpdir);
				j->ms = ppcst_now_ms() - j->start_ms;
				fclose(j->tap);
				j->tap = NULL;
				fprintf(stderr, "%s: %s %s ended with status %d after %lld s\n", me,
					j->where == IN_GUEST ? "guest" : "host", j->profile, j->status,
					j->ms / 1000);
				running--;
				done++;
			}
	}
}

/* vmrun's verdict on a guest job (its vm-outcome.json). */
struct vm_result {
	char outcome[64];
	int exit_code;
	char detail[512];
	char qemu_version[128];
};

static bool read_outcome(const struct job *j, struct vm_result *vr)
{
	char path[PATH_MAX + 32], *text;
	json_object *root, *v;
	bool ok = false;

	snprintf(path, sizeof(path), "%s/vm-outcome.json", j->dir);
	text = safe_read_text(path, OUTCOME_JSON_MAX, NULL);
	root = text ? json_tokener_parse(text) : NULL;
	if (root && json_object_object_get_ex(root, "outcome", &v) &&
	    json_object_is_type(v, json_type_string)) {
		snprintf(vr->outcome, sizeof(vr->outcome), "%s", json_object_get_string(v));
		vr->exit_code = json_object_object_get_ex(root, "exit_code", &v) ?
			json_object_get_int(v) : 1;
		snprintf(vr->detail, sizeof(vr->detail), "%s",
			 json_object_object_get_ex(root, "detail", &v) ? json_object_get_string(v) : "");
		snprintf(vr->qemu_version, sizeof(vr->qemu_version), "%s",
			 json_object_object_get_ex(root, "qemu_version", &v) ?
			 json_object_get_string(v) : "");
		ok = true;
	}
	json_object_put(root);
	free(text);
	return ok;
}

struct verdicts {
	struct report_test *tests;
	size_t n, cap;
	bool testbed_broken;
	char qemu_version[128];		/* as the first guest's vmrun saw it */
};

static struct report_test *verdict_add(struct verdicts *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 16;
		v->tests = realloc(v->tests, v->cap * sizeof(*v->tests));
		if (!v->tests) {
			perror(me);
			exit(2);
		}
	}
	memset(&v->tests[v->n], 0, sizeof(v->tests[v->n]));
	return &v->tests[v->n++];
}

/*
 * A job's tests as its folder shows them, and when vmrun judged the guest
 * itself (it panicked, hung, the testbed broke), that verdict too: a test
 * "vm" of the profile, failed - or skipped when the testbed broke before any
 * test ran. A test the guest never reached is skipped and says why.
 */
static void collect_job(const struct job *j, struct verdicts *v)
{
	struct vm_result vr = { "", 0, "", "" };
	char why[700] = "";

	if (j->skip[0]) {
		for (size_t i = 0; i < j->n_tests; i++) {
			struct report_test *t = verdict_add(v);

			snprintf(t->test, sizeof(t->test), "%s", j->tests[i]);
			snprintf(t->profile, sizeof(t->profile), "%s", j->profile);
			t->result = REPORT_SKIP;
			t->exit_code = -1;
			t->kmsg_findings = t->kmsg_failing = -1;
			snprintf(t->reason, sizeof(t->reason), "%s", j->skip);
		}
		return;
	}

	if (j->where == IN_GUEST && !read_outcome(j, &vr)) {
		snprintf(vr.outcome, sizeof(vr.outcome), "no-outcome");
		snprintf(vr.detail, sizeof(vr.detail), "vmrun left no vm-outcome.json (status %d)",
			 j->status);
		vr.exit_code = j->status < 0 ? 1 : j->status;
	}
	if (!v->qemu_version[0])
		snprintf(v->qemu_version, sizeof(v->qemu_version), "%s", vr.qemu_version);
	if (j->status < 0)
		snprintf(why, sizeof(why), "not run: the run was interrupted before it");
	else if (vr.exit_code == VM_EXIT_TESTBED_BROKEN)
		snprintf(why, sizeof(why), "testbed broken: %s: %s", vr.outcome, vr.detail);
	else if (vr.exit_code == VM_EXIT_QEMU_LACKS)
		snprintf(why, sizeof(why), "%s: %s", vr.outcome, vr.detail);
	else if (vr.outcome[0] && strcmp(vr.outcome, "pass") && strcmp(vr.outcome, "tests-failed"))
		snprintf(why, sizeof(why), "not run: the guest ended (%s)", vr.outcome);
	for (size_t i = 0; i < j->n_tests; i++) {
		struct report_test *t = verdict_add(v);

		if (report_read_test(j->dir, j->tests[i], j->profile, t)) {
			snprintf(t->test, sizeof(t->test), "%s", j->tests[i]);
			snprintf(t->profile, sizeof(t->profile), "%s", j->profile);
			t->result = REPORT_ERROR;
			snprintf(t->reason, sizeof(t->reason), "%s", ppcst_last_error());
		} else if (why[0] && t->result == REPORT_ERROR && !strcmp(t->reason, REPORT_NOT_RUN)) {
			t->result = REPORT_SKIP;
			snprintf(t->reason, sizeof(t->reason), "%s", why);
		} else if (j->cut && t->result == REPORT_FAIL &&
			   !strncmp(t->reason, REPORT_NO_RESULT, strlen(REPORT_NO_RESULT))) {
			/* Cut short by us, not by the kernel: no verdict. A job
			 * that had ended before the signal keeps its verdicts,
			 * and a signal while the report is written changes
			 * none, only the exit status. */
			t->result = REPORT_SKIP;
			snprintf(t->reason, sizeof(t->reason),
				 "not finished: the run was interrupted by signal %d", (int)signalled);
		}
	}
	if (vr.exit_code == VM_EXIT_TESTBED_BROKEN)
		v->testbed_broken = true;
	if (j->where == IN_GUEST && j->status >= 0 && strcmp(vr.outcome, "pass") &&
	    strcmp(vr.outcome, "tests-failed")) {
		struct report_test *t = verdict_add(v);

		snprintf(t->test, sizeof(t->test), "vm");
		snprintf(t->profile, sizeof(t->profile), "%s", j->profile);
		/* A broken testbed or a signal to the run says nothing of the kernel. */
		t->result = vr.exit_code == VM_EXIT_TESTBED_BROKEN ||
			vr.exit_code == VM_EXIT_QEMU_LACKS || !strcmp(vr.outcome, vm_outcome_name(VM_OUTCOME_INTERRUPTED)) ?
			REPORT_SKIP : REPORT_FAIL;
		t->exit_code = -1;
		t->kmsg_findings = t->kmsg_failing = -1;
		t->ms = (unsigned long)j->ms;
		snprintf(t->reason, sizeof(t->reason), "%.40s: %.200s", vr.outcome, vr.detail);
	}
}

/* The run's own TAP: one point per test and profile, at the end. */
static void print_tap(const struct verdicts *v)
{
	printf("TAP version 13\n1..%zu\n", v->n);
	for (size_t i = 0; i < v->n; i++) {
		struct report_test *t = &v->tests[i];

		/* A reason may have lines of its own; a TAP point has one. */
		for (char *c = t->reason; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';

		if (t->result == REPORT_PASS)
			printf("ok %zu %s.%s\n", i + 1, t->test, t->profile);
		else if (t->result == REPORT_SKIP)
			printf("ok %zu %s.%s # SKIP %s\n", i + 1, t->test, t->profile, t->reason);
		else
			printf("not ok %zu %s.%s # %s: %s\n", i + 1, t->test, t->profile,
			       report_result_name(t->result), t->reason);
	}
}

/*
 * Each job that ran to its end (its tests judged, whatever they found) into
 * HISTORY, written to PATH: the next run's order. Only a job whose tests
 * all passed: one cut by a signal, whose testbed broke, that was skipped
 * (qemu-lacks) or whose kernel failed a test took a time that says nothing
 * of the next (a known-bug kernel failing pmem_hotplug in 12 s put the pmem
 * job, 150 s on a good kernel, last in the next default run).
 */
static void record_job_times(const char *path, const struct plan *p, struct job_times *history)
{
	bool changed = false;

	for (size_t i = 0; i < p->n_jobs; i++) {
		const struct job *j = &p->jobs[i];
		char key[JOB_TIMES_KEY_MAX];

		if (j->status != 0 || j->cut || j->skip[0] ||
		    job_times_key(j->profile, j->tests, j->n_tests, key))
			continue;
		changed |= !job_times_set(history, key, (unsigned)((j->ms + 500) / 1000));
	}
	if (changed && job_times_write(path, history))
		fprintf(stderr, "%s: %s (the next run orders its jobs by settings)\n", me,
			ppcst_last_error());
}

/* From the first job's start to the last one's end: what the run took, where
 * its summed job time counts jobs side by side twice. -1 if none started. */
static long long wall_ms(const struct plan *p)
{
	long long first = -1, last = -1;

	for (size_t i = 0; i < p->n_jobs; i++) {
		const struct job *j = &p->jobs[i];

		if (!j->start_ms)
			continue;
		if (first < 0 || j->start_ms < first)
			first = j->start_ms;
		if (j->start_ms + j->ms > last)
			last = j->start_ms + j->ms;
	}
	return first < 0 ? -1 : last - first;
}

static unsigned default_parallel(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (unsigned)n : 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "suite", required_argument, NULL, 's' },
		{ "results", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "bisect", no_argument, NULL, 'B' },
		{ "settings", required_argument, NULL, 'S' },
		{ "history", required_argument, NULL, 'H' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static struct settings settings;
	static struct plan plan;
	static struct job_times history;
	const char *selected[SETTINGS_MAX_TESTS], *profile_args[MAX_JOBS], *results_arg = NULL;
	const char *settings_arg = NULL, *history_path = NULL;
	bool check_only = false;
	size_t n_selected = 0, n_profile_args = 0;
	struct config c = { 0 };
	char exe[PATH_MAX], settings_path[PATH_MAX + 16], run_id[64];
	unsigned parallel = default_parallel();
	struct report_totals tot;
	struct verdicts v = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	const char *profiles[MAX_JOBS];
	unsigned planned = 0;
	struct tm tm;
	time_t now = time(NULL);
	int opt, rc;

	while ((opt = getopt_long(argc, argv, "t:j:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'k': c.kernel = optarg; break;
		case 'r': c.rootfs = optarg; break;
		case 's': c.suite = optarg; break;
		case 'o': results_arg = optarg; break;
		case 'p':
			if (n_profile_args == MAX_JOBS)
				usage_error("--profile: more than %d profiles", MAX_JOBS);
			profile_args[n_profile_args++] = optarg;
			break;
		case 'q': c.qemu = optarg; break;
		case 'B': c.bisect = true; break;
		case 'S': settings_arg = optarg; break;
		case 'H': history_path = optarg; break;
		case 'c': check_only = true; break;
		case 't':
			if (!report_is_name(optarg))
				usage_error("-t %s: not a test name (letters, digits, _ - .)", optarg);
			if (n_selected == SETTINGS_MAX_TESTS)
				usage_error("-t: more than %d tests", SETTINGS_MAX_TESTS);
			selected[n_selected++] = optarg;
			break;
		case 'j':
			if (args_count(optarg, MAX_JOBS, &parallel))
				usage_error("-j %s: not a number from 1 to %d", optarg, MAX_JOBS);
			break;
		case 'h':
			printf("usage: %s --kernel VMLINUX --rootfs DIR --suite DIR [--results DIR]\n"
			       "       [--profile NAME|FILE]... [-t TEST]... [-j N] [--bisect] [--qemu PATH]\n"
			       "       [--history FILE] [-- ARGS for each job's run_all.sh]\n"
			       "   or: %s --check --settings FILE [--profile NAME|FILE]... [-t TEST]... [-j N]\n",
			       me, me);
			return 0;
		default:
			return finish(&c, 2);
		}
	}
	if (check_only && !settings_arg && !c.suite)
		usage_error("--check needs --settings FILE or --suite DIR");
	if (!check_only && (!c.kernel || !c.rootfs || !c.suite))
		usage_error("--kernel, --rootfs and --suite are required");
	for (; optind < argc; optind++) {
		if (c.n_runner_args == MAX_RUNNER_ARGS)
			usage_error("more than %d arguments for run_all.sh", MAX_RUNNER_ARGS);
		c.runner_args[c.n_runner_args++] = argv[optind];
	}
	if (settings_arg)
		snprintf(settings_path, sizeof(settings_path), "%s", settings_arg);
	else
		snprintf(settings_path, sizeof(settings_path), "%s/" SETTINGS_FILE, c.suite);
	/* What --check answers is all that a run refuses before it starts:
	 * vm/run-vm.sh asks it before it builds anything. */
	if (settings_load(settings_path, &settings) ||
	    plan_make(&settings, selected, n_selected, profile_args, n_profile_args, &plan)) {
		fprintf(stderr, "%s: %s\n", me, ppcst_last_error());
		return finish(&c, 2);
	}
	if (check_only)
		return 0;
	c.kernel = args_realpath(me, "--kernel", c.kernel, false);
	c.rootfs = args_realpath(me, "--rootfs", c.rootfs, true);
	c.suite = args_realpath(me, "--suite", c.suite, true);
	/* build/host/planner of the source tree: its top has run_all.sh and vm/. */
	proc_tree_path(exe, sizeof(exe), "");
	c.top = args_realpath(me, "the source tree", exe, true);
	c.settings = &settings;
	/* A file in a cache: a bad one costs the order, never the run. */
	if (history_path && (rc = job_times_read(history_path, &history)) && rc != -ENOENT)
		fprintf(stderr, "%s: %s (ignored: jobs ordered by their settings' timeouts)\n",
			me, ppcst_last_error());
	plan_estimate(&plan, &settings, &history);
	plan_order(&plan);

	localtime_r(&now, &tm);
	snprintf(run_id, sizeof(run_id), "%04d%02d%02d-%02d%02d%02d-%d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid());
	if (results_arg)
		snprintf(c.results, sizeof(c.results), "%s", results_arg);
	else
		snprintf(c.results, sizeof(c.results), "%s/results/%s", c.top, run_id);
	if (mkdirs(c.results) || access(c.results, W_OK)) {
		fprintf(stderr, "%s: --results %s: cannot write there: %s\n", me, c.results,
			strerror(errno));
		return finish(&c, 2);
	}
	char *abs = realpath(c.results, NULL);

	snprintf(c.results, sizeof(c.results), "%s", abs);
	free(abs);
	{
		const char *base = strrchr(c.results, '/');

		c.run_id = base ? base + 1 : c.results;
	}
	for (size_t i = 0; i < plan.n_jobs; i++)
		snprintf(plan.jobs[i].dir, sizeof(plan.jobs[i].dir), "%s/%s", c.results,
			 plan.jobs[i].profile);
	if (write_plan(&c, &plan))
		return finish(&c, 2);

	{
		const char *tmp = getenv("TMPDIR");

		snprintf(c.tmpdir, sizeof(c.tmpdir), "%s/ppcst-plan.XXXXXX",
			 tmp && *tmp && strlen(tmp) < 24 ? tmp : "/tmp");
		if (!mkdtemp(c.tmpdir)) {
			fprintf(stderr, "%s: mkdtemp %s: %s\n", me, c.tmpdir, strerror(errno));
			return finish(&c, 2);
		}
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rc = preflight(&c, &plan);
	if (rc) {
		remove_tree(c.tmpdir);
		fprintf(stderr, "%s: results in %s\n", me, c.results);
		printf("0 passed, 0 failed, 0 skipped\n");
		return finish(&c, rc);
	}
	run_jobs(&c, &plan, parallel);
	remove_tree(c.tmpdir);
	if (history_path)
		record_job_times(history_path, &plan, &history);

	for (size_t i = 0; i < plan.n_jobs; i++)
		collect_job(&plan.jobs[i], &v);
	/* Planned: the plan's tests x profiles, not the "vm" verdicts added to them. */
	for (size_t i = 0; i < plan.n_jobs; i++) {
		profiles[i] = plan.jobs[i].profile;
		planned += (unsigned)plan.jobs[i].n_tests;
	}
	{
		const struct report_run run = {
			.run_id = c.run_id, .kernel = c.kernel, .qemu = v.qemu_version,
			.profiles = profiles, .n_profiles = plan.n_jobs, .planned = planned,
			.wall_ms = wall_ms(&plan),
		};

		if (report_write(c.results, &run, v.tests, v.n))
			fprintf(stderr, "%s: %s\n", me, ppcst_last_error());
		/* The page is for people: without it the verdict stands. */
		else if (report_html_write(c.results))
			fprintf(stderr, "%s: report.html: %s\n", me, ppcst_last_error());
	}
	print_tap(&v);
	report_count(v.tests, v.n, &tot);
	fprintf(stderr, "%s: results in %s\n", me, c.results);
	report_print_line(stdout, &tot);
	if (signalled) {
		fprintf(stderr, "%s: interrupted by signal %d\n", me, (int)signalled);
		rc = 128 + signalled;
	} else if (tot.fail + tot.timeout) {
		rc = 1;
	} else if (v.testbed_broken) {
		rc = VM_EXIT_TESTBED_BROKEN;
	} else {
		rc = report_exit_code(&tot, c.bisect);
	}
	for (size_t i = 0; i < v.n; i++)
		report_test_free(&v.tests[i]);
	free(v.tests);
	return finish(&c, rc);
}
