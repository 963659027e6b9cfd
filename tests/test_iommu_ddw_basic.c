// SPDX-License-Identifier: GPL-2.0
/*
 * The rules iommu_ddw_basic checks (lib/dma/ddw_check.h), on partition states
 * recorded in the QEMU testbed (tests/data/ddw_basic/README.md): each rule
 * holds on the healthy default profile and fails on the no-maxmem boot, where
 * the 6.12 kernel asks for a direct window of 2^0 bytes, gets -3 and still
 * reports direct mapping; the rules no recording breaks fail on the healthy
 * state with one field changed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "dma/ddw_check.h"
#include "dma/ddw_state.h"
#include "dma/dt.h"
#include "dma/tce.h"
#include "support/fdt_dir.h"

/* The testbed's first virtio 9p share, on PHB 0 (BUID 0x800000020000000): the
 * first device there to ask for 64 bits, so its enable_ddw() creates the DDW. */
#define ROOT_DEV "0000:00:00.0"
#define PHB0 "/pci@800000020000000"

/* The recording's tree unpacked, its kernel log parsed. */
struct recording {
	char dir[PATH_MAX];
	struct dt_state st;
	struct ddw_log log;
};

static void load(struct __test_metadata *_metadata, struct recording *r, const char *name)
{
	char path[PATH_MAX], file[64];
	char *text;

	snprintf(file, sizeof(file), "ddw_basic/%s.dtb", name);
	ASSERT_EQ(0, test_data_path(file, path, sizeof(path)));
	ASSERT_EQ(0, fdt_to_dir(path, r->dir, sizeof(r->dir)));
	ASSERT_OK_MSG(dt_scan(r->dir, &r->st), "%s", name);
	snprintf(file, sizeof(file), "ddw_basic/%s.dmesg", name);
	ASSERT_EQ(0, test_data_path(file, path, sizeof(path)));
	text = test_read_text(path);
	ASSERT_NE(NULL, text) TH_LOG("cannot read %s", path);
	ASSERT_EQ(0, ddw_log_parse(text, &r->log));
	free(text);
}

static void unload(struct recording *r)
{
	ddw_log_free(&r->log);
	dt_free(&r->st);
	if (r->dir[0])
		fdt_dir_remove(r->dir);
}

static const struct ddw_attempt *attempt_of(const struct ddw_log *log, const char *dev)
{
	for (int i = 0; i < log->nr; i++)
		if (!strcmp(log->a[i].dev, dev))
			return &log->a[i];
	return NULL;
}

/* What ddw_check_partition() reported, one string. */
struct lines {
	char text[8192];
	int n;
};

static void collect(const char *line, void *ctx)
{
	struct lines *l = ctx;
	size_t used = strlen(l->text);

	snprintf(l->text + used, sizeof(l->text) - used, "%s\n", line);
	l->n++;
}

FIXTURE(nomaxmem) {
	struct recording r;
	const struct ddw_attempt *a;	/* the root device's first enable_ddw() */
	const struct dt_pe *pe;		/* its PE */
};

FIXTURE_SETUP(nomaxmem)
{
	load(_metadata, &self->r, "no-maxmem");
	self->a = attempt_of(&self->r.log, ROOT_DEV);
	ASSERT_NE(NULL, self->a) TH_LOG("no enable_ddw() of " ROOT_DEV " in the log");
	ASSERT_NE(NULL, dt_find_phb(&self->r.st, PHB0));
	ASSERT_LE(0, dt_find_phb(&self->r.st, PHB0)->pe);
	self->pe = &self->r.st.pes[dt_find_phb(&self->r.st, PHB0)->pe];
}

FIXTURE_TEARDOWN(nomaxmem)
{
	unload(&self->r);
}

/* The log as recorded: create(page shift 0x18, window shift 0) = -3. */
TEST_F(nomaxmem, log_decoded)
{
	ASSERT_TRUE(self->a->has_create);
	EXPECT_EQ(-3, self->a->create_rc);
	EXPECT_EQ(24, self->a->page_shift);
	EXPECT_EQ(0, self->a->window_shift);
	EXPECT_TRUE(self->a->has_buid);
	EXPECT_EQ(dt_find_phb(&self->r.st, PHB0)->buid, self->a->buid);
	EXPECT_TRUE(self->a->has_result);
	EXPECT_TRUE(self->a->direct);
}

