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
 *            traffic, a map load through the borrowed device's DDW -> DDW
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
 * ibm,lrdr-capacity to the RAM size before the borrowed device makes its DDW,
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

#include "args.h"
#include "cleanup.h"
#include "disk_io.h"
#include "dt.h"
#include "kmsg.h"
#include "map_bench.h"
#include "net_pair.h"
#include "numa_util.h"
#include "pmem.h"
#include "proc.h"
#include "sysfs.h"
#include "testbed.h"

#include "host_request.h"

/* Above settings' timeout.pmem_hotplug, so run_all.sh's SIGTERM (and the
 * cleanups: memory offlined, the namespace back) come before SIGKILL. */
#define CASE_TIMEOUT 930
#define DEFAULT_CYCLES 3
#define MAX_CYCLES 1000
#define TOOL_TIMEOUT_S 120
/* Verified I/O per cycle: our own pass and fio's. */
#define OWN_IO_BYTES (16ULL << 20)
#define FIO_BYTES (32ULL << 20)
#define FIO_TIMEOUT_S 240
#define NET_STREAM_BYTES (8ULL << 20)
#define NET_STREAM_TIMEOUT_S 60

#define REGION_ENV "PPCST_PMEM_REGION"
#define NAMESPACE_ENV "PPCST_PMEM_NAMESPACE"
#define DESTROY_ENV "PPCST_PMEM_DESTROY"
#define CYCLES_ENV "PPCST_PMEM_CYCLES"

static unsigned cycles_wanted = DEFAULT_CYCLES;

FIXTURE(pmem) {
	struct kmsg_window kmsg;
};

FIXTURE_SETUP(pmem)
{
	if (!is_root())
		SKIP(return, "needs root");
	ASSERT_EQ(0, kmsg_window_open(&self->kmsg)) TH_LOG("%s", self->kmsg.err);
	ASSERT_EQ(0, cleanup_catch_signals());
}

FIXTURE_TEARDOWN(pmem)
{
	cleanup_run();
	KMSG_EXPECT_CLEAN(_metadata, &self->kmsg);
}

static double now_s(void)
{
	return ppcst_now_ms() / 1e3;
}

static double uptime_s(void)
{
	char buf[64];

	return sysfs_read("/proc/uptime", buf, sizeof(buf)) ? -1 : strtod(buf, NULL);
}

static char ndctl[PATH_MAX], daxctl[PATH_MAX];

/* Runs a tool, output (stdout and stderr) into OUT. 0 ok, 1 failed, -1 not run;
 * WHY gets how it ended and its last non-JSON line. */
static int tool(const char *const argv[], char *out, size_t len, char *why, size_t whylen)
{
	const struct proc_opts opts = {
		.timeout_ms = TOOL_TIMEOUT_S * 1000, .buf = out, .buf_size = len,
	};
	struct proc_result res;
	char how[96], last[256] = "";
	int ret = proc_run(argv, &opts, &res);

	/* The tools' own words: the first line saying what failed, else the
	 * last line that is no JSON. */
	for (char *l = out, *e; l && *l; l = e ? e + 1 : NULL) {
		int n;

		e = strchr(l, '\n');
		n = e ? (int)(e - l) : (int)strlen(l);
		if (!n || memchr(l, '{', (size_t)n) || memchr(l, '"', (size_t)n) ||
		    memchr(l, '[', (size_t)n) || memchr(l, ']', (size_t)n) ||
		    memchr(l, '}', (size_t)n))
			continue;
		if (ret && (memmem(l, (size_t)n, "failed", 6) || memmem(l, (size_t)n, "error", 5))) {
			snprintf(last, sizeof(last), "%.*s", n, l);
			break;
		}
		snprintf(last, sizeof(last), "%.*s", n, l);
	}
	snprintf(why, whylen, "%s %s: %s%s%s", argv[0], argv[1], proc_describe(&res, how, sizeof(how)),
		 last[0] ? ": " : "", last);
	return ret;
}

/* What the test works on. */
struct target {
	char region[PMEM_NAME_MAX];
	struct pmem_ns ns;		/* the namespace used (reuse) */
	bool create;			/* create and destroy one each cycle */
	char restore_mode[16];		/* operator's namespace: mode to put back */
};

