// SPDX-License-Identifier: GPL-2.0
/*
 * iommu_ddw_basic: the pseries DMA set-up of this partition and a DMA
 * map/unmap load through it.
 *
 *   shape      decode every PE's DMA windows and every PCI device's DMA mask,
 *              read the kernel's enable_ddw() runs from the whole kernel log,
 *              and check the rules of lib/dma/ddw_check.h (a DDW where one was
 *              asked for, ibm,create-pe-dma-window succeeding, direct windows
 *              covering all memory the partition may ever have, clear of
 *              MMIO32, sane TCE page sizes, a dynamic window's table holding
 *              the PHB's MMIO32 range reserved)
 *   map_bench  lend a driverless device to dma_map_benchmark (pci_lend) and
 *              run DMA_MAP_BENCHMARK with 64-bit (DDW) and 32-bit (default
 *              window) masks; afterwards the same rules must hold
 *   limited    (a PE offering limited addressing, ibm,ddw-extensions entry
 *              3: dma-limited) the lent device's first DDW made for a
 *              LIMITED_BITS mask: the PE in limited-address mode, the window
 *              above 4 GiB and no larger than the mask, every bus address in
 *              it and within the mask; then the same device with 64 bits
 *              keeps that window (one DDW per PE); before map_bench, whose
 *              64-bit load would make the PE's DDW an ordinary one
 *   tce_leak   per-LIOBN TCE usage before the load, after it and after
 *              unbinding must be back at the baseline
 *   disk_io    fio writes a checksummed pattern to a scratch disk with
 *              O_DIRECT and reads it back; TCE usage back at the baseline
 *   net_io     iperf3 both ways between the NIC under test and a peer NIC
 *              wired to it, while a stream of our own carries a pattern each
 *              way that the receiver checks byte by byte
 *              Both prove which window each device's data crossed
 *              (lib/dma/dma_evidence.h: the bus addresses the dma trace events
 *              show it was given, the TCE usage during the load) and refuse
 *              a device that bypasses the IOMMU
 *   fault_inject  CONFIG_FAIL_IOMMU on the lent device while it maps
 *              through its default (dynamically mapped) window: every map
 *              failing, then one in ten; the kernel must survive, the
 *              benchmark report the failures, the device work again once the
 *              injection stops and the TCE usage return to the baseline
 *   hotplug    (testbed) hot-adds a PHB with a pci-testdev through the host,
 *              loads it through a new DDW and its default window, unplugs it:
 *              the window must go cleanly (the kernel log judges the
 *              teardown) and its DDW property with it
 *   hotplug_alloc_fail  (testbed, alloc-fault profile) hot-adds a PHB with a
 *              pci-testdev through
 *              the host while every allocation under iommu_init_table()
 *              fails: the kernel must do without the device or without its
 *              table, never oops or panic (a panic ends the guest: the host's
 *              vmrun reports it); then the PHB is unplugged again
 *
 * Devices, on a real partition only those the operator names:
 * $PPCST_DDW_DEVICE (DDDD:BB:DD.F, a driverless device to lend),
 * $PPCST_SCRATCH_DISK (/dev/NAME, overwritten), $PPCST_NET_DEVICE and
 * $PPCST_NET_PEER (two interfaces cabled together). In the QEMU testbed the
 * profile's pci-testdev, scratch disk and NIC pair (lib/testbed/testbed.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "base/cleanup.h"
#include "dma/ddw_check.h"
#include "dma/ddw_state.h"
#include "devices/disk_io.h"
#include "hotplug/dlpar.h"
#include "dma/dma_evidence.h"
#include "dma/dt.h"
#include "dma/fault_inject.h"
#include "testbed/hostreq_client.h"
#include "kmsg/kmsg_window.h"
#include "engines/map_bench.h"
#include "devices/net_pair.h"
#include "base/error.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "dma/tce.h"
#include "harness/fixture.h"
#include "testbed/testbed.h"

/* The PHB hotplug and hotplug_alloc_fail plug in: indexes and ids no profile
 * uses, an index of its own for each: 6.12.107 leaves a removed PHB's hotplug
 * slots behind and removing that index again oopses in rpaphp
 * (docs/findings/rpaphp-stale-slots.md, pagepool_dlpar's strict profile
 * catches it), which would end alloc-fault's run in the other subtest. */
