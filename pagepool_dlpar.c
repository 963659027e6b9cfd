// SPDX-License-Identifier: GPL-2.0
/*
 * pagepool_dlpar: hot-remove a NIC under load while its page_pool buffers are
 * still in flight, and add it back, in a loop.
 *
 *   cycles   N times: the NIC (its driver's receive buffers from a
 *            DMA-mapping page_pool - shown at run time: page-pool-get, or
 *            the page_pool trace events; vmxnet3 takes them from one only
 *            while an XDP program is attached, so a pass-through one is)
 *            carries a verified stream each way -> iperf3 both ways, and a
 *            TCP stream from the peer whose receiving socket stops reading,
 *            so page_pool pages sit in its queue -> DLPAR remove (testbed:
 *            QMP device_del of the NIC's PHB, carried out by the guest's
 *            rtas_errd + drmgr; POWER: drmgr -c pci or slot -r on the slot named)
 *            within a bound -> its pools destroyed with pages in flight, the
 *            PHB's node, its window and its TCE table gone -> the held
 *            socket closed (its pages go back to the destroyed pools) -> no
 *            oops, no TCE hcall failure, no "Unexpected TCEs", the pools
 *            drained -> the NIC added back, with a DMA window again, and
 *            verified traffic
 *
 * Variants: page_pool_nic is the NIC under test (testbed: vmxnet3); the
 * controls e1000e_control and virtio_net_control (testbed only) run the same
 * cycles on NICs whose 6.12 drivers use no page_pool, so a failure on the
 * first alone points at page_pool, one on all of them at DLPAR itself.
 *
 * What it catches: page_pool unmapping buffers after DLPAR freed the PE's
 * TCE table (page_pool without its DMA-mapping tracking, upstream
 * ee62ce7a1d90; vm/kernel/known-bugs/pagepool-no-dma-tracking.patch):
 * "iommu_table_free: Unexpected TCEs" at the removal, then
 * "tce_freemulti_pSeriesLP: plpar_tce_stuff failed" rc -4 and an oops when
 * the pages come back; a removal that hangs waiting for them (the stuck
 * tasks' stacks are logged).
 *
 * The bug needs unmaps that go through TCE management: a default (32-bit)
 * window or a dynamic DDW, not a direct DDW (the pagepool profile boots with
 * disable_ddw=1). In QEMU one PHB is one PE, so the table belongs to the
 * PHB: the profile gives each NIC a PHB of its own and the test removes that.
 *
 * On a real partition only what the operator names: $PPCST_DLPAR_SLOT (the
 * DRC name of the NIC's slot, removed and added back with drmgr -c
 * $PPCST_DLPAR_CONNECTOR: pci, or slot for an SR-IOV logical port),
 * $PPCST_NET_DEVICE (the NIC in that slot) and $PPCST_NET_PEER (cabled to
 * it). $PPCST_DLPAR_CYCLES (or --cycles N) cycles.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "base/args.h"
#include "base/cleanup.h"
#include "hotplug/dlpar.h"
#include "hotplug/hotplug_progress.h"
#include "dma/dt.h"
#include "testbed/hostreq_client.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_reader.h"
#include "kmsg/kmsg_window.h"
#include "devices/net_pair.h"
#include "hotplug/nic.h"
#include "devices/pagepool.h"
#include "devices/pp_trace.h"
#include "base/error.h"
#include "base/proc.h"
#include "base/sysfs.h"
#include "dma/tce.h"
#include "base/kconfig.h"
#include "harness/fixture.h"
#include "testbed/testbed.h"
#include "base/results_file.h"

#define MAX_CYCLES 1000
#define CYCLES_ENV "PPCST_DLPAR_CYCLES"
#define SLOT_ENV "PPCST_DLPAR_SLOT"
/* drmgr's connector type of that slot: "pci" (a hot-plug PCI slot, the
 * default) or "slot" (a logical I/O slot: an SR-IOV logical port). */
