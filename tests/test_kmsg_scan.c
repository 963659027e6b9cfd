// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel-log scanner (lib/kmsg/, tools/kmsg_scan) on recorded real logs
 * in tests/data/kmsg (provenance in SOURCES.md): every signature fires on a
 * log that really contains it, clean boots stay clean, lines split across
 * reads, sequence gaps, the allowlist and the CLI's exit codes.
 * Run from the top of the tree (make check does); KMSG_SCAN names the CLI.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_scanner.h"
#include "kmsg/kmsg_signatures.h"
#include "kmsg/kmsg_window.h"

#define DATA "tests/data/kmsg/"

/* Feeds a file in chunks of 'chunk' bytes: lines cross read boundaries. */
static int scan_path(const char *path, size_t chunk,
		     const struct kmsg_allowlist *al, struct kmsg_report *r)
{
	struct kmsg_scanner s;
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	if (chunk > sizeof(buf))
		chunk = sizeof(buf);
	kmsg_scanner_init(&s, al);
	while ((n = read(fd, buf, chunk)) > 0)
		kmsg_scanner_feed(&s, buf, n);
	close(fd);
	return kmsg_scanner_finish(&s, r);
}

static int scan_text(const char *text, struct kmsg_report *r)
{
	struct kmsg_scanner s;

	kmsg_scanner_init(&s, NULL);
	kmsg_scanner_feed(&s, text, strlen(text));
	return kmsg_scanner_finish(&s, r);
}