#define HOTPLUG_PHB_ID "ppcst-hotphb"
#define HOTPLUG_PHB_INDEX 9
#define HOTPLUG_FAULT_PHB_INDEX 10
#define HOTPLUG_DEV "{\"driver\": \"pci-testdev\", \"bus\": \"" HOTPLUG_PHB_ID ".0\", " \
	"\"id\": \"ppcst-hotdev\"}"
/* rtas_errd + drmgr carry a PHB in (2 s under TCG) or out (12 s). */
#define HOTPLUG_TIMEOUT_S 90
/* The kernel command line word of the profile that opts in
 * (vm/profiles/alloc-fault.profile): 6.12 panics here, and a panic ends the
 * guest and every subtest after this one. */
#define HOTPLUG_FAULT_OPT_IN "ppcst.hotplug_alloc_fault"
/* Every allocation under it fails while the PHB comes in: the TCE table's
 * bitmap (and the pools) of the PHB's default window. */
#define HOTPLUG_FAULT_FUNC "iommu_init_table"
/* Seconds of map/unmap load per DMA mask. */
#define LOAD_SECONDS 3
/* The limited case's mask: between 33 and 63 bits, and below dma-limited's
 * maxmem (64G, 36 bits), so the window the mask caps cannot map the
 * partition and the cap shows (a larger mask gets a direct window of all
 * memory whatever the cap). */
#define LIMITED_BITS 34
/* fio writes and reads back this much of the scratch disk: 384 MiB of maps
 * of over 15 pages, more than a 1 GiB default window's large pool (its top
 * quarter) holds, so its allocator goes round. */
#define DISK_BYTES (192ULL << 20)
#define DISK_TIMEOUT_S 240
/* Seconds of iperf3, and bytes of checked stream each way during it. */
#define NET_LOAD_SECONDS 8
#define NET_STREAM_BYTES (32ULL << 20)
#define NET_STREAM_TIMEOUT_S 60
/* Fault injection: map attempts at one failure in ten, for a second each. */
#define FAULT_ROUNDS 5
#define FAULT_PERCENT 10

FIXTURE(ddw) {
	struct kmsg_window kmsg;
	bool hotplugged;	/* the hot-add PHB is in: teardown unplugs it */
};

FIXTURE_SETUP(ddw)
{
	/* /dev/kmsg, sysfs binds and debugfs all need root. */
	FIXTURE_SETUP_COMMON(&self->kmsg);
}

static void unplug(struct __test_metadata *_metadata);

FIXTURE_TEARDOWN(ddw)
{
	TEARDOWN_BEGIN();
	if (self->hotplugged)
		unplug(_metadata);
	TEARDOWN_END(&self->kmsg);
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

	return !ppcst_sysfs_read("/proc/cmdline", cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, "disable_ddw");
}

/*
 * Scan /proc/device-tree and the kernel log and judge the partition.  ONLY
 * (or NULL: every device) names the device whose demand and kernel messages
 * are judged: the lent one, known to have asked for 64 bits although the
 * benchmark has put its old mask back by now.
 */
