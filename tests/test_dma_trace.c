// SPDX-License-Identifier: GPL-2.0
/*
 * lib/dma/dma_trace.c's parser and lib/dma/dma_evidence.c's judgement on the dma
 * trace text the 6.12 kernel wrote in the testbed
 * (tests/data/dma_trace/README.md), and on damaged lines.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "dma/dma_evidence.h"
#include "dma/dma_trace.h"

#define DATA "tests/data/dma_trace/"
#define DISK "0003:00:00.0"
#define NIC "0002:00:00.0"
#define PEER "0000:00:03.0"
/* The direct DDW QEMU gives dma-direct's PHBs (create-pe-dma-window: page
 * shift 0x18, window shift 0x21, at 2^59) and their default window. */
#define DDW_BASE 0x800000000000000ULL
#define DDW_SIZE (1ULL << 33)

FIXTURE(trace) {
	char text[512 << 10];
	struct dma_watch_result r;
};

FIXTURE_SETUP(trace) { dma_trace_init(&self->r.trace); }
FIXTURE_TEARDOWN(trace) { }

static size_t load(const char *name, char *buf, size_t len)
{
	int fd = open(name, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = '\0';
	return (size_t)n;
}

TEST_F(trace, direct_disk_recorded)
{
	size_t len = load(DATA "direct-virtio-blk.txt", self->text, sizeof(self->text));
	const struct dma_trace_dev *d;

	ASSERT_LT(0, len);
	dma_trace_feed(&self->r.trace, self->text, len);
	dma_trace_finish(&self->r.trace);
	EXPECT_EQ(600, self->r.trace.events);
	EXPECT_EQ(0, self->r.trace.bad);
	ASSERT_EQ(1, self->r.trace.nr);
	d = dma_trace_dev(&self->r.trace, DISK);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(600, d->maps);
	EXPECT_EQ(600, d->segments);
	EXPECT_EQ(2377102, d->bytes);
	EXPECT_EQ(0x800000000d82000ULL, d->dma_lo);
	EXPECT_EQ(0x800000002aed530ULL, d->dma_hi);
	EXPECT_EQ(0xd82000ULL, d->phys_lo);
	EXPECT_EQ(0x2aed500ULL, d->phys_hi);
	EXPECT_EQ(30, d->unaligned);
	EXPECT_EQ(10, d->multipage);
	EXPECT_EQ(0, d->sg_lists);
}

/* nvme maps its requests as scatter-gather lists, which the default window's
 * IOMMU merges: 63 pages of memory into one 256 KiB bus segment. */
TEST_F(trace, default_window_nvme_sg_recorded)
{
	size_t len = load(DATA "default-window-nvme.txt", self->text, sizeof(self->text));
	const struct dma_trace_dev *d;

	ASSERT_LT(0, len);
	dma_trace_feed(&self->r.trace, self->text, len);
	dma_trace_finish(&self->r.trace);
	EXPECT_EQ(29, self->r.trace.events);
	EXPECT_EQ(0, self->r.trace.bad);
	d = dma_trace_dev(&self->r.trace, DISK);
	ASSERT_NE(NULL, d);
	EXPECT_EQ(29, d->maps);
	EXPECT_EQ(29, d->segments);
	EXPECT_EQ(28, d->sg_lists);
	EXPECT_EQ(28, d->sg_merged);
	EXPECT_EQ(2347008, d->bytes);
	EXPECT_EQ(0x100000ULL, d->dma_lo);
	EXPECT_EQ(0x443000ULL, d->dma_hi);
	EXPECT_EQ(0xd57000ULL, d->phys_lo);
	EXPECT_EQ(0xd99000ULL, d->phys_hi);
	EXPECT_EQ(0, d->unaligned);
	EXPECT_EQ(28, d->multipage);
}

/* trace_pipe hands out text cut anywhere: any chunking, the same sums. */
TEST_F(trace, cut_anywhere)
{
	size_t len = load(DATA "default-window-virtio-net.txt", self->text, sizeof(self->text));
	static struct dma_trace whole, chunked;

	ASSERT_LT(0, len);
	dma_trace_init(&whole);
	dma_trace_feed(&whole, self->text, len);
	dma_trace_finish(&whole);
	for (size_t chunk = 1; chunk < 300; chunk += 37) {
		dma_trace_init(&chunked);
		for (size_t off = 0; off < len; off += chunk)
			dma_trace_feed(&chunked, self->text + off, len - off < chunk ? len - off : chunk);
		dma_trace_finish(&chunked);
		ASSERT_EQ(whole.nr, chunked.nr);
		EXPECT_EQ(whole.events, chunked.events);
		EXPECT_EQ(0, memcmp(whole.devs, chunked.devs, sizeof(whole.devs)))
			TH_LOG("chunks of %zu bytes", chunk);
	}
	ASSERT_EQ(2, whole.nr);
	EXPECT_EQ(558, whole.events);
	EXPECT_EQ(279, dma_trace_dev(&whole, NIC)->maps);
	EXPECT_EQ(0x30000ULL, dma_trace_dev(&whole, NIC)->dma_lo);
	EXPECT_EQ(0x1190064ULL, dma_trace_dev(&whole, NIC)->dma_hi);
	EXPECT_EQ(242, dma_trace_dev(&whole, NIC)->unaligned);
	EXPECT_EQ(0x1190664ULL, dma_trace_dev(&whole, PEER)->dma_hi);
}

TEST_F(trace, damaged_lines)
{
	static const char *const lines[] = {
		/* cut before its size */
		"  dd-124 [000] d.... 4.4: dma_map_page: 0003:00:00.0 dir=TO_DEVICE dma_addr=800",
		/* no device */
		"  dd-124 [000] d.... 4.4: dma_map_page: ",
		/* an sg list without entries */
		("  dd-1 [000] ..... 1.0: dma_map_sg: 0003:00:00.0 dir=TO_DEVICE nents=0/0 "
		 "ents=0/0 dma_addrs={} sizes={} phys_addrs={} attrs="),
	};
	/* A failed allocation gives no address: not counted, not bad. */
	static const char failed_alloc[] = "  x-1 [000] ..... 1.0: dma_alloc: 0003:00:00.0 "
		"dir=BIDIRECTIONAL dma_addr=0 size=4096 virt_addr=0000000000000000 flags=GFP_KERNEL attrs=";
	char huge[DMA_TRACE_LINE_MAX + 10];

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		EXPECT_EQ(0, dma_trace_line(&self->r.trace, lines[i], strlen(lines[i])));
	EXPECT_EQ(3, self->r.trace.bad);
	EXPECT_EQ(0, dma_trace_line(&self->r.trace, failed_alloc, strlen(failed_alloc)));
	EXPECT_EQ(3, self->r.trace.bad);
	memset(huge, 'x', sizeof(huge));
	memcpy(huge, lines[0], strlen(lines[0]));
	huge[sizeof(huge) - 1] = '\n';
	dma_trace_feed(&self->r.trace, huge, sizeof(huge));
	EXPECT_EQ(4, self->r.trace.bad);
	EXPECT_EQ(0, self->r.trace.events);
}

/* The judgement on what the recorded direct-DDW disk was given. */
static void windows(struct dma_windows *ws, int expected)
{
	memset(ws, 0, sizeof(*ws));
	ws->w[0] = (struct dma_window){ DMA_WINDOW_DEFAULT, 0x3, 0, 0x40000000, 12 };
	ws->w[1] = (struct dma_window){ DMA_WINDOW_DDW_DIRECT, 0x80000301, DDW_BASE,
					DDW_BASE + DDW_SIZE, 24 };
	ws->nr = 2;
	ws->expected = expected;
	ws->mask_bits = expected ? 64 : 32;
}

TEST_F(trace, judge_direct)
{
	size_t len = load(DATA "direct-virtio-blk.txt", self->text, sizeof(self->text));
	struct dma_windows ws;
	char summary[512];

	ASSERT_LT(0, len);
	dma_trace_feed(&self->r.trace, self->text, len);
	windows(&ws, 1);
	EXPECT_OK(dma_evidence_judge(DISK, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_NE(NULL, strstr(summary, "crossed direct DDW (LIOBN 0x80000301")) TH_LOG("%s", summary);
	/* Its mask pointed at the default window: a claim it did not earn. */
	windows(&ws, 0);
	EXPECT_EQ(1, dma_evidence_judge(DISK, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("crossed its direct DDW, not the 32-bit");
	/* The right window, but addresses past the device's mask (a limited
	 * address DDW that reaches beyond it): the DMA API's promise broken. */
	windows(&ws, 1);
	ws.mask_bits = 40;
	EXPECT_EQ(1, dma_evidence_judge(DISK, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("beyond its 40-bit mask");
	/* A window that does not hold the addresses: outside every window. */
	windows(&ws, 1);
	ws.w[1].end = DDW_BASE + 0x1000000;
	EXPECT_EQ(1, dma_evidence_judge(DISK, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("outside every window");
	/* A device that mapped nothing (it bypassed the DMA API). */
	windows(&ws, 1);
	EXPECT_EQ(1, dma_evidence_judge(NIC, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("no DMA mapping traced");
}

TEST_F(trace, judge_default_window_tces)
{
	size_t len = load(DATA "default-window-virtio-net.txt", self->text, sizeof(self->text));
	struct dma_windows ws;
	char summary[512];

	ASSERT_LT(0, len);
	dma_trace_feed(&self->r.trace, self->text, len);
	memset(&ws, 0, sizeof(ws));
	ws.w[0] = (struct dma_window){ DMA_WINDOW_DEFAULT, 0x2, 0, 0x40000000, 12 };
	ws.nr = 1;
	ws.mask_bits = 64;
	/* No debugfs: a TCE window whose usage cannot be read proves nothing. */
	snprintf(self->r.tce_error, sizeof(self->r.tce_error), "no debugfs");
	EXPECT_EQ(1, dma_evidence_judge(NIC, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("cannot be read: no debugfs");
	/* Usage that never rose: the addresses came from elsewhere. */
	self->r.tables[0] = (struct dma_watch_tce){ 0x2, 300, 300, 262144 };
	self->r.nr_tables = 1;
	EXPECT_EQ(1, dma_evidence_judge(NIC, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_ERROR_HAS("never rose");
	self->r.tables[0].peak = 900;
	EXPECT_OK(dma_evidence_judge(NIC, &ws, &self->r, summary, sizeof(summary)));
	EXPECT_NE(NULL, strstr(summary, "TCEs 300 -> peak 900 of 262144")) TH_LOG("%s", summary);
}

/* Features as the testbed's guest showed them: the NIC with iommu_platform=on,
 * the 9p share without. */
TEST_F(trace, virtio_access_platform)
{
	EXPECT_FALSE(dma_bypasses_iommu(DATA "sysfs", NIC));
	EXPECT_TRUE(dma_bypasses_iommu(DATA "sysfs", "0000:00:00.0"));
	EXPECT_ERROR_HAS("0000:00:00.0 (virtio0) lacks VIRTIO_F_ACCESS_PLATFORM");
	EXPECT_FALSE(dma_bypasses_iommu(DATA "sysfs", "0009:00:00.0"));
}

TEST_HARNESS_MAIN
