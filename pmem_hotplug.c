// SPDX-License-Identifier: GPL-2.0
/*
 * pmem_hotplug: persistent memory onlined as System RAM, DMA into it, and
 * taken away again, in a loop; ordinary memory hot-plugged and unplugged.
 *
 *   cycles   N times: (a devdax namespace: ndctl create-namespace, or the
 *            one there is) -> daxctl reconfigure-device --mode=system-ram
 *            (movable) -> every block online, movable, on the namespace's
 *            NUMA node, MemTotal up -> verified O_DIRECT I/O whose buffers
 *            live on that node (our own, then fio numa_mem_policy), network
 *            traffic, a map load through the lent device's DDW -> DDW
 *            properties unchanged -> back to devdax (offlines) -> (destroy
 *            the namespace) -> MemTotal and TCE usage at the baseline
 *   pc_dimm  (testbed) ordinary RAM hot-plugged through the host (QMP
 *            object-add + device_add pc-dimm, carried out by rtas_errd and
 *            drmgr) under a direct DDW, the same notifier: MemTotal up by
 *            the DIMM, DDWs unchanged; unplugged again, MemTotal back
 *
 * What it catches: the DDW memory notifier pre-mapping TCEs for pmem beyond a
 * direct window (upstream 6aa989ab2bd0 fixed it): H_PARAMETER, swallowed by
 * the notifier, and daxctl failing with "failed to online memory:
 * Operation not permitted" - judged from daxctl's result and the memory
 * blocks, not only from the kernel log, which says nothing.
 *
 * On a real partition only what the operator names: $PPCST_PMEM_REGION
 * (regionN: namespaces are created in its free space and destroyed again) or
 * $PPCST_PMEM_NAMESPACE (namespaceX.Y: a devdax one is used as it is; any
 * other holds data and is reconfigured to devdax, and back to its mode at the
 * end, only with $PPCST_PMEM_DESTROY=1), $PPCST_SCRATCH_DISK,
 * $PPCST_NET_DEVICE/$PPCST_NET_PEER and $PPCST_DDW_DEVICE as for
 * iommu_ddw_basic. $PPCST_PMEM_CYCLES (or --cycles N) cycles. The device tree
 * of a real partition is never written; in the testbed the test lowers
 * ibm,lrdr-capacity to the RAM size before the lent device makes its DDW,
 * which is PowerVM's layout (pmem above the maximum memory).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "base/args.h"
#include "base/cleanup.h"
#include "devices/disk_io.h"
#include "dma/ddw_check.h"
#include "dma/ddw_state.h"
#include "dma/dt.h"
#include "kmsg/kmsg_window.h"
#include "engines/map_bench.h"
#include "devices/net_pair.h"
#include "devices/numa_util.h"
#include "devices/pmem.h"
#include "devices/pmem_target.h"
#include "base/error.h"
#include "base/proc.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "dma/tce.h"
#include "base/kconfig.h"
#include "devices/memory.h"
#include "harness/fixture.h"
#include "testbed/testbed.h"
#include "base/results_file.h"

#include "testbed/hostreq_client.h"

#define MAX_CYCLES 1000
#define TOOL_TIMEOUT_S PMEM_TOOL_TIMEOUT_S
/* Verified I/O per cycle: our own pass and fio's. */
#define OWN_IO_BYTES (16ULL << 20)
#define FIO_BYTES (32ULL << 20)
#define FIO_TIMEOUT_S 240
#define NET_STREAM_BYTES (8ULL << 20)
#define NET_STREAM_TIMEOUT_S 60

#define CYCLES_ENV "PPCST_PMEM_CYCLES"

/* From --cycles, $PPCST_PMEM_CYCLES or settings (args_take_cycles). */
static unsigned cycles_wanted;

FIXTURE(pmem) {
	struct kmsg_window kmsg;
};

FIXTURE_SETUP(pmem)
{
	FIXTURE_SETUP_COMMON(&self->kmsg);
}