static void check_partition(struct __test_metadata *_metadata, const char *only)
{
	struct dt_state st;
	struct ddw_log log;
	struct pci_dev_info *pci;
	struct ddw_dev *devs;
	struct tce_snapshot tables;
	bool disabled = ddw_disabled();
	int nr, nr_devs = 0, broken;

	ASSERT_OK(dt_scan(NULL, &st)) {
		dt_free(&st);
	}
	ASSERT_OK(ddw_log_read_boot(&log)) {
		dt_free(&st);
	}
	if (only)
		ddw_log_keep(&log, only);
	ASSERT_OK(pci_list(&pci, &nr)) {
		ddw_log_free(&log);
		dt_free(&st);
	}
	devs = calloc((size_t)nr + 1, sizeof(*devs));
	ASSERT_NE(NULL, devs);
	if (disabled)
		TH_LOG("disable_ddw on the kernel command line: no DDW is expected");
	for (int i = 0; i < nr; i++) {
		uint64_t bits = pci_dma_mask_bits(pci[i].addr);

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
		ddw_pe_print(&st.pes[i], stdout);
	for (int i = 0; i < log.nr; i++)
		ddw_attempt_print(&log.a[i], stdout);
	ksft_print_msg("memory the partition may have: up to 0x%llx\n",
		       (unsigned long long)ddw_memory_needed(&st));
	broken = ddw_check_partition(&st, devs, nr_devs, &log, report_broken, _metadata);
	/* The dynamic windows' tables, where debugfs shows them. */
	if (!tce_snapshot_take(tce_tables_dir(), &tables)) {
		broken += ddw_check_tables(&st, &tables, report_broken, _metadata);
		tce_snapshot_free(&tables);
	}
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
static bool lend(struct __test_metadata *_metadata, char *addr, size_t len)
{
	if (access(SYSFS_PCI_DRIVERS "/" MAP_BENCH_DRIVER, F_OK))
		SKIP(return false, "CONFIG_DMA_MAP_BENCHMARK not set (no %s PCI driver)",
		     MAP_BENCH_DRIVER);
	if (map_bench_pick(addr, len))
		SKIP(return false, "%s", ppcst_last_error());
	EXPECT_OK(map_bench_lend(addr)) {
		return false;
	}
	ksft_print_msg("lent %s to %s\n", addr, MAP_BENCH_DRIVER);
	return true;
}

/* Whether the PE of device ADDR has a dynamic DDW. */
static bool on_dynamic_ddw(const char *addr)
{
	struct dma_windows ws;

	if (dma_windows_of(addr, &ws))
		return false;
	for (int i = 0; i < ws.nr; i++)
		if (ws.w[i].kind == DMA_WINDOW_DDW_DYNAMIC)
			return true;
	return false;
}

/*
 * One load per DMA mask: 64 bits goes through the DDW, 32 bits through the
 * default window. Once a device maps through a dynamic DDW the kernel keeps
 * that table as the device's and refuses a 32-bit mask
 * (dma_iommu_dma_supported(): "IOMMU offset too big for device mask"),
 * although the PE still has its default window: that is a refused mask, said
 * so, not a failed load (README, iommu_ddw_basic).
 */
static void load(struct __test_metadata *_metadata, const char *addr, unsigned bits)
{
	struct map_bench_result r;
	int ret = map_bench_run(bits, 1, LOAD_SECONDS, &r);

	if (ret == -EINVAL && bits <= 32 && on_dynamic_ddw(addr)) {
		ksft_print_msg("map_bench %s dma_bits=%u: refused, the device maps through its "
			       "PE's dynamic DDW\n", addr, bits);
		return;
	}
	ASSERT_OK_MSG(ret, "%s", addr);
	ksft_print_msg("map_bench %s dma_bits=%u: map %llu ns (sd %llu), unmap %llu ns (sd %llu)\n",
		       addr, bits, (unsigned long long)r.avg_map_ns,
		       (unsigned long long)r.map_stddev_ns, (unsigned long long)r.avg_unmap_ns,
		       (unsigned long long)r.unmap_stddev_ns);
}

/*
 * One watched load of device ADDR with a BITS-bit mask: the windows of its
 * PE afterwards into WS (pointed at by BITS) and the evidence judged into
 * SUMMARY: 0 proven, else what dma_evidence_judge() said (the harness has it).
 */
static int watched_load(struct __test_metadata *_metadata, const char *addr, unsigned bits,
			struct dma_windows *ws, char *summary, size_t len)
{
	struct dma_watch watch;
	struct dma_watch_result *res = calloc(1, sizeof(*res));
	int ret;

	if (!res) {
		EXPECT_NE(NULL, res);
		return -ENOMEM;
	}
	ret = dma_watch_start(&watch, _metadata->name);
	if (ret) {
		free(res);
		EXPECT_OK(ret);
		return ret;
	}
	load(_metadata, addr, bits);
	ret = dma_watch_stop(&watch, res);
	EXPECT_OK(ret);
	if (!ret) {
		ret = dma_windows_of(addr, ws);
		EXPECT_OK(ret);
	}
	if (!ret) {
		dma_windows_set_mask(ws, bits);
		ws->brief_maps = true;
		ret = dma_evidence_judge(addr, ws, res, summary, len);
		EXPECT_OK(ret);
	}
	free(res);
	return ret;
}

/* The DDW of WS as the device tree gives it, or false. */
static bool ddw_of(const struct dma_windows *ws, struct dt_ddw_window *out)
{
	for (int i = 0; i < ws->nr; i++) {
		const struct dma_window *w = &ws->w[i];

		if (w->kind == DMA_WINDOW_DEFAULT)
			continue;
		out->liobn = w->liobn;
		out->dma_base = w->start;
		out->tce_shift = w->tce_shift;
		out->window_shift = (uint32_t)__builtin_ctzll(w->end - w->start);
		return true;
	}
	return false;
}

/* A driverless pci-testdev whose PE offers a limited-addressing DDW and has
 * no 64-bit window yet (CTX: the device tree). */
static bool limited_candidate(const struct pci_dev_info *dev, const void *ctx)
{
	const struct dt_state *st = ctx;
	const struct dt_pci_dev *d = dt_find_dev(st, dev->devspec);
	const struct dt_pe *pe = d && d->pe >= 0 ? &st->pes[d->pe] : NULL;

	return dev->vendor == PCI_TESTDEV_VENDOR && dev->device == PCI_TESTDEV_DEVICE &&
	       !dev->driver[0] && pe && ddw_pe_offers_limited(pe) && !pe->has_direct64 &&
	       !pe->has_dma64;
}

/*
 * A driverless pci-testdev whose PE offers limited addressing and has no DDW
 * yet, into ADDR: the limited case's device. The other cases lend the
 * first pci-testdev (map_bench_pick) and its 64-bit loads give its PE an
 * ordinary DDW, so dma-limited has a second one on a PHB of its own.
 */
static bool pick_limited(char *addr, size_t len)
{
	struct pci_dev_info found;
	struct dt_state st;
	bool picked;

	if (dt_scan(NULL, &st))
		return false;
	picked = !pci_find(limited_candidate, &st, &found);
	if (picked)
		snprintf(addr, len, "%s", found.addr);
	dt_free(&st);
	return picked;
}

TEST_F_TIMEOUT(ddw, limited, CASE_TIMEOUT)
{
	char addr[32], summary[512];
	struct dma_windows ws;
	struct dt_ddw_window w, after;
	uint64_t over;

	if (access(SYSFS_PCI_DRIVERS "/" MAP_BENCH_DRIVER, F_OK))
		SKIP(return, "CONFIG_DMA_MAP_BENCHMARK not set (no %s PCI driver)",
		     MAP_BENCH_DRIVER);
	if (!pick_limited(addr, sizeof(addr)))
		SKIP(return, "no driverless pci-testdev on a PE that offers limited addressing "
		     "(ibm,ddw-extensions entry 3) and has no DDW yet");
	ASSERT_OK(map_bench_lend(addr));
	ksft_print_msg("lent %s to %s\n", addr, MAP_BENCH_DRIVER);
	ASSERT_EQ(0, watched_load(_metadata, addr, LIMITED_BITS, &ws, summary,
				  sizeof(summary)));
	ksft_print_msg("DMA %s\n", summary);
	ASSERT_TRUE(ddw_of(&ws, &w)) TH_LOG("%s: no DDW after a %u-bit load", addr,
					     LIMITED_BITS);
	EXPECT_TRUE(ddw_rule_limited_window(&w, LIMITED_BITS)) TH_LOG_ERROR();
	/* Not judged: a window sized by the mask from 4 GiB up ends past it
	 * (enable_ddw() caps it at 2^mask bytes, not at what lies below the
	 * mask; README, iommu_ddw_basic); the allocator keeps a dynamic
	 * window's maps below the mask, which the evidence judged. */
	over = ddw_limited_overrun(&w, LIMITED_BITS);
	if (over)
		ksft_print_msg("note: %s's limited DDW ends 0x%llx bytes past its %u-bit mask\n",
			       addr, (unsigned long long)over, LIMITED_BITS);
	/* check_partition: lsa_required: 1 must come with lsa_enabled: 1 here. */
	check_partition(_metadata, addr);

	/* The same device with 64 bits: enable_ddw() finds the PE's window
	 * (find_existing_ddw) and makes no other; a 64-bit device reaches it. */
	ASSERT_EQ(0, watched_load(_metadata, addr, 64, &ws, summary, sizeof(summary)));
	ksft_print_msg("DMA %s\n", summary);
	ASSERT_TRUE(ddw_of(&ws, &after));
	EXPECT_EQ(w.liobn, after.liobn);
	EXPECT_EQ(w.dma_base, after.dma_base);
	check_partition(_metadata, addr);
}

TEST_F_TIMEOUT(ddw, map_bench, CASE_TIMEOUT)
{
	char addr[32];

	if (!lend(_metadata, addr, sizeof(addr)))
		return;
	load(_metadata, addr, 64);
	load(_metadata, addr, 32);
	check_partition(_metadata, addr);
}

/* Judges TCE usage against BEFORE: every table back at its baseline. */
static void expect_tce_baseline(struct __test_metadata *_metadata,
				const struct tce_snapshot *before, const char *when)
{
	struct harness_rule_log ctx = { .metadata = _metadata };
	struct tce_snapshot now;

	snprintf(ctx.when, sizeof(ctx.when), "%s: ", when);
	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &now));
	tce_snapshot_print(when, &now, stdout);
	ddw_check_tce_baseline(before, &now, harness_rule_line, &ctx);
	tce_snapshot_free(&now);
}