#define CONNECTOR_ENV "PPCST_DLPAR_CONNECTOR"

static const char *drmgr_connector(void)
{
	const char *c = getenv(CONNECTOR_ENV);

	return c && *c ? c : "pci";
}

/*
 * The testbed (vm/profiles/pagepool.profile: keep them equal): each NIC on a
 * PHB of its own, QEMU id TB_PHB_ID_FMT with its index; the NIC QEMU id
 * TB_NIC_ID_FMT with its -netdev.
 */
#define TB_PHB_ID_FMT "ppcst-pphb%u"
#define TB_NIC_ID_FMT "ppcst-nic-%s"
/*
 * Strict about the removed PHB's hotplug slots: a removal that leaves any
 * behind fails (6.12.107's dlpar_remove_phb deregisters one of a PHB's 256:
 * docs/findings/rpaphp-stale-slots.md, fixed by
 * vm/kernel/fixes/rpaphp-stale-slots.patch), and the NIC goes back on the
 * index it was removed from whatever is left of it. Opted in with the
 * environment ("1"), or in the testbed by the profile's kernel command line
 * word (vm/profiles/pagepool-same-phb.profile: the host's environment does
 * not reach the guest). Without it, stale slots are reported and dodged.
 */
#define SAME_PHB_ENV "PPCST_DLPAR_SAME_PHB"
#define SAME_PHB_OPT_IN "ppcst.dlpar_same_phb"
#define STALE_SLOTS_FINDING "docs/findings/rpaphp-stale-slots.md"

/* A removal or an addition (and the driver's probe after it) is bounded by
 * its progress (lib/hotplug/hotplug_progress.h): ~12-25 s on an idle TCG host, 40-80 s
 * beside a kernel build; past HOTPLUG_STEP_NOMINAL_S it is reported as slow,
 * never failed for that alone. */
#define DRMGR_TIMEOUT_S 120
/* iperf3 runs this long at most: it is stopped once the NIC is gone, and
 * must outlast the slowest removal it loads. */
#define IPERF_SECONDS (HOTPLUG_STEP_CAP_S + 120)
/* Seconds of load before the removal: the held socket's queue fills. */
#define LOAD_SECONDS 5
#define HELD_TIMEOUT_S 30
/* After the held socket is closed, the destroyed pools must drain: the
 * kernel retries the release every second. */
#define DRAIN_TIMEOUT_S 20
#define STREAM_BYTES (8ULL << 20)
#define STREAM_TIMEOUT_S 60

/* From --cycles, $PPCST_DLPAR_CYCLES or settings (args_take_cycles). */
static unsigned cycles_wanted;

FIXTURE(pagepool) {
	struct kmsg_window kmsg;
	bool removed;		/* the NIC is out: teardown puts it back */
	unsigned phb;		/* testbed: the index of the PHB it was on */
};

/* A NIC of the testbed, as the profile plugs it. */
FIXTURE_VARIANT(pagepool) {
	const char *model;	/* QEMU device */
	const char *mac;
	const char *netdev;	/* its QEMU -netdev */
	bool control;		/* its driver needs no page_pool */
};

FIXTURE_VARIANT_ADD(pagepool, page_pool_nic) {
	.model = "vmxnet3", .mac = TESTBED_NIC_MAC, .netdev = "net0",
};

FIXTURE_VARIANT_ADD(pagepool, e1000e_control) {
	.model = "e1000e", .mac = "52:54:00:c0:ff:03", .netdev = "net1", .control = true,
};

FIXTURE_VARIANT_ADD(pagepool, virtio_net_control) {
	.model = "virtio-net-pci", .mac = "52:54:00:c0:ff:04", .netdev = "net2", .control = true,
};

FIXTURE_SETUP(pagepool)
{
	FIXTURE_SETUP_COMMON(&self->kmsg);
}

static int add_back(const FIXTURE_VARIANT(pagepool) *v, unsigned removed_phb);

