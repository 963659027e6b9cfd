// SPDX-License-Identifier: GPL-2.0
/*
 * pagepool_dlpar: hot-remove a NIC under load while its page_pool buffers are
 * still in flight, and add it back, in a loop.
 *
 *   cycles   N times: the NIC under test (its driver's receive buffers from
 *            a DMA-mapping page_pool: vmxnet3 takes them from one only while
 *            an XDP program is attached, so a pass-through one is) carries a
 *            verified stream each way -> iperf3 both ways, and a TCP stream
 *            from the peer whose receiving socket stops reading, so page_pool
 *            pages sit in its queue -> DLPAR remove (testbed: QMP device_del
 *            of the NIC's PHB, carried out by the guest's rtas_errd + drmgr;
 *            POWER: drmgr -c pci -r on the slot named) within a bound, the
 *            pool's pages still in flight -> the PHB's node, its window and
 *            its TCE table gone -> the held socket closed (its pages go back
 *            to the destroyed pool) -> no oops, no TCE hcall failure, no
 *            "Unexpected TCEs", the pool drained -> the NIC added back, with
 *            a DMA window again, and verified traffic
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
 * PHB: the profile gives the NIC a PHB of its own and the test removes that.
 *
 * On a real partition only what the operator names: $PPCST_DLPAR_SLOT (the
 * DRC name of the NIC's slot, removed and added back with drmgr),
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

#include "args.h"
#include "cleanup.h"
#include "dt.h"
#include "host_request.h"
#include "kmsg.h"
#include "net_pair.h"
#include "pagepool.h"
#include "proc.h"
#include "sysfs.h"
#include "testbed.h"

/* Above settings' timeout.pagepool_dlpar, so run_all.sh's SIGTERM (and the
 * cleanups) come before the harness's SIGKILL. */
#define CASE_TIMEOUT 1230
#define DEFAULT_CYCLES 3
#define MAX_CYCLES 1000
#define CYCLES_ENV "PPCST_DLPAR_CYCLES"
#define SLOT_ENV "PPCST_DLPAR_SLOT"

/* The testbed's NIC under test (vm/profiles/pagepool.profile): its PHB and
 * the device on it, exactly as the profile plugs them, to plug them again. */
#define TB_PHB_ID "ppcst-ppphb"
#define TB_PHB "{\"driver\": \"spapr-pci-host-bridge\", \"index\": 1, \"id\": \"" TB_PHB_ID "\"}"
#define TB_NIC "{\"driver\": \"vmxnet3\", \"bus\": \"" TB_PHB_ID ".0\", \"id\": \"ppcst-ppnic\", " \
	"\"netdev\": \"net0\", \"mac\": \"" TESTBED_NIC_MAC "\"}"
#define TB_PHB_ARG "{\"id\": \"" TB_PHB_ID "\"}"

/* Bounds: a removal (TCG: ~12 s) or an addition (~2 s) that takes longer
 * hangs; the interface then needs its driver's probe. */
#define REMOVE_TIMEOUT_S 90
#define ADD_TIMEOUT_S 90
#define DRMGR_TIMEOUT_S 120
/* iperf3 runs this long at most: it is stopped once the NIC is gone. */
#define IPERF_SECONDS 300
/* Seconds of load before the removal: the held socket's queue fills. */
#define LOAD_SECONDS 5
#define HELD_TIMEOUT_S 30
/* After the held socket is closed, the destroyed pools must drain: the
 * kernel retries the release every second. */
#define DRAIN_TIMEOUT_S 20
#define STREAM_BYTES (8ULL << 20)
#define STREAM_TIMEOUT_S 60
#define MAX_POOLS 64

static unsigned cycles_wanted = DEFAULT_CYCLES;

FIXTURE(pagepool) {
	struct kmsg_window kmsg;
	bool removed;		/* the NIC is out: teardown puts it back */
};

FIXTURE_SETUP(pagepool)
{
	if (!is_root())
		SKIP(return, "needs root");
	ASSERT_EQ(0, kmsg_window_open(&self->kmsg)) TH_LOG("%s", self->kmsg.err);
	ASSERT_EQ(0, cleanup_catch_signals());
}

static int add_back(char *why, size_t len);