TEST_F_TIMEOUT(ddw, tce_leak, CASE_TIMEOUT)
{
	struct tce_snapshot before;
	struct pci_dev_info info;
	char addr[32];

	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &before));
	if (!before.nr) {
		tce_snapshot_free(&before);
		SKIP(return, "CONFIG_IOMMU_DEBUGFS not set (no LIOBN directories in %s)",
		     tce_tables_dir());
	}
	tce_snapshot_print("before", &before, stdout);
	if (!lend(_metadata, addr, sizeof(addr)))
		goto out;
	load(_metadata, addr, 64);
	load(_metadata, addr, 32);
	expect_tce_baseline(_metadata, &before, "after load");
	/* Give the device back now: unbinding must free what binding took. */
	cleanup_run();
	ASSERT_OK(pci_get(addr, &info));
	EXPECT_STREQ("", info.driver) TH_LOG("%s still bound after unbind", addr);
	expect_tce_baseline(_metadata, &before, "after unbind");
out:
	tce_snapshot_free(&before);
}

/* The DMA set-up device ADDR works through, from the device tree. */
static const char *dma_mode(const char *addr)
{
	struct ddw_dev_dma dma;

	return ddw_dev_dma(addr, &dma) || !dma.in_tree ? "unknown" : dt_dma_class_name(dma.cls);
}