FIXTURE_TEARDOWN(pagepool)
{
	TEARDOWN_BEGIN();
	pp_trace_end();
	if (self->removed && add_back(variant, self->phb))
		TH_LOG_ERROR_MSG("putting the NIC back");
	TEARDOWN_END(&self->kmsg);
}

/* A step that took longer than on an idle host: said, never failed for it. */
static void report_slow(int cycle, const char *what, double took)
{
	if (took > HOTPLUG_STEP_NOMINAL_S)
		ksft_print_msg("cycle %d: slow: %s took %.0f s, more than the %d s it takes on an "
			       "idle host (a slow or busy host, not a kernel failure)\n", cycle,
			       what, took, HOTPLUG_STEP_NOMINAL_S);
}

/* DLPAR remove: the testbed asks the host to unplug PHB INDEX (and waits
 * until QEMU let it go, i.e. the guest released it); POWER runs drmgr. */
static int dlpar_remove(unsigned index)
{
	char id[32];

	if (getenv(SLOT_ENV))
		return dlpar_drmgr_slot(drmgr_connector(), getenv(SLOT_ENV), "-r",
					DRMGR_TIMEOUT_S);
	snprintf(id, sizeof(id), TB_PHB_ID_FMT, index);
	return dlpar_host_remove(id);
}

static bool same_phb_strict(void)
{
	const char *same = getenv(SAME_PHB_ENV);

	return (same && !strcmp(same, "1")) || testbed_cmdline_has(SAME_PHB_OPT_IN);
}

/*
 * Plugs the variant's NIC in again on a PHB of its own: the index it was
 * removed from. Only when the kernel left something of that PHB behind (its
 * node, or hotplug slots: removing that index again oopses in rpaphp) does
 * it fall back to the lowest index the kernel holds nothing of, and says
 * so; strict (same_phb_strict) it never does.
 */
static int add_back(const FIXTURE_VARIANT(pagepool) *v, unsigned removed_phb)
{
	char nic[320], id[32];
	unsigned index;

	if (getenv(SLOT_ENV))
		return dlpar_drmgr_slot(drmgr_connector(), getenv(SLOT_ENV), "-a",
					DRMGR_TIMEOUT_S);
	index = dlpar_tb_phb_for_add(removed_phb, same_phb_strict());
	if (!index)
		return ppcst_fail(-ENOSPC, "no PHB index left that the kernel holds nothing of "
				  "(each removal left hotplug slots behind: %s); run fewer cycles",
				  STALE_SLOTS_FINDING);
	if (index != removed_phb) {
		int left = dlpar_tb_phb_slots(removed_phb);

		if (left)
			ksft_print_msg("fallback: the kernel kept %d hotplug slot(s) of the removed "
				       "PHB %u (the rpaphp stale-slot bug, %s; re-using the index "
				       "oopses): adding the NIC back on PHB %u instead\n", left,
				       removed_phb, STALE_SLOTS_FINDING, index);
		else
			ksft_print_msg("fallback: the kernel kept the device-tree node of the removed "
				       "PHB %u: adding the NIC back on PHB %u instead\n", removed_phb,
				       index);
	}
	snprintf(id, sizeof(id), TB_PHB_ID_FMT, index);
	snprintf(nic, sizeof(nic), "{\"driver\": \"%s\", \"bus\": \"%s.0\", \"id\": \"" TB_NIC_ID_FMT
		 "\", \"netdev\": \"%s\", \"mac\": \"%s\"}", v->model, id, v->netdev, v->netdev,
		 v->mac);
	return dlpar_host_add_phb(index, id, nic, HOTPLUG_STEP_SLICE_S);
}

