// SPDX-License-Identifier: GPL-2.0
/*
 * vmrun: the host side of one testbed run. Boots the pseries guest under QEMU
 * with the guest root, the installed suite and the results directory shared
 * over virtio 9p, streams the TAP the guest's run_all.sh prints, and judges
 * what the guest cannot judge itself.
 *
 *   vmrun --profile FILE|NAME --kernel VMLINUX --rootfs DIR --suite DIR
 *         --results DIR [--timeout S] [--boot-timeout S] [--grace S]
 *         [--qemu PATH] [--append ARGS] [-- ARGS for the guest's run_all.sh]
 *   vmrun --preflight --profile FILE|NAME --kernel VMLINUX --rootfs DIR
 *         --results DIR [--suite DIR] [--qemu PATH]
 *   vmrun --list-profiles
 *
 * --preflight: before any test, whether this host can run the profile's
 * machine at all - the files the run needs are there and QEMU makes the
 * machine, paused, then quits (vm_qemu_preflight). Outcome "ready" (exit 0)
 * or "testbed-broken" (exit 3) with one line naming the profile, the device
 * and QEMU's own message; RESULTS/vm-outcome.json either way. A profile
 * whose needs-property lines this QEMU lacks is "qemu-lacks" (exit 4, here
 * and in a run): the planner skips its tests and runs the rest.
 *
 * The guest contract (9p shares, job file, "# ppcst: " console markers, host
 * requests) is lib/testbed/testbed_protocol.h; the arguments after "--" are the job.
 *
 * Outcomes (vm/outcome.h; vmrun --help lists them with their exit status):
 * stdout gets a "not ok ... vm: <outcome>" TAP line with excerpts for each
 * but pass and tests-failed, "ok ... vm: <outcome> # SKIP" for those of
 * exit 3; RESULTS/vm-outcome.json always. Bad usage: exit 2. Exit 3 means
 * the testbed broke before any test ran (a bisect maps it to 125, "skip").
 *
 * On a hang (boot-timeout, test-timeout, guest-oops, guest-hang) vmrun first injects an
 * NMI so that the console shows where the CPUs were, then kills QEMU.
 *
 * While a test runs, vmrun serves its host requests (vm/hostreq_server.h:
 * device_add, device_del, ... through QMP) from RESULTS/.ppcst-host and logs
 * them to RESULTS/host-requests.log.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <json-c/json.h>

#include "base/args.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_verdict.h"
#include "base/error.h"
#include "base/proc.h"
#include "base/safe_file.h"
#include "base/sysfs.h"
#include "hostreq_server.h"
#include "outcome.h"
#include "profile.h"
#include "qemu.h"

#define DEFAULT_TIMEOUT_S 3600
#define DEFAULT_GRACE_S 30
/* From tap-end to QEMU's exit: poweroff -f takes well under a second. */
#define SHUTDOWN_TIMEOUT_S 30
#define CONSOLE_TAIL_LINES 40
#define STDERR_TAIL_LINES 10
#define POLL_MS 200

static const char *me = "vmrun";

#define usage_error(...) args_usage_error(me, __VA_ARGS__)

static void usage(void)
{
	printf("usage: %s --profile FILE|NAME --kernel VMLINUX --rootfs DIR --suite DIR\n"
	       "             --results DIR [--timeout S] [--boot-timeout S] [--grace S]\n"
	       "             [--qemu PATH] [--append ARGS] [-- ARGS for run_all.sh]\n"
	       "       %s --preflight --profile FILE|NAME --kernel VMLINUX --rootfs DIR\n"
	       "             --results DIR [--suite DIR] [--qemu PATH]\n"
	       "       %s --print-argv DIR --profile FILE|NAME --kernel VMLINUX --rootfs DIR\n"
	       "             --suite DIR [--qemu PATH] [--append ARGS]\n"
	       "       %s --list-profiles\n"
	       "Boots the pseries test guest, runs the installed suite in it and\n"
	       "streams its TAP. Exit: 0 passed, 1 a test failed or the guest or\n"
	       "QEMU broke, 2 bad usage, 3 the testbed broke before any test ran.\n"
	       "--preflight: can this host run the profile's machine (exit 0, or 3)?\n"
	       "--print-argv: the QEMU command line of the machine, one argument a line,\n"
	       "for a QEMU started by someone else (a LAVA job); its scratch disks go into DIR\n"
	       "(exit 0, 2 bad usage, 3 the machine cannot be made here).\n"
	       "Profiles NAME are $PPCST_PROFILES/NAME.profile (default: vm/profiles).\n"
	       "Outcomes (vm-outcome.json, exit status):\n",
	       me, me, me, me);
	for (int i = VM_OUTCOME_NONE + 1; i < VM_OUTCOME_COUNT; i++)
		printf("  %-19s %3d  %s\n", vm_outcome_name(i), vm_outcome_exit_code(i),
		       vm_outcome_meaning(i));
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_profile(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > 8 && !strcmp(d->d_name + len - 8, ".profile");
}

static int list_profiles(void)
{
	char dir[VM_PROFILES_DIR_LEN], path[VM_PROFILES_DIR_LEN + 256], err[512];
	struct dirent **ents;
	int n = 0, bad = 0;

	vm_profiles_dir(dir);
	n = scandir(dir, &ents, is_profile, name_cmp);
	if (n < 0) {
		fprintf(stderr, "%s: cannot list profiles in %s: %s\n", me, dir, strerror(errno));
		return 3;
	}
	for (int i = 0; i < n; i++) {
		struct vm_profile p;

		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]->d_name);
		if (vm_profile_load(path, &p, err, sizeof(err))) {
			printf("%-16.*s (broken: %s)\n", (int)strlen(ents[i]->d_name) - 8,
			       ents[i]->d_name, err);
			bad = 1;
		} else {
			printf("%-16s %s\n", p.name, p.description);
			vm_profile_free(&p);
		}
		free(ents[i]);
	}
	free(ents);
	return bad ? 3 : 0;
}