/* Starts proving which window the data of ADDRS crosses; false (a failure)
 * when one of them bypasses the IOMMU: it would cross none. */
static bool prove_begin(struct __test_metadata *_metadata, struct dma_proof *p,
			const char *const *addrs, int nr)
{
	int ret = dma_proof_begin(p, _metadata->name, addrs, nr);

	EXPECT_GE(0, ret) TH_LOG_ERROR_MSG("refused");
	if (ret > 0)
		return false;
	if (ret < 0)
		ksft_print_msg("which DMA window the data crosses stays unproven: %s\n",
			       ppcst_last_error());
	return true;
}

/* Each device: the window its data crossed and the evidence, or a failure. */
static void prove_end(struct __test_metadata *_metadata, struct dma_proof *p)
{
	char summary[1024];

	if (!p->watching)
		return;
	ASSERT_OK(dma_proof_end(p));
	for (int i = 0; i < p->nr; i++) {
		int ret = dma_proof_judge(p, i, summary, sizeof(summary));

		ksft_print_msg("DMA %s\n", summary);
		EXPECT_OK(ret);
	}
	if (p->result->lost)
		ksft_print_msg("the trace ring dropped %lu dma events before they were read\n",
			       p->result->lost);
	dma_proof_free(p);
}

TEST_F_TIMEOUT(ddw, disk_io, CASE_TIMEOUT)
{
	char dev[64], pci[32], summary[512];
	struct fio_verify_job job = {
		.dev = dev, .bytes = DISK_BYTES, .timeout_s = DISK_TIMEOUT_S, .unaligned = true,
	};
	const char *addrs[] = { pci };
	struct tce_snapshot before;
	struct dma_proof proof = { 0 };
	int ret;

	if (scratch_disk_pick(dev, sizeof(dev), pci, sizeof(pci)))
		SKIP(return, "%s", ppcst_last_error());
	ksft_print_msg("scratch disk %s on %s\n", dev, pci[0] ? pci : "-");
	if (pci[0] && !prove_begin(_metadata, &proof, addrs, 1))
		return;
	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &before));
	ret = fio_verify(&job, summary, sizeof(summary));
	if (ret < 0) {
		tce_snapshot_free(&before);
		SKIP(return, "%s", ppcst_last_error());
	}
	ksft_print_msg("fio %s: %s\n", dev, summary);
	EXPECT_OK(ret);
	prove_end(_metadata, &proof);
	/* The disk is idle now: nothing of it may stay mapped. */
	expect_tce_baseline(_metadata, &before, "after fio");
	tce_snapshot_free(&before);
}

