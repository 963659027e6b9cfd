// SPDX-License-Identifier: GPL-2.0
/*
 * lib/dma/dt.c on real device trees recorded from QEMU 10.0.2 pseries (see
 * tests/data/dt/README): every decoded number is compared with the value
 * read by eye from `dtc -I dtb -O dts`, and malformed properties, made by
 * corrupting a copy of a real tree, must be rejected with a clear message.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dma/dt.h"
#include "harness/fixture.h"
#include "support/fdt_dir.h"

#define PHB0 "/pci@800000020000000"
#define PHB1 "/pci@800000020000001"
#define TESTDEV PHB1 "/legacy-device@0"
#define PMEM "/ibm,persistent-memory/ibm,pmemory@90000000"

/* QEMU's spapr PHB defaults, identical in every recording. */
static const struct dt_ddw_applicable qemu_tokens = { 0x2026, 0x2027, 0x2028 };
#define QEMU_RESET_TOKEN 0x2029

static int unpack(const char *dtb, char *dir, size_t len)
{
	char path[PATH_MAX];

	if (test_data_path(dtb, path, sizeof(path)))
		return -1;
	return fdt_to_dir(path, dir, len);
}

FIXTURE(dt) {
	char dir[PATH_MAX];
	struct dt_state st;
};

FIXTURE_VARIANT(dt) {
	const char *dtb;
	uint64_t ram;		/* memory@0 reg size */
	uint64_t lrdr_max;	/* ibm,lrdr-capacity first u64 */
	bool phb1;		/* second PHB with pci-testdev */
	bool phb1_ddw;		/* ... offering DDW (not ddw=off) */
	enum dt_dma_class phb0_cls;
	const struct dt_ddw_window *phb0_ddw;
	bool drmem;		/* CAS-built ibm,dynamic-reconfiguration-memory */
	int nr_pmems;
};

FIXTURE_VARIANT_ADD(dt, plain) {
	.dtb = "dt/plain.dtb", .ram = 0x20000000, .lrdr_max = 0,
	.phb0_cls = DT_DMA_DEFAULT,
};

FIXTURE_VARIANT_ADD(dt, maxmem) {
	.dtb = "dt/maxmem.dtb", .ram = 0x80000000, .lrdr_max = 0x200000000,
	.phb0_cls = DT_DMA_DEFAULT,
};

FIXTURE_VARIANT_ADD(dt, phb1) {
	.dtb = "dt/phb1.dtb", .ram = 0x80000000, .lrdr_max = 0x200000000,
	.phb1 = true, .phb1_ddw = true, .phb0_cls = DT_DMA_DEFAULT,
};

FIXTURE_VARIANT_ADD(dt, pgsz4k) {
	.dtb = "dt/pgsz4k.dtb", .ram = 0x20000000, .lrdr_max = 0,
	.phb1 = true, .phb1_ddw = true, .phb0_cls = DT_DMA_DEFAULT,
};

FIXTURE_VARIANT_ADD(dt, ddwoff) {
	.dtb = "dt/ddwoff.dtb", .ram = 0x20000000, .lrdr_max = 0,
	.phb1 = true, .phb1_ddw = false, .phb0_cls = DT_DMA_DEFAULT,
};

FIXTURE_VARIANT_ADD(dt, nvdimm) {
	.dtb = "dt/nvdimm.dtb", .ram = 0x80000000, .lrdr_max = 0x200000000,
	.phb0_cls = DT_DMA_DEFAULT, .nr_pmems = 1,
};

FIXTURE_SETUP(dt)
{
	ASSERT_EQ(0, unpack(variant->dtb, self->dir, sizeof(self->dir)));
	ASSERT_OK_MSG(dt_scan(self->dir, &self->st), "%s", variant->dtb);
}

FIXTURE_TEARDOWN(dt)
{
	dt_free(&self->st);
	fdt_dir_remove(self->dir);
}