enum phase { BOOTING, BOOTED, RUNNING, FINISHED };

struct run {
	enum phase phase;
	long long start_ms, boot_ms;
	/* the test that runs now, from "# ppcst: begin" */
	char test[128];
	unsigned int test_timeout_s;
	long long test_deadline;
	long long grace_ms;
	int guest_rc;
	char panic_line[256];
	/* the first "Oops:" while a test ran; when the run ends unless the
	 * guest's user space says something before (0: no oops, or the suite
	 * finished after it) */
	char oops_line[256];
	long long oops_deadline;
	char setup_error[256];
	/* what of the guest's TAP reached stdout */
	bool tap_version, tap_plan;
	long max_test;
};

/* printk lines ("[   12.345678] ...") interleave with the guest's TAP on the
 * one console; they stay in console.log, stdout gets the TAP alone. */
static bool is_printk(const char *line)
{
	const char *p = line;

	if (*p++ != '[')
		return false;
	while (*p == ' ')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return false;
	p += strspn(p, "0123456789");
	return *p == '.';
}

static void stream_tap(struct run *r, const char *line)
{
	long n;

	if (is_printk(line))
		return;
	puts(line);
	fflush(stdout);
	if (!strncmp(line, "TAP version", 11))
		r->tap_version = true;
	else if (!strncmp(line, "1..", 3))
		r->tap_plan = true;
	else if (sscanf(line, "ok %ld", &n) == 1 || sscanf(line, "not ok %ld", &n) == 1)
		r->max_test = n > r->max_test ? n : r->max_test;
}

static void on_marker(struct run *r, const char *m)
{
	long long now = ppcst_now_ms();
	unsigned int s;
	int rc;

	if (!strncmp(m, TESTBED_MARK_BOOT, strlen(TESTBED_MARK_BOOT)) && r->phase == BOOTING) {
		r->phase = BOOTED;
		r->boot_ms = now - r->start_ms;
		fprintf(stderr, "%s: guest booted in %.1f s (%s)\n", me, r->boot_ms / 1000.0, m);
	} else if (!strncmp(m, TESTBED_MARK_ERROR, strlen(TESTBED_MARK_ERROR))) {
		snprintf(r->setup_error, sizeof(r->setup_error), "%s", m + strlen(TESTBED_MARK_ERROR));
	} else if (!strcmp(m, TESTBED_MARK_TAP_BEGIN)) {
		r->phase = RUNNING;
	} else if (sscanf(m, TESTBED_MARK_TAP_END, &rc) == 1) {
		r->phase = FINISHED;
		r->guest_rc = rc;
		r->test[0] = '\0';
		r->test_deadline = now + SHUTDOWN_TIMEOUT_S * 1000LL;
	} else if (!strncmp(m, TESTBED_MARK_BEGIN, strlen(TESTBED_MARK_BEGIN))) {
		const char *name = m + strlen(TESTBED_MARK_BEGIN);
		const char *t = strstr(m, TESTBED_MARK_TIMEOUT);

		snprintf(r->test, sizeof(r->test), "%.*s",
			 (int)(t ? t - name : (long)strlen(name)), name);
		r->test_timeout_s = t && sscanf(t + strlen(TESTBED_MARK_TIMEOUT), "%u", &s) == 1 ? s : 0;
		/* No timeout given: the overall --timeout is the only limit. */
		r->test_deadline = r->test_timeout_s ?
			now + r->test_timeout_s * 1000LL + r->grace_ms : 0;
	} else if (!strncmp(m, TESTBED_MARK_END, strlen(TESTBED_MARK_END))) {
		r->test[0] = '\0';
		r->test_deadline = 0;
	}
}