/* Verified traffic both ways through the NIC. */
static bool streams_ok(struct __test_metadata *_metadata, int cycle, const char *when)
{
	for (int way = 0; way < 2; way++) {
		struct net_stream_result r;
		int ret = net_stream_verified(STREAM_BYTES, way, STREAM_TIMEOUT_S, &r);

		EXPECT_TRUE(ret == 0 && !r.corrupt && r.bytes == STREAM_BYTES)
			TH_LOG("FAIL: cycle %d %s: stream %s the peer: %s", cycle, when,
			       way ? "from" : "to",
			       ret < 0 ? ppcst_last_error() : r.corrupt ? "a byte differs" : "short");
		if (ret)
			return false;
	}
	return true;
}

/* What a run learned, carried from cycle to cycle. */
struct run {
	int prog_fd;			/* the XDP_PASS program, -1 until needed */
	uint64_t nl_ids[PAGE_POOLS_MAX];	/* the NIC's pools that page-pool-get lists */
	int nr_nl;
	struct pp_trace pools;		/* the pools the trace saw take pages for it */
	bool traced;			/* the page_pool trace events work */
	bool page_pool;			/* the NIC receives into a page_pool */
	double remove_s, add_s, detect_s;
	unsigned done;
};

/* Attaches the XDP_PASS program to vmxnet3 (its page_pool needs one). */
static int xdp_on(struct run *r, const struct nic *n)
{
	if (r->prog_fd < 0)
		r->prog_fd = xdp_pass_load();
	if (r->prog_fd < 0 || xdp_attach((int)n->ifindex, r->prog_fd))
		return ppcst_fail(-1, "XDP on %s (which vmxnet3's page_pool needs): %s", n->np.dut,
				  ppcst_last_error());
	return 0;
}

/*
 * Which page pools the NIC receives into, seen while verified streams go
 * through it: the trace's page_pool_state_hold events (on before XDP goes on:
 * vmxnet3 creates and fills its pools right then) and page-pool-get. False
 * if the streams failed.
 */
static bool nic_pools(struct __test_metadata *_metadata, struct run *r, const struct nic *n,
		      int cycle)
{
	uint64_t inflight;
	int ret;
	bool ok;

	r->traced = !pp_trace_begin(true);
	if (!r->traced && cycle == 1)
		ksft_print_msg("no page_pool trace events: %s\n", ppcst_last_error());
	if (!strcmp(n->driver, "vmxnet3") && xdp_on(r, n)) {
		pp_trace_end();
		TH_LOG_ERROR_MSG("FAIL: cycle %d", cycle);
		_metadata->exit_code = KSFT_FAIL;
		return false;
	}
	ok = streams_ok(_metadata, cycle, "before the load");
	memset(&r->pools, 0, sizeof(r->pools));
	if (r->traced) {
		struct pp_trace t;

		r->traced = !pp_trace_read(&t);
		for (int i = 0; r->traced && i < t.nr; i++)
			if (t.pools[i].holds)
				r->pools.pools[r->pools.nr++] = t.pools[i];
	}
	pp_trace_end();
	ret = page_pools_of_ifindex(n->ifindex, r->nl_ids, PAGE_POOLS_MAX, &inflight);
	r->nr_nl = ret > 0 ? (ret < PAGE_POOLS_MAX ? ret : PAGE_POOLS_MAX) : 0;
	r->page_pool = r->nr_nl > 0 || r->pools.nr > 0;
	if (cycle == 1)
		ksft_print_msg("%s (driver %s%s): %s: %d pool(s) took %lu pages from the page "
			       "allocator while 2 x %llu MiB went through (page_pool trace "
			       "events%s); page-pool-get lists %d for it%s%s\n", n->np.dut,
			       n->driver, r->prog_fd >= 0 ? ", XDP_PASS attached" : "",
			       r->page_pool ? "receives into a page_pool" : "no page_pool seen",
			       r->pools.nr, pp_trace_holds(&r->pools), STREAM_BYTES >> 20,
			       r->traced ? "" : ": not available", r->nr_nl,
			       ret < 0 ? ": " : "", ret < 0 ? ppcst_last_error() : "");
	return ok;
}