FIXTURE_TEARDOWN(pagepool)
{
	char why[256];

	cleanup_run();
	if (self->removed && add_back(why, sizeof(why)))
		TH_LOG("putting the NIC back: %s", why);
	KMSG_EXPECT_CLEAN(_metadata, &self->kmsg);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The absolute path of TOOL on $PATH. */
static bool find_tool(const char *tool, char *path, size_t len)
{
	const char *env = getenv("PATH");
	char dirs[4096], *save, *dir;

	snprintf(dirs, sizeof(dirs), "%s", env ? env : "/usr/sbin:/usr/bin:/sbin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
		if (snprintf(path, len, "%s/%s", dir, tool) < (int)len && !access(path, X_OK))
			return true;
	return false;
}

/* drmgr -c pci on the operator's slot: -r removes, -a adds. */
static int drmgr_slot(const char *op, char *why, size_t len)
{
	char drmgr[PATH_MAX], out[2048], how[96];
	const char *const argv[] = { drmgr, "-c", "pci", op, "-s", getenv(SLOT_ENV), "-n", NULL };
	const struct proc_opts opts = {
		.timeout_ms = DRMGR_TIMEOUT_S * 1000, .buf = out, .buf_size = sizeof(out),
	};
	struct proc_result res;

	if (!find_tool("drmgr", drmgr, sizeof(drmgr))) {
		snprintf(why, len, "drmgr not found (powerpc-utils)");
		return -ENOENT;
	}
	if (!proc_run(argv, &opts, &res))
		return 0;
	out[strcspn(out, "\n")] = '\0';
	snprintf(why, len, "drmgr -c pci %s -s %s: %s: %s", op, getenv(SLOT_ENV),
		 proc_describe(&res, how, sizeof(how)), out);
	return -EIO;
}

/* DLPAR remove: the testbed asks the host to unplug the PHB (and waits
 * until QEMU let it go, i.e. the guest released it); POWER runs drmgr. */
static int dlpar_remove(char *why, size_t len)
{
	int ret;

	if (getenv(SLOT_ENV))
		return drmgr_slot("-r", why, len);
	ret = host_request("device_del", TB_PHB_ARG, REMOVE_TIMEOUT_S, NULL, 0);
	if (!ret)
		ret = host_request("wait-device-deleted", TB_PHB_ARG, REMOVE_TIMEOUT_S, NULL, 0);
	if (ret)
		snprintf(why, len, "%s", ppcst_last_error());
	return ret;
}

static int add_back(char *why, size_t len)
{
	int ret;

	if (getenv(SLOT_ENV))
		return drmgr_slot("-a", why, len);
	ret = host_request("device_add", TB_PHB, ADD_TIMEOUT_S, NULL, 0);
	if (!ret)
		ret = host_request("device_add", TB_NIC, ADD_TIMEOUT_S, NULL, 0);
	if (ret)
		snprintf(why, len, "%s", ppcst_last_error());
	return ret;
}

/* The NIC under test as it is now. */
struct nic {
	struct net_pair np;
	unsigned ifindex;
	char driver[64];
	char node[256];		/* its device-tree node */
	char phb[128];		/* the PHB node above it */
	enum dt_dma_class cls;
	uint32_t liobn;		/* of its default window, 0 if none */
};

/* The PHB node of device-tree path NODE ("/pci@800000020000001/..."). */
static void phb_of(const char *node, char *phb, size_t len)
{
	const char *e = strchr(node + 1, '/');

	snprintf(phb, len, "%.*s", e ? (int)(e - node) : (int)strlen(node), node);
}

/* Finds the NIC and its DMA set-up. 0; 1 not there (yet); -1 (WHY). */
static int nic_find(struct nic *n, char *why, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct pci_dev_info info;
	struct dt_state st;
	const struct dt_pci_dev *d;
	ssize_t l;

	memset(n, 0, sizeof(*n));
	if (net_pair_pick(&n->np, why, len))
		return 1;
	n->ifindex = if_nametoindex(n->np.dut);
	snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", n->np.dut);
	l = readlink(path, link, sizeof(link) - 1);
	if (l > 0) {
		link[l] = '\0';
		snprintf(n->driver, sizeof(n->driver), "%s", strrchr(link, '/') + 1);
	}
	if (!n->np.dut_pci[0] || pci_get(n->np.dut_pci, &info) || !info.devspec[0]) {
		snprintf(why, len, "%s is not a PCI device with a device-tree node", n->np.dut);
		return -1;
	}
	snprintf(n->node, sizeof(n->node), "%s", info.devspec);
	phb_of(n->node, n->phb, sizeof(n->phb));
	if (dt_scan(NULL, &st)) {
		snprintf(why, len, "%s", dt_last_error());
		dt_free(&st);
		return -1;
	}
	d = dt_find_dev(&st, n->node);
	if (d) {
		n->cls = dt_dev_class(&st, d);
		if (d->pe >= 0 && st.pes[d->pe].has_default)
			n->liobn = st.pes[d->pe].default_win.liobn;
	}
	dt_free(&st);
	return 0;
}

/* Polls for the NIC for up to TIMEOUT_S; seconds it took, or -1. */
static double nic_wait(struct nic *n, unsigned timeout_s, char *why, size_t len)
{
	double t0 = now_s();

	while (now_s() - t0 < timeout_s) {
		int ret = nic_find(n, why, len);

		/* The driver has probed once the interface has its driver link. */
		if (!ret && n->driver[0])
			return now_s() - t0;
		if (ret < 0)
			return -1;
		ppcst_sleep_ms(250);
	}
	snprintf(why, len, "no interface with the NIC's MAC within %u s", timeout_s);
	return -1;
}

/* The pools of IFINDEX into IDS; how many (or -errno). Prints them. */
static int pools_of(unsigned ifindex, uint64_t *ids, int max, uint64_t *inflight)
{
	static struct page_pool_info p[MAX_POOLS];
	int n = page_pools_list(p, MAX_POOLS), found = 0;

	*inflight = 0;
	for (int i = 0; i < n && i < MAX_POOLS; i++)
		if (p[i].ifindex == ifindex) {
			if (found < max)
				ids[found] = p[i].id;
			*inflight += p[i].inflight;
			found++;
		}
	return n < 0 ? n : found;
}

/* Of the pools IDS, how many still exist; their pages in flight. */
static int pools_left(const uint64_t *ids, int nr, uint64_t *inflight, uint64_t *detached)
{
	static struct page_pool_info p[MAX_POOLS];
	int n = page_pools_list(p, MAX_POOLS), left = 0;

	*inflight = 0;
	*detached = 0;
	for (int i = 0; i < n && i < MAX_POOLS; i++)
		for (int k = 0; k < nr; k++)
			if (p[i].id == ids[k]) {
				left++;
				*inflight += p[i].inflight;
				*detached += !!p[i].detach_time;
			}
	return n < 0 ? n : left;
}

static bool iface_gone(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	return access(path, F_OK) != 0;
}

static bool liobn_present(uint32_t liobn)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_IOMMU, liobn);
	if (!access(path, F_OK))
		return true;
	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_ROOT, liobn);
	return !access(path, F_OK);
}

