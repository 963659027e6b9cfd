// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_ddw_basic: the pseries DMA set-up of this partition and a DMA
 * map/unmap load through it.
 *
 *   shape      decode every PE's DMA windows and every PCI device's DMA mask,
 *              read the kernel's enable_ddw() runs from the whole kernel log,
 *              and check the rules of lib/ddw_check.h (a DDW where one was
 *              asked for, ibm,create-pe-dma-window succeeding, direct windows
 *              covering all memory the partition may ever have, clear of
 *              MMIO32, sane TCE page sizes)
 *   map_bench  borrow a driverless device, bind it to dma_map_benchmark and
 *              run DMA_MAP_BENCHMARK with 64-bit (DDW) and 32-bit (default
 *              window) masks; afterwards the same rules must hold
 *   tce_leak   per-LIOBN TCE usage before the load, after it and after
 *              unbinding must be back at the baseline
 *
 * The device to borrow: $PPCST_DDW_DEVICE (DDDD:BB:DD.F, a driverless device)
 * on a real partition; in the QEMU testbed the pci-testdev.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "cleanup.h"
#include "ddw_check.h"
#include "dt.h"
#include "kmsg.h"
#include "map_bench.h"
#include "sysfs.h"

/* Above settings' timeout=300, so run_all.sh's SIGTERM (and our cleanups)
 * come before the harness's SIGKILL. */
#define CASE_TIMEOUT 330
/* Seconds of map/unmap load per DMA mask. */
#define LOAD_SECONDS 3

FIXTURE(ddw) {
	struct kmsg_window kmsg;
};

FIXTURE_SETUP(ddw)
{
	/* /dev/kmsg, sysfs binds and debugfs all need it. */
	if (!is_root())
		SKIP(return, "needs root");
	ASSERT_EQ(0, kmsg_window_open(&self->kmsg)) TH_LOG("%s", self->kmsg.err);
	ASSERT_EQ(0, cleanup_catch_signals());
}

FIXTURE_TEARDOWN(ddw)
{
	cleanup_run();
	KMSG_EXPECT_CLEAN(_metadata, &self->kmsg);
}

static void report_broken(const char *line, void *ctx)
{
	struct __test_metadata *_metadata = ctx;

	TH_LOG("FAIL: %s", line);
}

/* The kernel was told to make no DDW at all (early parameter). */
static bool ddw_disabled(void)
{
	char cmdline[4096];

	return !sysfs_read("/proc/cmdline", cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, "disable_ddw");
}

static void print_window(const char *what, const struct dt_ddw_window *w)
{
	ksft_print_msg("    %s: LIOBN 0x%x at 0x%llx, 2^%u bytes, %u-bit pages\n", what,
		       w->liobn, (unsigned long long)w->dma_base, w->window_shift,
		       w->tce_shift);
}

static void print_pe(const struct dt_pe *pe)
{
	ksft_print_msg("PE %s: %s%s\n", pe->path, dt_dma_class_name(pe->cls),
		       pe->has_applicable ? ", offers DDW" : "");
	if (pe->has_default)
		ksft_print_msg("    default window: LIOBN 0x%x at 0x%llx, 0x%llx bytes\n",
			       pe->default_win.liobn,
			       (unsigned long long)pe->default_win.bus_addr,
			       (unsigned long long)pe->default_win.size);
	if (pe->has_direct64)
		print_window("direct DDW", &pe->direct64);
	if (pe->has_dma64)
		print_window("dynamic DDW", &pe->dma64);
}

static void print_attempt(const struct ddw_attempt *a)
{
	char create[96] = "";

	if (a->has_create)
		snprintf(create, sizeof(create), " create(page shift %u, window shift %u) rc %d,",
			 a->page_shift, a->window_shift, a->create_rc);
	ksft_print_msg("kernel: %s enable_ddw:%s direct mapping %s\n", a->dev, create,
		       a->has_result ? (a->direct ? "1" : "0") : "?");
}

/* DMA mask width of a device (sysfs dma_mask_bits), 0 if unreadable. */
static uint64_t dma_mask_bits(const char *addr)
{
	char path[PATH_MAX];
	uint64_t bits = 0;

	if (snprintf(path, sizeof(path), "%s/%s/dma_mask_bits", SYSFS_PCI_DEVICES,
		     addr) < (int)sizeof(path))
		sysfs_read_u64(path, &bits);
	return bits;
}

/* enable_ddw()'s runs in the whole kernel log: DDWs are made when drivers
 * probe, at boot, and a PE that failed once is never tried again. */