FIXTURE_TEARDOWN(pmem)
{
	TEARDOWN_BEGIN();
	TEARDOWN_END(&self->kmsg);
}

static char ndctl[PATH_MAX], daxctl[PATH_MAX];

/* The DDWs of every PE; the direct ones that end below the pmem said so. */
static void print_ddws(const struct dt_state *st, uint64_t pmem_start)
{
	char w[128];

	for (int i = 0; i < st->nr_pes; i++) {
		const struct dt_pe *pe = &st->pes[i];
		const struct dt_ddw_window *d = pe->has_direct64 ? &pe->direct64 : &pe->dma64;
		bool reaches = d->window_shift >= 64 || pmem_start < (1ULL << d->window_shift);
		uint64_t split = ddw_split_offset(st, pe);

		if (!pe->has_direct64 && !pe->has_dma64)
			continue;
		ddw_window_text(d, w, sizeof(w));
		if (split) {
			/* One window, two ways: which one pmem DMA takes. */
			ksft_print_msg("DDW %s: vPMEM split (default window removed), %s: direct "
				       "0x%llx-0x%llx, dynamic (TCEs per map) 0x%llx-0x%llx%s\n",
				       pe->path, w, (unsigned long long)d->dma_base,
				       (unsigned long long)(d->dma_base + split),
				       (unsigned long long)(d->dma_base + split),
				       (unsigned long long)(d->dma_base + (1ULL << d->window_shift)),
				       pmem_start >= split ? ": the pmem lies in the dynamic part" : "");
			continue;
		}
		ksft_print_msg("DDW %s: %s, %s%s\n", pe->path, pe->has_direct64 ? "direct" : "dynamic",
			       w, pe->has_direct64 && !reaches ?
			       ": ends below the pmem, which must not be pre-mapped in it" : "");
	}
}

/* A DMA window that changed: the test fails. */
static void report_ddw(const char *line, void *ctx)
{
	struct harness_rule_log *c = ctx;
	struct __test_metadata *_metadata = c->metadata;

	TH_LOG("FAIL: %s%s", c->when, line);
}

/* Blocks [first, last] of the dax range: whole blocks only. */
static void block_range(const struct pmem_dax *d, uint64_t bs, int *first, int *last)
{
	*first = (int)((d->start + bs - 1) / bs);
	*last = (int)((d->end + 1) / bs) - 1;
}

/* Every block of the range online, movable, on NODE; returns how many. */
static int check_blocks(struct __test_metadata *_metadata, const struct pmem_dax *d,
			uint64_t bs, int node, int cycle)
{
	int first, last, good = 0;

	block_range(d, bs, &first, &last);
	for (int b = first; b <= last; b++) {
		char state[32] = "", zones[128] = "", path[128];
		int on = numa_node_of_block(b);

		memblock_state(b, state, sizeof(state));
		snprintf(path, sizeof(path), "%s/memory%d/valid_zones", SYSFS_MEMORY, b);
		ppcst_sysfs_read(path, zones, sizeof(zones));
		EXPECT_STREQ("online", state)
			TH_LOG("FAIL: cycle %d: memory%d is \"%s\" after daxctl onlined %s", cycle,
			       b, state, d->chardev);
		EXPECT_NE(NULL, strstr(zones, "Movable"))
			TH_LOG("FAIL: cycle %d: memory%d is in zone \"%s\", not Movable", cycle, b,
			       zones);
		if (node >= 0)
			EXPECT_EQ(node, on) TH_LOG("FAIL: cycle %d: memory%d on node %d, not %d",
						   cycle, b, on, node);
		good += !strcmp(state, "online");
	}
	return good;
}

/* Undo of an onlined dax device: back to devdax (-f offlines first). */
static int push_back_to_devdax(const char *chardev)
{
	const char *const argv[] = { daxctl, "reconfigure-device", "--mode=devdax", "-f",
				     chardev, NULL };

	return cleanup_push_exec(TOOL_TIMEOUT_S, argv);
}

