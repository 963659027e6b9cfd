// SPDX-License-Identifier: GPL-2.0
/*
 * reboot_loop: reboots and kexecs pseries guests in a loop and checks, after
 * every boot, that QEMU survived, the guest came back, its kernel log is
 * clean and every device's DMA window has the shape it had after the first
 * boot (same mode and size, no stale or second window after a kexec, which
 * hands DDWs over through linux,direct64-ddr-window-info /
 * linux,dma64-ddr-window-info).
 *
 * Unlike the other tests it runs on the HOST: it owns QEMU (vm/qemu.h).
 * run_all.sh --vm runs it there (settings: host.reboot_loop=yes) with the
 * testbed's kernel, guest root and the profiles of profile.reboot_loop=:
 *
 *   reboot_loop [--profile NAME]... [--kernel VMLINUX --rootfs DIR]
 *               [--cycles N] [--kinds reboot,reset,kexec] [--results DIR]
 *               [--boot-timeout S] [--append ARGS] [--qemu PATH]
 *
 * Each profile: one QEMU (reboots allowed), then N times each kind of cycle:
 *   reboot  guest-initiated (reboot -f: rtas system-reboot, QEMU resets)
 *   reset   QMP system_reset from the host
 *   kexec   kexec -l of the same vmlinux with the same command line, kexec -e
 * The guest side is vm/guest/reboot-agent.sh (installed as the guest suite's
 * run_all.sh): it dumps the device tree, PCI DMA masks and dmesg of each boot
 * into RESULTS/reboot_loop/PROFILE/cycle-N/ and prints a marker. One TAP
 * subtest per boot. Failures, each with the console excerpt and QEMU's stderr
 * tail: qemu-crashed (signal, assertion), qemu-exited, boot-timeout (the
 * guest never came back), guest-panic, guest-error, kernel-log findings,
 * broken DMA-window rules (lib/ddw_check.h), windows changed since boot 0.
 *
 * On a pseries partition (native) it skips: rebooting the machine under test
 * is the operator's call. PPCST_KEXEC_ONLY=1 makes each run do one kexec
 * step of this partition instead (see native_kexec below): IT REBOOTS THE
 * MACHINE into the same kernel.
 *
 * Environment (run_all.sh sets these): PPCST_RESULTS, PPCST_VM_KERNEL,
 * PPCST_VM_ROOTFS, PPCST_VM_PROFILES ("P1 P2"), PPCST_REBOOT_CYCLES,
 * PPCST_REBOOT_KINDS, PPCST_PROFILES (profile directory), QEMU.
 */
#include <dirent.h>
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

#include "kselftest.h"

#include "args.h"
#include "ddw_check.h"
#include "dt.h"
#include "kmsg.h"
#include "proc.h"
#include "sysfs.h"
#ifndef REBOOT_LOOP_NATIVE_ONLY
#include "profile.h"
#include "qemu.h"
#endif

#define DEFAULT_CYCLES 2
#define MAX_KINDS 3
#define MAX_PROFILES 16
#define MAX_PLAN 300
#define SHUTDOWN_TIMEOUT_MS 30000
#define CONSOLE_TAIL_LINES 30
#define STDERR_TAIL_LINES 10
#define POLL_MS 200
#define MARK "# ppcst: "

static const char *me = "reboot_loop";

/* What only the testbed half uses (not in the native-only target build). */
#define TESTBED_ONLY __attribute__((unused))

#define usage_error(...) args_usage_error(me, __VA_ARGS__)

/* Runs a shell command line; 0 when it exited 0. */
static int shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int shell(const char *fmt, ...)
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

/* --- judging one boot's DMA state (testbed and native alike) ------------- */

/* Lines of findings for one subtest, printed as TAP diagnostics. */
struct verdict {
	int broken;
	char first[256];	/* the first finding: the subtest's reason */
	int create_failed;	/* of them, failed ibm,create-pe-dma-window calls */
	char create[256];	/* the first of those: the reason if any */
};

/* The subtest's reason: a failed window creation is what the platform did
 * wrong first (every other broken rule follows from it), so it leads. */
static const char *verdict_reason(struct verdict *v, char *buf, size_t len)
{
	if (!v->create_failed)
		return v->first;
	snprintf(buf, len, "window creation failed: %.200s%s", v->create,
		 v->create_failed > 1 ? " (and on other PEs)" : "");
	return buf;
}