static void on_line(void *ctx, const char *line)
{
	struct run *r = ctx;
	const char *panic = strstr(line, VM_PANIC_TEXT);
	const char *oops = is_printk(line) ? strstr(line, VM_OOPS_TEXT) : NULL;

	if (panic && !r->panic_line[0])
		snprintf(r->panic_line, sizeof(r->panic_line), "%s", panic);
	if (oops && !r->oops_line[0] && r->test[0]) {
		snprintf(r->oops_line, sizeof(r->oops_line), "%s", oops);
		r->oops_deadline = ppcst_now_ms() + r->grace_ms;
	} else if (r->oops_deadline && !is_printk(line)) {
		/* User space still talks after the oops: it gets another grace. */
		r->oops_deadline = ppcst_now_ms() + r->grace_ms;
	}
	if (!strncmp(line, TESTBED_MARK, strlen(TESTBED_MARK))) {
		on_marker(r, line + strlen(TESTBED_MARK));
		if (r->phase == RUNNING && strncmp(line + strlen(TESTBED_MARK), TESTBED_MARK_TAP_BEGIN,
							  strlen(TESTBED_MARK_TAP_BEGIN)))
			stream_tap(r, line);
		return;
	}
	if (r->phase == RUNNING)
		stream_tap(r, line);
}

/* QEMU is gone: say why, given how far the guest got. */
static void judge_exit(struct vm_qemu *vm, struct run *r, struct vm_verdict *o)
{
	int st = vm_qemu_wait_status(vm);
	char how[128], reason[64];

	vm_qemu_describe_exit(vm, how, sizeof(how));
	vm_qemu_shutdown_reason(vm, reason, sizeof(reason));
	if (r->panic_line[0])
		vm_verdict_set(o, VM_OUTCOME_GUEST_PANIC, "%s", r->panic_line);
	else if (WIFSIGNALED(st))
		vm_verdict_set(o, VM_OUTCOME_QEMU_CRASHED, "QEMU %s", how);
	else if (WEXITSTATUS(st) && r->phase == BOOTING)
		vm_verdict_set(o, VM_OUTCOME_QEMU_START_FAILED, "QEMU %s before the guest booted", how);
	else if (WEXITSTATUS(st))
		vm_verdict_set(o, VM_OUTCOME_QEMU_CRASHED, "QEMU %s", how);
	else if (r->phase == FINISHED && r->guest_rc == 0)
		vm_verdict_set(o, VM_OUTCOME_PASS, "run_all.sh exited 0");
	else if (r->phase == FINISHED)
		vm_verdict_set(o, VM_OUTCOME_TESTS_FAILED, "run_all.sh exited %d", r->guest_rc);
	else
		vm_verdict_set(o, VM_OUTCOME_GUEST_RESET,
			       "the guest stopped (%s) %s", *reason ? reason : "no SHUTDOWN event",
			       r->phase == BOOTING ? "before the boot marker" : "before tap-end");
	/* Before the boot marker no test ran: the testbed broke. */
	if (o->outcome == VM_OUTCOME_GUEST_RESET && r->phase == BOOTING)
		o->exit_code = VM_EXIT_TESTBED_BROKEN;
}

/* A panicked guest waits for nothing: its host requests stop waiting. */
static bool guest_panicked(void *ctx)
{
	const struct run *r = ctx;

	return r->panic_line[0];
}

/* The running test's host requests. A wait among them ends by the run's next
 * deadline, so that the loop below still acts on it in time. */
static void serve_host_requests(struct vm_hostreq_server *hr, struct vm_qemu *vm,
				const struct run *r, long long deadline)
{
	if (r->phase != RUNNING)
		return;
	vm_hostreq_serve(hr, vm, r->test_deadline && r->test_deadline < deadline ?
			 r->test_deadline : deadline);
}

