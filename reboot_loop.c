// SPDX-License-Identifier: GPL-2.0
/*
 * reboot_loop: reboots and kexecs pseries guests in a loop and checks, after
 * every boot, that QEMU survived, the guest came back, its kernel log is
 * clean and every device's DMA window has the shape it had after the first
 * boot (same mode and size, no stale or second window after a kexec, which
 * hands DDWs over through linux,direct64-ddr-window-info /
 * linux,dma64-ddr-window-info).
 *
 * Unlike the other tests it runs on the HOST, where it owns QEMU: that half,
 * vm/reboot_host.c, is linked into the host build only; the judging of a
 * boot and the TAP are this file's, shared with the native half below.
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
 * into RESULTS/PROFILE/cycle-N/ and prints a marker. One TAP
 * subtest per boot. Failures, each with the console excerpt and QEMU's stderr
 * tail: qemu-crashed (signal, assertion), qemu-exited, boot-timeout (the
 * guest never came back), guest-panic, guest-error (vm/outcome.h), kernel-log findings,
 * broken DMA-window rules (lib/dma/ddw_check.h), windows changed since boot 0.
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
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest.h"

#include "base/args.h"
#include "dma/ddw_check.h"
#include "dma/ddw_state.h"
#include "dma/dt.h"
#include "base/error.h"
#include "base/proc.h"
#include "base/settings.h"
#include "base/sysfs.h"
#ifndef REBOOT_LOOP_NATIVE_ONLY
#include "reboot_host.h"
#endif

#define MAX_KINDS 3
#define MAX_PROFILES 16
#define MAX_PLAN 300

static const char *me = "reboot_loop";

#define usage_error(...) args_usage_error(me, __VA_ARGS__)

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

/* One difference of the windows against the reference (ddw_state_compare). */
static void report_rule(const char *line, void *ctx)
{
	verdict_add(ctx, "%s", line);
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
			ddw_window_text(&pe->direct64, w, sizeof(w));
		else if (pe->has_dma64)
			ddw_window_text(&pe->dma64, w, sizeof(w));
		ksft_print_msg("  %s: %s%s%s\n", pe->path, dt_dma_class_name(pe->cls),
			       w[0] ? ", " : "", w);
	}
	for (int i = 0; log && i < log->nr; i++)
		if (log->a[i].has_create)
			ksft_print_msg("  kernel: %s ibm,create-pe-dma-window(page shift %u, window shift %u) rc %d\n",
				       log->a[i].dev, log->a[i].page_shift, log->a[i].window_shift,
				       log->a[i].create_rc);
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

	snprintf(before, sizeof(before), "%s/before", state);
	snprintf(root, sizeof(root), "%s/base", before);
	if (ddw_state_take(root, &ref))
		verdict_add(&v, "the tree saved before the kexec: %s", ppcst_last_error());
	else if (ddw_state_take(NULL, &now))
		verdict_add(&v, "%s: %s", DT_ROOT_DEFAULT, ppcst_last_error());
	else
		ddw_state_compare(&ref, &now, "boot 0", report_rule, &v);
	if (!ddw_log_read_boot(&log)) {
		print_state(&now, &log);
		for (int i = 0; i < log.nr; i++)
			if (!ddw_rule_create_ok(&log.a[i]))
				verdict_add(&v, "%s", ppcst_last_error());
	}
	ddw_log_free(&log);
	dt_free(&ref);
	dt_free(&now);
	proc_shell("rm -rf '%s/before' '%s/pending'", state, state);
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
	if (access("/sbin/kexec", X_OK) && proc_shell("command -v kexec >/dev/null"))
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
	if (proc_shell("rm -rf '%s/before' && mkdir -p '%s/before' && "
		  "tar -C /sys/firmware/devicetree -cf - base | tar -C '%s/before' -xf -",
		  state, state, state))
		ksft_exit_fail_msg("cannot save the device tree into %s\n", state);
	if (proc_shell("kexec -l '%s' %s%s%s --reuse-cmdline", kernel, *initrd ? "--initrd='" : "",
		  initrd, *initrd ? "'" : ""))
		ksft_exit_fail_msg("kexec -l %s failed\n", kernel);
	f = fopen(pending, "we");
	if (!f || fclose(f))
		ksft_exit_fail_msg("cannot write %s\n", pending);
	ksft_print_msg("PPCST_KEXEC_ONLY=1: kexec into %s NOW - this machine reboots; "
		       "run reboot_loop again after the boot to judge the DMA windows\n", kernel);
	fflush(stdout);
	sync();
	proc_shell("kexec -e");
	ksft_test_result_fail("kexec -e returned: the machine did not kexec\n");
	return KSFT_FAIL;
}