/* The removal hangs: the blocked tasks' stacks (sysrq w) from the kernel
 * log into the test's output. */
static void show_blocked_tasks(void)
{
	char buf[1024];
	uint64_t seq;
	int fd = kmsg_open_cursor(&seq), shown = 0;

	if (fd < 0 || sysfs_write("/proc/sysrq-trigger", "w")) {
		ksft_print_msg("no blocked-task dump (/proc/sysrq-trigger): %s\n",
			       strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	ppcst_sleep_ms(2000);
	for (ssize_t n; shown < 200 && (n = read(fd, buf, sizeof(buf) - 1)) > 0; shown++) {
		char *text = strchr(buf, ';');

		buf[n] = '\0';
		text = text ? text + 1 : buf;
		text[strcspn(text, "\n")] = '\0';
		ksft_print_msg("kernel: %s\n", text);
	}
	close(fd);
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

struct run {
	bool need_xdp;
	int prog_fd;
	double remove_s, add_s, detect_s;
	unsigned done;
};

/* The NIC as it came up: wired, its page pool on, verified traffic. 0 ok,
 * 1 skip (WHY), -1 failed. */
static int nic_ready(struct __test_metadata *_metadata, struct run *r, struct nic *n,
		     int cycle, uint64_t *ids, int *nr_ids, char *why, size_t len)
{
	uint64_t inflight;
	int ret = nic_find(n, why, len);

	if (ret > 0 && cycle == 1)
		return 1;
	EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: the NIC: %s", cycle, why);
	if (ret)
		return -1;
	if (cycle == 1)
		ksft_print_msg("NIC %s (%s, driver %s) at %s, PHB %s: DMA through %s, LIOBN 0x%x\n",
			       n->np.dut, n->np.dut_pci, n->driver[0] ? n->driver : "-", n->node,
			       n->phb, dt_dma_class_name(n->cls), n->liobn);
	if (n->cls == DT_DMA_DDW_DIRECT) {
		snprintf(why, len, "%s maps through a direct DDW: its unmaps never reach TCE "
			 "management (boot with disable_ddw=1, as the pagepool profile does)",
			 n->np.dut);
		return cycle == 1 ? 1 : -1;
	}
	EXPECT_NE(DT_DMA_NONE, n->cls)
		TH_LOG("FAIL: cycle %d: %s has no DMA window after it was added back", cycle,
		       n->np.dut);
	if (n->cls == DT_DMA_NONE)
		return -1;
	ASSERT_EQ(0, net_pair_wire(&n->np)) TH_LOG("%s", ppcst_last_error());
	r->need_xdp = !strcmp(n->driver, "vmxnet3");
	if (r->need_xdp) {
		if (r->prog_fd < 0)
			r->prog_fd = xdp_pass_load();
		if (r->prog_fd < 0) {
			snprintf(why, len, "no XDP program for vmxnet3's page_pool: %s",
				 ppcst_last_error());
			return cycle == 1 ? 1 : -1;
		}
		ret = xdp_attach((int)n->ifindex, r->prog_fd);
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: XDP on %s: %s", cycle, n->np.dut,
					 ppcst_last_error());
		if (ret)
			return -1;
	}
	ret = pools_of(n->ifindex, ids, MAX_POOLS, &inflight);
	*nr_ids = ret > 0 ? (ret < MAX_POOLS ? ret : MAX_POOLS) : 0;
	if (ret > 0 && cycle == 1)
		ksft_print_msg("%s: %d page pool(s)%s, %llu pages handed out\n", n->np.dut, ret,
			       r->need_xdp ? " (XDP_PASS attached)" : "",
			       (unsigned long long)inflight);
	/* vmxnet3 (6.12) creates its pools without .netdev: page-pool-get never
	 * lists them. What shows they are in use: the driver accepted the XDP
	 * program, and with one attached its receive path takes every head
	 * buffer from the pool (vmxnet3_rq_init, vmxnet3_process_xdp). */
	if (ret <= 0 && r->need_xdp && cycle == 1)
		ksft_print_msg("%s: XDP_PASS attached, so vmxnet3 receives into its DMA-mapping "
			       "page_pool; the pool has no netdev, so page-pool-get does not list it "
			       "(no in-flight counts)%s%s\n", n->np.dut, ret < 0 ? ": " : "",
			       ret < 0 ? ppcst_last_error() : "");
	if (ret <= 0 && !r->need_xdp) {
		snprintf(why, len, "%s (driver %s) has no page_pool%s%s", n->np.dut, n->driver,
			 ret < 0 ? ": " : " (netdev page-pool-get lists none for it)",
			 ret < 0 ? ppcst_last_error() : "");
		return cycle == 1 ? 1 : -1;
	}
	return streams_ok(_metadata, cycle, "before the load") ? 0 : -1;
}

static bool one_cycle(struct __test_metadata *_metadata, FIXTURE_DATA(pagepool) *self,
		      struct run *r, int cycle, char *skip, size_t skiplen)
{
	uint64_t ids[MAX_POOLS], inflight, detached;
	struct kmsg_window win;
	struct kmsg_report rep;
	struct iperf3_load load;
	struct net_held_stream held;
	struct proc_result pres;
	struct nic n, back;
	char why[512], how[128];
	long long queued;
	double t0, t_rm;
	int nr_ids = 0, ret, left;

	skip[0] = '\0';
	ret = nic_ready(_metadata, r, &n, cycle, ids, &nr_ids, why, sizeof(why));
	if (ret > 0)
		snprintf(skip, skiplen, "%s", why);
	if (ret)
		return false;

	/* Load, and a socket that stops reading. */
	ASSERT_EQ(0, iperf3_load_start(&load, IPERF_SECONDS, NULL)) TH_LOG("%s", ppcst_last_error());
	ASSERT_EQ(0, net_held_stream_start(&held, HELD_TIMEOUT_S)) TH_LOG("%s", ppcst_last_error());
	ppcst_sleep_ms(LOAD_SECONDS * 1000);
	EXPECT_TRUE(proc_running(&load.client, &pres))
		TH_LOG("FAIL: cycle %d: iperf3 ended before the removal (see the log)", cycle);
	queued = net_held_stream_queued(&held);
	pools_left(ids, nr_ids, &inflight, &detached);
	ksft_print_msg("cycle %d: under load: %lld bytes waiting unread in the held socket",
		       cycle, queued);
	if (nr_ids)
		printf(", %llu page_pool pages handed out", (unsigned long long)inflight);
	printf("\n");

	/* The removal, with the pages out. */
	ASSERT_EQ(0, kmsg_window_open(&win)) TH_LOG("%s", win.err);
	{
		char up[64] = "";

		/* The kernel log's clock: bench/ measures detection against it. */
		sysfs_read("/proc/uptime", up, sizeof(up));
		ksft_print_msg("cycle %d: removal begins at uptime %.2f s\n", cycle, strtod(up, NULL));
	}
	t0 = now_s();
	self->removed = true;
	ret = dlpar_remove(why, sizeof(why));
	t_rm = now_s() - t0;
	if (ret) {
		TH_LOG("FAIL: cycle %d: the DLPAR removal did not finish in %d s: %s", cycle,
		       REMOVE_TIMEOUT_S, why);
		show_blocked_tasks();
		_metadata->exit_code = KSFT_FAIL;
		kmsg_window_close(&win);
		return false;
	}
	r->remove_s += t_rm;
	ksft_print_msg("cycle %d: removed in %.1f s\n", cycle, t_rm);
	left = nr_ids ? pools_left(ids, nr_ids, &inflight, &detached) : 0;
	if (nr_ids)
		ksft_print_msg("cycle %d: %d of its %d pool(s) outlive it (%llu destroyed by the "
			       "driver), %llu pages in flight\n", cycle, left, nr_ids,
			       (unsigned long long)detached, (unsigned long long)inflight);
	EXPECT_TRUE(iface_gone(n.np.dut)) TH_LOG("FAIL: cycle %d: %s still there", cycle, n.np.dut);
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s%s", DT_ROOT_DEFAULT, n.phb);
		EXPECT_NE(0, access(path, F_OK))
			TH_LOG("FAIL: cycle %d: %s (and its DMA window properties) still in the "
			       "device tree", cycle, n.phb);
	}
	if (n.liobn)
		EXPECT_FALSE(liobn_present(n.liobn))
			TH_LOG("FAIL: cycle %d: the TCE table of LIOBN 0x%x is still there", cycle,
			       n.liobn);

	/* Give the pages back: to a pool whose device and table are gone. */
	ret = net_held_stream_release(&held, HELD_TIMEOUT_S, how, sizeof(how));
	EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: the process closing the held socket %s "
				 "(freeing its page_pool pages)", cycle, how);
	iperf3_load_abort(&load);
	cleanup_run();
	/* The kernel retries releasing a destroyed pool every second. */
	ppcst_sleep_ms(2000);
	for (double w0 = now_s(); nr_ids && now_s() - w0 < DRAIN_TIMEOUT_S; ppcst_sleep_ms(500)) {
		left = pools_left(ids, nr_ids, &inflight, &detached);
		if (left <= 0)
			break;
	}
	EXPECT_TRUE(left <= 0)
		TH_LOG("FAIL: cycle %d: %d pool(s) still hold %llu pages %d s after every socket "
		       "was closed", cycle, left, (unsigned long long)inflight, DRAIN_TIMEOUT_S);
	ASSERT_EQ(0, kmsg_window_scan(&win, NULL, &rep)) TH_LOG("%s", win.err);
	if (rep.failing) {
		r->detect_s = now_s() - t0;
		TH_LOG("FAIL: cycle %d: %zu failing kernel log finding(s) %.1f s after the "
		       "removal began (listed at the end)", cycle, rep.failing, r->detect_s);
		_metadata->exit_code = KSFT_FAIL;
	}
	kmsg_report_free(&rep);
	kmsg_window_close(&win);
	if (_metadata->exit_code == KSFT_FAIL)
		return false;

	/* Back again. */
	t0 = now_s();
	ret = add_back(why, sizeof(why));
	EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: adding the NIC back: %s", cycle, why);
	if (ret)
		return false;
	self->removed = false;
	t_rm = nic_wait(&back, ADD_TIMEOUT_S, why, sizeof(why));
	EXPECT_LE(0, t_rm) TH_LOG("FAIL: cycle %d: after adding it back: %s", cycle, why);
	if (t_rm < 0)
		return false;
	r->add_s += now_s() - t0;
	ksft_print_msg("cycle %d: %s back as %s in %.1f s (DMA through %s, LIOBN 0x%x)\n", cycle,
		       back.np.dut_pci, back.np.dut, now_s() - t0, dt_dma_class_name(back.cls),
		       back.liobn);
	return true;
}