/* Drives the run until an outcome is known; QEMU is dead on return. */
static void supervise(struct vm_qemu *vm, struct vm_hostreq_server *hr, struct run *r,
		      long long boot_deadline, long long deadline, struct vm_verdict *o)
{
	for (;;) {
		enum vm_status st = vm_qemu_poll(vm, POLL_MS);
		long long now = ppcst_now_ms();

		if (st == VM_INTERRUPTED) {
			vm_verdict_set(o, VM_OUTCOME_INTERRUPTED, "vmrun got signal %d", vm_signal_pending());
			break;
		}
		if (vm_verdict_panic(o, vm, st, r->panic_line, "GUEST_PANICKED from QEMU"))
			break;
		if (r->setup_error[0] && r->phase != RUNNING && r->phase != FINISHED) {
			vm_verdict_set(o, VM_OUTCOME_GUEST_SETUP_FAILED, "%s", r->setup_error);
			break;
		}
		if (st == VM_EXITED) {
			judge_exit(vm, r, o);
			break;
		}
		if (r->phase == BOOTING && now >= boot_deadline) {
			vm_qemu_nmi_and_kill(vm);
			vm_verdict_set(o, VM_OUTCOME_BOOT_TIMEOUT, "no boot marker within %lld s",
				       (boot_deadline - r->start_ms) / 1000);
			break;
		}
		if (r->phase == RUNNING && r->test_deadline && now >= r->test_deadline) {
			vm_qemu_nmi_and_kill(vm);
			vm_verdict_set(o, VM_OUTCOME_TEST_TIMEOUT, "%s still ran %u s + %lld s grace after it began",
				       r->test, r->test_timeout_s, r->grace_ms / 1000);
			break;
		}
		if (r->oops_deadline && r->phase == RUNNING && now >= r->oops_deadline) {
			vm_qemu_nmi_and_kill(vm);
			vm_verdict_set(o, VM_OUTCOME_GUEST_OOPS, "%s; then %s said nothing for %lld s",
				       r->oops_line, r->test[0] ? r->test : "the suite", r->grace_ms / 1000);
			break;
		}
		if (r->phase == FINISHED && now >= r->test_deadline) {
			vm_verdict_set(o, VM_OUTCOME_SHUTDOWN_HANG, "QEMU still ran %d s after tap-end rc=%d",
				       SHUTDOWN_TIMEOUT_S, r->guest_rc);
			break;
		}
		if (now >= deadline) {
			vm_qemu_nmi_and_kill(vm);
			vm_verdict_set(o, VM_OUTCOME_GUEST_HANG, "the run took longer than --timeout%s%s",
				       r->test[0] ? " in " : "", r->test);
			break;
		}
		serve_host_requests(hr, vm, r, deadline);
	}
	vm_qemu_kill(vm);
}

/* The suite's kernel-log scanner on the console log, in this process but
 * as `kmsg_scan CONSOLE > REPORT 2>&1` would judge it: the same allowlist
 * (kmsg_allowlist beside this binary, or $PPCST_KMSG_ALLOWLIST), the same
 * report, its exit status (2: it could not scan, the reason in the report);
 * -1 if the report cannot be written. */
static int kmsg_scan(const char *console, const char *report)
{
	struct kmsg_allowlist al;
	char tmp[PATH_MAX + 64];
	/* The results folder is the guest's too: never write through its links. */
	FILE *out = safe_create(report, tmp, sizeof(tmp));
	int fd, rc = -1;

	if (!out)
		return -1;
	if (!kmsg_allowlist_load_default(&al)) {
		fd = open(console, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			ppcst_fail(-errno, "%s: %s", console, strerror(errno));
		} else {
			rc = kmsg_scan_log(fd, console, &al, out);
			close(fd);
		}
		kmsg_allowlist_free(&al);
	}
	if (rc < 0) {
		fprintf(out, "kmsg_scan: %s\n", ppcst_last_error());
		rc = 2;
	}
	return safe_commit(out, tmp, report) ? -1 : rc;
}