/* The NIC as it came up: wired, whether its page pool is on, verified
 * traffic. 0 ok, 1 skip, -1 failed; the reason in ppcst_last_error(). */
static int nic_ready(struct __test_metadata *_metadata, const FIXTURE_VARIANT(pagepool) *v,
		     struct run *r, struct nic *n, int cycle)
{
	int ret = nic_find(n, v->mac);

	if (ret > 0 && cycle == 1)
		return 1;
	EXPECT_OK_MSG(ret, "cycle %d: the NIC", cycle);
	if (ret)
		return -1;
	if (cycle == 1)
		ksft_print_msg("NIC %s (%s, driver %s) at %s, PHB %s: DMA through %s, LIOBN 0x%x%s\n",
			       n->np.dut, n->np.dut_pci, n->driver[0] ? n->driver : "-", n->node,
			       n->phb, dt_dma_class_name(n->cls), n->liobn,
			       v->control ? " (a control)" : "");
	if (n->cls == DT_DMA_DDW_DIRECT) {
		ppcst_fail(0, "%s maps through a direct DDW: its unmaps never reach TCE "
			   "management (boot with disable_ddw=1, as the pagepool profile does)",
			   n->np.dut);
		return cycle == 1 ? 1 : -1;
	}
	EXPECT_NE(DT_DMA_NONE, n->cls)
		TH_LOG("FAIL: cycle %d: %s has no DMA window after it was added back", cycle,
		       n->np.dut);
	if (n->cls == DT_DMA_NONE)
		return -1;
	ASSERT_OK(net_pair_wire(&n->np));
	if (!nic_pools(_metadata, r, n, cycle))
		return -1;
	if (r->page_pool || v->control)
		return 0;
	if (!r->traced && !r->nr_nl)
		ppcst_fail(0, "cannot tell whether %s (driver %s) receives into a page_pool: "
			   "page-pool-get lists none for it and there are no page_pool trace "
			   "events (CONFIG_FTRACE, CONFIG_ENABLE_DEFAULT_TRACERS)", n->np.dut,
			   n->driver);
	else
		ppcst_fail(0, "%s (driver %s) does not receive into a page_pool: none took "
			   "pages for it during verified traffic, page-pool-get lists none",
			   n->np.dut, n->driver);
	return cycle == 1 ? 1 : -1;
}

/* Waits (DRAIN_TIMEOUT_S) until the NIC's pools are destroyed and drained,
 * by the trace, else by page-pool-get; checks it. */
static void pools_check(struct __test_metadata *_metadata, const struct run *r, int cycle,
			long long queued)
{
	uint64_t inflight = 0, detached;
	struct pp_trace after = { .nr = 0 };
	long out = 0;
	int left = 0, destroyed = 0;
	bool drained = false;

	for (double w0 = ppcst_now_s(); !drained && ppcst_now_s() - w0 < DRAIN_TIMEOUT_S; ppcst_sleep_ms(500)) {
		if (r->traced)
			drained = !pp_trace_read(&after) &&
				  pp_trace_drained(&r->pools, &after, &out, &destroyed);
		else
			drained = (left = page_pools_left(r->nl_ids, r->nr_nl, &inflight, &detached)) <= 0;
	}
	pp_trace_end();
	if (!r->traced) {
		EXPECT_TRUE(drained)
			TH_LOG("FAIL: cycle %d: %d pool(s) still hold %llu pages %d s after every "
			       "socket was closed", cycle, left, (unsigned long long)inflight,
			       DRAIN_TIMEOUT_S);
		return;
	}
	ksft_print_msg("cycle %d: %d of its %d pool(s) destroyed by the removal with %ld pages "
		       "in flight%s\n", cycle, destroyed, r->pools.nr, out,
		       drained ? "; all came back" : "");
	EXPECT_EQ(r->pools.nr, destroyed)
		TH_LOG("FAIL: cycle %d: %d of the NIC's page pools were not destroyed (no "
		       "page_pool_release event) %d s after every socket was closed", cycle,
		       r->pools.nr - destroyed, DRAIN_TIMEOUT_S);
	EXPECT_TRUE(drained || destroyed < r->pools.nr)
		TH_LOG("FAIL: cycle %d: its destroyed pools still miss pages %d s after every "
		       "socket was closed", cycle, DRAIN_TIMEOUT_S);
	/* Else the case the test is for was not made. */
	EXPECT_LT(0, out)
		TH_LOG("FAIL: cycle %d: no page_pool page was in flight when the NIC went "
		       "(%lld bytes waited in the held socket)", cycle, queued);
}