static int list_regions(struct pmem_region *r, int max, char *why, size_t whylen)
{
	static char out[65536];
	const char *const argv[] = { ndctl, "list", "-RNi", NULL };
	int n;

	if (tool(argv, out, sizeof(out), why, whylen))
		return -1;
	n = pmem_parse_regions(out, r, max);
	if (n < 0)
		snprintf(why, whylen, "ndctl list -RNi: %s", ppcst_last_error());
	return n;
}

static const struct pmem_ns *find_ns(const struct pmem_region *r, int nr, const char *dev,
				     const struct pmem_region **in)
{
	for (int i = 0; i < nr; i++)
		for (int k = 0; k < r[i].nr_ns; k++)
			if (!strcmp(r[i].ns[k].dev, dev)) {
				*in = &r[i];
				return &r[i].ns[k];
			}
	return NULL;
}

/*
 * Choose the target. 0 ok; 1 skip (reason in WHY); -1 fail (WHY).
 * FLUSH_OK: the kernel can write namespace info blocks on this CPU.
 */
static int pick_target(struct target *t, int flush_ok, char *why, size_t whylen)
{
	static struct pmem_region r[16];
	const char *want_ns = getenv(NAMESPACE_ENV), *want_region = getenv(REGION_ENV);
	const char *destroy = getenv(DESTROY_ENV);
	const struct pmem_region *in = NULL;
	const struct pmem_ns *ns;
	int nr = list_regions(r, 16, why, whylen);

	memset(t, 0, sizeof(*t));
	if (nr < 0)
		return -1;
	if (!nr) {
		snprintf(why, whylen, "no pmem region (ndctl list -R is empty: CONFIG_PAPR_SCM, "
			 "or no ibm,pmemory for this partition)");
		return 1;
	}
	if (!want_ns && !want_region && !testbed_guest()) {
		snprintf(why, whylen, "set %s=regionN or %s=namespaceX.Y: on a real partition "
			 "only what you name is touched", REGION_ENV, NAMESPACE_ENV);
		return 1;
	}
	if (want_ns) {
		ns = find_ns(r, nr, want_ns, &in);
		if (!ns) {
			snprintf(why, whylen, "%s=%s: no such namespace", NAMESPACE_ENV, want_ns);
			return -1;
		}
		snprintf(t->region, sizeof(t->region), "%s", in->dev);
		t->ns = *ns;
		if (!strcmp(ns->mode, "devdax"))
			return 0;
		if (!destroy || strcmp(destroy, "1")) {
			snprintf(why, whylen, "%s is %s and may hold data: set %s=1 to let "
				 "pmem_hotplug reconfigure it to devdax (its data is lost)",
				 ns->dev, ns->mode, DESTROY_ENV);
			return 1;
		}
		snprintf(t->restore_mode, sizeof(t->restore_mode), "%s", ns->mode);
		return 0;
	}
	/* A region: the named one, or (testbed) each in turn. */
	for (int i = 0; i < nr; i++) {
		if (want_region && strcmp(want_region, r[i].dev))
			continue;
		if (strcmp(r[i].type, "pmem"))
			continue;
		snprintf(t->region, sizeof(t->region), "%s", r[i].dev);
		for (int k = 0; k < r[i].nr_ns; k++)
			if (!strcmp(r[i].ns[k].mode, "devdax") && r[i].ns[k].chardev[0]) {
				t->ns = r[i].ns[k];
				return 0;
			}
		if (r[i].available && flush_ok) {
			t->create = true;
			return 0;
		}
	}
	if (want_region && !t->region[0]) {
		snprintf(why, whylen, "%s=%s: no such pmem region", REGION_ENV, want_region);
		return -1;
	}
	snprintf(why, whylen, "%s", flush_ok ?
		 "no devdax namespace and no free space in any pmem region" :
		 "platform fault: the CPU rejects dcbstps, so the kernel would oops writing a "
		 "namespace info block, and no devdax namespace exists (the testbed's comes "
		 "from vm/pmem-image.sh)");
	return 1;
}

static uint64_t mem_total_kb(void)
{
	char buf[8192], *p;

	if (sysfs_read("/proc/meminfo", buf, sizeof(buf)))
		return 0;
	p = strstr(buf, "MemTotal:");
	return p ? strtoull(p + 9, NULL, 10) : 0;
}