static void expect_stream(struct __test_metadata *_metadata, bool from_peer)
{
	struct net_stream_result r;
	const char *way = from_peer ? "peer -> NIC (device writes)" : "NIC -> peer (device reads)";
	int ret = net_stream_verified(NET_STREAM_BYTES, from_peer, NET_STREAM_TIMEOUT_S, &r);

	ASSERT_LE(0, ret) TH_LOG_ERROR_MSG("%s", way);
	ksft_print_msg("stream %s: %llu of %llu bytes intact in %.1f s (%.0f Mbit/s)\n", way,
		       r.bytes, NET_STREAM_BYTES, r.seconds,
		       r.seconds > 0 ? r.bytes * 8 / r.seconds / 1e6 : 0.0);
	EXPECT_FALSE(r.corrupt) TH_LOG("FAIL: %s: byte %llu differs from what was sent", way,
				       r.bad_offset);
	EXPECT_EQ(NET_STREAM_BYTES, r.bytes) TH_LOG("FAIL: %s: the stream ended early", way);
}

TEST_F_TIMEOUT(ddw, net_io, CASE_TIMEOUT)
{
	struct net_pair np;
	struct iperf3_load load;
	struct dma_proof proof = { 0 };
	const char *addrs[2];
	int nr = 0;

	if (net_pair_pick(&np))
		SKIP(return, "%s", ppcst_last_error());
	ksft_print_msg("NIC %s on %s, peer %s on %s in namespace %s\n", np.dut,
		       np.dut_pci[0] ? np.dut_pci : "-", np.peer,
		       np.peer_pci[0] ? np.peer_pci : "-", NET_PAIR_NETNS);
	if (np.dut_pci[0])
		addrs[nr++] = np.dut_pci;
	if (np.peer_pci[0])
		addrs[nr++] = np.peer_pci;
	if (nr && !prove_begin(_metadata, &proof, addrs, nr))
		return;
	ASSERT_OK(net_pair_wire(&np));
	ASSERT_OK(iperf3_load_start(&load, NET_LOAD_SECONDS, NULL));
	expect_stream(_metadata, false);
	expect_stream(_metadata, true);
	EXPECT_OK(iperf3_load_finish(&load, NET_LOAD_SECONDS));
	prove_end(_metadata, &proof);
}