static void write_json(const char *results, const struct vm_verdict *o, const struct run *r,
		       const char *version, struct vm_qemu *vm, const char *profile,
		       const char *kernel, int kmsg_rc, long long elapsed)
{
	json_object *j = json_object_new_object(), *argv = json_object_new_array();
	char path[PATH_MAX + 32], tmp[PATH_MAX + 64], how[128];
	FILE *f;

	json_object_object_add(j, "outcome", json_object_new_string(vm_outcome_name(o->outcome)));
	json_object_object_add(j, "exit_code", json_object_new_int(o->exit_code));
	json_object_object_add(j, "detail", json_object_new_string(o->detail));
	json_object_object_add(j, "test", r->test[0] ? json_object_new_string(r->test) : NULL);
	json_object_object_add(j, "guest_rc", r->phase == FINISHED ?
			       json_object_new_int(r->guest_rc) : NULL);
	json_object_object_add(j, "boot_seconds", r->boot_ms ?
			       json_object_new_double(r->boot_ms / 1000.0) : NULL);
	json_object_object_add(j, "elapsed_seconds", json_object_new_double(elapsed / 1000.0));
	json_object_object_add(j, "profile", json_object_new_string(profile));
	json_object_object_add(j, "kernel", json_object_new_string(kernel));
	json_object_object_add(j, "qemu_version", json_object_new_string(version));
	json_object_object_add(j, "accel", json_object_new_string(vm_qemu_use_kvm() ? "kvm" : "tcg"));
	if (vm) {
		for (char *const *a = vm_qemu_argv(vm); *a; a++)
			json_object_array_add(argv, json_object_new_string(*a));
		vm_qemu_describe_exit(vm, how, sizeof(how));
		json_object_object_add(j, "qemu_exit", json_object_new_string(how));
	}
	json_object_object_add(j, "qemu_cmdline", argv);
	json_object_object_add(j, "kmsg_scan_rc", kmsg_rc >= 0 ? json_object_new_int(kmsg_rc) : NULL);
	snprintf(path, sizeof(path), "%s/vm-outcome.json", results);
	f = safe_create(path, tmp, sizeof(tmp));
	if (f)
		fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY |
						     JSON_C_TO_STRING_NOSLASHESCAPE), f);
	if (!f || safe_commit(f, tmp, path))
		fprintf(stderr, "%s: cannot write %s: %s\n", me, path, ppcst_last_error());
	json_object_put(j);
}

static void report(const struct vm_verdict *o, struct run *r, const char *results,
		   const char *qemu_assert)
{
	char path[PATH_MAX + 32];
	const char *name = vm_outcome_name(o->outcome);
	long n = r->max_test + 1;

	if (o->outcome == VM_OUTCOME_PASS || o->outcome == VM_OUTCOME_TESTS_FAILED)
		return;
	if (!r->tap_version)
		puts("TAP version 13");
	/* Exit 3: the testbed broke before a test ran; no test failed. */
	if (o->exit_code == VM_EXIT_TESTBED_BROKEN)
		printf("ok %ld vm: %s # SKIP testbed broken: %s\n", n, name, o->detail);
	else if (o->exit_code == VM_EXIT_QEMU_LACKS)
		printf("ok %ld vm: %s # SKIP %s\n", n, name, o->detail);
	else
		printf("not ok %ld vm: %s - %s\n", n, name, o->detail);
	if (qemu_assert[0])
		printf("# qemu: %s\n", qemu_assert);
	snprintf(path, sizeof(path), "%s/kmsg-scan.txt", results);
	if (o->outcome == VM_OUTCOME_KMSG_FINDINGS)
		vm_print_excerpt(stdout, "kmsg_scan", path, 30);
	snprintf(path, sizeof(path), "%s/console.log", results);
	vm_print_excerpt(stdout, "console tail", path, CONSOLE_TAIL_LINES);
	snprintf(path, sizeof(path), "%s/qemu.stderr", results);
	vm_print_excerpt(stdout, "qemu stderr tail", path, STDERR_TAIL_LINES);
	if (!r->tap_plan)
		printf("1..%ld\n", n);
	fflush(stdout);
}

static unsigned int parse_seconds(const char *opt, const char *v)
{
	unsigned int s;

	if (args_count(v, 86400 * 7, &s))
		usage_error("%s wants seconds from 1 to 604800, not '%s'", opt, v);
	return s;
}

static int write_job(const char *results, int argc, char **argv)
{
	char path[PATH_MAX + 32];
	FILE *f;

	snprintf(path, sizeof(path), "%s/" TESTBED_JOB_FILE, results);
	f = fopen(path, "we");
	if (!f)
		return -1;
	for (int i = 0; i < argc; i++)
		fprintf(f, "%s\n", argv[i]);
	return fclose(f);
}

/* The machine profile, and the QEMU that is to make its machine: 0; -1 the
 * profile does not load (the reason in err), -2 QEMU does not run (the
 * reason in version), -3 QEMU lacks a property the profile needs (the
 * reason in err). */
/*
 * A memfile image under pmem/ in the cache is made by vm/pmem-image.sh (one
 * guest boot the first time, then a no-op): every run of such a profile -
 * the planner's, guest-script.sh's, a preflight - gets it here.
 */
static int prepare_images(const struct vm_profile *p, char *err, size_t errlen)
{
	char id[VM_SCRATCH_NODE_MAX + 1], image[PATH_MAX], script[PATH_MAX];
	unsigned long long bytes;

	for (size_t i = 0; i < p->memfiles.n; i++) {
		if (vm_memfile_parse(p->memfiles.v[i], id, &bytes, image, sizeof(image), err, errlen))
			return -1;
		if (strncmp(image, "pmem/", 5))
			continue;
		proc_tree_path(script, sizeof(script), "vm/pmem-image.sh");
		const char *const argv[] = { script, NULL };
		const struct proc_opts opts = { .log_path = "/dev/null" };
		struct proc_result res;

		if (proc_run(argv, &opts, &res)) {
			snprintf(err, errlen, "memfile %s: vm/pmem-image.sh could not prepare %.200s", id,
				 image);
			return -1;
		}
	}
	return 0;
}