TEST_F(nomaxmem, create_fails)
{
	EXPECT_FALSE(ddw_rule_create_ok(self->a));
	EXPECT_ERROR_HAS("returned -3");
}

TEST_F(nomaxmem, window_missing)
{
	EXPECT_TRUE(self->pe->has_applicable);
	EXPECT_FALSE(ddw_rule_window_exists(self->pe, true));
	EXPECT_ERROR_HAS(PHB0);
	/* Nobody asking for 64 bits: no DDW is fine. */
	EXPECT_TRUE(ddw_rule_window_exists(self->pe, false));
}

/* The kernel sized the window from lrdr-capacity's 0; RAM is 2G. */
TEST_F(nomaxmem, request_too_small)
{
	EXPECT_EQ(0, dt_memory_max(&self->r.st));
	EXPECT_EQ(0x80000000ULL, ddw_memory_needed(&self->r.st));
	EXPECT_FALSE(ddw_rule_direct_covers("requested", self->a->window_shift,
					    ddw_memory_needed(&self->r.st)));
	EXPECT_ERROR_HAS("up to 0x80000000");
}

TEST_F(nomaxmem, direct_claim_unbacked)
{
	EXPECT_FALSE(ddw_rule_direct_backed(self->a, self->pe));
	EXPECT_ERROR_HAS("direct mapping: 1");
}

TEST_F(nomaxmem, partition_fails)
{
	struct lines l = { .n = 0 };

	EXPECT_LT(0, ddw_check_partition(&self->r.st, NULL, 0, &self->r.log, collect, &l));
	EXPECT_NE(NULL, strstr(l.text, ROOT_DEV ": ibm,create-pe-dma-window returned -3"))
		TH_LOG("%s", l.text);
	EXPECT_NE(NULL, strstr(l.text, PHB0 ": offers DDW")) TH_LOG("%s", l.text);
}

FIXTURE(healthy) {
	struct recording r;
	const struct dt_pe *pe;		/* PHB 0's PE, with a direct DDW */
	const struct dt_phb *phb;
};

FIXTURE_SETUP(healthy)
{
	load(_metadata, &self->r, "default");
	self->phb = dt_find_phb(&self->r.st, PHB0);
	ASSERT_NE(NULL, self->phb);
	ASSERT_LE(0, self->phb->pe);
	self->pe = &self->r.st.pes[self->phb->pe];
	ASSERT_TRUE(self->pe->has_direct64);
}

FIXTURE_TEARDOWN(healthy)
{
	unload(&self->r);
}

TEST_F(healthy, partition_passes)
{
	struct lines l = { .n = 0 };
	const struct ddw_attempt *a = attempt_of(&self->r.log, ROOT_DEV);

	ASSERT_NE(NULL, a);
	EXPECT_TRUE(a->has_create);
	EXPECT_EQ(0, a->create_rc);
	EXPECT_TRUE(a->direct);
	EXPECT_EQ(0, ddw_check_partition(&self->r.st, NULL, 0, &self->r.log, collect, &l))
		TH_LOG("%s", l.text);
}

/* maxmem=8G: the window must be 2^33; one bit less leaves memory out. */
TEST_F(healthy, window_too_small)
{
	uint64_t needed = ddw_memory_needed(&self->r.st);

	EXPECT_EQ(0x200000000ULL, needed);
	EXPECT_TRUE(ddw_rule_direct_covers("direct", self->pe->direct64.window_shift,
					   needed));
	EXPECT_FALSE(ddw_rule_direct_covers("direct", 32, needed));
	TH_LOG_ERROR();
}

TEST_F(healthy, mmio32_overlap)
{
	struct dt_ddw_window w = self->pe->direct64;

	ASSERT_LE(0, self->phb->mmio32);
	EXPECT_TRUE(ddw_rule_clear_of_mmio32(&w, self->phb));
	w.dma_base = self->phb->ranges[self->phb->mmio32].bus_addr;
	EXPECT_FALSE(ddw_rule_clear_of_mmio32(&w, self->phb));
	TH_LOG_ERROR();
	/* Ending right where MMIO32 starts is clear. */
	w.window_shift = 30;
	w.dma_base = self->phb->ranges[self->phb->mmio32].bus_addr - (1ULL << 30);
	EXPECT_TRUE(ddw_rule_clear_of_mmio32(&w, self->phb));
}