#ifndef REBOOT_LOOP_NATIVE_ONLY
/* --- the testbed: vm/reboot_host.c boots, this file judges and reports --- */

static void boot_begin(void *ctx, const struct reboot_boot *b)
{
	(void)b;
	*(struct verdict *)ctx = (struct verdict){ 0 };
}

static void boot_finding(void *ctx, const char *line)
{
	verdict_add(ctx, "%s", line);
}

static void boot_state(void *ctx, const struct reboot_boot_state *s)
{
	print_state(s->state, s->log);
	ddw_check_partition(s->state, s->devs, s->ndevs, s->log, report_rule, ctx);
	if (s->ref)
		ddw_state_compare(s->ref, s->state, "boot 0", report_rule, ctx);
}

static const char *boot_failure(void *ctx, char *buf, size_t len)
{
	struct verdict *v = ctx;

	return v->broken ? verdict_reason(v, buf, len) : NULL;
}

static void boot_result(void *ctx, const struct reboot_boot *b, const char *failure)
{
	(void)ctx;
	if (failure)
		ksft_test_result_fail("%s boot %d after %s # %s\n", b->profile, b->index, b->after,
				      failure);
	else
		ksft_test_result_pass("%s boot %d after %s\n", b->profile, b->index, b->after);
}

static void boot_skip(void *ctx, const struct reboot_boot *b, const char *why)
{
	(void)ctx;
	ksft_test_result_skip("%s boot %d after %s: not reached (%s)\n", b->profile, b->index,
			      b->after, why);
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
	unsigned int cycles = 0, boot_timeout = 0;
	char cycles_set[32];
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
	/* Neither --cycles nor the variable: the suite's settings say how many. */
	if (!cycles) {
		if (settings_test_env(NULL, "reboot_loop", "PPCST_REBOOT_CYCLES", cycles_set,
				      sizeof(cycles_set)))
			usage_error("no cycle count: give --cycles N or PPCST_REBOOT_CYCLES=N (%s)",
				    ppcst_last_error());
		cycles = parse_count("PPCST_REBOOT_CYCLES", cycles_set, 100);
	}
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
		static const char *plan[MAX_PLAN];
		static struct verdict v;
		char agent[PATH_MAX];
		struct reboot_testbed tb = {
			.kernel = kernel, .rootfs = rootfs, .qemu = qemu, .append = append,
			.results = results && *results ? results : ".", .agent = agent,
			.boot_timeout_s = boot_timeout, .profiles = profiles, .plan = plan,
			.kinds = kinds, .nkinds = nkinds,
		};
		const struct reboot_judge judge = {
			.ctx = &v, .begin = boot_begin, .finding = boot_finding, .state = boot_state,
			.failure = boot_failure, .result = boot_result, .skip = boot_skip,
		};

		if (!nprofiles)
			profiles[nprofiles++] = "reboot";
		tb.nprofiles = nprofiles;
		for (unsigned int i = 0; i < cycles; i++)
			for (int k = 0; k < nkinds && tb.nplan < MAX_PLAN; k++)
				plan[tb.nplan++] = kinds[k];
		if (reboot_host_agent(agent, sizeof(agent)))
			ksft_exit_fail_msg("no guest agent %s (PPCST_REBOOT_AGENT)\n", agent);
		ksft_set_plan((unsigned int)(nprofiles * (tb.nplan + 1)));
		reboot_host_run(&tb, &judge);
	}
	if (ksft_get_fail_cnt())
		ksft_exit_fail();
	if (!ksft_get_pass_cnt())
		ksft_exit_skip("every boot skipped\n");
	ksft_exit_pass();
#endif
}
