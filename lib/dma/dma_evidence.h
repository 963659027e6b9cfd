/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which DMA window a device's data crossed, proven at run time: the windows
 * its PE has (device tree), the bus addresses the kernel gave the device
 * during the load (dma trace events, lib/dma/dma_watch.h) and, for a window
 * mapped TCE by TCE, its TCE table's usage rising meanwhile. A claim "DMA
 * through the direct DDW" is made only when every address the device got lies
 * in that window.
 *
 * A virtio device without VIRTIO_F_ACCESS_PLATFORM never maps anything: Linux
 * hands it physical addresses and QEMU reads guest RAM directly, past every
 * window. It is refused by name, never counted as coverage.
 */
#ifndef PPCST_DMA_EVIDENCE_H
#define PPCST_DMA_EVIDENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dma/dma_watch.h"

/* VIRTIO_F_ACCESS_PLATFORM (include/uapi/linux/virtio_config.h). */
#define VIRTIO_F_ACCESS_PLATFORM_BIT 33

enum dma_window_kind {
	DMA_WINDOW_DEFAULT,		/* 32-bit default window: TCEs per map */
	DMA_WINDOW_DDW_DIRECT,		/* DDW pre-mapping all RAM */
	DMA_WINDOW_DDW_DYNAMIC,		/* DDW with TCEs per map */
};

struct dma_window {
	enum dma_window_kind kind;
	uint32_t liobn;
	uint64_t start, end;		/* bus addresses, END exclusive */
	unsigned tce_shift;		/* log2 of its TCE page size */
};

/* The windows of one device's PE, and the one its DMA mask makes it use. */
struct dma_windows {
	struct dma_window w[3];
	int nr;
	int expected;			/* index into w, -1: none */
	unsigned mask_bits;		/* the device's DMA mask */
	/* Each map lives for microseconds (dma_map_benchmark's one page): the
	 * TCE usage sampled every DMA_WATCH_PERIOD_MS never sees it, and the
	 * traced bus addresses alone prove the window. */
	bool brief_maps;
};

const char *dma_window_kind_name(enum dma_window_kind kind);
/* "direct DDW (LIOBN 0x80000201, 0x800000000000000-0x800200000000000, 16M TCEs)" */
void dma_window_text(const struct dma_window *w, char *buf, size_t len);

/* Those of PCI device ADDR now (device tree, sysfs): 0 or -errno with
 * ppcst_last_error(). */
int dma_windows_of(const char *addr, struct dma_windows *out);
/* Judge WS for a device with a MASK_BITS-bit mask (a load that set its own,
 * as dma_map_benchmark, which puts the old one back before sysfs is read). */
void dma_windows_set_mask(struct dma_windows *ws, unsigned mask_bits);

/*
 * Whether PCI device ADDR moves data past the IOMMU: a virtio device
 * without VIRTIO_F_ACCESS_PLATFORM. SYSFS: "/sys" (tests: a recorded
 * tree). True with ppcst_last_error() naming it and saying why.
 */
bool dma_bypasses_iommu(const char *sysfs, const char *addr);

/*
 * The evidence that device ADDR's data crossed window WS->w[WS->expected]
 * during the load R watched: it was given bus addresses (at least one map),
 * all inside that window, and for a window mapped per map (default, dynamic
 * DDW) its TCE usage rose above the base. 0: proven, SUMMARY says which
 * window and the evidence; 1: not, ppcst_last_error() says why (SUMMARY
 * still says what was seen).
 */
int dma_evidence_judge(const char *addr, const struct dma_windows *ws,
		       const struct dma_watch_result *r, char *summary, size_t len);

/*
 * The whole proof for the devices a load moves data through: refuses a
 * device that bypasses the IOMMU, reads each one's windows, watches the load
 * (lib/dma/dma_watch.h) and judges each. Begin: 0 watching; 1 a device is
 * refused (ppcst_last_error() names it); -errno the load cannot be watched
 * (no dma trace events: ppcst_last_error()), the windows stay unproven.
 */
#define DMA_PROOF_MAX_DEVS 4

struct dma_proof {
	int nr;
	char addr[DMA_PROOF_MAX_DEVS][32];
	struct dma_windows ws[DMA_PROOF_MAX_DEVS];
	bool watching;
	struct dma_watch watch;
	struct dma_watch_result *result;	/* after the end */
};

/* LABEL: what the load is (a name: the test case), in the records below. */
int dma_proof_begin(struct dma_proof *p, const char *label, const char *const *addrs, int nr);
/*
 * Ends the watch. Then, per device I: 0 proven, 1 not (ppcst_last_error()),
 * SUMMARY what was seen; -errno when there was no watch or it broke.
 * Each judgement is also a line of the test's dma-evidence.jsonl
 * (lib/base/results_file.h), the page's record of it: {"watch" (the watch's id,
 * as in tce-usage.csv), "label", "device", "proven", "why" (null when
 * proven), "expected": the window its mask points at, "crossed": the window
 * holding every address it got (null: none did), each {"kind":
 * "default"|"ddw-direct"|"ddw-dynamic", "liobn", "start", "end",
 * "tce_shift"}, "maps", "bytes", "bus_lo", "bus_hi", "tce": {"liobn",
 * "base", "peak", "entries"} or null, "samples", "summary"}.
 */
int dma_proof_end(struct dma_proof *p);
int dma_proof_judge(struct dma_proof *p, int i, char *summary, size_t len);
/* Frees the result. */
void dma_proof_free(struct dma_proof *p);

#endif