static int push_destroy(const char *ns)
{
	const char *const argv[] = { ndctl, "destroy-namespace", "-f", ns, NULL };

	return cleanup_push_exec(TOOL_TIMEOUT_S, argv);
}

struct run {
	struct pmem_target t;
	char disk[64];
	bool have_disk, have_net, have_dev;
	struct net_pair np;
	char dev[32];			/* lent for dma_map_benchmark */
	uint64_t mem_kb, bs;
	struct tce_snapshot tce;
	struct dt_state ddw;		/* the DMA windows before the first cycle */
};

/* One cycle; false after a failure (the caller stops). */
static bool one_cycle(struct __test_metadata *_metadata, struct run *r, int cycle)
{
	static char out[65536];
	char summary[512], ns_dev[PMEM_NAME_MAX], chardev[PMEM_NAME_MAX];
	struct pmem_dax d;
	struct dt_state now;
	struct tce_snapshot tce;
	struct harness_rule_log lc = { .metadata = _metadata };
	double t0 = ppcst_now_s();
	int h_ns = -1, h_dax, online, node, ret, first, last;
	uint64_t kb;

	snprintf(ns_dev, sizeof(ns_dev), "%s", r->t.ns.dev);
	snprintf(chardev, sizeof(chardev), "%s", r->t.ns.chardev);
	if (r->t.create) {
		const char *const argv[] = { ndctl, "create-namespace", "-m", "devdax", "-r",
					     r->t.region, NULL };
		struct pmem_ns ns;

		ret = proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out));
		EXPECT_OK_MSG(ret, "cycle %d", cycle);
		if (ret)
			return false;
		EXPECT_OK(pmem_parse_namespace(out, &ns));
		if (!ns.dev[0] || !ns.chardev[0])
			return false;
		snprintf(ns_dev, sizeof(ns_dev), "%s", ns.dev);
		snprintf(chardev, sizeof(chardev), "%s", ns.chardev);
		h_ns = push_destroy(ns_dev);
	}

	/* Online as System RAM: this is where the notifier runs. */
	{
		const char *const argv[] = { daxctl, "reconfigure-device", "--mode=system-ram",
					     chardev, NULL };

		h_dax = push_back_to_devdax(chardev);
		ret = proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out));
	}
	if (ret) {
		TH_LOG_ERROR_MSG("FAIL: cycle %d", cycle);
		TH_LOG("FAIL: cycle %d: onlining %s failed at uptime %.1f s: a memory notifier "
		       "refused it (the DDW notifier's TCE pre-mapping fails with H_PARAMETER "
		       "for memory beyond a direct window, and the kernel logs nothing)",
		       cycle, chardev, ppcst_uptime_s());
		_metadata->exit_code = KSFT_FAIL;
		return false;
	}
	EXPECT_OK(pmem_parse_dax(out, chardev, &d));
	EXPECT_STREQ("system-ram", d.mode);
	EXPECT_TRUE(d.has_memblocks && d.total_memblocks > 0 &&
		    d.online_memblocks == d.total_memblocks)
		TH_LOG("FAIL: cycle %d: daxctl onlined %llu of %llu blocks of %s", cycle,
		       (unsigned long long)d.online_memblocks,
		       (unsigned long long)d.total_memblocks, chardev);
	EXPECT_TRUE(d.movable) TH_LOG("FAIL: cycle %d: %s onlined, but not movable", cycle, chardev);
	/* The physical range: daxctl list -M. */
	{
		const char *const argv[] = { daxctl, "list", "-M", "-d", chardev, NULL };

		ASSERT_OK(proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out)));
	}
	ASSERT_OK(pmem_parse_dax(out, chardev, &d));
	ASSERT_TRUE(d.has_mapping) TH_LOG("daxctl list -M printed no mapping for %s", chardev);
	node = d.target_node;
	online = check_blocks(_metadata, &d, r->bs, node, cycle);
	block_range(&d, r->bs, &first, &last);
	kb = mem_total_kb();
	EXPECT_EQ(r->mem_kb + (uint64_t)online * (r->bs >> 10), kb)
		TH_LOG("FAIL: cycle %d: MemTotal %llu kB, want %llu + %d blocks", cycle,
		       (unsigned long long)kb, (unsigned long long)r->mem_kb, online);
	if (cycle == 1)
		ksft_print_msg("%s (%s): 0x%llx-0x%llx, blocks memory%d-memory%d online movable "
			       "on node %d, MemTotal +%llu MiB\n", chardev, ns_dev,
			       (unsigned long long)d.start, (unsigned long long)d.end, first, last,
			       node, (unsigned long long)(kb - r->mem_kb) >> 10);
	if (_metadata->exit_code == KSFT_FAIL)
		return false;

	/* DMA into the new memory. */
	if (r->have_disk && node >= 0) {
		char policy[32];
		struct fio_verify_job job = {
			.dev = r->disk, .bytes = FIO_BYTES, .timeout_s = FIO_TIMEOUT_S,
			.numa_mem_policy = policy,
		};

		ret = numa_direct_io_verify(r->disk, node, OWN_IO_BYTES, (unsigned)cycle);
		EXPECT_OK_MSG(ret, "cycle %d: verified I/O into node %d", cycle, node);
		snprintf(policy, sizeof(policy), "bind:%d", node);
		ret = fio_verify(&job, summary, sizeof(summary));
		EXPECT_OK_MSG(ret, "cycle %d: fio (buffers bound to node %d)", cycle, node);
		if (cycle == 1 && !ret)
			ksft_print_msg("fio %s, buffers on node %d: %s\n", r->disk, node, summary);
	}
	if (r->have_net) {
		struct net_stream_result nr;

		for (int way = 0; way < 2; way++) {
			ret = net_stream_verified(NET_STREAM_BYTES, way, NET_STREAM_TIMEOUT_S, &nr);
			EXPECT_TRUE(ret == 0 && !nr.corrupt && nr.bytes == NET_STREAM_BYTES)
				TH_LOG("FAIL: cycle %d: network stream %s: %s", cycle,
				       way ? "from the peer" : "to the peer",
				       ret < 0 ? ppcst_last_error() : "corrupt or short");
		}
	}
	if (r->have_dev) {
		struct map_bench_result mb;

		EXPECT_OK_MSG(map_bench_run(64, 1, 1, &mb), "cycle %d: map load through %s's DDW",
			      cycle, r->dev);
	}
	ASSERT_OK(ddw_state_take(NULL, &now));
	snprintf(lc.when, sizeof(lc.when), "cycle %d: with %s online: ", cycle, chardev);
	EXPECT_EQ(0, ddw_state_compare(&r->ddw, &now, "the baseline", report_ddw, &lc));
	dt_free(&now);

	/* Take it away again. */
	{
		const char *const argv[] = { daxctl, "reconfigure-device", "--mode=devdax", "-f",
					     chardev, NULL };

		ret = proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out));
	}
	EXPECT_OK_MSG(ret, "cycle %d: offlining", cycle);
	if (ret)
		return false;
	cleanup_drop(h_dax);
	for (int b = first; b <= last; b++) {
		char state[32] = "";

		/* Removed (the usual end) or at least offline. */
		EXPECT_FALSE(memblock_state(b, state, sizeof(state)) == 0 &&
			     !strcmp(state, "online"))
			TH_LOG("FAIL: cycle %d: memory%d still online after devdax", cycle, b);
	}
	EXPECT_EQ(r->mem_kb, mem_total_kb())
		TH_LOG("FAIL: cycle %d: MemTotal not back at %llu kB", cycle,
		       (unsigned long long)r->mem_kb);
	if (r->t.create) {
		const char *const argv[] = { ndctl, "destroy-namespace", "-f", ns_dev, NULL };

		ret = proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out));
		EXPECT_OK_MSG(ret, "cycle %d", cycle);
		if (!ret)
			cleanup_drop(h_ns);
	} else {
		/* The namespace itself goes away and comes back (no write). */
		const char *const off[] = { ndctl, "disable-namespace", ns_dev, NULL };
		const char *const on[] = { ndctl, "enable-namespace", ns_dev, NULL };

		ret = proc_run_tool(off, TOOL_TIMEOUT_S, out, sizeof(out));
		if (!ret)
			ret = proc_run_tool(on, TOOL_TIMEOUT_S, out, sizeof(out));
		EXPECT_OK_MSG(ret, "cycle %d", cycle);
	}
	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &tce));
	snprintf(lc.when, sizeof(lc.when), "cycle %d: ", cycle);
	ddw_check_tce_baseline(&r->tce, &tce, harness_rule_line, &lc);
	tce_snapshot_free(&tce);
	ksft_print_msg("cycle %d: %.1f s\n", cycle, ppcst_now_s() - t0);
	results_cycle_time(_metadata->name, cycle, "online-offline", ppcst_now_s() - t0);
	return _metadata->exit_code != KSFT_FAIL;
}