/* Exit status of the CLI run with argv (argv[0] is replaced). */
static int run_cli(char **argv)
{
	const char *bin = getenv("KMSG_SCAN") ? getenv("KMSG_SCAN") : "build/host/kmsg_scan";
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		argv[0] = (char *)bin;
		execv(bin, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(kmsg)
{
	struct kmsg_window kmsg;
	bool live;		/* this host's /dev/kmsg is readable */
};

FIXTURE_SETUP(kmsg)
{
	self->live = kmsg_window_open(&self->kmsg) == 0;
	if (!self->live)
		TH_LOG_ERROR_MSG("no live window");
}

FIXTURE_TEARDOWN(kmsg)
{
	/* The suite's own tests get the same judgement as every test program. */
	if (self->live)
		KMSG_EXPECT_CLEAN(_metadata, &self->kmsg);
}

TEST_F(kmsg, every_signature_fires_on_a_real_log)
{
	static const struct {
		const char *file, *sig;
		enum kmsg_severity severity;
	} cases[] = {
		{ "seed001-tce-freemulti-h-parameter.log", "tce-h-parameter", KMSG_FAIL },
		{ "qemu-sysrq-c-panic.console", "panic", KMSG_FAIL },
		{ "qemu-initrd-missing-panic.console", "panic", KMSG_FAIL },
		{ "qemu-boot-no-maxmem-ddw-create-failed.console", "ddw-create-failed", KMSG_WARN },
		{ "qemu-tcg-rcu-stall.console", "rcu-stall", KMSG_FAIL },
		{ "qemu-fail-iommu-iommu-alloc-failed.console", "iommu-alloc-failed", KMSG_WARN },
		{ "qemu-alloc-fault-fixed-iommu-table-alloc-failed.console",
		  "iommu-table-alloc-failed", KMSG_WARN },
		{ "qemu-alloc-fault-6.12.107-panic.console", "iommu-table-alloc-failed", KMSG_WARN },
		{ "qemu-alloc-fault-6.12.107-panic.console", "panic", KMSG_FAIL },
		{ "published-linuxppc-dev-2006-10-iommu-alloc-failed.log", "iommu-alloc-failed", KMSG_WARN },
		{ "published-skiboot-issue136-rcu-stall.log", "rcu-stall", KMSG_FAIL },
		{ "published-cloud-hypervisor-issue4536-soft-lockup.log", "soft-lockup", KMSG_FAIL },
		{ "published-linuxppc-issue459-warning.log", "warning", KMSG_FAIL },
		{ "published-skiboot-issue194-oops.log", "oops", KMSG_FAIL },
		{ "published-skiboot-issue194-oops.log", "unable-to-handle", KMSG_FAIL },
		{ "published-mptcp-issue433-kasan.log", "kasan", KMSG_FAIL },
		{ "published-scst-issue328-kfence.log", "kfence", KMSG_FAIL },
		{ "published-sonic-issue4822-hung-task.log", "hung-task", KMSG_FAIL },
		{ "published-irati-issue140-scheduling-while-atomic.log", "bug", KMSG_FAIL },
		{ "published-bcachefs-issue296-kernel-bug.log", "kernel-bug", KMSG_FAIL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct kmsg_signature *sig = kmsg_signature_find(cases[i].sig);
		struct kmsg_report r;
		char path[256];

		snprintf(path, sizeof(path), DATA "%s", cases[i].file);
		ASSERT_EQ(0, scan_path(path, 4096, NULL, &r)) TH_LOG("%s", path);
		ASSERT_NE(NULL, sig) TH_LOG("no signature %s", cases[i].sig);
		EXPECT_TRUE(kmsg_report_has(&r, cases[i].sig))
			TH_LOG("%s: no %s", cases[i].file, cases[i].sig);
		EXPECT_EQ(cases[i].severity, sig->severity)
			TH_LOG("%s: %s has the wrong severity", cases[i].file, cases[i].sig);
		kmsg_report_free(&r);
	}
}

TEST_F(kmsg, fail_iommu_injection_only_warns)
{
	struct kmsg_report r;

	/*
	 * fail_iommu's own "FAULT_INJECTION: forcing a failure." and its
	 * dump_stack call trace are no finding; the map failure it caused is
	 * one warning, and the run does not fail on it.
	 */
	ASSERT_EQ(0, scan_path(DATA "qemu-fail-iommu-iommu-alloc-failed.console", 4096, NULL, &r));
	ASSERT_EQ(1, r.n);
	EXPECT_STREQ("iommu-alloc-failed", r.findings[0].sig->name);
	EXPECT_EQ(0, r.failing);
	EXPECT_STREQ("dma_map_benchmark 0001:00:00.0: iommu_alloc failed, tbl 00000000c8378048 "
		     "vaddr 00000000c3360d02 npages 1", r.findings[0].line);
	kmsg_report_free(&r);
}

TEST_F(kmsg, seed001_is_h_parameter_with_its_details)
{
	struct kmsg_report r;

	ASSERT_EQ(0, scan_path(DATA "seed001-tce-freemulti-h-parameter.log", 4096, NULL, &r));
	ASSERT_EQ(1, r.n);
	EXPECT_EQ(1, r.failing);
	EXPECT_STREQ("tce_freemulti_pSeriesLP: plpar_tce_stuff failed", r.findings[0].line);
	/* one line of context before, the rc/index detail lines after */
	ASSERT_EQ(7, r.findings[0].excerpt_len);
	EXPECT_STREQ("[ 3610.403869] rc = -4", r.findings[0].excerpt[2]);
	kmsg_report_free(&r);
}

TEST_F(kmsg, clean_boots_stay_clean)
{
	static const char *const clean[] = {
		"qemu-boot-ddw.console",
		"qemu-boot-disable-ddw.console",
	};

	for (size_t i = 0; i < sizeof(clean) / sizeof(clean[0]); i++) {
		struct kmsg_report r;
		char path[256];

		snprintf(path, sizeof(path), DATA "%s", clean[i]);
		ASSERT_EQ(0, scan_path(path, 4096, NULL, &r));
		EXPECT_EQ(0, r.total) TH_LOG("%s: %s", clean[i],
					      r.n ? r.findings[0].line : "");
		EXPECT_LT(100, r.lines);
		kmsg_report_free(&r);
	}
}

TEST_F(kmsg, ddw_create_failure_only_warns)
{
	struct kmsg_report r;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	/* the boot up to the -3, before the TCG stall that followed it */
	ASSERT_EQ(0, scan_path(DATA "qemu-boot-no-maxmem-ddw-create-failed.console", 4096, NULL, &r));
	ASSERT_LE(2, r.n);
	EXPECT_STREQ("ddw-create-failed", r.findings[0].sig->name);
	EXPECT_EQ(KMSG_WARN, r.findings[0].sig->severity);
	kmsg_report_print(&r, f);
	fclose(f);
	EXPECT_NE(NULL, strstr(text, "# kmsg: ddw-create-failed (warn) at line "));
	EXPECT_NE(NULL, strstr(text, "returned -3 (liobn = 0x0"));
	free(text);
	kmsg_report_free(&r);
}

TEST_F(kmsg, block_excerpts_run_to_the_end_marker_or_are_cut)
{
	struct kmsg_report r;
	const struct kmsg_finding *f;

	/* WARNING: from its "cut here" header to the end of what was published */
	ASSERT_EQ(0, scan_path(DATA "published-linuxppc-issue459-warning.log", 4096, NULL, &r));
	ASSERT_EQ(1, r.n);
	f = &r.findings[0];
	EXPECT_EQ(20, f->excerpt_len);
	EXPECT_STREQ("  ------------[ cut here ]------------", f->excerpt[0]);
	kmsg_report_free(&r);

	/* KASAN: from the "====" rule above it */
	ASSERT_EQ(0, scan_path(DATA "published-scst-issue328-kfence.log", 4096, NULL, &r));
	ASSERT_EQ(1, r.n);
	f = &r.findings[0];
	EXPECT_FALSE(f->excerpt_truncated);
	EXPECT_EQ(27, f->excerpt_len);
	kmsg_report_free(&r);

	/*
	 * panic=-1 restarts before "---[ end Kernel panic" is printed and
	 * QEMU's "OS terminated" follows: the excerpt is cut, and says so.
	 */
	ASSERT_EQ(0, scan_path(DATA "qemu-sysrq-c-panic.console", 4096, NULL, &r));
	ASSERT_EQ(1, r.n);
	f = &r.findings[0];
	EXPECT_TRUE(f->excerpt_truncated);
	ASSERT_LT(3, f->excerpt_len);
	EXPECT_NE(NULL, strstr(f->excerpt[0], "Kernel panic - not syncing: sysrq triggered crash"));
	EXPECT_NE(NULL, strstr(f->excerpt[6], "sysrq_handle_crash"));
	kmsg_report_free(&r);
}

TEST_F(kmsg, lines_split_across_reads)
{
	static const size_t chunks[] = { 1, 3, 7, 64 };
	struct kmsg_report whole;

	ASSERT_EQ(0, scan_path(DATA "published-skiboot-issue194-oops.log", 65536, NULL, &whole));
	for (size_t c = 0; c < sizeof(chunks) / sizeof(chunks[0]); c++) {
		struct kmsg_report r;

		ASSERT_EQ(0, scan_path(DATA "published-skiboot-issue194-oops.log", chunks[c], NULL, &r));
		ASSERT_EQ(whole.n, r.n);
		EXPECT_EQ(whole.lines, r.lines);
		for (size_t i = 0; i < r.n; i++) {
			EXPECT_STREQ(whole.findings[i].line, r.findings[i].line);
			EXPECT_EQ(whole.findings[i].excerpt_len, r.findings[i].excerpt_len);
		}
		kmsg_report_free(&r);
	}
	kmsg_report_free(&whole);
}

TEST_F(kmsg, kmsg_records_escapes_dictionary_and_seq_gap)
{
	/* /dev/kmsg records as read(2) returns them; seq 22..29 never arrived */
	static const char records[] =
		"4,20,3610403833,-;tce_freemulti_pSeriesLP: plpar_tce_stuff failed\n"
		"4,21,3610403869,c;\\x09rc      = -4\n"
		" SUBSYSTEM=pci\n"
		" DEVICE=+pci:0000:00:01.0\n"
		"6,30,3610403999,-;after the gap\n";
	struct kmsg_report r;

	ASSERT_EQ(0, scan_text(records, &r));
	EXPECT_EQ(4, r.lines);
	ASSERT_EQ(2, r.n);
	EXPECT_STREQ("tce-h-parameter", r.findings[0].sig->name);
	EXPECT_TRUE(r.findings[0].has_seq);
	EXPECT_EQ(20, r.findings[0].where);
	EXPECT_STREQ("[ 3610.403869] \trc      = -4", r.findings[0].excerpt[1]);
	EXPECT_STREQ("ring-wrapped", r.findings[1].sig->name);
	EXPECT_STREQ("kernel log ring buffer wrapped: 8 records lost", r.findings[1].line);
	EXPECT_EQ(22, r.findings[1].where);
	EXPECT_EQ(2, r.failing);
	kmsg_report_free(&r);
}

TEST_F(kmsg, window_start_skips_older_records_and_counts_lost_ones)
{
	static const char records[] =
		"0,10,1,-;Kernel panic - not syncing: before the window\n"
		"6,14,2,-;first record after a wrap\n";
	struct kmsg_scanner s;
	struct kmsg_report r;

	kmsg_scanner_init(&s, NULL);
	kmsg_scanner_expect_seq(&s, 12);
	kmsg_scanner_feed(&s, records, strlen(records));
	ASSERT_EQ(0, kmsg_scanner_finish(&s, &r));
	ASSERT_EQ(1, r.n);
	EXPECT_STREQ("kernel log ring buffer wrapped: 2 records lost", r.findings[0].line);
	kmsg_report_free(&r);
}

TEST_F(kmsg, allowlist_suppresses_and_rejects_bad_regex)
{
	char path[] = "/tmp/kmsg_allowlist.XXXXXX";
	struct kmsg_allowlist al;
	struct kmsg_report r;
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_LT(0, dprintf(fd, "# sysrq-c is what this recording is about\n\n"
			     "   ^Kernel panic - not syncing: sysrq triggered crash$\n"));
	close(fd);
	ASSERT_OK(kmsg_allowlist_load(&al, path));
	EXPECT_EQ(1, al.n);
	ASSERT_EQ(0, scan_path(DATA "qemu-sysrq-c-panic.console", 4096, &al, &r));
	ASSERT_EQ(1, r.n);
	EXPECT_TRUE(r.findings[0].allowlisted);
	EXPECT_EQ(0, r.failing);
	kmsg_report_free(&r);
	kmsg_allowlist_free(&al);

	fd = open(path, O_WRONLY | O_TRUNC);
	ASSERT_LT(0, dprintf(fd, "ok\nunbalanced (paren\n"));
	close(fd);
	EXPECT_EQ(-EINVAL, kmsg_allowlist_load(&al, path));
	EXPECT_ERROR_HAS(":2: ");
	unlink(path);
}

/* Found by tests/fuzz/fuzz_kmsg_allowlist: glibc's regcomp() copies a
 * repeated item per repeat, nested repeats multiply, and a one-line pattern
 * took all memory; repeats of repeats took 36 s to compile. */
TEST_F(kmsg, allowlist_refuses_patterns_regcomp_would_blow_up)
{
	static const char *const refused[] = {
		"Tom++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++",
		"((((((((((((((((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
		"(a{999}){999}",
		"(a?){8000}",
		"x{2,}{2,}{2,}{2,}{2,}{2,}{2,}{2,}{2,}{2,}",
		"o????\x7f??????++++++*+o++++++",
		"((((((((((((x?)?)?)?)?)?)+)+)+)+)+)+)*)+",
		"(((x?)+)+)+",
	};
	static const char *const accepted[] = {
		"ibm,create-pe-dma-window\\([0-9a-f]+\\)( [0-9a-f]+){5} returned -3",
		"[]{}+*]{3}[[:digit:]]{1,16}\\{9999\\}",
		"tbl [0-9a-f]{16} vaddr",
		"(( [0-9a-f]+){5})? returned",
	};
	struct kmsg_allowlist al = { 0 };

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		EXPECT_EQ(-EINVAL, kmsg_allowlist_add(&al, refused[i])) TH_LOG("%s", refused[i]);
		EXPECT_ERROR_HAS("pattern too big") TH_LOG("%s", refused[i]);
	}
	EXPECT_EQ(0, al.n);
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		EXPECT_OK_MSG(kmsg_allowlist_add(&al, accepted[i]), "%s", accepted[i]);
	}
	EXPECT_EQ(sizeof(accepted) / sizeof(accepted[0]), al.n);
	kmsg_allowlist_free(&al);
}

TEST_F(kmsg, the_shipped_allowlist_loads)
{
	struct kmsg_allowlist al;

	ASSERT_OK(kmsg_allowlist_load(&al, "kmsg_allowlist"));
	kmsg_allowlist_free(&al);
}

TEST_F(kmsg, live_window_reads_what_came_after_open)
{
	struct kmsg_window w;
	struct kmsg_report r;
	int fd;

	if (!self->live)
		SKIP(return, "/dev/kmsg not readable (needs root)");
	ASSERT_OK(kmsg_window_open(&w));
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd < 0) {
		kmsg_window_close(&w);
		SKIP(return, "/dev/kmsg not writable (needs root)");
	}
	if (dprintf(fd, "ppc-iommu-selftests: test_kmsg_scan window marker\n") < 0) {
		close(fd);
		kmsg_window_close(&w);
		SKIP(return, "writing /dev/kmsg: %s", strerror(errno));
	}
	close(fd);
	ASSERT_OK(kmsg_window_scan(&w, "live", &r));
	EXPECT_LE(1, r.lines);
	EXPECT_STREQ("live", r.test);
	kmsg_report_free(&r);
	kmsg_window_close(&w);
}