static void verdict_add(struct verdict *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void verdict_add(struct verdict *v, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	ksft_print_msg("FAIL: %s\n", line);
	if (!v->broken++)
		snprintf(v->first, sizeof(v->first), "%.255s", line);
	if (strstr(line, "ibm,create-pe-dma-window returned") && !v->create_failed++)
		snprintf(v->create, sizeof(v->create), "%.255s", line);
}

TESTBED_ONLY static void report_rule(const char *line, void *ctx)
{
	verdict_add(ctx, "%s", line);
}

static void window_text(const struct dt_ddw_window *w, char *buf, size_t len)
{
	snprintf(buf, len, "LIOBN 0x%x at 0x%llx, 2^%u bytes, %u-bit pages", w->liobn,
		 (unsigned long long)w->dma_base, w->window_shift, w->tce_shift);
}

static bool same_window(const struct dt_ddw_window *a, const struct dt_ddw_window *b)
{
	return a->liobn == b->liobn && a->dma_base == b->dma_base &&
	       a->tce_shift == b->tce_shift && a->window_shift == b->window_shift;
}

static void compare_ddw(struct verdict *v, const char *pe, const char *what, bool had,
			const struct dt_ddw_window *was, bool has,
			const struct dt_ddw_window *now)
{
	char a[128], b[128];

	if (had)
		window_text(was, a, sizeof(a));
	if (has)
		window_text(now, b, sizeof(b));
	if (had && !has)
		verdict_add(v, "%s: %s DDW lost (boot 0: %s)", pe, what, a);
	else if (!had && has)
		verdict_add(v, "%s: new %s DDW %s (boot 0 had none)", pe, what, b);
	else if (had && !same_window(was, now))
		verdict_add(v, "%s: %s DDW is %s, boot 0's was %s", pe, what, b, a);
}

/*
 * The windows of NOW against those of REF (boot 0, or the state before a
 * kexec): every PE keeps its mode and windows, none holds two DDWs (a window
 * kept from before the kexec beside a new one), none appears or goes.
 */
static void compare_states(struct verdict *v, const struct dt_state *ref,
			   const struct dt_state *now)
{
	for (int i = 0; i < now->nr_pes; i++) {
		const struct dt_pe *pe = &now->pes[i];

		if (pe->has_direct64 && pe->has_dma64)
			verdict_add(v, "%s: two DDWs, a direct and a dynamic one (a stale window kept beside a new one)",
				    pe->path);
	}
	for (int i = 0; i < ref->nr_pes; i++) {
		const struct dt_pe *was = &ref->pes[i], *pe = NULL;

		for (int j = 0; j < now->nr_pes && !pe; j++)
			if (!strcmp(now->pes[j].path, was->path))
				pe = &now->pes[j];
		if (!pe) {
			verdict_add(v, "%s: PE gone (boot 0: %s)", was->path, dt_dma_class_name(was->cls));
			continue;
		}
		if (pe->cls != was->cls)
			verdict_add(v, "%s: DMA mode %s, boot 0's was %s", pe->path,
				    dt_dma_class_name(pe->cls), dt_dma_class_name(was->cls));
		compare_ddw(v, pe->path, "direct", was->has_direct64, &was->direct64,
			    pe->has_direct64, &pe->direct64);
		compare_ddw(v, pe->path, "dynamic", was->has_dma64, &was->dma64,
			    pe->has_dma64, &pe->dma64);
	}
	for (int j = 0; j < now->nr_pes; j++) {
		bool known = false;

		for (int i = 0; i < ref->nr_pes && !known; i++)
			known = !strcmp(now->pes[j].path, ref->pes[i].path);
		if (!known && (now->pes[j].has_direct64 || now->pes[j].has_dma64))
			verdict_add(v, "%s: PE with a DDW that boot 0 did not have", now->pes[j].path);
	}
}

static void print_state(const struct dt_state *st, const struct ddw_log *log)
{
	char w[128];

	for (int i = 0; i < st->nr_pes; i++) {
		const struct dt_pe *pe = &st->pes[i];

		if (!pe->has_applicable && !pe->has_direct64 && !pe->has_dma64)
			continue;
		w[0] = '\0';
		if (pe->has_direct64)
			window_text(&pe->direct64, w, sizeof(w));
		else if (pe->has_dma64)
			window_text(&pe->dma64, w, sizeof(w));
		ksft_print_msg("  %s: %s%s%s\n", pe->path, dt_dma_class_name(pe->cls),
			       w[0] ? ", " : "", w);
	}
	for (int i = 0; log && i < log->nr; i++)
		if (log->a[i].has_create)
			ksft_print_msg("  kernel: %s ibm,create-pe-dma-window(page shift %u, window shift %u) rc %d\n",
				       log->a[i].dev, log->a[i].page_shift, log->a[i].window_shift,
				       log->a[i].create_rc);
}

TESTBED_ONLY static char *read_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	if (!m) {
		fclose(f);
		return NULL;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* The failing kernel-log findings of TEXT into V (console or dmesg). */
TESTBED_ONLY static void judge_kernel_log(struct verdict *v, const char *text,
					  const char *what)
{
	struct kmsg_allowlist al = { 0 };
	struct kmsg_scanner s;
	struct kmsg_report r = { 0 };
	char err[256];

	if (kmsg_allowlist_load_default(&al, err, sizeof(err))) {
		verdict_add(v, "kmsg allowlist: %s", err);
		return;
	}
	kmsg_scanner_init(&s, &al);
	kmsg_scanner_feed(&s, text, strlen(text));
	if (kmsg_scanner_finish(&s, &r)) {
		verdict_add(v, "%s: kernel-log scanner failed", what);
	} else {
		if (r.failing)
			kmsg_report_print(&r, stdout);
		else if (r.n)
			ksft_print_msg("%s: %zu kernel-log finding(s), none failing\n", what, r.n);
		for (size_t i = 0; i < r.n; i++)
			if (r.findings[i].sig->severity == KMSG_FAIL && !r.findings[i].allowlisted)
				verdict_add(v, "%s: %s: %s", what, r.findings[i].sig->name,
					    r.findings[i].line);
	}
	kmsg_report_free(&r);
	kmsg_allowlist_free(&al);
}

/* --- native: a pseries partition ---------------------------------------- */

static bool is_pseries(void)
{
	char buf[4096];
	int fd = open("/proc/device-tree/compatible", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	for (ssize_t i = 0; i < n; i += (ssize_t)strlen(buf + i) + 1) {
		buf[n] = '\0';
		if (!strcmp(buf + i, "IBM,pSeries"))
			return true;
	}
	return false;
}

#define KEXEC_STATE_DEFAULT "/var/lib/ppc-iommu-selftests/reboot_loop"

/* Judges the partition after the kexec that the previous run started. */
static int native_judge(const char *state)
{
	char before[PATH_MAX], root[PATH_MAX + 16];
	struct dt_state ref = { 0 }, now = { 0 };
	struct verdict v = { 0 };
	struct ddw_log log = { 0 };
	int fd;

	snprintf(before, sizeof(before), "%s/before", state);
	snprintf(root, sizeof(root), "%s/base", before);
	if (dt_scan(root, &ref))
		verdict_add(&v, "the tree saved before the kexec: %s", dt_last_error());
	else if (dt_scan(NULL, &now))
		verdict_add(&v, "%s: %s", DT_ROOT_DEFAULT, dt_last_error());
	else
		compare_states(&v, &ref, &now);
	fd = kmsg_open_start();
	if (fd >= 0 && !ddw_log_read_kmsg(fd, &log)) {
		print_state(&now, &log);
		for (int i = 0; i < log.nr; i++) {
			char why[256];

			if (!ddw_rule_create_ok(&log.a[i], why, sizeof(why)))
				verdict_add(&v, "%s", why);
		}
	}
	if (fd >= 0)
		close(fd);
	ddw_log_free(&log);
	dt_free(&ref);
	dt_free(&now);
	shell("rm -rf '%s/before' '%s/pending'", state, state);
	if (v.broken) {
		char why[320];

		ksft_test_result_fail("kexec: %s\n", verdict_reason(&v, why, sizeof(why)));
	}
	else
		ksft_test_result_pass("kexec: DMA windows as before the kexec\n");
	return v.broken ? KSFT_FAIL : KSFT_PASS;
}

/*
 * PPCST_KEXEC_ONLY=1 on a partition: a run without saved state saves the
 * device tree to PPCST_KEXEC_STATE and kexecs into PPCST_KEXEC_KERNEL (default
 * /boot/vmlinuz-RELEASE, with /boot/initrd.img-RELEASE or
 * /boot/initramfs-RELEASE.img if present, or PPCST_KEXEC_INITRD) with the
 * running command line: the machine reboots. The next run (after the boot)
 * finds the state and judges it.
 */
static int native_kexec(void)
{
	const char *state = getenv("PPCST_KEXEC_STATE"), *kernel = getenv("PPCST_KEXEC_KERNEL");
	const char *initrd = getenv("PPCST_KEXEC_INITRD");
	char pending[PATH_MAX], kbuf[PATH_MAX], ibuf[PATH_MAX];
	struct { char release[256]; } u;
	FILE *f;

	if (!state || !*state)
		state = KEXEC_STATE_DEFAULT;
	snprintf(pending, sizeof(pending), "%s/pending", state);
	ksft_set_plan(1);
	if (!access(pending, F_OK))
		return native_judge(state);
	if (geteuid())
		ksft_exit_skip("kexec needs root\n");
	if (access("/sbin/kexec", X_OK) && shell("command -v kexec >/dev/null"))
		ksft_exit_skip("kexec not found (kexec-tools)\n");
	f = fopen("/proc/sys/kernel/osrelease", "re");
	if (!f || !fgets(u.release, sizeof(u.release), f))
		ksft_exit_fail_msg("cannot read the kernel release\n");
	fclose(f);
	u.release[strcspn(u.release, "\n")] = '\0';
	if (!kernel || !*kernel) {
		snprintf(kbuf, sizeof(kbuf), "/boot/vmlinuz-%s", u.release);
		kernel = kbuf;
	}
	if (!initrd) {
		snprintf(ibuf, sizeof(ibuf), "/boot/initrd.img-%s", u.release);
		if (access(ibuf, R_OK))
			snprintf(ibuf, sizeof(ibuf), "/boot/initramfs-%s.img", u.release);
		initrd = access(ibuf, R_OK) ? "" : ibuf;
	}
	if (access(kernel, R_OK))
		ksft_exit_skip("no kernel image %s to kexec into (PPCST_KEXEC_KERNEL)\n", kernel);
	if (shell("rm -rf '%s/before' && mkdir -p '%s/before' && "
		  "tar -C /sys/firmware/devicetree -cf - base | tar -C '%s/before' -xf -",
		  state, state, state))
		ksft_exit_fail_msg("cannot save the device tree into %s\n", state);
	if (shell("kexec -l '%s' %s%s%s --reuse-cmdline", kernel, *initrd ? "--initrd='" : "",
		  initrd, *initrd ? "'" : ""))
		ksft_exit_fail_msg("kexec -l %s failed\n", kernel);
	f = fopen(pending, "we");
	if (!f || fclose(f))
		ksft_exit_fail_msg("cannot write %s\n", pending);
	ksft_print_msg("PPCST_KEXEC_ONLY=1: kexec into %s NOW - this machine reboots; "
		       "run reboot_loop again after the boot to judge the DMA windows\n", kernel);
	fflush(stdout);
	sync();
	shell("kexec -e");
	ksft_test_result_fail("kexec -e returned: the machine did not kexec\n");
	return KSFT_FAIL;
}

#ifndef REBOOT_LOOP_NATIVE_ONLY
/* --- the testbed: QEMU on this host -------------------------------------- */

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
	const char *m = line + strlen(MARK);
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
	if (strncmp(line, MARK, strlen(MARK)))
		return;
	if (sscanf(m, "cycle %d ready next=%15s", &n, w->next) == 2) {
		w->ready = n;
		w->ready_ms = ppcst_now_ms();
	}
	else if (sscanf(m, "cycle %d error %n", &n, &off) == 1 && off)
		snprintf(w->error, sizeof(w->error), "%s", m + off);
	else if (!strncmp(m, "error ", 6))
		snprintf(w->error, sizeof(w->error), "%s", m + 6);
}

struct testbed {
	const char *kernel, *rootfs, *qemu, *append, *results, *agent;
	unsigned int boot_timeout_s;
};

/* The guest suite: the agent as run_all.sh and the kernel to kexec into. */
static int make_guest_suite(const struct testbed *tb, char *dir, size_t len)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, len, "%s/ppcst-reboot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	if (shell("cp '%s' '%s/run_all.sh' && chmod 755 '%s/run_all.sh' && "
		  "{ ln '%s' '%s/vmlinux' 2>/dev/null || cp '%s' '%s/vmlinux'; }",
		  tb->agent, dir, dir, tb->kernel, dir, tb->kernel, dir))
		return -1;
	return 0;
}

