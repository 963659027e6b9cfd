// SPDX-License-Identifier: GPL-2.0
/*
 * reboot_loop's testbed half: vm/reboot_host.h.
 */
#include "reboot_host.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/args.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_scanner.h"
#include "kmsg/kmsg_signatures.h"
#include "outcome.h"
#include "base/error.h"
#include "base/proc.h"
#include "profile.h"
#include "qemu.h"
#include "base/safe_file.h"
#include "base/sysfs.h"
#include "testbed/testbed_protocol.h"

#define SHUTDOWN_TIMEOUT_MS 30000
#define CONSOLE_TAIL_LINES 30
#define STDERR_TAIL_LINES 10
#define POLL_MS 200
/* What pci.txt may list: the testbed's profiles have a handful of devices. */
#define MAX_DEVS 64

/* A TAP diagnostic line, as ksft_print_msg prints it; the TAP's counts and
 * results are the test program's (kselftest.h keeps them per file). */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static void finding(const struct reboot_judge *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void finding(const struct reboot_judge *j, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	j->finding(j->ctx, line);
}

/* What the guest's agent leaves per boot is bounded: a pseries device tree
 * and a boot's kernel log are well under these. The guest runs the kernel
 * under test and may leave anything: links, FIFOs, huge files
 * (lib/base/safe_file.h). */
#define DMESG_MAX (16u << 20)
#define DT_TAR_MAX (64u << 20)
#define PCI_LIST_MAX (1u << 20)

/* The failing kernel-log findings of TEXT (a boot's console), one finding each. */
static void judge_kernel_log(const struct reboot_judge *j, const char *text, const char *what)
{
	struct kmsg_allowlist al = { 0 };
	struct kmsg_scanner s;
	struct kmsg_report r = { 0 };

	if (kmsg_allowlist_load_default(&al)) {
		finding(j, "kmsg allowlist: %s", ppcst_last_error());
		return;
	}
	kmsg_scanner_init(&s, &al);
	kmsg_scanner_feed(&s, text, strlen(text));
	if (kmsg_scanner_finish(&s, &r)) {
		finding(j, "%s: kernel-log scanner failed", what);
	} else {
		if (r.failing)
			kmsg_report_print(&r, stdout);
		else if (r.n)
			note("%s: %zu kernel-log finding(s), none failing\n", what, r.n);
		for (size_t i = 0; i < r.n; i++)
			if (r.findings[i].sig->severity == KMSG_FAIL && !r.findings[i].allowlisted)
				finding(j, "%s: %s: %s", what, r.findings[i].sig->name,
					r.findings[i].line);
	}
	kmsg_report_free(&r);
	kmsg_allowlist_free(&al);
}

struct watch {
	char *text;		/* the console lines of the boot under way */
	size_t len, cap;
	int ready;		/* the last boot that printed its marker */
	long long ready_ms;	/* when it did */
	char next[16];
	char error[256];
	char panic[256];
};

static void on_line(void *ctx, const char *line)
{
	struct watch *w = ctx;
	size_t l = strlen(line);
	const char *m = line + strlen(TESTBED_MARK);
	const char *panic = strstr(line, VM_PANIC_TEXT);
	int n, off = 0;

	if (w->len + l + 2 > w->cap) {
		w->cap = (w->len + l + 2) * 2;
		w->text = realloc(w->text, w->cap);
		if (!w->text)
			abort();
	}
	memcpy(w->text + w->len, line, l);
	w->len += l;
	w->text[w->len++] = '\n';
	w->text[w->len] = '\0';
	if (panic && !w->panic[0])
		snprintf(w->panic, sizeof(w->panic), "%s", panic);
	if (strncmp(line, TESTBED_MARK, strlen(TESTBED_MARK)))
		return;
	if (sscanf(m, TESTBED_MARK_CYCLE_READY, &n, w->next) == 2) {
		w->ready = n;
		w->ready_ms = ppcst_now_ms();
	}
	else if (sscanf(m, TESTBED_MARK_CYCLE_ERROR, &n, &off) == 1 && off)
		snprintf(w->error, sizeof(w->error), "%s", m + off);
	else if (!strncmp(m, TESTBED_MARK_ERROR, strlen(TESTBED_MARK_ERROR)))
		snprintf(w->error, sizeof(w->error), "%s", m + strlen(TESTBED_MARK_ERROR));
}

int reboot_host_agent(char *path, size_t len)
{
	const char *env = getenv("PPCST_REBOOT_AGENT");

	if (env)
		snprintf(path, len, "%s", env);
	else
		proc_tree_path(path, len, "vm/guest/reboot-agent.sh");
	return access(path, R_OK);
}

/* The guest suite: the agent as run_all.sh and the kernel to kexec into. */
static int make_guest_suite(const struct reboot_testbed *tb, char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/ppcst-reboot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	if (proc_shell("cp '%s' '%s/run_all.sh' && chmod 755 '%s/run_all.sh' && "
		       "{ ln '%s' '%s/vmlinux' 2>/dev/null || cp '%s' '%s/vmlinux'; }",
		       tb->agent, dir, dir, tb->kernel, dir, tb->kernel, dir))
		return -1;
	return 0;
}

/* Unpacks what the agent left of a boot in BDIR and hands its DMA state to
 * the judge; ref (boot 0's) NULL for boot 0. */
/*
 * The boot's device tree, as the agent tarred it (BDIR/dt.tar), unpacked
 * into a private directory of the host's (its path into dir): first copied
 * out of the share (a plain file, not a link, at most DT_TAR_MAX: the guest
 * cannot change it after the check), then listed, and unpacked only if it
 * holds nothing but directories and plain files under base/ with no ".."
 * (no link in it can point the unpacking elsewhere). 0, or -1 with the
 * reason in why.
 */
static int unpack_dt(const char *bdir, char *dir, size_t dirlen, char *why, size_t whylen)
{
	char tar[PATH_MAX * 2 + 16], copy[PATH_MAX * 2 + 16];
	size_t len;
	char *data;
	FILE *f;

	snprintf(tar, sizeof(tar), "%s/dt.tar", bdir);
	snprintf(dir, dirlen, "%s/ppcst-dt.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(dir)) {
		snprintf(why, whylen, "mkdtemp %s: %s", dir, strerror(errno));
		return -1;
	}
	data = safe_read_text(tar, DT_TAR_MAX, &len);
	snprintf(copy, sizeof(copy), "%s/dt.tar", dir);
	f = data ? fopen(copy, "we") : NULL;
	if (!data || !f || fwrite(data, 1, len, f) != len || fclose(f)) {
		snprintf(why, whylen, "%s", data ? strerror(errno) : ppcst_last_error());
		free(data);
		proc_shell("rm -rf '%s'", dir);
		return -1;
	}
	free(data);
	/* "tar -tv": a type letter first, '-' a file and 'd' a directory. */
	if (proc_shell("! (tar -tvf '%s' | grep -qv '^[-d]') && "
		       "! (tar -tf '%s' | grep -qv -e '^base$' -e '^base/') && "
		       "! (tar -tf '%s' | grep -q '[.][.]') && tar -C '%s' --no-same-owner -xf '%s'",
		       copy, copy, copy, dir, copy)) {
		snprintf(why, whylen, "dt.tar: not only directories and files under base/, "
			 "not unpacked");
		proc_shell("rm -rf '%s'", dir);
		return -1;
	}
	return 0;
}

static void judge_boot(const struct reboot_judge *j, const char *bdir,
		       const struct dt_state *ref, struct dt_state *st)
{
	char path[PATH_MAX * 2], *dmesg;
	struct ddw_dev devs[MAX_DEVS];
	char addr[MAX_DEVS][32], node[MAX_DEVS][256], dt_dir[PATH_MAX];
	struct ddw_log log = { 0 };
	int nr = 0, ret;
	FILE *f;

	if (unpack_dt(bdir, dt_dir, sizeof(dt_dir), path, sizeof(path))) {
		finding(j, "the device tree of this boot: %s", path);
		return;
	}
	snprintf(path, sizeof(path), "%s/base", dt_dir);
	ret = dt_scan(path, st);
	proc_shell("rm -rf '%s'", dt_dir);
	if (ret) {
		finding(j, "device tree of this boot: %s", ppcst_last_error());
		return;
	}
	snprintf(path, sizeof(path), "%s/pci.txt", bdir);
	f = safe_fopen_read(path, PCI_LIST_MAX);
	while (f && nr < MAX_DEVS) {
		unsigned int bits;
		char drv[64];

		if (fscanf(f, "%31s %u %63s %255s", addr[nr], &bits, drv, node[nr]) != 4)
			break;
		devs[nr] = (struct ddw_dev){ .addr = addr[nr],
					     .node = strcmp(node[nr], "-") ? node[nr] : "",
					     .wants64 = strcmp(drv, "-") && bits > 32 };
		nr++;
	}
	if (f)
		fclose(f);
	else
		finding(j, "%s", ppcst_last_error());
	snprintf(path, sizeof(path), "%s/dmesg", bdir);
	dmesg = safe_read_text(path, DMESG_MAX, NULL);
	if (!dmesg || ddw_log_parse(dmesg, &log))
		finding(j, "cannot read %s", dmesg ? path : ppcst_last_error());
	free(dmesg);
	j->state(j->ctx, &(struct reboot_boot_state){ .state = st, .ref = ref, .devs = devs,
						       .ndevs = nr, .log = &log });
	ddw_log_free(&log);
}

/* QEMU is gone: why, from its wait status and stderr. */
static void qemu_gone(struct vm_qemu *vm, const char *qstderr, struct vm_verdict *r,
		      const char *when)
{
	int st = vm_qemu_wait_status(vm);
	char how[128], reason[64], assertion[256] = "";

	vm_qemu_describe_exit(vm, how, sizeof(how));
	vm_qemu_shutdown_reason(vm, reason, sizeof(reason));
	vm_qemu_assertion(qstderr, assertion, sizeof(assertion));
	if (WIFSIGNALED(st) || WEXITSTATUS(st))
		vm_verdict_set(r, VM_OUTCOME_QEMU_CRASHED, "QEMU %s %s%s%s", how, when,
			       assertion[0] ? ": " : "", assertion);
	else
		vm_verdict_set(r, VM_OUTCOME_QEMU_EXITED, "QEMU %s (%s) %s", how,
			       reason[0] ? reason : "no SHUTDOWN event", when);
}

/* Waits for boot I's marker. */
static void wait_boot(struct vm_qemu *vm, struct watch *w, int i, const char *after,
		      unsigned int timeout_s, const char *qstderr, struct vm_verdict *r)
{
	long long deadline = ppcst_now_ms() + timeout_s * 1000LL;
	char when[96];

	snprintf(when, sizeof(when), "before boot %d (after %s) reached its marker", i, after);
	for (;;) {
		enum vm_status st = vm_qemu_poll(vm, POLL_MS);

		if (st == VM_INTERRUPTED) {
			vm_verdict_set(r, VM_OUTCOME_INTERRUPTED, "reboot_loop got signal %d",
				       vm_signal_pending());
			return;
		}
		if (vm_verdict_panic(r, vm, st, w->panic, "GUEST_PANICKED"))
			return;
		if (w->error[0]) {
			vm_verdict_set(r, VM_OUTCOME_GUEST_ERROR, "%s", w->error);
			return;
		}
		if (w->ready == i)
			return;
		if (st == VM_EXITED) {
			qemu_gone(vm, qstderr, r, when);
			return;
		}
		if (ppcst_now_ms() >= deadline) {
			vm_qemu_nmi_and_kill(vm);
			vm_verdict_set(r, VM_OUTCOME_BOOT_TIMEOUT,
				       "boot %d (after %s): no marker within %u s, the guest never came back",
				       i, after, timeout_s);
			return;
		}
	}
}

/* Into the share the guest writes too: never through a link it planted. */
static void write_text(const char *path, const char *text)
{
	safe_write_text(path, text ? text : "");
}

/* The job: the step after each boot but the last, one a line. */
static int write_job(const char *dir, const struct reboot_testbed *tb, char *path, size_t len)
{
	FILE *job;

	char tmp[PATH_MAX + 64];

	snprintf(path, len, "%s/" TESTBED_JOB_FILE, dir);
	job = safe_create(path, tmp, sizeof(tmp));
	for (int i = 0; job && i < tb->nplan; i++)
		fprintf(job, "%s\n", tb->plan[i]);
	return !job || safe_commit(job, tmp, path) ? -1 : 0;
}

static void print_excerpts(const char *console, const char *qstderr)
{
	vm_print_excerpt(stdout, "console tail", console, CONSOLE_TAIL_LINES);
	vm_print_excerpt(stdout, "qemu stderr tail", qstderr, STDERR_TAIL_LINES);
}

/* One profile: QEMU up, boot 0 and the cycles, one subtest per boot; each
 * cycle's seconds into cycle_s. Returns true if a boot failed. */
static bool run_profile(const struct reboot_testbed *tb, const struct reboot_judge *j,
			const char *parg, double *cycle_s)
{
	char pname[64], dir[PATH_MAX], ppath[PATH_MAX + 256], pdir[VM_PROFILES_DIR_LEN], err[1024];
	char console[PATH_MAX + 32], qstderr[PATH_MAX + 32], events[PATH_MAX + 32];
	char suite[PATH_MAX], bdir[PATH_MAX + 32], path[PATH_MAX + 64], why[sizeof(err) + 32];
	struct vm_profile profile = { 0 };
	struct vm_qemu *vm = NULL;
	struct watch w = { .ready = -1 };
	struct dt_state ref = { 0 };
	bool have_ref = false, failed = true;
	long long last_ms = 0;
	int nboots = tb->nplan + 1, i;

	/* Folders and TAP lines take the profile's name, also when the planner
	 * passes its file (they were "/src/build/host/../../vm/profiles/
	 * reboot.profile boot 0 after cold start"); the file is only read. */
	if (vm_profile_stem(parg, pname, sizeof(pname)))
		snprintf(pname, sizeof(pname), "profile");
	snprintf(dir, sizeof(dir), "%s/%s", tb->results, pname);
	vm_profiles_dir(pdir);
	suite[0] = '\0';
	if (proc_shell("rm -rf '%s' && mkdir -p '%s'", dir, dir)) {
		snprintf(err, sizeof(err), "cannot create %.900s", dir);
		goto broke;
	}
	if (vm_profile_resolve(parg, pdir, ppath, sizeof(ppath), err, sizeof(err)) ||
	    vm_profile_load(ppath, &profile, err, sizeof(err)))
		goto broke;
	if (make_guest_suite(tb, suite, sizeof(suite))) {
		snprintf(err, sizeof(err), "cannot make the guest suite in %.900s", suite);
		goto broke;
	}
	if (write_job(dir, tb, path, sizeof(path))) {
		snprintf(err, sizeof(err), "cannot write %.900s", path);
		goto broke;
	}
	snprintf(console, sizeof(console), "%s/console.log", dir);
	snprintf(qstderr, sizeof(qstderr), "%s/qemu.stderr", dir);
	snprintf(events, sizeof(events), "%s/qmp-events.jsonl", dir);
	{
		const struct vm_share shares[] = {
			{ suite, TESTBED_SUITE_TAG, true },
			{ dir, TESTBED_RESULTS_TAG, false },
		};
		const struct vm_qemu_config cfg = {
			.profile = &profile, .qemu = tb->qemu, .kernel = tb->kernel,
			.rootfs = tb->rootfs, .append = tb->append, .shares = shares,
			.n_shares = 2, .console_log = console, .stderr_log = qstderr,
			.events_log = events, .allow_reboot = true, .on_line = on_line, .ctx = &w,
		};
		enum vm_status st = vm_qemu_start(&cfg, &vm, err, sizeof(err));

		if (st != VM_OK) {
			if (vm && !vm_qemu_running(vm))
				vm_qemu_describe_exit(vm, err + strlen(err), sizeof(err) - strlen(err));
			goto broke;
		}
	}
	note("%s: %s, QEMU pid %d, %d boots\n", pname, profile.description,
	     (int)vm_qemu_pid(vm), nboots);

	failed = false;
	for (i = 0; i < nboots; i++) {
		struct reboot_boot b = { pname, i, i ? tb->plan[i - 1] : "cold start" };
		struct vm_verdict r = { 0 };
		struct dt_state st = { 0 };
		long long t0 = ppcst_now_ms();
		unsigned int timeout = tb->boot_timeout_s ? tb->boot_timeout_s : profile.boot_timeout;
		const char *failure;

		wait_boot(vm, &w, i, b.after, timeout, qstderr, &r);
		snprintf(bdir, sizeof(bdir), "%s/cycle-%d", dir, i);
		mkdir(bdir, 0755);
		snprintf(path, sizeof(path), "%s/console.log", bdir);
		write_text(path, w.text);
		/* VM_OUTCOME_NONE: the guest reached its marker. */
		if (r.outcome) {
			const char *name = vm_outcome_name(r.outcome);

			vm_qemu_kill(vm);
			note("%s boot %d after %s: %s: %s\n", pname, i, b.after, name, r.detail);
			print_excerpts(path, qstderr);
			snprintf(why, sizeof(why), "%s: %s", name, r.detail);
			j->result(j->ctx, &b, why);
			failed = true;
			for (i++; i < nboots; i++)
				j->skip(j->ctx, &(struct reboot_boot){ pname, i, tb->plan[i - 1] }, name);
			break;
		}
		/* A cycle lasts from one boot's marker to the next one's. */
		note("%s boot %d after %s: marker after %.1f s\n", pname, i, b.after,
		     (w.ready_ms - (i ? last_ms : t0)) / 1000.0);
		if (i)
			cycle_s[i - 1] = (w.ready_ms - last_ms) / 1000.0;
		last_ms = w.ready_ms;
		j->begin(j->ctx, &b);
		judge_kernel_log(j, w.text ? w.text : "", "console");
		w.len = 0;
		if (w.text)
			w.text[0] = '\0';
		judge_boot(j, bdir, have_ref ? &ref : NULL, &st);
		if (!have_ref) {
			ref = st;
			have_ref = true;
		} else {
			dt_free(&st);
		}
		if (i == nboots - 1) {
			/* The last boot powers off: QEMU must end cleanly. */
			struct vm_verdict e = { 0 };
			long long end = ppcst_now_ms() + SHUTDOWN_TIMEOUT_MS;

			while (vm_qemu_running(vm) && ppcst_now_ms() < end &&
			       vm_qemu_poll(vm, POLL_MS) != VM_INTERRUPTED)
				;
			if (vm_qemu_running(vm)) {
				vm_qemu_kill(vm);
				finding(j, "QEMU still ran %d s after the last boot",
					SHUTDOWN_TIMEOUT_MS / 1000);
			} else {
				qemu_gone(vm, qstderr, &e, "at the final poweroff");
				if (e.outcome == VM_OUTCOME_QEMU_CRASHED)
					finding(j, "%s", e.detail);
			}
		} else if (!strcmp(tb->plan[i], "reset")) {
			if (vm_qemu_qmp(vm, "system_reset", NULL, 10000, NULL, err, sizeof(err)) != VM_OK)
				finding(j, "QMP %s", err);
		}
		failure = j->failure(j->ctx, why, sizeof(why));
		if (failure)
			print_excerpts(path, qstderr);
		j->result(j->ctx, &b, failure);
		failed |= failure != NULL;
	}
	goto out;
broke:
	note("%s: %s\n", pname, err);
	if (vm)
		vm_print_excerpt(stdout, "qemu stderr tail", qstderr, STDERR_TAIL_LINES);
	snprintf(why, sizeof(why), "testbed: %s", err);
	j->result(j->ctx, &(struct reboot_boot){ pname, 0, "cold start" }, why);
	for (i = 1; i < nboots; i++)
		j->skip(j->ctx, &(struct reboot_boot){ pname, i, tb->plan[i - 1] }, "testbed");
out:
	if (have_ref)
		dt_free(&ref);
	vm_qemu_free(vm);
	vm_profile_free(&profile);
	free(w.text);
	if (suite[0])
		proc_shell("rm -rf '%s'", suite);
	return failed;
}

void reboot_host_run(const struct reboot_testbed *tb, const struct reboot_judge *j)
{
	double *cycle_s = calloc(tb->nplan + 1, sizeof(*cycle_s));

	if (!cycle_s)
		abort();
	vm_signals_install();
	for (int p = 0; p < tb->nprofiles; p++) {
		bool failed;

		memset(cycle_s, 0, (tb->nplan + 1) * sizeof(*cycle_s));
		failed = run_profile(tb, j, tb->profiles[p], cycle_s);
		/* Averages of a profile that went through: a failed boot's
		 * times say nothing about the kind of cycle. */
		for (int k = 0; k < tb->nkinds && !failed; k++) {
			double sum = 0;
			int n = 0;

			for (int i = 0; i < tb->nplan; i++)
				if (!strcmp(tb->plan[i], tb->kinds[k]) && cycle_s[i] > 0) {
					sum += cycle_s[i];
					n++;
				}
			if (n)
				note("%s: %s cycles: %d, %.2f s each on average, %.1f per minute\n",
				     tb->profiles[p], tb->kinds[k], n, sum / n, 60.0 * n / sum);
		}
		if (vm_signal_pending())
			break;
	}
	free(cycle_s);
}