/* The fields every spapr PHB has, whatever the set-up. */
static void check_phb(struct __test_metadata *_metadata,
		      const struct dt_state *st, const char *path,
		      uint64_t buid, uint32_t liobn, uint64_t mmio32_cpu,
		      bool ddw)
{
	const struct dt_phb *phb = dt_find_phb(st, path);
	const struct dt_pe *pe;
	const struct dt_pci_range *r;

	ASSERT_NE(NULL, phb) TH_LOG("no PHB %s", path);
	EXPECT_EQ(buid, phb->buid);
	ASSERT_LE(0, phb->pe);
	pe = &st->pes[phb->pe];
	EXPECT_STREQ(path, pe->path);
	ASSERT_TRUE(pe->has_default);
	EXPECT_EQ(liobn, pe->default_win.liobn);
	EXPECT_EQ(0, pe->default_win.bus_addr);
	EXPECT_EQ(0x40000000, pe->default_win.size);
	EXPECT_FALSE(pe->has_saved_default);
	EXPECT_EQ(ddw, pe->has_applicable);
	EXPECT_EQ(ddw, pe->has_extensions);
	if (ddw) {
		EXPECT_EQ(0, memcmp(&qemu_tokens, &pe->applicable, sizeof(qemu_tokens)));
		EXPECT_EQ(2, pe->extensions.count);
		EXPECT_TRUE(pe->extensions.has_reset);
		EXPECT_EQ(QEMU_RESET_TOKEN, pe->extensions.reset_token);
		EXPECT_TRUE(pe->extensions.has_query_out);
		EXPECT_EQ(1, pe->extensions.query_out);
		EXPECT_FALSE(pe->extensions.has_limited_addr);
	}

	/* ranges: I/O 64K, MMIO32 2G at bus 2G, MMIO64 1T at bus == cpu. */
	ASSERT_EQ(3, phb->nr_ranges);
	ASSERT_EQ(1, phb->mmio32);
	EXPECT_EQ(DT_PCI_SPACE_IO, phb->ranges[0].space);
	EXPECT_EQ(0x10000, phb->ranges[0].size);
	r = &phb->ranges[phb->mmio32];
	EXPECT_EQ(DT_PCI_SPACE_MEM32, r->space);
	EXPECT_EQ(0x80000000, r->bus_addr);
	EXPECT_EQ(mmio32_cpu, r->cpu_addr);
	EXPECT_EQ(0x80000000, r->size);
	EXPECT_EQ(DT_PCI_SPACE_MEM64, phb->ranges[2].space);
	EXPECT_EQ(phb->ranges[2].bus_addr, phb->ranges[2].cpu_addr);
	EXPECT_EQ(0x10000000000ULL, phb->ranges[2].size);
}

TEST_F(dt, phbs_and_windows)
{
	const struct dt_pe *pe0;

	EXPECT_EQ(variant->phb1 ? 2 : 1, self->st.nr_phbs);
	check_phb(_metadata, &self->st, PHB0, 0x800000020000000ULL, 0x80000000,
		  0x200080000000ULL, true);
	pe0 = &self->st.pes[dt_find_phb(&self->st, PHB0)->pe];
	EXPECT_STREQ(dt_dma_class_name(variant->phb0_cls),
		     dt_dma_class_name(pe0->cls));
	EXPECT_EQ(variant->phb0_ddw != NULL, pe0->has_direct64);
	EXPECT_FALSE(pe0->has_dma64);
	if (variant->phb0_ddw)
		EXPECT_EQ(0, memcmp(variant->phb0_ddw, &pe0->direct64,
				    sizeof(pe0->direct64)));
	if (variant->phb1)
		check_phb(_metadata, &self->st, PHB1, 0x800000020000001ULL,
			  0x80000100, 0x200100000000ULL, variant->phb1_ddw);
}

TEST_F(dt, pci_devices)
{
	const struct dt_pci_dev *dev = dt_find_dev(&self->st, TESTDEV);

	if (!variant->phb1) {
		EXPECT_EQ(NULL, dev);
		return;
	}
	ASSERT_NE(NULL, dev);
	EXPECT_EQ(0x1b36, dev->vendor);
	EXPECT_EQ(0x0005, dev->device);
	EXPECT_EQ(0xff00, dev->class_code);
	EXPECT_STREQ(PHB1, self->st.phbs[dev->phb].path);
	/* The PE of a device on a spapr PHB is the PHB itself. */
	ASSERT_LE(0, dev->pe);
	EXPECT_STREQ(PHB1, self->st.pes[dev->pe].path);
	EXPECT_EQ(DT_DMA_DEFAULT, dt_dev_class(&self->st, dev));
}

TEST_F(dt, memory)
{
	EXPECT_EQ(2, self->st.root_acells);
	EXPECT_EQ(2, self->st.root_scells);
	ASSERT_EQ(1, self->st.nr_mem);
	EXPECT_EQ(0, self->st.mem[0].base);
	EXPECT_EQ(variant->ram, self->st.mem[0].size);
	ASSERT_TRUE(self->st.has_lrdr);
	EXPECT_EQ(variant->lrdr_max, self->st.lrdr.max_addr);
	EXPECT_TRUE(self->st.lrdr.has_min_lmb);
	EXPECT_EQ(0x10000000, self->st.lrdr.min_lmb_size);
	EXPECT_EQ(1, self->st.lrdr.max_procs);
	/* Without maxmem= QEMU writes 0 and the kernel takes it as is. */
	EXPECT_EQ(variant->lrdr_max, dt_memory_max(&self->st));
	EXPECT_EQ(variant->drmem, self->st.has_drmem);
}