/* Unpacks BOOT's device tree and judges it; ref (boot 0's) NULL for boot 0. */
static void judge_boot(struct verdict *v, const char *bdir, const struct dt_state *ref,
		       struct dt_state *st)
{
	char path[PATH_MAX * 2], *dmesg;
	struct ddw_dev devs[64];
	char addr[64][32], node[64][256];
	struct ddw_log log = { 0 };
	int nr = 0;
	FILE *f;

	if (shell("mkdir -p '%s/dt' && tar -C '%s/dt' -xf '%s/dt.tar'", bdir, bdir, bdir)) {
		verdict_add(v, "cannot unpack %s/dt.tar", bdir);
		return;
	}
	snprintf(path, sizeof(path), "%s/dt/base", bdir);
	if (dt_scan(path, st)) {
		verdict_add(v, "device tree of this boot: %s", dt_last_error());
		return;
	}
	snprintf(path, sizeof(path), "%s/pci.txt", bdir);
	f = fopen(path, "re");
	while (f && nr < 64) {
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
		verdict_add(v, "no %s", path);
	snprintf(path, sizeof(path), "%s/dmesg", bdir);
	dmesg = read_file(path);
	if (!dmesg || ddw_log_parse(dmesg, &log))
		verdict_add(v, "cannot read %s", path);
	free(dmesg);
	print_state(st, &log);
	ddw_check_partition(st, devs, nr, &log, report_rule, v);
	if (ref)
		compare_states(v, ref, st);
	ddw_log_free(&log);
}

struct boot_result {
	const char *outcome;	/* NULL: the guest reached its marker */
	char detail[384];
};

static void boot_fail(struct boot_result *r, const char *outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void boot_fail(struct boot_result *r, const char *outcome, const char *fmt, ...)
{
	va_list ap;

	r->outcome = outcome;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

/* QEMU is gone: why, from its wait status and stderr. */
static void qemu_gone(struct vm_qemu *vm, const char *qstderr, struct boot_result *r,
		      const char *when)
{
	int st = vm_qemu_wait_status(vm);
	char how[128], reason[64], assertion[256] = "";

	vm_qemu_describe_exit(vm, how, sizeof(how));
	vm_qemu_shutdown_reason(vm, reason, sizeof(reason));
	vm_qemu_assertion(qstderr, assertion, sizeof(assertion));
	if (WIFSIGNALED(st) || WEXITSTATUS(st))
		boot_fail(r, "qemu-crashed", "QEMU %s %s%s%s", how, when,
			  assertion[0] ? ": " : "", assertion);
	else
		boot_fail(r, "qemu-exited", "QEMU %s (%s) %s", how,
			  reason[0] ? reason : "no SHUTDOWN event", when);
}

/* Waits for boot I's marker. */
static void wait_boot(struct vm_qemu *vm, struct watch *w, int i, const char *after,
		      unsigned int timeout_s, const char *qstderr, struct boot_result *r)
{
	long long deadline = ppcst_now_ms() + timeout_s * 1000LL;
	char when[96];

	snprintf(when, sizeof(when), "before boot %d (after %s) reached its marker", i, after);
	for (;;) {
		enum vm_status st = vm_qemu_poll(vm, POLL_MS);
		json_object *ev = vm_qemu_take_event(vm, vm_qmp_event_named, "GUEST_PANICKED");

		if (st == VM_INTERRUPTED) {
			boot_fail(r, "interrupted", "reboot_loop got signal %d", vm_signal_pending());
			return;
		}
		if (ev || (w->panic[0] && st != VM_EXITED)) {
			json_object_put(ev);
			vm_qemu_last_words(vm);
			boot_fail(r, "guest-panic", "%s", w->panic[0] ? w->panic : "GUEST_PANICKED");
			return;
		}
		if (w->error[0]) {
			boot_fail(r, "guest-error", "%s", w->error);
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
			boot_fail(r, "boot-timeout", "boot %d (after %s): no marker within %u s, the guest never came back",
				  i, after, timeout_s);
			return;
		}
	}
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	if (f) {
		fputs(text ? text : "", f);
		fclose(f);
	}
}

/* One profile: QEMU up, boot 0 and the cycles, one subtest per boot.
 * Returns the number of subtests reported. */
static int run_profile(const struct testbed *tb, const char *pname, int nboots,
		       const char *const *plan, double *cycle_s)
{
	char dir[PATH_MAX], ppath[PATH_MAX + 256], pdir[VM_PROFILES_DIR_LEN], err[1024];
	char console[PATH_MAX + 32], qstderr[PATH_MAX + 32], events[PATH_MAX + 32];
	char suite[PATH_MAX], bdir[PATH_MAX + 32], path[PATH_MAX + 64];
	struct vm_profile profile = { 0 };
	struct vm_qemu *vm = NULL;
	struct watch w = { .ready = -1 };
	struct dt_state ref = { 0 };
	bool have_ref = false;
	long long last_ms = 0;
	int reported = 0, i;
	FILE *job;

	snprintf(dir, sizeof(dir), "%s/%s", tb->results, pname);
	vm_profiles_dir(pdir);
	suite[0] = '\0';
	if (shell("rm -rf '%s' && mkdir -p '%s'", dir, dir)) {
		snprintf(err, sizeof(err), "cannot create %.900s", dir);
		goto broke;
	}
	if (vm_profile_resolve(pname, pdir, ppath, sizeof(ppath), err, sizeof(err)) ||
	    vm_profile_load(ppath, &profile, err, sizeof(err)))
		goto broke;
	if (make_guest_suite(tb, suite, sizeof(suite))) {
		snprintf(err, sizeof(err), "cannot make the guest suite in %.900s", suite);
		goto broke;
	}
	snprintf(path, sizeof(path), "%s/.ppcst-job", dir);
	job = fopen(path, "we");
	for (i = 0; job && i < nboots - 1; i++)
		fprintf(job, "%s\n", plan[i]);
	if (!job || fclose(job)) {
		snprintf(err, sizeof(err), "cannot write %.900s", path);
		goto broke;
	}
	snprintf(console, sizeof(console), "%s/console.log", dir);
	snprintf(qstderr, sizeof(qstderr), "%s/qemu.stderr", dir);
	snprintf(events, sizeof(events), "%s/qmp-events.jsonl", dir);
	{
		const struct vm_share shares[] = {
			{ suite, "ppcst-suite", true },
			{ dir, "ppcst-results", false },
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
	ksft_print_msg("%s: %s, QEMU pid %d, %d boots\n", pname, profile.description,
		       (int)vm_qemu_pid(vm), nboots);

	for (i = 0; i < nboots; i++) {
		const char *after = i ? plan[i - 1] : "cold start";
		struct boot_result r = { 0 };
		struct verdict v = { 0 };
		struct dt_state st = { 0 };
		long long t0 = ppcst_now_ms();
		unsigned int timeout = tb->boot_timeout_s ? tb->boot_timeout_s : profile.boot_timeout;

		wait_boot(vm, &w, i, after, timeout, qstderr, &r);
		snprintf(bdir, sizeof(bdir), "%s/cycle-%d", dir, i);
		mkdir(bdir, 0755);
		snprintf(path, sizeof(path), "%s/console.log", bdir);
		write_text(path, w.text);
		if (r.outcome) {
			vm_qemu_kill(vm);
			ksft_print_msg("%s boot %d after %s: %s: %s\n", pname, i, after, r.outcome, r.detail);
			vm_print_excerpt(stdout, "console tail", path, CONSOLE_TAIL_LINES);
			vm_print_excerpt(stdout, "qemu stderr tail", qstderr, STDERR_TAIL_LINES);
			ksft_test_result_fail("%s boot %d after %s # %s: %s\n", pname, i, after,
					      r.outcome, r.detail);
			reported++;
			for (i++; i < nboots; i++, reported++)
				ksft_test_result_skip("%s boot %d after %s: not reached (%s)\n", pname, i,
						      plan[i - 1], r.outcome);
			break;
		}
		/* A cycle lasts from one boot's marker to the next one's. */
		ksft_print_msg("%s boot %d after %s: marker after %.1f s\n", pname, i, after,
			       (w.ready_ms - (i ? last_ms : t0)) / 1000.0);
		if (i)
			cycle_s[i - 1] = (w.ready_ms - last_ms) / 1000.0;
		last_ms = w.ready_ms;
		judge_kernel_log(&v, w.text ? w.text : "", "console");
		w.len = 0;
		if (w.text)
			w.text[0] = '\0';
		judge_boot(&v, bdir, have_ref ? &ref : NULL, &st);
		if (!have_ref) {
			ref = st;
			have_ref = true;
		} else {
			dt_free(&st);
		}
		if (i == nboots - 1) {
			/* The last boot powers off: QEMU must end cleanly. */
			struct boot_result e = { 0 };
			long long end = ppcst_now_ms() + SHUTDOWN_TIMEOUT_MS;

			while (vm_qemu_running(vm) && ppcst_now_ms() < end &&
			       vm_qemu_poll(vm, POLL_MS) != VM_INTERRUPTED)
				;
			if (vm_qemu_running(vm)) {
				vm_qemu_kill(vm);
				verdict_add(&v, "QEMU still ran %d s after the last boot", SHUTDOWN_TIMEOUT_MS / 1000);
			} else {
				qemu_gone(vm, qstderr, &e, "at the final poweroff");
				if (!strcmp(e.outcome, "qemu-crashed"))
					verdict_add(&v, "%s", e.detail);
			}
		} else if (!strcmp(plan[i], "reset")) {
			if (vm_qemu_qmp(vm, "system_reset", NULL, 10000, NULL, err, sizeof(err)) != VM_OK)
				verdict_add(&v, "QMP %s", err);
		}
		if (v.broken) {
			vm_print_excerpt(stdout, "console tail", path, CONSOLE_TAIL_LINES);
			vm_print_excerpt(stdout, "qemu stderr tail", qstderr, STDERR_TAIL_LINES);
			char why[320];

			ksft_test_result_fail("%s boot %d after %s # %s\n", pname, i, after,
					      verdict_reason(&v, why, sizeof(why)));
		} else {
			ksft_test_result_pass("%s boot %d after %s\n", pname, i, after);
		}
		reported++;
	}
	goto out;
broke:
	ksft_print_msg("%s: %s\n", pname, err);
	if (vm)
		vm_print_excerpt(stdout, "qemu stderr tail", qstderr, STDERR_TAIL_LINES);
	ksft_test_result_fail("%s boot 0 after cold start # testbed: %s\n", pname, err);
	for (i = 1, reported = 1; i < nboots; i++, reported++)
		ksft_test_result_skip("%s boot %d after %s: not reached (testbed)\n", pname, i,
				      plan[i - 1]);
out:
	if (have_ref)
		dt_free(&ref);
	vm_qemu_free(vm);
	vm_profile_free(&profile);
	free(w.text);
	if (suite[0])
		shell("rm -rf '%s'", suite);
	return reported;
}
#endif

/* --- main ---------------------------------------------------------------- */

static void usage(void)
{
	printf("usage: %s [--profile NAME]... [--kernel VMLINUX --rootfs DIR] [--cycles N]\n"
	       "                   [--kinds reboot,reset,kexec] [--results DIR] [--boot-timeout S]\n"
	       "                   [--append ARGS] [--qemu PATH]\n"
	       "Boots each testbed profile once and reboots, resets and kexecs it N times\n"
	       "each, judging QEMU, the guest's return, its kernel log and its DMA windows\n"
	       "after every boot. On a pseries partition: skips, unless PPCST_KEXEC_ONLY=1\n"
	       "(one kexec of THIS MACHINE per run; the next run judges it).\n", me);
}

static unsigned int parse_count(const char *opt, const char *v, unsigned int max)
{
	unsigned int n;

	if (args_count(v, max, &n))
		usage_error("%s wants a number from 1 to %u, not '%s'", opt, max, v);
	return n;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "rootfs", required_argument, NULL, 'r' },
		{ "cycles", required_argument, NULL, 'c' },
		{ "kinds", required_argument, NULL, 'K' },
		{ "results", required_argument, NULL, 'o' },
		{ "boot-timeout", required_argument, NULL, 'b' },
		{ "append", required_argument, NULL, 'a' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *profiles[MAX_PROFILES], *kinds_arg = getenv("PPCST_REBOOT_KINDS");
	const char *cycles_env = getenv("PPCST_REBOOT_CYCLES"), *kexec_only = getenv("PPCST_KEXEC_ONLY");
	const char *kernel = getenv("PPCST_VM_KERNEL"), *rootfs = getenv("PPCST_VM_ROOTFS");
	const char *results = getenv("PPCST_RESULTS"), *qemu = NULL, *append = NULL;
	char *env_profiles = getenv("PPCST_VM_PROFILES") ? strdup(getenv("PPCST_VM_PROFILES")) : NULL;
	unsigned int cycles = DEFAULT_CYCLES, boot_timeout = 0;
	int nprofiles = 0, c;
	char *kinds_copy;
	const char *kinds[MAX_KINDS];
	int nkinds = 0;

	if (cycles_env && *cycles_env)
		cycles = parse_count("PPCST_REBOOT_CYCLES", cycles_env, 100);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (nprofiles == MAX_PROFILES)
				usage_error("at most %d profiles", MAX_PROFILES);
			profiles[nprofiles++] = optarg;
			break;
		case 'k': kernel = optarg; break;
		case 'r': rootfs = optarg; break;
		case 'c': cycles = parse_count("--cycles", optarg, 100); break;
		case 'K': kinds_arg = optarg; break;
		case 'o': results = optarg; break;
		case 'b': boot_timeout = parse_count("--boot-timeout", optarg, 3600); break;
		case 'a': append = optarg; break;
		case 'q': qemu = optarg; break;
		case 'h': usage(); return 0;
		default: usage_error("bad option");
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	kinds_copy = strdup(kinds_arg && *kinds_arg ? kinds_arg : "reboot,reset,kexec");
	for (char *sp, *k = strtok_r(kinds_copy, ", ", &sp); k; k = strtok_r(NULL, ", ", &sp)) {
		if (strcmp(k, "reboot") && strcmp(k, "reset") && strcmp(k, "kexec"))
			usage_error("unknown cycle kind '%s' (reboot, reset, kexec)", k);
		if (nkinds == MAX_KINDS)
			usage_error("at most %d cycle kinds", MAX_KINDS);
		kinds[nkinds++] = k;
	}
	if (!nkinds)
		usage_error("no cycle kinds");
	/* --profile wins over PPCST_VM_PROFILES. */
	for (char *sp, *p = nprofiles || !env_profiles ? NULL : strtok_r(env_profiles, " ", &sp);
	     p && nprofiles < MAX_PROFILES; p = strtok_r(NULL, " ", &sp))
		profiles[nprofiles++] = p;

	ksft_print_header();
	if (is_pseries()) {
		if (!kexec_only || strcmp(kexec_only, "1"))
			ksft_exit_skip("a pseries partition: reboot_loop would reboot the machine under test; "
				       "set PPCST_KEXEC_ONLY=1 to kexec THIS MACHINE (it reboots) - see README\n");
		return native_kexec();
	}
#ifdef REBOOT_LOOP_NATIVE_ONLY
	(void)boot_timeout, (void)qemu, (void)append, (void)kernel, (void)rootfs;
	(void)results, (void)cycles, (void)kinds, (void)profiles;
	ksft_exit_skip("not a pseries partition; in the QEMU testbed run_all.sh --vm runs reboot_loop on the host\n");
#else
	if (!kernel || !*kernel || !rootfs || !*rootfs)
		ksft_exit_skip("not a pseries partition and no testbed kernel and guest root "
			       "(--kernel/--rootfs; run_all.sh --vm sets them)\n");
	{
		static struct testbed tb;
		char agent[PATH_MAX], res[PATH_MAX + 32];
		const char *plan[MAX_PLAN];
		static double cycle_s[MAX_PLAN];
		int nplan = 0, fails_before;

		if (!nprofiles)
			profiles[nprofiles++] = "reboot";
		for (unsigned int i = 0; i < cycles; i++)
			for (int k = 0; k < nkinds && nplan < MAX_PLAN; k++)
				plan[nplan++] = kinds[k];
		args_exe_dir(agent, sizeof(agent) - 40);
		strcat(agent, "/../../vm/guest/reboot-agent.sh");
		if (getenv("PPCST_REBOOT_AGENT"))
			snprintf(agent, sizeof(agent), "%s", getenv("PPCST_REBOOT_AGENT"));
		if (access(agent, R_OK))
			ksft_exit_fail_msg("no guest agent %s (PPCST_REBOOT_AGENT)\n", agent);
		if (!results || !*results)
			results = ".";
		snprintf(res, sizeof(res), "%s/reboot_loop", results);
		tb = (struct testbed){ .kernel = kernel, .rootfs = rootfs, .qemu = qemu,
				       .append = append, .results = res, .agent = agent,
				       .boot_timeout_s = boot_timeout };
		vm_signals_install();
		ksft_set_plan((unsigned int)(nprofiles * (nplan + 1)));
		for (int p = 0; p < nprofiles; p++) {
			double sum[MAX_KINDS] = { 0 };
			int n[MAX_KINDS] = { 0 };

			fails_before = ksft_get_fail_cnt();
			memset(cycle_s, 0, sizeof(cycle_s));
			run_profile(&tb, profiles[p], nplan + 1, plan, cycle_s);
			for (int i = 0; i < nplan && ksft_get_fail_cnt() == fails_before; i++)
				for (int k = 0; k < nkinds; k++)
					if (!strcmp(plan[i], kinds[k]) && cycle_s[i] > 0) {
						sum[k] += cycle_s[i];
						n[k]++;
					}
			for (int k = 0; k < nkinds; k++)
				if (n[k])
					ksft_print_msg("%s: %s cycles: %d, %.2f s each on average, %.1f per minute\n",
						       profiles[p], kinds[k], n[k], sum[k] / n[k],
						       60.0 * n[k] / sum[k]);
			if (vm_signal_pending())
				break;
		}
	}
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	if (!ksft_get_pass_cnt())
		ksft_exit_skip("every boot skipped\n");
	ksft_exit_pass();
#endif
}