/* The DDWs of every PE, to compare across a cycle. */
struct ddw_props {
	int nr;
	struct {
		char path[256];
		bool direct, dynamic;
		struct dt_ddw_window d, y;
	} pe[32];
};

static int read_ddws(struct ddw_props *p)
{
	struct dt_state st;

	memset(p, 0, sizeof(*p));
	if (dt_scan(NULL, &st)) {
		dt_free(&st);
		return ppcst_fail(-EIO, "%s", dt_last_error());
	}
	for (int i = 0; i < st.nr_pes && p->nr < 32; i++) {
		if (!st.pes[i].has_direct64 && !st.pes[i].has_dma64)
			continue;
		snprintf(p->pe[p->nr].path, sizeof(p->pe[p->nr].path), "%s", st.pes[i].path);
		p->pe[p->nr].direct = st.pes[i].has_direct64;
		p->pe[p->nr].dynamic = st.pes[i].has_dma64;
		p->pe[p->nr].d = st.pes[i].direct64;
		p->pe[p->nr].y = st.pes[i].dma64;
		p->nr++;
	}
	dt_free(&st);
	return 0;
}

static void print_ddws(const struct ddw_props *p, uint64_t pmem_start)
{
	for (int i = 0; i < p->nr; i++) {
		const struct dt_ddw_window *w = p->pe[i].direct ? &p->pe[i].d : &p->pe[i].y;
		bool reaches = w->window_shift >= 64 ||
			       pmem_start < (1ULL << w->window_shift);

		ksft_print_msg("DDW %s: %s, LIOBN 0x%x, 2^%u bytes, 2^%u-byte TCEs%s\n",
			       p->pe[i].path, p->pe[i].direct ? "direct" : "dynamic", w->liobn,
			       w->window_shift, w->tce_shift,
			       p->pe[i].direct && !reaches ?
			       ": ends below the pmem, which must not be pre-mapped in it" : "");
	}
}

static bool same_ddws(const struct ddw_props *a, const struct ddw_props *b, char *why, size_t len)
{
	if (a->nr != b->nr) {
		snprintf(why, len, "%d PE(s) with a DDW before, %d now", a->nr, b->nr);
		return false;
	}
	for (int i = 0; i < a->nr; i++)
		if (strcmp(a->pe[i].path, b->pe[i].path) || a->pe[i].direct != b->pe[i].direct ||
		    a->pe[i].dynamic != b->pe[i].dynamic ||
		    memcmp(&a->pe[i].d, &b->pe[i].d, sizeof(a->pe[i].d)) ||
		    memcmp(&a->pe[i].y, &b->pe[i].y, sizeof(a->pe[i].y))) {
			snprintf(why, len, "the DDW of %s changed", a->pe[i].path);
			return false;
		}
	return true;
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
		sysfs_read(path, zones, sizeof(zones));
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

/* Our own verified O_DIRECT pass: write a pattern from a buffer on NODE,
 * read it back into another one on NODE, compare. 0, 1 (differs: WHY), -1. */
static int own_io(const char *dev, int node, unsigned seed, char *why, size_t len)
{
	size_t pages = OWN_IO_BYTES / (size_t)sysconf(_SC_PAGESIZE);
	uint64_t *out = numa_buf_alloc(OWN_IO_BYTES, node);
	uint64_t *in = numa_buf_alloc(OWN_IO_BYTES, node);
	long on_out, on_in;
	int fd = -1, ret = -1;

	if (!out || !in) {
		snprintf(why, len, "cannot place %llu bytes on node %d: %s", OWN_IO_BYTES, node,
			 strerror(errno));
		goto out;
	}
	on_out = numa_pages_on_node(out, OWN_IO_BYTES, node);
	on_in = numa_pages_on_node(in, OWN_IO_BYTES, node);
	if (on_out != (long)pages || on_in != (long)pages) {
		snprintf(why, len, "buffers not on node %d: %ld and %ld of %zu pages", node, on_out,
			 on_in, pages);
		goto out;
	}
	for (size_t i = 0; i < OWN_IO_BYTES / 8; i++)
		out[i] = (uint64_t)seed << 40 ^ i * 0x9e3779b97f4a7c15ULL;
	memset(in, 0, OWN_IO_BYTES);
	fd = open(dev, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, out, OWN_IO_BYTES, 0) != (ssize_t)OWN_IO_BYTES || fsync(fd) ||
	    pread(fd, in, OWN_IO_BYTES, 0) != (ssize_t)OWN_IO_BYTES) {
		snprintf(why, len, "%s: O_DIRECT I/O failed: %s", dev, strerror(errno));
		ret = 1;
		goto out;
	}
	ret = 0;
	for (size_t i = 0; i < OWN_IO_BYTES / 8; i++)
		if (in[i] != out[i]) {
			snprintf(why, len, "%s: byte %zu read back differs from what was written",
				 dev, i * 8);
			ret = 1;
			break;
		}
out:
	if (fd >= 0)
		close(fd);
	if (out)
		numa_buf_free(out, OWN_IO_BYTES);
	if (in)
		numa_buf_free(in, OWN_IO_BYTES);
	return ret;
}