/* One map/unmap load with injection on: 0 ran clean, 1 a map failed. */
static int injected_load(struct __test_metadata *_metadata, const char *addr)
{
	struct map_bench_result r;
	int ret = map_bench_run(32, 1, 1, &r);

	/* A failed map ends the benchmark with -ENOMEM: the driver's report. */
	EXPECT_TRUE(ret == 0 || ret == -ENOMEM) TH_LOG_ERROR_MSG("%s", addr);
	return ret != 0;
}

TEST_F_TIMEOUT(ddw, fault_inject, CASE_TIMEOUT)
{
	struct tce_snapshot before;
	struct fail_iommu f;
	char addr[32];
	int failed = 0;

	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &before));
	if (!lend(_metadata, addr, sizeof(addr)))
		goto out;
	/* 32 bits: the default window, where every map takes TCEs. */
	load(_metadata, addr, 32);
	if (fail_iommu_arm(&f, addr, 100)) {
		cleanup_run();
		tce_snapshot_free(&before);
		SKIP(return, "%s", ppcst_last_error());
	}
	EXPECT_EQ(1, injected_load(_metadata, addr))
		TH_LOG("FAIL: every map was to fail, yet the benchmark ran clean: the "
		       "injection never fired");
	fail_iommu_disarm(&f);
	ASSERT_OK(fail_iommu_arm(&f, addr, FAULT_PERCENT));
	for (int i = 0; i < FAULT_ROUNDS; i++)
		failed += injected_load(_metadata, addr);
	fail_iommu_disarm(&f);
	ksft_print_msg("%d of %d map loads hit an injected failure at %d%%\n", failed,
		       FAULT_ROUNDS, FAULT_PERCENT);
	/* Injection off: the device must map again as before. */
	load(_metadata, addr, 32);
	cleanup_run();
	expect_tce_baseline(_metadata, &before, "after injection and unbind");
out:
	tce_snapshot_free(&before);
}

/* Asks the host to unplug the hot-added PHB and waits until QEMU has let
 * it go (the guest's rtas_errd and drmgr release it first), as long as the
 * removal moves: a slow host is no kernel failure. */
static void unplug(struct __test_metadata *_metadata)
{
	EXPECT_OK_MSG(dlpar_host_remove(HOTPLUG_PHB_ID), "%s did not go away", HOTPLUG_PHB_ID);
}

/* A load on a device that may lack its TCE table: it may fail, not oops. */
static void try_load(const char *addr, unsigned bits)
{
	struct map_bench_result r;

	if (map_bench_run(bits, 1, 1, &r))
		ksft_print_msg("map_bench %s dma_bits=%u failed: %s\n", addr, bits,
			       ppcst_last_error());
	else
		ksft_print_msg("map_bench %s dma_bits=%u: map %llu ns, unmap %llu ns\n", addr,
			       bits, (unsigned long long)r.avg_map_ns,
			       (unsigned long long)r.avg_unmap_ns);
}

/*
 * Hot-adds PHB INDEX with its pci-testdev through the host; the teardown
 * unplugs it. True with the new device's address in ADDR once it appeared,
 * false if it did not while the addition moved.
 */
