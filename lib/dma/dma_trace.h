/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's dma trace events (6.12: tracefs events/dma, kernel/dma/mapping.c)
 * as evidence of which DMA addresses each device was given: every
 * dma_map_page, dma_map_sg, dma_map_resource and dma_alloc(_pages, _sgt) a
 * driver made, whether the mapping went through TCEs or the direct path, is
 * logged with the device's name (its PCI address) and the bus addresses it
 * got. A device that bypasses the DMA API (virtio without
 * VIRTIO_F_ACCESS_PLATFORM) logs nothing.
 *
 * The parser is pure and streaming (trace_pipe hands out text cut anywhere):
 * the suite's tests run it on recorded trace text, tests/data/dma_trace/.
 * The summary is flat (no pointers): lib/dma/dma_watch.h passes it between
 * processes.
 */
#ifndef PPCST_DMA_TRACE_H
#define PPCST_DMA_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DMA_TRACE_MAX_DEVS 16
/* dma_map_sg lines hold up to 128 entries of three arrays: ~8 KiB. */
#define DMA_TRACE_LINE_MAX 16384
/* What "unaligned" and "multi-page" are measured against: the smallest TCE. */
#define DMA_TRACE_PAGE 4096ULL
/* iommu_range_alloc(): more pages than this go to the large pool. */
#define DMA_TRACE_LARGE_PAGES 15
#define DMA_TRACE_WRAP_DROP (16ULL << 20)

/* What one device was given. */
struct dma_trace_dev {
	char name[32];			/* dev_name(): "0002:00:00.0" */
	unsigned long maps;		/* map and alloc events */
	unsigned long segments;		/* address ranges in them */
	unsigned long sg_lists;		/* dma_map_sg events of more than one piece of memory */
	unsigned long sg_merged;	/* ... that the IOMMU merged into fewer bus segments */
	unsigned long unaligned;	/* segments starting off a 4K boundary */
	unsigned long multipage;	/* segments crossing a 4K boundary */
	unsigned long long bytes;	/* summed over all segments */
	uint64_t dma_lo, dma_hi;	/* lowest bus address, highest end (exclusive) */
	uint64_t phys_lo, phys_hi;	/* lowest and highest physical start behind them */
	/*
	 * Where a TCE window's allocator went round: Linux's iommu_range_alloc()
	 * hands out addresses upwards from a hint in one pool for maps of up to
	 * 15 pages and another for larger ones, and starts a pool from its
	 * bottom again only when it reaches the top. A map more than
	 * DMA_TRACE_WRAP_DROP below the one before it in its class is such a
	 * return. (Meaningless in a direct window, where the address is the
	 * memory's own.)
	 */
	unsigned long wraps;
	uint64_t last_small, last_large;
};

struct dma_trace {
	struct dma_trace_dev devs[DMA_TRACE_MAX_DEVS];
	int nr;
	bool overflow;			/* more devices than DMA_TRACE_MAX_DEVS */
	unsigned long events;		/* events counted */
	unsigned long bad;		/* dma lines it could not read (cut, damaged) */
	size_t partial_len;		/* a line the last feed cut */
	char partial[DMA_TRACE_LINE_MAX];
};

/* T empty. */
void dma_trace_init(struct dma_trace *t);
/* One line of trace text (no newline needed): 1 counted, 0 not a map event. */
int dma_trace_line(struct dma_trace *t, const char *line, size_t len);
/* Text as read, lines cut anywhere; dma_trace_finish() takes a last
 * unterminated line. */
void dma_trace_feed(struct dma_trace *t, const char *buf, size_t len);
void dma_trace_finish(struct dma_trace *t);
/* The device NAME in T, or NULL. */
const struct dma_trace_dev *dma_trace_dev(const struct dma_trace *t, const char *name);

#endif