struct judge_ctx {
	struct __test_metadata *metadata;
	int cycle;
};

static void judge_tce(const struct tce_table_usage *before, const struct tce_table_usage *after,
		      void *ctx)
{
	struct judge_ctx *c = ctx;
	struct __test_metadata *_metadata = c->metadata;

	if (!after || !before) {
		TH_LOG("cycle %d: LIOBN 0x%llx %s", c->cycle,
		       (unsigned long long)(before ? before->liobn : after->liobn),
		       before ? "is gone" : "appeared");
		return;
	}
	EXPECT_EQ(before->weight, after->weight)
		TH_LOG("FAIL: cycle %d: LIOBN 0x%llx has %llu TCEs in use, %llu before the cycle",
		       c->cycle, (unsigned long long)after->liobn,
		       (unsigned long long)after->weight, (unsigned long long)before->weight);
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
	struct target t;
	char disk[64];
	bool have_disk, have_net, have_dev;
	struct net_pair np;
	char dev[32];			/* borrowed for dma_map_benchmark */
	uint64_t mem_kb, bs;
	struct tce_snapshot tce;
	struct ddw_props ddw;
};

/* One cycle; false after a failure (the caller stops). */
static bool one_cycle(struct __test_metadata *_metadata, struct run *r, int cycle)
{
	static char out[65536];
	char why[512], summary[512], ns_dev[PMEM_NAME_MAX], chardev[PMEM_NAME_MAX];
	struct pmem_dax d;
	struct ddw_props now;
	struct tce_snapshot tce;
	struct judge_ctx jc = { _metadata, cycle };
	double t0 = now_s();
	int h_ns = -1, h_dax, online, node, ret, first, last;
	uint64_t kb;

	snprintf(ns_dev, sizeof(ns_dev), "%s", r->t.ns.dev);
	snprintf(chardev, sizeof(chardev), "%s", r->t.ns.chardev);
	if (r->t.create) {
		const char *const argv[] = { ndctl, "create-namespace", "-m", "devdax", "-r",
					     r->t.region, NULL };
		struct pmem_ns ns;

		ret = tool(argv, out, sizeof(out), why, sizeof(why));
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: %s", cycle, why);
		if (ret)
			return false;
		EXPECT_EQ(0, pmem_parse_namespace(out, &ns)) TH_LOG("%s", ppcst_last_error());
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
		ret = tool(argv, out, sizeof(out), why, sizeof(why));
	}
	if (ret) {
		TH_LOG("FAIL: cycle %d: %s", cycle, why);
		TH_LOG("FAIL: cycle %d: onlining %s failed at uptime %.1f s: a memory notifier "
		       "refused it (the DDW notifier's TCE pre-mapping fails with H_PARAMETER "
		       "for memory beyond a direct window, and the kernel logs nothing)",
		       cycle, chardev, uptime_s());
		_metadata->exit_code = KSFT_FAIL;
		return false;
	}
	EXPECT_EQ(0, pmem_parse_dax(out, chardev, &d)) TH_LOG("%s", ppcst_last_error());
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

		ASSERT_EQ(0, tool(argv, out, sizeof(out), why, sizeof(why))) TH_LOG("%s", why);
	}
	ASSERT_EQ(0, pmem_parse_dax(out, chardev, &d)) TH_LOG("%s", ppcst_last_error());
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

		ret = own_io(r->disk, node, (unsigned)cycle, why, sizeof(why));
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: verified I/O into node %d: %s", cycle,
					 node, why);
		snprintf(policy, sizeof(policy), "bind:%d", node);
		ret = fio_verify(&job, summary, sizeof(summary));
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: fio (buffers bound to node %d): %s",
					 cycle, node, ppcst_last_error());
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

		EXPECT_EQ(0, map_bench_run(64, 1, 1, &mb))
			TH_LOG("FAIL: cycle %d: map load through %s's DDW: %s", cycle, r->dev,
			       ppcst_last_error());
	}
	ASSERT_EQ(0, read_ddws(&now)) TH_LOG("%s", ppcst_last_error());
	EXPECT_TRUE(same_ddws(&r->ddw, &now, why, sizeof(why)))
		TH_LOG("FAIL: cycle %d: with %s online: %s", cycle, chardev, why);

	/* Take it away again. */
	{
		const char *const argv[] = { daxctl, "reconfigure-device", "--mode=devdax", "-f",
					     chardev, NULL };

		ret = tool(argv, out, sizeof(out), why, sizeof(why));
	}
	EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: offlining: %s", cycle, why);
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

		ret = tool(argv, out, sizeof(out), why, sizeof(why));
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: %s", cycle, why);
		if (!ret)
			cleanup_drop(h_ns);
	} else {
		/* The namespace itself goes away and comes back (no write). */
		const char *const off[] = { ndctl, "disable-namespace", ns_dev, NULL };
		const char *const on[] = { ndctl, "enable-namespace", ns_dev, NULL };

		ret = tool(off, out, sizeof(out), why, sizeof(why));
		if (!ret)
			ret = tool(on, out, sizeof(out), why, sizeof(why));
		EXPECT_EQ(0, ret) TH_LOG("FAIL: cycle %d: %s", cycle, why);
	}
	ASSERT_EQ(0, tce_snapshot_take(tce_tables_dir(), &tce)) TH_LOG("%s", ppcst_last_error());
	tce_snapshot_diff(&r->tce, &tce, judge_tce, &jc);
	tce_snapshot_free(&tce);
	ksft_print_msg("cycle %d: %.1f s\n", cycle, now_s() - t0);
	return _metadata->exit_code != KSFT_FAIL;
}