TEST_F(kmsg, cli_exit_codes)
{
	char *clean[] = { NULL, DATA "qemu-boot-ddw.console", NULL };
	/* the no-maxmem boot with its TCG stall allowlisted: warnings only */
	char allow[] = "/tmp/kmsg_allowlist.XXXXXX";
	char *warn_only[] = { NULL, "--allowlist", allow,
			      DATA "qemu-boot-no-maxmem-ddw-create-failed.console", NULL };
	char *failing[] = { NULL, DATA "qemu-sysrq-c-panic.console", NULL };
	char *missing[] = { NULL, DATA "no-such-log", NULL };
	char *no_arg[] = { NULL, NULL };
	char *bad_since[] = { NULL, "--since", "x1", NULL };
	char *bad_allow[] = { NULL, "--allowlist", DATA "no-such-allowlist", DATA "qemu-boot-ddw.console", NULL };
	char *help[] = { NULL, "--help", NULL };
	int fd;

	if (access(getenv("KMSG_SCAN") ? getenv("KMSG_SCAN") : "build/host/kmsg_scan", X_OK))
		SKIP(return, "kmsg_scan not built (make build/host/kmsg_scan, or set KMSG_SCAN)");
	EXPECT_EQ(0, run_cli(clean));
	fd = mkstemp(allow);
	ASSERT_LE(0, fd);
	ASSERT_LT(0, dprintf(fd, "rcu_sched self-detected stall\n"));
	close(fd);
	EXPECT_EQ(0, run_cli(warn_only));
	unlink(allow);
	EXPECT_EQ(1, run_cli(failing));
	EXPECT_EQ(2, run_cli(missing));
	EXPECT_EQ(2, run_cli(no_arg));
	EXPECT_EQ(2, run_cli(bad_since));
	EXPECT_EQ(2, run_cli(bad_allow));
	EXPECT_EQ(0, run_cli(help));
}

TEST_HARNESS_MAIN
