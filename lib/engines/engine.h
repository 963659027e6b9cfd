/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA engines as drivers: a device that copies memory on its own, driven
 * from user space through VFIO (lib/engines/vfio_spapr.h), behind one ops
 * table, so that a test aims DMA at the IOVAs it chooses without knowing
 * which device does it. The model is the Linux VFIO selftests' driver
 * layer (tools/testing/selftests/vfio/lib/vfio_pci_driver.c and its ioat
 * and dsa drivers): a driver probes a device, is initialised on its mapped
 * BAR, advertises how much one copy may move and how many copies one start
 * may repeat, starts a copy from one IOVA to another and waits for it.
 *
 * Each driver lives in a folder of its own, lib/engines/NAME/, and is one
 * line of the registry in engine.c (lib/engines/README.md).
 *
 * Functions return 0 or -errno with ppcst_last_error() saying what failed.
 */
#ifndef PPCST_ENGINE_H
#define PPCST_ENGINE_H

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "devices/pci.h"

/* A PCI device a driver drives; a driver's table ends with {0, 0}. */
struct dma_engine_id {
	uint32_t vendor, device;
};

/* A driver's state, kept in the engine itself: no allocation, so its
 * remove() may run from the cleanup stack's signal handler. Descriptors a
 * device reads belong in DMA-mapped memory, not here. */
#define DMA_ENGINE_PRIV_MAX 256

struct dma_engine;

struct dma_engine_driver {
	const char *name;
	/* The devices it drives, by vendor:device (the registry's probe). */
	const struct dma_engine_id *ids;
	/* The BAR its registers are in, mapped by the caller for init(). */
	unsigned bar;
	/* What it advertises before it sees a device; init() may lower them
	 * from what the device reports (the way ioat reads its XFERCAP). */
	uint64_t max_memcpy_size;	/* bytes one copy may move */
	uint64_t max_memcpy_count;	/* times one start may repeat a copy */
	/*
	 * Takes the device, its BAR mapped at e->bar: checks it really is one
	 * it drives, sets it up for copies, fills e->about (what it found)
	 * and may lower e->max_memcpy_size and e->max_memcpy_count.
	 */
	int (*init)(struct dma_engine *e);
	/*
	 * Leaves the device idle: no copy running once it returns (bounded).
	 * Runs from the cleanup stack, before the BAR is unmapped and the
	 * IOVAs a copy may still touch are unmapped: async-signal-safe only.
	 */
	void (*remove)(struct dma_engine *e);
	/*
	 * Starts COUNT copies of SIZE bytes from bus address SRC to DST (the
	 * device reads [SRC, SRC+SIZE), writes [DST, DST+SIZE)) and returns
	 * without waiting. SIZE and COUNT are within the limits (checked).
	 */
	int (*memcpy_start)(struct dma_engine *e, uint64_t src, uint64_t dst, uint64_t size,
			    uint64_t count);
	/* Waits up to TIMEOUT_MS for the started copies to have finished,
	 * every DMA of them complete; -ETIMEDOUT, or -EIO when the device
	 * reports an error. */
	int (*memcpy_wait)(struct dma_engine *e, unsigned timeout_ms);
};

struct dma_engine {
	const struct dma_engine_driver *driver;	/* NULL: not initialised */
	volatile uint8_t *bar;
	size_t bar_len;
	uint64_t max_memcpy_size, max_memcpy_count;
	bool copy_running;	/* started and not yet waited for */
	char about[96];		/* the driver's word on the device, e.g. its version */
	int remove_entry;	/* the cleanup stack's entry for remove(), -1: none */
	alignas(max_align_t) unsigned char priv[DMA_ENGINE_PRIV_MAX];
};

/* What the registered drivers support: "edu 1234:11e8, ..." (static). */
const char *dma_engine_supported(void);

/*
 * The registry's probe: the driver for vendor:device of DEV, or NULL with
 * ppcst_last_error() naming the device and every vendor:device the
 * registered drivers support.
 */
const struct dma_engine_driver *dma_engine_probe(const struct pci_dev_info *dev);

/* The first PCI device of this machine a registered driver supports, into
 * *DEV; -ENODEV naming the supported ones when there is none. */
int dma_engine_find_device(struct pci_dev_info *dev);

/*
 * Initialises DRIVER on the device whose BAR driver->bar is mapped at BAR
 * (LEN bytes), the limits first the driver's own. Its remove() goes on the
 * cleanup stack, so call this after the BAR is mapped: it runs before the
 * BAR goes.
 */
int dma_engine_init(struct dma_engine *e, const struct dma_engine_driver *driver,
		    volatile void *bar, size_t len);

/* Runs the driver's remove() now, ahead of the cleanup stack (before the
 * caller unmaps the BAR itself); a no-op when not initialised. */
void dma_engine_remove(struct dma_engine *e);

/* The driver's memcpy_start(), SIZE (>= 1) and COUNT (>= 1) refused with
 * -EINVAL beyond the engine's limits before the device is touched. */
int dma_engine_memcpy_start(struct dma_engine *e, uint64_t src, uint64_t dst, uint64_t size,
			    uint64_t count);
int dma_engine_memcpy_wait(struct dma_engine *e, unsigned timeout_ms);

/* The next piece of a copy with LEFT bytes to go: what one memcpy_start()
 * of the engine may take. */
uint64_t dma_engine_piece(const struct dma_engine *e, uint64_t left);

/*
 * LEN bytes from SRC to DST in pieces the engine takes, each started and
 * waited for (TIMEOUT_MS each); the number of copies into *COPIES and the
 * slowest one's milliseconds into *SLOWEST_MS.
 */
int dma_engine_memcpy(struct dma_engine *e, uint64_t src, uint64_t dst, uint64_t len,
		      unsigned timeout_ms, unsigned *copies, unsigned *slowest_ms);

#endif