/* Testbed: PowerVM's layout, then a direct DDW that ends below the pmem. */
static void powervm_layout(struct __test_metadata *_metadata)
{
	struct dt_state st;
	uint64_t ram_end = 0, old;

	ASSERT_EQ(0, dt_scan(NULL, &st)) {
		TH_LOG("%s", dt_last_error());
		dt_free(&st);
	}
	for (int i = 0; i < st.nr_mem; i++)
		if (st.mem[i].base + st.mem[i].size > ram_end)
			ram_end = st.mem[i].base + st.mem[i].size;
	old = st.has_lrdr ? st.lrdr.max_addr : 0;
	dt_free(&st);
	if (!ram_end || old == ram_end)
		return;
	ASSERT_EQ(0, pmem_set_lrdr_max(ram_end, &old)) TH_LOG("%s", ppcst_last_error());
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
	struct run *r = calloc(1, sizeof(*r));
	char why[512], pci[32];
	int flush_ok, ret;
	double t0;
	unsigned done = 0;

	ASSERT_NE(NULL, r);
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (kconfig_enabled(options[i]) <= 0) {
			free(r);
			SKIP(return, "%s not set", options[i]);
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
	ret = pick_target(&r->t, flush_ok != 0, why, sizeof(why));
	if (ret) {
		free(r);
		if (ret > 0)
			SKIP(return, "%s", why);
		ASSERT_EQ(0, ret) TH_LOG("%s", why);
	}
	if (r->t.restore_mode[0]) {
		const char *const to[] = { ndctl, "create-namespace", "-f", "-e", r->t.ns.dev,
					   "-m", "devdax", NULL };
		const char *const back[] = { ndctl, "create-namespace", "-f", "-e", r->t.ns.dev,
					     "-m", r->t.restore_mode, NULL };
		static char out[16384];

		cleanup_push_exec(TOOL_TIMEOUT_S, back);
		ASSERT_EQ(0, tool(to, out, sizeof(out), why, sizeof(why))) TH_LOG("%s", why);
		ASSERT_EQ(0, pmem_parse_namespace(out, &r->t.ns)) TH_LOG("%s", ppcst_last_error());
	}
	ksft_print_msg("%s: %s, %u cycle(s)\n", r->t.region,
		       r->t.create ? "a devdax namespace created and destroyed each cycle" :
		       r->t.ns.dev, cycles_wanted);

	if (testbed_guest())
		powervm_layout(_metadata);
	/* A direct DDW made now, after the layout is in place. */
	if (access(SYSFS_PCI_DRIVERS "/" MAP_BENCH_DRIVER, F_OK) == 0 &&
	    !map_bench_pick(r->dev, sizeof(r->dev), why, sizeof(why))) {
		struct map_bench_result mb;

		ASSERT_EQ(0, map_bench_borrow(r->dev)) TH_LOG("%s", ppcst_last_error());
		ASSERT_EQ(0, map_bench_run(64, 1, 1, &mb)) TH_LOG("%s", ppcst_last_error());
		r->have_dev = true;
		ksft_print_msg("borrowed %s for %s: 64-bit DMA, a DDW\n", r->dev, MAP_BENCH_DRIVER);
	}
	r->have_disk = !scratch_disk_pick(r->disk, sizeof(r->disk), pci, sizeof(pci), why,
					  sizeof(why));
	if (!r->have_disk)
		ksft_print_msg("no verified disk I/O: %s\n", why);
	if (!net_pair_pick(&r->np, why, sizeof(why))) {
		ASSERT_EQ(0, net_pair_wire(&r->np)) TH_LOG("%s", ppcst_last_error());
		r->have_net = true;
	} else {
		ksft_print_msg("no network traffic: %s\n", why);
	}

	ASSERT_EQ(0, memblock_size(&r->bs)) TH_LOG("%s", ppcst_last_error());
	ASSERT_EQ(0, read_ddws(&r->ddw)) TH_LOG("%s", ppcst_last_error());
	{
		/* Where the pmem starts, for the DDW report: the dax mapping. */
		static char out[16384];
		const char *const argv[] = { daxctl, "list", "-M", NULL };
		struct pmem_dax d = { 0 };

		if (!tool(argv, out, sizeof(out), why, sizeof(why)))
			pmem_parse_dax(out, r->t.ns.chardev[0] ? r->t.ns.chardev : NULL, &d);
		print_ddws(&r->ddw, d.start);
	}
	ASSERT_EQ(0, tce_snapshot_take(tce_tables_dir(), &r->tce)) TH_LOG("%s", ppcst_last_error());
	r->mem_kb = mem_total_kb();

	t0 = now_s();
	for (unsigned c = 1; c <= cycles_wanted; c++) {
		if (!one_cycle(_metadata, r, (int)c))
			break;
		done = c;
	}
	if (done)
		ksft_print_msg("%u of %u cycle(s) passed, %.1f s each, %.1f cycles/min\n", done,
			       cycles_wanted, (now_s() - t0) / done, done * 60 / (now_s() - t0));
	EXPECT_EQ(cycles_wanted, done);
	tce_snapshot_free(&r->tce);
	free(r);
}

/* The DIMM pc_dimm plugs in: ids no profile uses, one memory block's worth
 * of the spapr LMB size. */
#define DIMM_MEM_ID "ppcst-dimmmem"
#define DIMM_ID "ppcst-dimm"
#define DIMM_BYTES (256ULL << 20)
#define DIMM_TIMEOUT_S 90

/* Waits until MemTotal is at WANT_KB (up: >=, down: <=) or TIMEOUT_S passed. */
static bool wait_mem_total(uint64_t want_kb, bool up, unsigned timeout_s)
{
	for (unsigned s = 0; s <= timeout_s; s++) {
		uint64_t kb = mem_total_kb();

		if (up ? kb >= want_kb : kb <= want_kb)
			return true;
		sleep(1);
	}
	return false;
}

TEST_F_TIMEOUT(pmem, pc_dimm, CASE_TIMEOUT)
{
	char args[256];
	struct ddw_props before, after;
	uint64_t total_kb = mem_total_kb();
	char why[512];

	if (!host_requests_available())
		SKIP(return, "QEMU testbed only: the host plugs the DIMM in through QMP "
		     "(on PowerVM: drmgr -c mem, not done by this test)");
	ASSERT_EQ(0, read_ddws(&before)) TH_LOG("%s", ppcst_last_error());
	print_ddws(&before, 0);
	snprintf(args, sizeof(args), "{\"qom-type\": \"memory-backend-ram\", \"id\": \"%s\", "
		 "\"size\": %llu}", DIMM_MEM_ID, DIMM_BYTES);
	ASSERT_EQ(0, host_request("object-add", args, DIMM_TIMEOUT_S, NULL, 0))
		TH_LOG("object-add: %s", ppcst_last_error());
	snprintf(args, sizeof(args), "{\"driver\": \"pc-dimm\", \"id\": \"%s\", "
		 "\"memdev\": \"%s\"}", DIMM_ID, DIMM_MEM_ID);
	ASSERT_EQ(0, host_request("device_add", args, DIMM_TIMEOUT_S, NULL, 0))
		TH_LOG("device_add: %s", ppcst_last_error());
	/* rtas_errd and drmgr add the LMBs; the DDW notifier maps them into
	 * every direct window as they go online. */
	EXPECT_TRUE(wait_mem_total(total_kb + DIMM_BYTES / 1024, true, DIMM_TIMEOUT_S))
		TH_LOG("FAIL: MemTotal %llu kB, not %llu kB, %d s after the DIMM came: onlining "
		       "failed (a DDW notifier refusing it says nothing in the log)",
		       (unsigned long long)mem_total_kb(),
		       (unsigned long long)(total_kb + DIMM_BYTES / 1024), DIMM_TIMEOUT_S);
	ksft_print_msg("DIMM in: MemTotal %llu -> %llu kB\n", (unsigned long long)total_kb,
		       (unsigned long long)mem_total_kb());
	ASSERT_EQ(0, read_ddws(&after)) TH_LOG("%s", ppcst_last_error());
	EXPECT_TRUE(same_ddws(&before, &after, why, sizeof(why))) TH_LOG("FAIL: %s", why);
	snprintf(args, sizeof(args), "{\"id\": \"%s\"}", DIMM_ID);
	ASSERT_EQ(0, host_request("device_del", args, DIMM_TIMEOUT_S, NULL, 0))
		TH_LOG("device_del: %s", ppcst_last_error());
	EXPECT_EQ(0, host_request("wait-device-deleted", args, DIMM_TIMEOUT_S, NULL, 0))
		TH_LOG("FAIL: the DIMM did not go away (offlining its memory failed?): %s",
		       ppcst_last_error());
	EXPECT_TRUE(wait_mem_total(total_kb, false, DIMM_TIMEOUT_S))
		TH_LOG("FAIL: MemTotal %llu kB after the unplug, was %llu kB",
		       (unsigned long long)mem_total_kb(), (unsigned long long)total_kb);
	snprintf(args, sizeof(args), "{\"id\": \"%s\"}", DIMM_MEM_ID);
	EXPECT_EQ(0, host_request("object-del", args, DIMM_TIMEOUT_S, NULL, 0))
		TH_LOG("object-del: %s", ppcst_last_error());
}

int main(int argc, char **argv)
{
	char why[256];

	/* --cycles N is ours; the rest goes to the harness. */
	if (args_take_cycles(&argc, argv, CYCLES_ENV, MAX_CYCLES, &cycles_wanted, why,
			     sizeof(why))) {
		fprintf(stderr, "pmem_hotplug: %s\n", why);
		return 2;
	}
	if (getenv(DESTROY_ENV) && strcmp(getenv(DESTROY_ENV), "1") &&
	    strcmp(getenv(DESTROY_ENV), "0")) {
		fprintf(stderr, "pmem_hotplug: %s must be 0 or 1\n", DESTROY_ENV);
		return 2;
	}
	if (getenv(REGION_ENV) && strncmp(getenv(REGION_ENV), "region", 6)) {
		fprintf(stderr, "pmem_hotplug: %s=%s: want regionN\n", REGION_ENV,
			getenv(REGION_ENV));
		return 2;
	}
	if (getenv(NAMESPACE_ENV) && strncmp(getenv(NAMESPACE_ENV), "namespace", 9)) {
		fprintf(stderr, "pmem_hotplug: %s=%s: want namespaceX.Y\n", NAMESPACE_ENV,
			getenv(NAMESPACE_ENV));
		return 2;
	}
	if (map_bench_check_env(why, sizeof(why)) || scratch_disk_check_env(why, sizeof(why)) ||
	    net_pair_check_env(why, sizeof(why))) {
		fprintf(stderr, "pmem_hotplug: %s\n", why);
		return 2;
	}
	return test_harness_run(argc, argv);
}