/* Testbed: PowerVM's layout, then a direct DDW that ends below the pmem. */
static void powervm_layout(struct __test_metadata *_metadata)
{
	struct dt_state st;
	uint64_t ram_end = 0, old;

	ASSERT_OK(dt_scan(NULL, &st)) {
		dt_free(&st);
	}
	for (int i = 0; i < st.nr_mem; i++)
		if (st.mem[i].base + st.mem[i].size > ram_end)
			ram_end = st.mem[i].base + st.mem[i].size;
	old = st.has_lrdr ? st.lrdr.max_addr : 0;
	dt_free(&st);
	if (!ram_end || old == ram_end)
		return;
	ASSERT_OK(pmem_set_lrdr_max(ram_end, &old));
	ksft_print_msg("testbed: ibm,lrdr-capacity 0x%llx -> 0x%llx (PowerVM: pmem above "
		       "the maximum memory)\n", (unsigned long long)old,
		       (unsigned long long)ram_end);
}

TEST_F_TIMEOUT(pmem, cycles, CASE_TIMEOUT)
{
	static const char *const options[] = {
		"CONFIG_MEMORY_HOTPLUG", "CONFIG_MEMORY_HOTREMOVE", "CONFIG_LIBNVDIMM",
		"CONFIG_DEV_DAX_PMEM", "CONFIG_DEV_DAX_KMEM", "CONFIG_NUMA",
	};
	const char *missing = kconfig_first_missing(options, ARRAY_SIZE(options), true);
	struct run *r = calloc(1, sizeof(*r));
	char pci[32];
	int flush_ok, ret;
	double t0;
	unsigned done = 0;

	ASSERT_NE(NULL, r);
	if (missing) {
		free(r);
		SKIP(return, "%s not set", missing);
	}
	if (!proc_find_tool("ndctl", ndctl, sizeof(ndctl)) ||
	    !proc_find_tool("daxctl", daxctl, sizeof(daxctl))) {
		free(r);
		SKIP(return, "%s not found", ndctl[0] ? "daxctl" : "ndctl");
	}
	flush_ok = pmem_flush_insn_works();
	if (flush_ok == 0)
		ksft_print_msg("platform fault (not the kernel's): this CPU rejects dcbstps, "
			       "which Linux flushes pmem with (memcpy_flushcache): writing a "
			       "namespace info block would oops; namespaces are not created or "
			       "destroyed here\n");
	ret = pmem_pick_target(&r->t, ndctl, flush_ok != 0);
	if (ret) {
		free(r);
		if (ret > 0)
			SKIP(return, "%s", ppcst_last_error());
		ASSERT_OK(ret);
	}
	if (r->t.restore_mode[0]) {
		const char *const to[] = { ndctl, "create-namespace", "-f", "-e", r->t.ns.dev,
					   "-m", "devdax", NULL };
		const char *const back[] = { ndctl, "create-namespace", "-f", "-e", r->t.ns.dev,
					     "-m", r->t.restore_mode, NULL };
		static char out[16384];

		cleanup_push_exec(TOOL_TIMEOUT_S, back);
		ASSERT_OK(proc_run_tool(to, TOOL_TIMEOUT_S, out, sizeof(out)));
		ASSERT_OK(pmem_parse_namespace(out, &r->t.ns));
	}
	ksft_print_msg("%s: %s, %u cycle(s)\n", r->t.region,
		       r->t.create ? "a devdax namespace created and destroyed each cycle" :
		       r->t.ns.dev, cycles_wanted);

	if (testbed_guest())
		powervm_layout(_metadata);
	/* A direct DDW made now, after the layout is in place. */
	if (access(SYSFS_PCI_DRIVERS "/" MAP_BENCH_DRIVER, F_OK) == 0 &&
	    !map_bench_pick(r->dev, sizeof(r->dev))) {
		struct map_bench_result mb;

		ASSERT_OK(map_bench_lend(r->dev));
		ASSERT_OK(map_bench_run(64, 1, 1, &mb));
		r->have_dev = true;
		ksft_print_msg("lent %s to %s: 64-bit DMA, a DDW\n", r->dev, MAP_BENCH_DRIVER);
	}
	r->have_disk = !scratch_disk_pick(r->disk, sizeof(r->disk), pci, sizeof(pci));
	if (!r->have_disk)
		ksft_print_msg("no verified disk I/O: %s\n", ppcst_last_error());
	if (!net_pair_pick(&r->np)) {
		ASSERT_OK(net_pair_wire(&r->np));
		r->have_net = true;
	} else {
		ksft_print_msg("no network traffic: %s\n", ppcst_last_error());
	}

	ASSERT_OK(memblock_size(&r->bs));
	ASSERT_OK(ddw_state_take(NULL, &r->ddw));
	{
		/* Where the pmem starts, for the DDW report: the dax mapping. */
		static char out[16384];
		const char *const argv[] = { daxctl, "list", "-M", NULL };
		struct pmem_dax d = { 0 };

		if (!proc_run_tool(argv, TOOL_TIMEOUT_S, out, sizeof(out)))
			pmem_parse_dax(out, r->t.ns.chardev[0] ? r->t.ns.chardev : NULL, &d);
		print_ddws(&r->ddw, d.start);
	}
	ASSERT_OK(tce_snapshot_take(tce_tables_dir(), &r->tce));
	r->mem_kb = mem_total_kb();

	t0 = ppcst_now_s();
	for (unsigned c = 1; c <= cycles_wanted; c++) {
		if (!one_cycle(_metadata, r, (int)c))
			break;
		done = c;
	}
	if (done)
		ksft_print_msg("%u of %u cycle(s) passed, %.1f s each, %.1f cycles/min\n", done,
			       cycles_wanted, (ppcst_now_s() - t0) / done, done * 60 / (ppcst_now_s() - t0));
	EXPECT_EQ(cycles_wanted, done);
	tce_snapshot_free(&r->tce);
	dt_free(&r->ddw);
	free(r);
}