static bool plug_testdev_phb(struct __test_metadata *_metadata, unsigned index, bool *hotplugged,
			     char *addr, size_t len)
{
	*hotplugged = true;
	if (!dlpar_host_add_phb_dev(index, HOTPLUG_PHB_ID, HOTPLUG_DEV, PCI_TESTDEV_VENDOR,
				    PCI_TESTDEV_DEVICE, addr, len, HOTPLUG_TIMEOUT_S))
		return true;
	TH_LOG_ERROR();
	return false;
}

TEST_F_TIMEOUT(ddw, hotplug, CASE_TIMEOUT)
{
	struct ddw_dev_dma dma;
	char addr[32];
	uint32_t liobn;

	if (!host_requests_available())
		SKIP(return, "QEMU testbed only: the host hot-adds a PHB through QMP "
		     "(on PowerVM: drmgr -c phb on a slot you name, not done by this test)");
	ASSERT_TRUE(plug_testdev_phb(_metadata, HOTPLUG_PHB_INDEX, &self->hotplugged, addr,
				     sizeof(addr)))
		TH_LOG("FAIL: the hot-added PHB's pci-testdev never appeared");
	ASSERT_OK(map_bench_lend(addr));
	load(_metadata, addr, 64);
	load(_metadata, addr, 32);
	liobn = ddw_dev_dma(addr, &dma) ? 0 : dma.ddw_liobn;
	ksft_print_msg("%s on the hot-added PHB: DMA through %s, DDW LIOBN 0x%x\n", addr,
		       dma_mode(addr), liobn);
	check_partition(_metadata, addr);
	/* Unplug now: removal frees the window (remove_ddw: clear its TCEs,
	 * then ibm,remove-pe-dma-window) and the table; the kernel log says
	 * if that went wrong. */
	cleanup_run();
	unplug(_metadata);
	self->hotplugged = false;
	EXPECT_FALSE(liobn && ddw_state_liobn_present(liobn))
		TH_LOG("FAIL: the DDW of LIOBN 0x%x is still in the device tree after the PHB "
		       "went away", liobn);
}

TEST_F_TIMEOUT(ddw, hotplug_alloc_fail, CASE_TIMEOUT)
{
	struct alloc_fault fault;
	char addr[32];
	bool came;

	if (!host_requests_available())
		SKIP(return, "QEMU testbed only: the host hot-adds a PHB through QMP");
	if (!testbed_cmdline_has(HOTPLUG_FAULT_OPT_IN))
		SKIP(return, "runs on the alloc-fault profile only (%s on the kernel command line): "
		     "6.12 panics there, taking the rest of the run with it", HOTPLUG_FAULT_OPT_IN);
	if (alloc_fault_arm(&fault, HOTPLUG_FAULT_FUNC))
		SKIP(return, "%s", ppcst_last_error());
	ksft_print_msg("every allocation under %s (0x%llx-0x%llx) fails; hot-adding %s\n",
		       HOTPLUG_FAULT_FUNC, fault.start, fault.end, HOTPLUG_PHB_ID);
	came = plug_testdev_phb(_metadata, HOTPLUG_FAULT_PHB_INDEX, &self->hotplugged, addr,
				sizeof(addr));
	alloc_fault_disarm(&fault);
	if (!came) {
		ksft_print_msg("the PHB's device never appeared: the kernel did without it\n");
		return;
	}
	ksft_print_msg("%s came up on the PHB (DMA through %s); loading it\n", addr,
		       dma_mode(addr));
	ASSERT_OK(map_bench_lend(addr));
	try_load(addr, 64);
	try_load(addr, 32);
	cleanup_run();
}

int main(int argc, char **argv)
{
	if (map_bench_check_env() || scratch_disk_check_env() || net_pair_check_env()) {
		fprintf(stderr, "iommu_ddw_basic: %s\n", ppcst_last_error());
		return 2;
	}
	return test_harness_run(argc, argv);
}