static int load_machine(const char *profile_arg, const char *qemu, struct vm_profile *p,
			char *version, size_t vlen, char *err, size_t errlen)
{
	char dir[VM_PROFILES_DIR_LEN], ppath[VM_PROFILES_DIR_LEN + 256];

	vm_profiles_dir(dir);
	if (vm_profile_resolve(profile_arg, dir, ppath, sizeof(ppath), err, errlen) ||
	    vm_profile_load(ppath, p, err, errlen) || prepare_images(p, err, errlen))
		return -1;
	if (vm_qemu_version(qemu, version, vlen))
		return -2;
	switch (vm_qemu_lacks(qemu, p, err, errlen)) {
	case 0:
		return 0;
	case 1:
		return -3;
	default:
		snprintf(version, vlen, "%s", err);
		return -2;
	}
}

/* The paths a run was given, resolved (must_realpath); suite may be NULL. */
struct run_paths {
	char *kernel, *rootfs, *suite, *results;
};

static void run_paths_free(struct run_paths *rp)
{
	free(rp->kernel);
	free(rp->rootfs);
	free(rp->suite);
	free(rp->results);
}

/* What a run needs from the guest root and the installed suite, beyond what
 * QEMU checks itself. Returns 0 or -1 with the missing file in err. */
static int check_run_files(const char *rootfs, const char *suite, char *err, size_t errlen)
{
	const char *const need[][2] = {
		{ rootfs, &TESTBED_INIT[1] },	/* the guest's init (vm/rootfs.sh), no leading / */
		{ rootfs, "bin/sh" },		/* scripts, system() and popen() */
		{ suite, "run_all.sh" },	/* the suite as installed (make install) */
	};
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		size_t used;

		if (!need[i][0])
			continue;
		/* The path goes into err: it is the message if it is missing. */
		snprintf(err, errlen, "%s/%s", need[i][0], need[i][1]);
		if (!access(err, X_OK))
			continue;
		used = strlen(err);
		snprintf(err + used, errlen - used, ": %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int run_preflight(const char *profile_arg, const char *qemu, const struct run_paths *rp)
{
	char err[1024], version[256] = "", console[PATH_MAX + 32], qstderr[PATH_MAX + 32];
	struct vm_profile profile = { 0 };
	struct run r = { .phase = BOOTING };
	struct vm_verdict o = { 0 };
	long long start = ppcst_now_ms();

	int machine;

	vm_signals_install();
	snprintf(console, sizeof(console), "%s/console.log", rp->results);
	snprintf(qstderr, sizeof(qstderr), "%s/qemu.stderr", rp->results);
	machine = load_machine(profile_arg, qemu, &profile, version, sizeof(version), err,
			       sizeof(err));
	if (machine == -3) {
		vm_verdict_set(&o, VM_OUTCOME_QEMU_LACKS, "profile %s: %s", profile.name, err);
	} else if (machine) {
		vm_verdict_set(&o, VM_OUTCOME_TESTBED_BROKEN, "profile %s: %s",
			       machine == -1 ? profile_arg : profile.name,
			       machine == -1 ? err : version);
	} else if (check_run_files(rp->rootfs, rp->suite, err, sizeof(err))) {
		vm_verdict_set(&o, VM_OUTCOME_TESTBED_BROKEN, "profile %s: %s", profile.name, err);
	} else {
		const struct vm_qemu_config cfg = {
			.profile = &profile, .qemu = qemu, .kernel = rp->kernel,
			.rootfs = rp->rootfs, .console_log = console, .stderr_log = qstderr,
		};

		if (vm_qemu_preflight(&cfg, err, sizeof(err)))
			vm_verdict_set(&o, vm_signal_pending() ? VM_OUTCOME_INTERRUPTED :
				       VM_OUTCOME_TESTBED_BROKEN, "profile %s: %s", profile.name, err);
		else
			vm_verdict_set(&o, VM_OUTCOME_READY, "profile %s: QEMU makes the machine", profile.name);
	}
	write_json(rp->results, &o, &r, version, NULL, profile.path ? profile.path : profile_arg,
		   rp->kernel, -1, ppcst_now_ms() - start);
	fprintf(stderr, "%s: %s: %s\n", me, vm_outcome_name(o.outcome), o.detail);
	vm_profile_free(&profile);
	return o.exit_code;
}

/* --print-argv: the machine's QEMU command line, the guest root and the
 * suite shared as for a run (no results share, no host requests). */
static int print_argv(const char *dir, const char *profile_arg, const char *kernel_arg,
		      const char *rootfs_arg, const char *suite_arg, const char *qemu,
		      const char *append)
{
	char err[1024], version[256] = "";
	struct vm_profile profile = { 0 };
	struct run_paths rp = { 0 };
	int machine, ret = 3;

	if (!profile_arg || !kernel_arg || !rootfs_arg || !suite_arg)
		usage_error("--print-argv needs --profile, --kernel, --rootfs and --suite");
	rp.kernel = args_realpath(me, "--kernel", kernel_arg, false);
	rp.rootfs = args_realpath(me, "--rootfs", rootfs_arg, true);
	rp.suite = args_realpath(me, "--suite", suite_arg, true);
	machine = load_machine(profile_arg, qemu, &profile, version, sizeof(version), err,
			       sizeof(err));
	if (machine) {
		fprintf(stderr, "%s: profile %s: %s\n", me, profile_arg, machine == -2 ? version : err);
	} else {
		const struct vm_share shares[] = { { rp.suite, TESTBED_SUITE_TAG, true } };
		const struct vm_qemu_config cfg = {
			.profile = &profile, .qemu = qemu, .kernel = rp.kernel, .rootfs = rp.rootfs,
			.append = append, .shares = shares, .n_shares = 1,
		};

		if (vm_qemu_print_argv(&cfg, dir, stdout, err, sizeof(err)) || fflush(stdout))
			fprintf(stderr, "%s: --print-argv: %s\n", me, err);
		else
			ret = 0;
	}
	vm_profile_free(&profile);
	run_paths_free(&rp);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "suite", required_argument, NULL, 's' },
		{ "results", required_argument, NULL, 'o' },
		{ "timeout", required_argument, NULL, 't' },
		{ "boot-timeout", required_argument, NULL, 'b' },
		{ "grace", required_argument, NULL, 'g' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "append", required_argument, NULL, 'a' },
		{ "list-profiles", no_argument, NULL, 'L' },
		{ "preflight", no_argument, NULL, 'P' },
		{ "print-argv", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *profile_arg = NULL, *kernel_arg = NULL, *rootfs_arg = NULL;
	const char *suite_arg = NULL, *results_arg = NULL, *qemu = NULL, *append = NULL;
	unsigned int timeout_s = DEFAULT_TIMEOUT_S, boot_timeout_s = 0, grace_s = DEFAULT_GRACE_S;
	struct run_paths rp;
	char err[1024], version[256] = "";
	char console[PATH_MAX + 32], qstderr[PATH_MAX + 32], events[PATH_MAX + 32];
	char report_path[PATH_MAX + 32], qemu_assert[512] = "";
	struct vm_profile profile = { 0 };
	struct run r = { .phase = BOOTING };
	struct vm_verdict o = { 0 };
	struct vm_qemu *vm = NULL;
	struct vm_hostreq_server *hr;
	enum vm_status st;
	int c, kmsg_rc = -1;
	const char *argv_dir = NULL;
	bool preflight = false;

	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': profile_arg = optarg; break;
		case 'k': kernel_arg = optarg; break;
		case 'r': rootfs_arg = optarg; break;
		case 's': suite_arg = optarg; break;
		case 'o': results_arg = optarg; break;
		case 't': timeout_s = parse_seconds("--timeout", optarg); break;
		case 'b': boot_timeout_s = parse_seconds("--boot-timeout", optarg); break;
		case 'g': grace_s = parse_seconds("--grace", optarg); break;
		case 'q': qemu = optarg; break;
		case 'a': append = optarg; break;
		case 'L': return list_profiles();
		case 'P': preflight = true; break;
		case 'A': argv_dir = optarg; break;
		case 'h': usage(); return 0;
		default: usage_error("bad option");
		}
	}
	/* "+": option parsing stops at the first non-option, so anything left
	 * must come after "--". */
	if (optind < argc && strcmp(argv[optind - 1], "--"))
		usage_error("unexpected argument '%s' (guest arguments go after --)", argv[optind]);
	if (argv_dir)
		return print_argv(argv_dir, profile_arg, kernel_arg, rootfs_arg, suite_arg, qemu,
				  append);
	if (!profile_arg || !kernel_arg || !rootfs_arg || !results_arg || (!suite_arg && !preflight))
		usage_error("--profile, --kernel, --rootfs, --suite and --results are required");
	rp.kernel = args_realpath(me, "--kernel", kernel_arg, false);
	rp.rootfs = args_realpath(me, "--rootfs", rootfs_arg, true);
	rp.suite = suite_arg ? args_realpath(me, "--suite", suite_arg, true) : NULL;
	if (mkdir(results_arg, 0755) && errno != EEXIST)
		usage_error("--results: cannot create '%s': %s", results_arg, strerror(errno));
	rp.results = args_realpath(me, "--results", results_arg, true);
	if (preflight) {
		c = run_preflight(profile_arg, qemu, &rp);
		run_paths_free(&rp);
		return c;
	}
	snprintf(console, sizeof(console), "%s/console.log", rp.results);
	snprintf(qstderr, sizeof(qstderr), "%s/qemu.stderr", rp.results);
	snprintf(events, sizeof(events), "%s/qmp-events.jsonl", rp.results);
	snprintf(report_path, sizeof(report_path), "%s/kmsg-scan.txt", rp.results);
	unlink(report_path);
	if (write_job(rp.results, argc - optind, argv + optind)) {
		fprintf(stderr, "%s: cannot write the job file in %s: %s\n", me, rp.results,
			strerror(errno));
		return 2;
	}
	hr = vm_hostreq_open(rp.results, guest_panicked, &r, err, sizeof(err));
	if (!hr) {
		fprintf(stderr, "%s: host requests: %s\n", me, err);
		return 2;
	}

	vm_signals_install();
	r.start_ms = ppcst_now_ms();
	r.grace_ms = grace_s * 1000LL;
	c = load_machine(profile_arg, qemu, &profile, version, sizeof(version), err, sizeof(err));
	if (c == -1) {
		vm_verdict_set(&o, VM_OUTCOME_BAD_PROFILE, "%s", err);
	} else if (c == -2) {
		vm_verdict_set(&o, VM_OUTCOME_QEMU_START_FAILED, "%s", version);
	} else if (c == -3) {
		vm_verdict_set(&o, VM_OUTCOME_QEMU_LACKS, "profile %s: %s", profile.name, err);
	} else {
		const struct vm_share shares[] = {
			{ rp.suite, TESTBED_SUITE_TAG, true },
			{ rp.results, TESTBED_RESULTS_TAG, false },
		};
		const struct vm_qemu_config cfg = {
			.profile = &profile, .qemu = qemu, .kernel = rp.kernel, .rootfs = rp.rootfs,
			.append = append, .shares = shares, .n_shares = 2,
			.console_log = console, .stderr_log = qstderr, .events_log = events,
			.on_line = on_line, .ctx = &r,
		};
		long long boot_deadline = r.start_ms +
			1000LL * (boot_timeout_s ? boot_timeout_s : profile.boot_timeout);

		fprintf(stderr, "%s: profile %s, %s, %s\n", me, profile.name, version,
			vm_qemu_use_kvm() ? "KVM" : "TCG");
		st = vm_qemu_start(&cfg, &vm, err, sizeof(err));
		if (st == VM_INTERRUPTED)
			vm_verdict_set(&o, VM_OUTCOME_INTERRUPTED, "vmrun got signal %d",
				       vm_signal_pending());
		else if (st == VM_EXITED)
			judge_exit(vm, &r, &o);
		else if (st != VM_OK)
			vm_verdict_set(&o, VM_OUTCOME_QEMU_START_FAILED, "%s", err);
		else
			supervise(vm, hr, &r, boot_deadline, r.start_ms + timeout_s * 1000LL, &o);
		vm_qemu_kill(vm);
		vm_qemu_assertion(qstderr, qemu_assert, sizeof(qemu_assert));
	}
	if (vm && r.phase != BOOTING) {
		/* The guest ran tests: the console is a kernel log worth judging. */
		kmsg_rc = kmsg_scan(console, report_path);
		if (kmsg_rc == 1 && o.outcome == VM_OUTCOME_PASS)
			vm_verdict_set(&o, VM_OUTCOME_KMSG_FINDINGS, "kmsg_scan flags the console log");
	}
	report(&o, &r, rp.results, qemu_assert);
	write_json(rp.results, &o, &r, version, vm, profile.path ? profile.path : profile_arg,
		   rp.kernel, kmsg_rc, ppcst_now_ms() - r.start_ms);
	fprintf(stderr, "%s: %s: %s (exit %d)\n", me, vm_outcome_name(o.outcome), o.detail, o.exit_code);
	vm_qemu_free(vm);
	vm_hostreq_close(hr);
	vm_profile_free(&profile);
	run_paths_free(&rp);
	return o.exit_code;
}