static int read_ddw_log(struct ddw_log *log)
{
	int fd = kmsg_open_start();
	int ret;

	if (fd < 0)
		return ppcst_fail(-errno, "/dev/kmsg: %s", strerror(errno));
	ret = ddw_log_read_kmsg(fd, log);
	close(fd);
	return ret;
}

/* Keep only DEV's runs. */
static void log_only(struct ddw_log *log, const char *dev)
{
	int n = 0;

	for (int i = 0; i < log->nr; i++)
		if (!strcmp(log->a[i].dev, dev))
			log->a[n++] = log->a[i];
	log->nr = n;
}

/*
 * Scan /proc/device-tree and the kernel log and judge the partition.  ONLY
 * (or NULL: every device) names the device whose demand and kernel messages
 * are judged: the borrowed one, known to have asked for 64 bits although the
 * benchmark has put its old mask back by now.
 */
static void check_partition(struct __test_metadata *_metadata, const char *only)
{
	struct dt_state st;
	struct ddw_log log;
	struct pci_dev_info *pci;
	struct ddw_dev *devs;
	bool disabled = ddw_disabled();
	int nr, nr_devs = 0, broken;

	ASSERT_EQ(0, dt_scan(NULL, &st)) {
		TH_LOG("%s", dt_last_error());
		dt_free(&st);
	}
	ASSERT_EQ(0, read_ddw_log(&log)) {
		TH_LOG("%s", ppcst_last_error());
		dt_free(&st);
	}
	if (only)
		log_only(&log, only);
	ASSERT_EQ(0, pci_list(&pci, &nr)) {
		TH_LOG("%s", ppcst_last_error());
		ddw_log_free(&log);
		dt_free(&st);
	}
	devs = calloc((size_t)nr + 1, sizeof(*devs));
	ASSERT_NE(NULL, devs);
	if (disabled)
		TH_LOG("disable_ddw on the kernel command line: no DDW is expected");
	for (int i = 0; i < nr; i++) {
		uint64_t bits = dma_mask_bits(pci[i].addr);

		if (only && strcmp(only, pci[i].addr))
			continue;
		devs[nr_devs].addr = pci[i].addr;
		devs[nr_devs].node = pci[i].devspec;
		/* A driver that set more than 32 bits made the kernel try a DDW. */
		devs[nr_devs++].wants64 = !disabled && (only || (pci[i].driver[0] && bits > 32));
		if (!only)
			ksft_print_msg("%s [%04x:%04x] driver %s, DMA mask %llu bits, node %s\n",
				       pci[i].addr, pci[i].vendor, pci[i].device,
				       pci[i].driver[0] ? pci[i].driver : "-",
				       (unsigned long long)bits,
				       pci[i].devspec[0] ? pci[i].devspec : "-");
	}
	for (int i = 0; !only && i < st.nr_pes; i++)
		print_pe(&st.pes[i]);
	for (int i = 0; i < log.nr; i++)
		print_attempt(&log.a[i]);
	ksft_print_msg("memory the partition may have: up to 0x%llx\n",
		       (unsigned long long)ddw_memory_needed(&st));
	broken = ddw_check_partition(&st, devs, nr_devs, &log, report_broken, _metadata);
	free(devs);
	free(pci);
	ddw_log_free(&log);
	dt_free(&st);
	EXPECT_EQ(0, broken) TH_LOG("%d DMA-window rule(s) broken", broken);
}

TEST_F_TIMEOUT(ddw, shape, CASE_TIMEOUT)
{
	if (access(DT_ROOT_DEFAULT, F_OK))
		SKIP(return, "no %s (not a powerpc partition)", DT_ROOT_DEFAULT);
	check_partition(_metadata, NULL);
}

/*
 * The device to load, bound to dma_map_benchmark (unbound again by the
 * fixture's cleanup_run()).  False when the test skipped or failed.
 */
static bool borrow(struct __test_metadata *_metadata, char *addr, size_t len)
{
	char why[256];

	if (access(SYSFS_PCI_DRIVERS "/" MAP_BENCH_DRIVER, F_OK))
		SKIP(return false, "CONFIG_DMA_MAP_BENCHMARK not set (no %s PCI driver)",
		     MAP_BENCH_DRIVER);
	if (map_bench_pick(addr, len, why, sizeof(why)))
		SKIP(return false, "%s", why);
	EXPECT_EQ(0, map_bench_borrow(addr)) {
		TH_LOG("%s", ppcst_last_error());
		return false;
	}
	ksft_print_msg("borrowed %s for %s\n", addr, MAP_BENCH_DRIVER);
	return true;
}