/* The DIMM pc_dimm plugs in: ids no profile uses, one memory block's worth
 * of the spapr LMB size. */
#define DIMM_MEM_ID "ppcst-dimmmem"
#define DIMM_ID "ppcst-dimm"
#define DIMM_BYTES (256ULL << 20)
#define DIMM_TIMEOUT_S 90

TEST_F_TIMEOUT(pmem, pc_dimm, CASE_TIMEOUT)
{
	char args[256];
	struct dt_state before, after;
	struct harness_rule_log lc = { .metadata = _metadata };
	uint64_t total_kb = mem_total_kb();

	if (!host_requests_available())
		SKIP(return, "QEMU testbed only: the host plugs the DIMM in through QMP "
		     "(on PowerVM: drmgr -c mem, not done by this test)");
	ASSERT_OK(ddw_state_take(NULL, &before));
	print_ddws(&before, 0);
	snprintf(args, sizeof(args), "{\"qom-type\": \"memory-backend-ram\", \"id\": \"%s\", "
		 "\"size\": %llu}", DIMM_MEM_ID, DIMM_BYTES);
	ASSERT_OK(host_request("object-add", args, DIMM_TIMEOUT_S, NULL, 0));
	snprintf(args, sizeof(args), "{\"driver\": \"pc-dimm\", \"id\": \"%s\", "
		 "\"memdev\": \"%s\"}", DIMM_ID, DIMM_MEM_ID);
	ASSERT_OK(host_request("device_add", args, DIMM_TIMEOUT_S, NULL, 0));
	/* rtas_errd and drmgr add the LMBs; the DDW notifier maps them into
	 * every direct window as they go online. */
	EXPECT_TRUE(mem_total_wait(total_kb + DIMM_BYTES / 1024, true, DIMM_TIMEOUT_S))
		TH_LOG("FAIL: MemTotal %llu kB, not %llu kB, %d s after the DIMM came: onlining "
		       "failed (a DDW notifier refusing it says nothing in the log)",
		       (unsigned long long)mem_total_kb(),
		       (unsigned long long)(total_kb + DIMM_BYTES / 1024), DIMM_TIMEOUT_S);
	ksft_print_msg("DIMM in: MemTotal %llu -> %llu kB\n", (unsigned long long)total_kb,
		       (unsigned long long)mem_total_kb());
	ASSERT_OK(ddw_state_take(NULL, &after));
	EXPECT_EQ(0, ddw_state_compare(&before, &after, "the baseline", report_ddw, &lc));
	dt_free(&after);
	dt_free(&before);
	snprintf(args, sizeof(args), "{\"id\": \"%s\"}", DIMM_ID);
	ASSERT_OK(host_request("device_del", args, DIMM_TIMEOUT_S, NULL, 0));
	EXPECT_OK_MSG(host_request("wait-device-deleted", args, DIMM_TIMEOUT_S, NULL, 0),
		      "the DIMM did not go away (offlining its memory failed?)");
	EXPECT_TRUE(mem_total_wait(total_kb, false, DIMM_TIMEOUT_S))
		TH_LOG("FAIL: MemTotal %llu kB after the unplug, was %llu kB",
		       (unsigned long long)mem_total_kb(), (unsigned long long)total_kb);
	snprintf(args, sizeof(args), "{\"id\": \"%s\"}", DIMM_MEM_ID);
	EXPECT_OK(host_request("object-del", args, DIMM_TIMEOUT_S, NULL, 0));
}