TEST_F_TIMEOUT(pagepool, cycles, CASE_TIMEOUT)
{
	static const char *const options[] = {
		"CONFIG_HOTPLUG_PCI_RPA_DLPAR", "CONFIG_PAGE_POOL", "CONFIG_BPF_SYSCALL",
	};
	struct run r = { .prog_fd = -1 };
	char skip[512], why[512];
	struct nic n;
	double t0;

	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (kconfig_enabled(options[i]) == 0)
			SKIP(return, "%s not set", options[i]);
	if (!getenv(SLOT_ENV) && !host_requests_available())
		SKIP(return, "set %s (the DRC name of the NIC's slot) with %s and %s: on a real "
		     "partition only the slot you name is removed", SLOT_ENV, NET_DEVICE_ENV,
		     NET_PEER_ENV);
	if (getenv(SLOT_ENV) && !getenv(NET_DEVICE_ENV))
		SKIP(return, "%s is set: name the NIC in it and its peer with %s and %s", SLOT_ENV,
		     NET_DEVICE_ENV, NET_PEER_ENV);
	ksft_print_msg("%u cycle(s) of: load, DLPAR remove with page_pool pages in flight, "
		       "release, add back\n", cycles_wanted);
	t0 = now_s();
	for (unsigned c = 1; c <= cycles_wanted; c++) {
		double tc = now_s();

		if (!one_cycle(_metadata, self, &r, (int)c, skip, sizeof(skip))) {
			if (skip[0] && c == 1) {
				cleanup_run();
				if (r.prog_fd >= 0)
					close(r.prog_fd);
				SKIP(return, "%s", skip);
			}
			break;
		}
		r.done = c;
		ksft_print_msg("cycle %u: %.1f s\n", c, now_s() - tc);
	}
	/* The last one added back: a window and verified traffic again. */
	if (r.done == cycles_wanted) {
		uint64_t ids[MAX_POOLS];
		int nr;

		if (!nic_ready(_metadata, &r, &n, (int)r.done + 1, ids, &nr, why, sizeof(why)))
			ksft_print_msg("after the last cycle: %s carries verified traffic again\n",
				       n.np.dut);
		else
			r.done--;
	}
	if (r.done)
		ksft_print_msg("%u of %u cycle(s) passed: %.1f s each (removal %.1f s, addition "
			       "%.1f s), %.2f cycles/min\n", r.done, cycles_wanted,
			       (now_s() - t0) / r.done, r.remove_s / r.done, r.add_s / r.done,
			       r.done * 60 / (now_s() - t0));
	if (r.detect_s > 0)
		ksft_print_msg("detected %.1f s after the removal began\n", r.detect_s);
	if (r.prog_fd >= 0)
		close(r.prog_fd);
	EXPECT_EQ(cycles_wanted, r.done);
}

int main(int argc, char **argv)
{
	char why[256];

	/* --cycles N is ours; the rest goes to the harness. */
	if (args_take_cycles(&argc, argv, CYCLES_ENV, MAX_CYCLES, &cycles_wanted, why,
			     sizeof(why))) {
		fprintf(stderr, "pagepool_dlpar: %s\n", why);
		return 2;
	}
	if (getenv(SLOT_ENV) && (!*getenv(SLOT_ENV) || strchr(getenv(SLOT_ENV), '/'))) {
		fprintf(stderr, "pagepool_dlpar: %s='%s': want a DRC name (drmgr -c pci -s)\n",
			SLOT_ENV, getenv(SLOT_ENV));
		return 2;
	}
	if (net_pair_check_env(why, sizeof(why))) {
		fprintf(stderr, "pagepool_dlpar: %s\n", why);
		return 2;
	}
	return test_harness_run(argc, argv);
}