TEST_F(healthy, page_shift)
{
	struct dt_ddw_window w = self->pe->direct64;

	EXPECT_TRUE(ddw_rule_page_shift(&w));
	w.tce_shift = 13;
	EXPECT_FALSE(ddw_rule_page_shift(&w));
	TH_LOG_ERROR();
	w.tce_shift = 34;
	w.window_shift = 33;
	EXPECT_FALSE(ddw_rule_page_shift(&w));
	TH_LOG_ERROR();
}

/* The recorded TCE tables (debugfs, after the suite's load) against
 * themselves, then with TCEs that were never given back. */
TEST_F(healthy, tce_baseline)
{
	struct tce_snapshot snap;
	struct tce_table_usage leaked;
	char path[PATH_MAX];

	ASSERT_EQ(0, test_data_path("ddw_basic/default.iommu", path, sizeof(path)));
	ASSERT_OK(tce_snapshot_take(path, &snap));
	ASSERT_LT(0, snap.nr);
	EXPECT_EQ(0, tce_snapshot_diff(&snap, &snap, NULL, NULL));
	leaked = snap.t[0];
	leaked.weight += 3;
	EXPECT_FALSE(ddw_rule_tce_baseline(&snap.t[0], &leaked));
	EXPECT_ERROR_HAS("3 leaked");
	/* A table the load created: only its reserved entries may be in use. */
	leaked.weight = leaked.it_reserved_end - leaked.it_reserved_start;
	EXPECT_TRUE(ddw_rule_tce_baseline(NULL, &leaked));
	leaked.weight++;
	EXPECT_FALSE(ddw_rule_tce_baseline(NULL, &leaked));
	tce_snapshot_free(&snap);
}

struct judged {
	struct lines l;
	int broken;
};

static void collect_tce(const char *line, bool broken, void *ctx)
{
	struct judged *j = ctx;

	collect(line, &j->l);
	j->broken += broken;
}

/* The one TCE judgement of the programs: a grown table is a leak, a table
 * gone with its window only a note. */
TEST_F(healthy, tce_baseline_judged)
{
	struct tce_snapshot before, after;
	struct judged j = { .broken = 0 };
	char path[PATH_MAX];

	ASSERT_EQ(0, test_data_path("ddw_basic/default.iommu", path, sizeof(path)));
	ASSERT_OK(tce_snapshot_take(path, &before));
	ASSERT_EQ(0, tce_snapshot_take(path, &after));
	ASSERT_LT(1, after.nr);
	EXPECT_EQ(0, ddw_check_tce_baseline(&before, &after, collect_tce, &j));
	after.t[0].weight += 2;
	after.nr--;		/* the last table went away */
	EXPECT_EQ(1, ddw_check_tce_baseline(&before, &after, collect_tce, &j)) TH_LOG("%s", j.l.text);
	EXPECT_EQ(1, j.broken);
	EXPECT_EQ(2, j.l.n) TH_LOG("%s", j.l.text);
	EXPECT_NE(NULL, strstr(j.l.text, "2 leaked")) TH_LOG("%s", j.l.text);
	EXPECT_NE(NULL, strstr(j.l.text, "is gone (its window was removed)")) TH_LOG("%s", j.l.text);
	after.nr++;
	tce_snapshot_free(&after);
	tce_snapshot_free(&before);
}

/* DMA windows over time: a state is unchanged against itself; against the
 * no-maxmem boot (no DDW anywhere) every direct window is lost. */
TEST_F(healthy, ddw_state_compared)
{
	struct recording nomax = { .dir = "" };
	struct lines l = { .n = 0 };
	char w[128];

	EXPECT_EQ(0, ddw_state_compare(&self->r.st, &self->r.st, "boot 0", collect, &l))
		TH_LOG("%s", l.text);
	load(_metadata, &nomax, "no-maxmem");
	EXPECT_LT(0, ddw_state_compare(&self->r.st, &nomax.st, "boot 0", collect, &l));
	ddw_window_text(&self->pe->direct64, w, sizeof(w));
	EXPECT_NE(NULL, strstr(l.text, PHB0 ": direct DDW lost (boot 0: ")) TH_LOG("%s", l.text);
	EXPECT_NE(NULL, strstr(l.text, w)) TH_LOG("%s", l.text);
	EXPECT_NE(NULL, strstr(w, "LIOBN 0x")) TH_LOG("%s", w);
	l.n = 0;
	l.text[0] = '\0';
	EXPECT_LT(0, ddw_state_compare(&nomax.st, &self->r.st, "boot 0", collect, &l));
	EXPECT_NE(NULL, strstr(l.text, PHB0 ": new direct DDW ")) TH_LOG("%s", l.text);
	unload(&nomax);
}