/* One load per DMA mask: 64 bits goes through the DDW, 32 bits through the
 * default window. */
static void load(struct __test_metadata *_metadata, const char *addr, unsigned bits)
{
	struct map_bench_result r;

	ASSERT_EQ(0, map_bench_run(bits, 1, LOAD_SECONDS, &r))
		TH_LOG("%s: %s", addr, ppcst_last_error());
	ksft_print_msg("map_bench %s dma_bits=%u: map %llu ns (sd %llu), unmap %llu ns (sd %llu)\n",
		       addr, bits, (unsigned long long)r.avg_map_ns,
		       (unsigned long long)r.map_stddev_ns, (unsigned long long)r.avg_unmap_ns,
		       (unsigned long long)r.unmap_stddev_ns);
}

TEST_F_TIMEOUT(ddw, map_bench, CASE_TIMEOUT)
{
	char addr[32];

	if (!borrow(_metadata, addr, sizeof(addr)))
		return;
	load(_metadata, addr, 64);
	load(_metadata, addr, 32);
	check_partition(_metadata, addr);
}

struct leak_ctx {
	struct __test_metadata *metadata;
	const char *when;
};

static void judge_tce(const struct tce_table_usage *before,
		      const struct tce_table_usage *after, void *ctx)
{
	struct leak_ctx *c = ctx;
	struct __test_metadata *_metadata = c->metadata;
	char why[256];

	if (!after) {
		TH_LOG("%s: LIOBN 0x%llx is gone (its window was removed)", c->when,
		       (unsigned long long)before->liobn);
		return;
	}
	EXPECT_TRUE(ddw_rule_tce_baseline(before, after, why, sizeof(why)))
		TH_LOG("FAIL %s: %s", c->when, why);
}

static void print_usage(const char *when, const struct tce_snapshot *s)
{
	for (int i = 0; i < s->nr; i++)
		ksft_print_msg("%s: LIOBN 0x%llx %llu of %llu TCEs in use (2^%llu-byte pages)\n",
			       when, (unsigned long long)s->t[i].liobn,
			       (unsigned long long)s->t[i].weight,
			       (unsigned long long)s->t[i].it_size,
			       (unsigned long long)s->t[i].it_page_shift);
}

TEST_F_TIMEOUT(ddw, tce_leak, CASE_TIMEOUT)
{
	struct tce_snapshot before, loaded, unbound;
	struct pci_dev_info info;
	struct leak_ctx ctx = { .metadata = _metadata };
	char addr[32];
	/* Without CONFIG_IOMMU_API the LIOBN directories sit in the root. */
	const char *tables = access(DEBUGFS_IOMMU, F_OK) ? DEBUGFS_ROOT : DEBUGFS_IOMMU;

	ASSERT_EQ(0, tce_snapshot_take(tables, &before)) TH_LOG("%s", ppcst_last_error());
	if (!before.nr) {
		tce_snapshot_free(&before);
		SKIP(return, "CONFIG_IOMMU_DEBUGFS not set (no LIOBN directories in %s)", tables);
	}
	print_usage("before", &before);
	if (!borrow(_metadata, addr, sizeof(addr)))
		goto out_before;
	load(_metadata, addr, 64);
	load(_metadata, addr, 32);
	ASSERT_EQ(0, tce_snapshot_take(tables, &loaded)) TH_LOG("%s", ppcst_last_error());
	print_usage("after load", &loaded);
	/* Give the device back now: unbinding must free what binding took. */
	cleanup_run();
	ASSERT_EQ(0, pci_get(addr, &info)) TH_LOG("%s", ppcst_last_error());
	EXPECT_STREQ("", info.driver) TH_LOG("%s still bound after unbind", addr);
	ASSERT_EQ(0, tce_snapshot_take(tables, &unbound)) TH_LOG("%s", ppcst_last_error());
	print_usage("after unbind", &unbound);
	ctx.when = "after load";
	tce_snapshot_diff(&before, &loaded, judge_tce, &ctx);
	ctx.when = "after unbind";
	tce_snapshot_diff(&before, &unbound, judge_tce, &ctx);
	tce_snapshot_free(&unbound);
	tce_snapshot_free(&loaded);
out_before:
	tce_snapshot_free(&before);
}

int main(int argc, char **argv)
{
	char why[256];

	if (map_bench_check_env(why, sizeof(why))) {
		fprintf(stderr, "iommu_ddw_basic: %s\n", why);
		return 2;
	}
	return test_harness_run(argc, argv);
}