static bool one_cycle(struct __test_metadata *_metadata, FIXTURE_DATA(pagepool) *self,
		      const FIXTURE_VARIANT(pagepool) *v, struct run *r, int cycle, char *skip,
		      size_t skiplen)
{
	uint64_t inflight, detached;
	struct kmsg_window win;
	struct kmsg_report rep;
	struct iperf3_load load;
	struct net_held_stream held;
	struct proc_result pres;
	struct nic n, back;
	char how[128];
	long long queued;
	double t0, t_rm;
	int ret;

	skip[0] = '\0';
	ret = nic_ready(_metadata, v, r, &n, cycle);
	/* Kept: the cleanups before the SKIP may set another message. */
	if (ret > 0)
		snprintf(skip, skiplen, "%s", ppcst_last_error());
	if (ret)
		return false;
	self->phb = dlpar_tb_phb_index(n.phb);
	if (!getenv(SLOT_ENV) && !self->phb) {
		TH_LOG("FAIL: cycle %d: %s is on %s, not on a PHB of the testbed's", cycle,
		       n.np.dut, n.phb);
		_metadata->exit_code = KSFT_FAIL;
		return false;
	}

	/* Load, and a socket that stops reading. */
	ASSERT_OK(iperf3_load_start(&load, IPERF_SECONDS, NULL));
	ASSERT_OK(net_held_stream_start(&held, HELD_TIMEOUT_S));
	ppcst_sleep_ms(LOAD_SECONDS * 1000);
	EXPECT_TRUE(proc_running(&load.client, &pres))
		TH_LOG("FAIL: cycle %d: iperf3 ended before the removal (see the log)", cycle);
	queued = net_held_stream_queued(&held);
	page_pools_left(r->nl_ids, r->nr_nl, &inflight, &detached);
	ksft_print_msg("cycle %d: under load: %lld bytes waiting unread in the held socket",
		       cycle, queued);
	if (r->nr_nl)
		printf(", %llu page_pool pages handed out", (unsigned long long)inflight);
	printf("\n");

	/* The removal, with the pages out. */
	ASSERT_OK(kmsg_window_open(&win));
	if (r->page_pool && r->traced && pp_trace_begin(false)) {
		ksft_print_msg("cycle %d: no page_pool trace events: %s\n", cycle,
			       ppcst_last_error());
		r->traced = false;
	}
	/* The kernel log's clock: bench/ measures detection against it. */
	ksft_print_msg("cycle %d: removal begins at uptime %.2f s\n", cycle, ppcst_uptime_s());
	t0 = ppcst_now_s();
	self->removed = true;
	ret = dlpar_remove(self->phb);
	t_rm = ppcst_now_s() - t0;
	if (ret) {
		TH_LOG_ERROR_MSG("FAIL: cycle %d: the DLPAR removal did not finish", cycle);
		kmsg_show_blocked_tasks();
		_metadata->exit_code = KSFT_FAIL;
		kmsg_window_close(&win);
		return false;
	}
	r->remove_s += t_rm;
	ksft_print_msg("cycle %d: removed in %.1f s\n", cycle, t_rm);
	results_cycle_time(_metadata->name, cycle, "remove", t_rm);
	report_slow(cycle, "the removal", t_rm);
	EXPECT_TRUE(nic_iface_gone(n.np.dut)) TH_LOG("FAIL: cycle %d: %s still there", cycle, n.np.dut);
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s%s", DT_ROOT_DEFAULT, n.phb);
		EXPECT_NE(0, access(path, F_OK))
			TH_LOG("FAIL: cycle %d: %s (and its DMA window properties) still in the "
			       "device tree", cycle, n.phb);
	}
	if (n.liobn)
		EXPECT_FALSE(tce_table_present(n.liobn))
			TH_LOG("FAIL: cycle %d: the TCE table of LIOBN 0x%x is still there", cycle,
			       n.liobn);
	/* Stale slots are failed only when asked (strict): the default run
	 * dodges them (add_back) so that every cycle exercises page_pool. */
	if (!getenv(SLOT_ENV) && same_phb_strict()) {
		int left = dlpar_tb_phb_slots(self->phb);

		EXPECT_EQ(0, left)
			TH_LOG("FAIL: cycle %d: %d hotplug slot(s) of the removed PHB %u still "
			       "registered (C%u..C%u in /sys/bus/pci/slots): the kernel left them "
			       "behind (%s)", cycle, left, self->phb,
			       self->phb * DLPAR_TB_SLOT_NAME_STRIDE,
			       self->phb * DLPAR_TB_SLOT_NAME_STRIDE + DLPAR_TB_SLOTS_PER_PHB - 1,
			       STALE_SLOTS_FINDING);
	}

	/* Give the pages back: to a pool whose device and table are gone. */
	ret = net_held_stream_release(&held, HELD_TIMEOUT_S, how, sizeof(how));
	EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: the process closing the held socket %s "
				 "(freeing its page_pool pages)", cycle, how);
	iperf3_load_abort(&load);
	/* The kernel retries releasing a destroyed pool every second. */
	if (r->page_pool)
		pools_check(_metadata, r, cycle, queued);
	cleanup_run();
	ASSERT_OK(kmsg_window_scan(&win, NULL, &rep));
	if (rep.failing) {
		r->detect_s = ppcst_now_s() - t0;
		TH_LOG("FAIL: cycle %d: %zu failing kernel log finding(s) %.1f s after the "
		       "removal began (listed at the end)", cycle, rep.failing, r->detect_s);
		_metadata->exit_code = KSFT_FAIL;
	}
	kmsg_report_free(&rep);
	kmsg_window_close(&win);
	if (_metadata->exit_code == KSFT_FAIL)
		return false;

	/* Back again. */
	t0 = ppcst_now_s();
	ret = add_back(v, self->phb);
	EXPECT_OK_MSG(ret, "cycle %d: adding the NIC back", cycle);
	if (ret)
		return false;
	self->removed = false;
	t_rm = nic_wait(&back, v->mac);
	EXPECT_LE(0, t_rm) TH_LOG_ERROR_MSG("cycle %d: after adding it back", cycle);
	if (t_rm < 0)
		return false;
	report_slow(cycle, "the NIC's return", t_rm);
	r->add_s += ppcst_now_s() - t0;
	results_cycle_time(_metadata->name, cycle, "add", ppcst_now_s() - t0);
	ksft_print_msg("cycle %d: %s back as %s in %.1f s on %s (DMA through %s, LIOBN 0x%x)\n",
		       cycle, back.np.dut_pci, back.np.dut, ppcst_now_s() - t0, back.phb,
		       dt_dma_class_name(back.cls), back.liobn);
	return true;
}