/* Two lines of no-maxmem.dmesg in /dev/kmsg record form (sequence numbers
 * made up) and as a console capture with CR LF. */
/*
 * dma-dynamic (the suite's QEMU: ddw-largest-block 0x8000, 64K TCEs, each
 * PHB's 64-bit window at 0x2000c0000000, over the CPU addresses of the
 * MMIO32 ranges of PHB 0 and 1): every DDW dynamic, its table as debugfs
 * showed it after iommu_ddw_basic. The same boot on the known-bug kernel
 * ddw-mmio32-unshifted, whose tables reserve nothing of MMIO32.
 */
FIXTURE(dynamic) {
	struct recording r;
	struct tce_snapshot tables;
};

FIXTURE_SETUP(dynamic)
{
	char path[PATH_MAX];

	load(_metadata, &self->r, "dma-dynamic");
	ASSERT_EQ(0, test_data_path("ddw_basic/dma-dynamic.iommu", path, sizeof(path)));
	ASSERT_OK(tce_snapshot_take(path, &self->tables));
}

FIXTURE_TEARDOWN(dynamic)
{
	tce_snapshot_free(&self->tables);
	unload(&self->r);
}

TEST_F(dynamic, partition_passes)
{
	struct lines l = { .n = 0 };
	int dynamic = 0;

	for (int i = 0; i < self->r.st.nr_pes; i++)
		dynamic += self->r.st.pes[i].has_dma64 && !self->r.st.pes[i].has_direct64;
	EXPECT_LE(4, dynamic);
	EXPECT_EQ(0, ddw_check_partition(&self->r.st, NULL, 0, &self->r.log, collect, &l))
		TH_LOG("%s", l.text);
	EXPECT_EQ(0, ddw_check_tables(&self->r.st, &self->tables, collect, &l)) TH_LOG("%s", l.text);
}

/* PHB 0's MMIO32 range (0x200080000000..0x2000ffffffff) takes the first half
 * of its window: TCEs 0x2000c000..0x2000ffff, reserved. */
TEST_F(dynamic, mmio32_reserved)
{
	const struct dt_phb *phb = dt_find_phb(&self->r.st, PHB0);
	const struct tce_table_usage *t = NULL;

	ASSERT_NE(NULL, phb);
	ASSERT_LE(0, phb->pe);
	ASSERT_TRUE(self->r.st.pes[phb->pe].has_dma64);
	for (int i = 0; i < self->tables.nr; i++)
		if (self->tables.t[i].liobn == self->r.st.pes[phb->pe].dma64.liobn)
			t = &self->tables.t[i];
	ASSERT_NE(NULL, t);
	EXPECT_EQ(0x2000c000ULL, t->it_reserved_start);
	EXPECT_EQ(0x2000ffffULL, t->it_reserved_end);
	EXPECT_TRUE(ddw_rule_mmio32_reserved(&self->r.st.pes[phb->pe].dma64, phb, t));
}

TEST_F(dynamic, mmio32_unshifted_caught)
{
	struct recording bug = { 0 };
	struct tce_snapshot tables;
	struct lines l = { .n = 0 };
	char path[PATH_MAX];

	load(_metadata, &bug, "dma-dynamic-mmio32-unshifted");
	ASSERT_EQ(0, test_data_path("ddw_basic/dma-dynamic-mmio32-unshifted.iommu", path,
				    sizeof(path)));
	ASSERT_OK(tce_snapshot_take(path, &tables));
	/* PHB 0 and 1: the two whose MMIO32 ranges the windows cover. */
	EXPECT_EQ(2, ddw_check_tables(&bug.st, &tables, collect, &l));
	EXPECT_NE(NULL, strstr(l.text, "but its table reserves only")) TH_LOG("%s", l.text);
	tce_snapshot_free(&tables);
	unload(&bug);
}

/*
 * dma-limited (the suite's QEMU with ddw-limited-addressing, maxmem 64G): the
 * pci-testdev on PHB 5 loaded with a 34-bit mask got its PE reset into
 * limited-address mode and a DDW at 4 GiB of 2^34 bytes (lsa_enabled: 1).
 */
#define PHB5 "/pci@800000020000005"
#define LIMITED_DEV "0005:00:00.0"

FIXTURE(limited) {
	struct recording r;
	const struct dt_pe *pe;
	const struct ddw_attempt *a;
};