int main(int argc, char **argv)
{
	/* --cycles N is ours; the rest goes to the harness. */
	if (args_take_cycles(&argc, argv, "pmem_hotplug", CYCLES_ENV, MAX_CYCLES,
			     &cycles_wanted)) {
		fprintf(stderr, "pmem_hotplug: %s\n", ppcst_last_error());
		return 2;
	}
	if (getenv(PMEM_DESTROY_ENV) && strcmp(getenv(PMEM_DESTROY_ENV), "1") &&
	    strcmp(getenv(PMEM_DESTROY_ENV), "0")) {
		fprintf(stderr, "pmem_hotplug: %s must be 0 or 1\n", PMEM_DESTROY_ENV);
		return 2;
	}
	if (getenv(PMEM_REGION_ENV) && strncmp(getenv(PMEM_REGION_ENV), "region", 6)) {
		fprintf(stderr, "pmem_hotplug: %s=%s: want regionN\n", PMEM_REGION_ENV,
			getenv(PMEM_REGION_ENV));
		return 2;
	}
	if (getenv(PMEM_NAMESPACE_ENV) && strncmp(getenv(PMEM_NAMESPACE_ENV), "namespace", 9)) {
		fprintf(stderr, "pmem_hotplug: %s=%s: want namespaceX.Y\n", PMEM_NAMESPACE_ENV,
			getenv(PMEM_NAMESPACE_ENV));
		return 2;
	}
	if (map_bench_check_env() || scratch_disk_check_env() || net_pair_check_env()) {
		fprintf(stderr, "pmem_hotplug: %s\n", ppcst_last_error());
		return 2;
	}
	return test_harness_run(argc, argv);
}