TEST_F_TIMEOUT(pagepool, cycles, CASE_TIMEOUT)
{
	static const char *const options[] = {
		"CONFIG_HOTPLUG_PCI_RPA_DLPAR", "CONFIG_PAGE_POOL", "CONFIG_BPF_SYSCALL",
	};
	const char *missing = kconfig_first_missing(options, ARRAY_SIZE(options), false);
	struct run r = { .prog_fd = -1 };
	char skip[512];
	struct nic n;
	double t0;

	if (missing)
		SKIP(return, "%s not set", missing);
	if (getenv(SLOT_ENV) && variant->control)
		SKIP(return, "the controls are the testbed's NICs: on a partition the NIC in %s "
		     "is the one under test", SLOT_ENV);
	if (!getenv(SLOT_ENV) && !host_requests_available())
		SKIP(return, "set %s (the DRC name of the NIC's slot) with %s and %s: on a real "
		     "partition only the slot you name is removed", SLOT_ENV, NET_DEVICE_ENV,
		     NET_PEER_ENV);
	if (getenv(SLOT_ENV) && !getenv(NET_DEVICE_ENV))
		SKIP(return, "%s is set: name the NIC in it and its peer with %s and %s", SLOT_ENV,
		     NET_DEVICE_ENV, NET_PEER_ENV);
	ksft_print_msg("%u cycle(s) of: load, DLPAR remove with %s, release, add back\n",
		       cycles_wanted, variant->control ? "the NIC's receive buffers in flight" :
		       "page_pool pages in flight");
	t0 = ppcst_now_s();
	for (unsigned c = 1; c <= cycles_wanted; c++) {
		double tc = ppcst_now_s();

		if (!one_cycle(_metadata, self, variant, &r, (int)c, skip, sizeof(skip))) {
			if (skip[0] && c == 1) {
				cleanup_run();
				if (r.prog_fd >= 0)
					close(r.prog_fd);
				SKIP(return, "%s", skip);
			}
			break;
		}
		r.done = c;
		ksft_print_msg("cycle %u: %.1f s\n", c, ppcst_now_s() - tc);
	}
	/* The last one added back: a window and verified traffic again. */
	if (r.done == cycles_wanted) {
		if (!nic_ready(_metadata, variant, &r, &n, (int)r.done + 1))
			ksft_print_msg("after the last cycle: %s carries verified traffic again\n",
				       n.np.dut);
		else
			r.done--;
	}
	if (r.done)
		ksft_print_msg("%u of %u cycle(s) passed: %.1f s each (removal %.1f s, addition "
			       "%.1f s), %.2f cycles/min\n", r.done, cycles_wanted,
			       (ppcst_now_s() - t0) / r.done, r.remove_s / r.done, r.add_s / r.done,
			       r.done * 60 / (ppcst_now_s() - t0));
	if (r.detect_s > 0)
		ksft_print_msg("detected %.1f s after the removal began\n", r.detect_s);
	if (r.prog_fd >= 0)
		close(r.prog_fd);
	EXPECT_EQ(cycles_wanted, r.done);
}

int main(int argc, char **argv)
{
	/* --cycles N is ours; the rest goes to the harness. */
	if (args_take_cycles(&argc, argv, "pagepool_dlpar", CYCLES_ENV, MAX_CYCLES,
			     &cycles_wanted)) {
		fprintf(stderr, "pagepool_dlpar: %s\n", ppcst_last_error());
		return 2;
	}
	if (getenv(SLOT_ENV) && (!*getenv(SLOT_ENV) || strchr(getenv(SLOT_ENV), '/'))) {
		fprintf(stderr, "pagepool_dlpar: %s='%s': want a DRC name (drmgr -s)\n",
			SLOT_ENV, getenv(SLOT_ENV));
		return 2;
	}
	if (strcmp(drmgr_connector(), "pci") && strcmp(drmgr_connector(), "slot")) {
		fprintf(stderr, "pagepool_dlpar: %s='%s': want pci or slot (drmgr -c)\n",
			CONNECTOR_ENV, drmgr_connector());
		return 2;
	}
	if (net_pair_check_env()) {
		fprintf(stderr, "pagepool_dlpar: %s\n", ppcst_last_error());
		return 2;
	}
	return test_harness_run(argc, argv);
}