FIXTURE_SETUP(limited)
{
	const struct dt_phb *phb;

	load(_metadata, &self->r, "dma-limited");
	phb = dt_find_phb(&self->r.st, PHB5);
	ASSERT_NE(NULL, phb);
	ASSERT_LE(0, phb->pe);
	self->pe = &self->r.st.pes[phb->pe];
	self->a = attempt_of(&self->r.log, LIMITED_DEV);
	ASSERT_NE(NULL, self->a);
}

FIXTURE_TEARDOWN(limited)
{
	unload(&self->r);
}

TEST_F(limited, window_at_4g_within_mask)
{
	const struct dt_ddw_window *w = self->pe->has_dma64 ? &self->pe->dma64 : &self->pe->direct64;
	struct lines l = { .n = 0 };

	ASSERT_TRUE(self->pe->has_dma64 || self->pe->has_direct64);
	EXPECT_TRUE(ddw_pe_offers_limited(self->pe));
	EXPECT_TRUE(self->a->lsa_required);
	EXPECT_TRUE(self->a->lsa_enabled);
	EXPECT_EQ(0x100000000ULL, w->dma_base);
	EXPECT_TRUE(ddw_rule_limited_enabled(self->a, self->pe)) TH_LOG_ERROR();
	EXPECT_TRUE(ddw_rule_limited_window(w, 34)) TH_LOG_ERROR();
	EXPECT_EQ(0, ddw_check_partition(&self->r.st, NULL, 0, &self->r.log, collect, &l))
		TH_LOG("%s", l.text);
}

/* The same window for a 33-bit device: twice what the mask allows (the known
 * bug ddw-limited-uncapped's shape); and beyond the mask altogether. */
TEST_F(limited, window_too_large_for_mask)
{
	struct dt_ddw_window w = self->pe->has_dma64 ? self->pe->dma64 : self->pe->direct64;

	EXPECT_FALSE(ddw_rule_limited_window(&w, 33));
	EXPECT_ERROR_HAS("caps it at 2^33");
	EXPECT_FALSE(ddw_rule_limited_window(&w, 32));
	EXPECT_ERROR_HAS("beyond what the device's 32-bit mask");
	w.dma_base = 0x80000000ULL;
	EXPECT_FALSE(ddw_rule_limited_window(&w, 34));
	EXPECT_ERROR_HAS("inside the 32-bit");
}

/* A kernel that ignored the offer: lsa_required without lsa_enabled. */
TEST_F(limited, mode_not_enabled)
{
	struct ddw_attempt a = *self->a;

	a.lsa_enabled = false;
	EXPECT_FALSE(ddw_rule_limited_enabled(&a, self->pe));
	EXPECT_ERROR_HAS("lsa_enabled: 0");
}

FIXTURE(log_forms) {
	struct ddw_log log;
};

FIXTURE_SETUP(log_forms)
{
}

FIXTURE_TEARDOWN(log_forms)
{
	ddw_log_free(&self->log);
}

TEST_F(log_forms, prefixes)
{
	static const char *const forms[] = {
		"6,959,224072,-;virtio-pci " ROOT_DEV ": ibm,create-pe-dma-window(2027) "
		"0 8000000 20000000 18 0 returned -3 (liobn = 0x0 starting addr = 0 0)\n"
		"6,960,224161,-;virtio-pci " ROOT_DEV ": lsa_required: 0, lsa_enabled: 0, "
		"direct mapping: 1\n",
		"[    0.224072] virtio-pci " ROOT_DEV ": ibm,create-pe-dma-window(2027) "
		"0 8000000 20000000 18 0 returned -3 (liobn = 0x0 starting addr = 0 0)\r\n"
		"[    0.224161] virtio-pci " ROOT_DEV ": lsa_required: 0, lsa_enabled: 0, "
		"direct mapping: 1\r\n",
	};

	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		ASSERT_EQ(0, ddw_log_parse(forms[i], &self->log));
		ASSERT_EQ(1, self->log.nr) TH_LOG("form %zu", i);
		EXPECT_STREQ(ROOT_DEV, self->log.a[0].dev);
		EXPECT_EQ(0x800000020000000ULL, self->log.a[0].buid);
		EXPECT_EQ(-3, self->log.a[0].create_rc);
		EXPECT_TRUE(self->log.a[0].direct);
		ddw_log_free(&self->log);
	}
}

TEST_HARNESS_MAIN