TEST_F(dt, pmem)
{
	const struct dt_pmem *pm = self->st.pmems;

	ASSERT_EQ(variant->nr_pmems, self->st.nr_pmems);
	if (!variant->nr_pmems)
		return;
	EXPECT_STREQ(PMEM, pm->path);
	EXPECT_EQ(0x90000000, pm->drc_index);
	EXPECT_EQ(0x10000000, pm->block_size);
	EXPECT_EQ(4, pm->nr_blocks);
	EXPECT_TRUE(pm->has_metadata_size);
	EXPECT_EQ(0x20000, pm->metadata_size);
	EXPECT_STREQ("3a6a32ba-1f7d-4ef8-9c55-0bd3d1f7a8b1", pm->guid);
	ASSERT_EQ(4, pm->nr_assoc);
	for (int i = 0; i < pm->nr_assoc; i++)
		EXPECT_EQ(0, pm->assoc[i]);
}

/*
 * Malformed properties: a real tree with one property file overwritten.
 * dt_scan() must fail (never crash, never read past the bytes) and name
 * the node and property.
 */
FIXTURE(bad) {
	char dir[PATH_MAX];
	struct dt_state st;
};

FIXTURE_VARIANT(bad) {
	const char *node;
	const char *prop;
	const uint8_t *bytes;
	size_t len;
	const char *msg;	/* expected in ppcst_last_error() */
};

static const uint8_t two_cells[] = { 0, 0, 0x20, 0x26, 0, 0, 0x20, 0x27 };
static const uint8_t odd_bytes[] = { 0, 0, 0x20, 0x26, 0 };
static const uint8_t ext_overcount[] = { 0, 0, 0, 9, 0, 0, 0x20, 0x29 };
static const uint8_t window_short[] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
static const uint8_t ddw_23[23] = { 0 };
static const uint8_t ddw_shift[24] = { [19] = 40, [23] = 12 };
static const uint8_t one_cell[] = { 0, 0, 0, 2 };
static const uint8_t huge_cells[] = { 0, 0, 0, 9 };
static const uint8_t ranges_short[4 * 8] = { 0 };

#define BAD(name, n, p, b, m)						\
	FIXTURE_VARIANT_ADD(bad, name) {				\
		.node = n, .prop = p, .bytes = b, .len = sizeof(b), .msg = m, \
	}

BAD(applicable_short, PHB0, DT_PROP_DDW_APPLICABLE, two_cells, "need at least 3");
BAD(applicable_odd, PHB0, DT_PROP_DDW_APPLICABLE, odd_bytes, "whole number of cells");
BAD(extensions_count, PHB0, DT_PROP_DDW_EXTENSIONS, ext_overcount, "count 9");
BAD(dma_window_short, PHB0, DT_PROP_DMA_WINDOW, window_short, "truncated");
BAD(direct64_short, PHB0, DT_PROP_DIRECT64, ddw_23, "expected 24");
BAD(dma64_shifts, PHB0, DT_PROP_DMA64, ddw_shift, "tce_shift 40");
BAD(lrdr_short, "/rtas", "ibm,lrdr-capacity", one_cell, "need at least 2");
BAD(dma_cells, PHB0, "ibm,#dma-address-cells", huge_cells, "9 cells");
BAD(ranges_partial, PHB0, "ranges", ranges_short, "not a multiple of 7");
BAD(memory_reg, "/memory@0", "reg", window_short, "not a multiple of 16");

FIXTURE_SETUP(bad)
{
	char path[PATH_MAX * 2];
	int fd;

	ASSERT_EQ(0, unpack("dt/plain.dtb", self->dir, sizeof(self->dir)));
	snprintf(path, sizeof(path), "%s%s/%s", self->dir, variant->node, variant->prop);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)variant->len, write(fd, variant->bytes, variant->len));
	close(fd);
}

FIXTURE_TEARDOWN(bad)
{
	dt_free(&self->st);
	fdt_dir_remove(self->dir);
}

TEST_F(bad, rejected)
{
	EXPECT_EQ(-EINVAL, dt_scan(self->dir, &self->st));
	EXPECT_ERROR_HAS(variant->msg);
	EXPECT_ERROR_HAS(variant->node);
}

/* A directory that is not a device tree is an error, not an empty tree. */
FIXTURE(missing) {
	struct dt_state st;
};

FIXTURE_SETUP(missing)
{
}

FIXTURE_TEARDOWN(missing)
{
	dt_free(&self->st);
}

TEST_F(missing, no_tree)
{
	EXPECT_EQ(-ENOENT, dt_scan("/nonexistent/device-tree", &self->st));
	EXPECT_ERROR_HAS("/nonexistent/device-tree");
}

TEST_HARNESS_MAIN
