/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rules a pseries partition's DMA set-up must follow, as pure functions
 * over what lib/dma/dt.h decodes and what the kernel logged, so the suite's own
 * tests can feed them recorded faulty states (tests/data/ddw_basic/).
 *
 * The kernel's side (arch/powerpc/platforms/pseries/iommu.c, 6.12): when a
 * driver asks for more than 32 DMA address bits, enable_ddw() queries the PE
 * (ibm,query-pe-dma-windows), creates a window (ibm,create-pe-dma-window) big
 * enough to map all memory the partition may ever have (direct) or as big as
 * it can get (dynamic), records it in the device tree and ends with
 * "lsa_required: %x, lsa_enabled: %x, direct mapping: %x".
 *
 * Every rule returns true when it holds, else false with one line in
 * ppcst_last_error() (lib/base/error.h) saying what is wrong and with which
 * numbers.
 */
#ifndef PPCST_DDW_CHECK_H
#define PPCST_DDW_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dma/dt.h"
#include "dma/tce.h"

/* One enable_ddw() run for a device, as the kernel log tells it. */
struct ddw_attempt {
	char dev[32];		/* PCI address the kernel printed */
	bool has_buid;		/* from the query or create line */
	uint64_t buid;
	uint32_t cfg_addr;
	bool has_create;	/* ibm,create-pe-dma-window was called */
	uint32_t page_shift, window_shift;
	int create_rc;
	bool has_result;	/* the closing "direct mapping: %x" line */
	bool direct;
	bool lsa_required;	/* its mask is not 64 bits (same line) */
	bool lsa_enabled;	/* the PE was reset into limited-address mode */
};

struct ddw_log {
	struct ddw_attempt *a;
	int nr;
};

/*
 * Collect the enable_ddw() runs from kernel log text (dmesg, console or
 * lib/kmsg/kmsg_scanner.h text, any prefix before the device name).  0 or -ENOMEM.
 */
int ddw_log_parse(const char *text, struct ddw_log *log);
/* Read the records left on a /dev/kmsg fd (kmsg_open_start/_cursor) and
 * parse them.  0, or -errno with ppcst_last_error() saying why. */
int ddw_log_read_kmsg(int fd, struct ddw_log *log);
/* enable_ddw()'s runs in the whole kernel log (/dev/kmsg from its oldest
 * record): DDWs are made when drivers probe, at boot, and a PE that failed
 * once is never tried again.  0, or -errno (ppcst_last_error()). */
int ddw_log_read_boot(struct ddw_log *log);
/* Keep only device DEV's runs. */
void ddw_log_keep(struct ddw_log *log, const char *dev);
/* "kernel: DEV enable_ddw: create(...) rc N, direct mapping 1", a "# " line to OUT. */
void ddw_attempt_print(const struct ddw_attempt *a, FILE *out);
void ddw_log_free(struct ddw_log *log);

/* The TCE page shifts LoPAR defines (iommu_get_page_shift()). */
bool ddw_page_shift_valid(uint32_t shift);

/*
 * Highest address + 1 of the memory the partition has or may ever get:
 * hot-pluggable memory (dt_memory_max: lrdr-capacity, drmem) and the memory
 * nodes.  Unlike the kernel it never trusts a capacity below present RAM.
 */
uint64_t ddw_memory_needed(const struct dt_state *st);

/*
 * Where the vPMEM split window of PE's direct DDW turns dynamic, 0 when it
 * is not one. Linux (6.12 enable_ddw()) splits a DDW when the PE had to give
 * up its default window for it, an ibm,pmemory node exists, the window is
 * smaller than 2^MAX_PHYSMEM_BITS and holds 2 GiB beyond 2^order_base_2(the
 * memory it must map): below that it is direct (and the kernel's
 * bus_dma_limit, "direct DMA is limited by"), above it TCEs are mapped per
 * buffer, where PowerVM's pmem lies. The property stays
 * linux,direct64-ddr-window-info either way. Returns the offset into the
 * window (bytes).
 */
uint64_t ddw_split_offset(const struct dt_state *st, const struct dt_pe *pe);

/* PE offers DDW and a device on it asked for 64-bit DMA: a DDW must exist. */
bool ddw_rule_window_exists(const struct dt_pe *pe, bool wants64);
/* ibm,create-pe-dma-window must succeed. */
bool ddw_rule_create_ok(const struct ddw_attempt *a);
/* A direct window of 2^WINDOW_SHIFT bytes must cover NEEDED bytes; WHAT
 * names the window in the message. */
bool ddw_rule_direct_covers(const char *what, uint32_t window_shift,
			    uint64_t needed);
/* The kernel claims direct mapping only with a direct window in the tree
 * (else devices bypass the IOMMU with no window behind them). */
bool ddw_rule_direct_backed(const struct ddw_attempt *a, const struct dt_pe *pe);
/* A DDW must not overlap the PHB's 32-bit MMIO window on the bus. */
bool ddw_rule_clear_of_mmio32(const struct dt_ddw_window *w,
			      const struct dt_phb *phb);
/*
 * Limited addressing (LoPAR 2.13, Linux 67dfc11982f7): for a device whose
 * DMA mask has 33 to 63 bits, enable_ddw() resets the PE into limited-address
 * mode when ibm,ddw-extensions offers it (entry 3 = 1), and the platform
 * places the DDW above the 32-bit window (at 4 GiB in QEMU and PowerVM).
 * DDW_LIMITED_MIN_BASE is the lowest base such a window may have.
 */
#define DDW_LIMITED_MIN_BASE (1ULL << 32)
/* Whether PE offers the limited-address mode. */
bool ddw_pe_offers_limited(const struct dt_pe *pe);
/* A's device had a mask below 64 bits on a PE that offers the mode: the
 * kernel must have put the PE in it ("lsa_required: 1, lsa_enabled: 1"). */
bool ddw_rule_limited_enabled(const struct ddw_attempt *a, const struct dt_pe *pe);
/*
 * The DDW W made for a device with a MASK_BITS-bit mask in limited-address
 * mode: above the 32-bit window, its base within the mask, and no larger
 * than the mask reaches (enable_ddw() caps its size at 2^fls64(mask):
 * dev_max_ddw).
 */
bool ddw_rule_limited_window(const struct dt_ddw_window *w, unsigned mask_bits);
/* Bytes of W above what a MASK_BITS-bit mask reaches (0: none). */
uint64_t ddw_limited_overrun(const struct dt_ddw_window *w, unsigned mask_bits);
/* A LoPAR page shift, no larger than the window itself. */
bool ddw_rule_page_shift(const struct dt_ddw_window *w);
/*
 * The TCE table T of a dynamic DDW W on PHB must hold reserved the entries
 * that the PHB's 32-bit MMIO range would take where the window covers them:
 * enable_ddw() hands iommu_init_table() the MMIO32 resource's CPU addresses
 * shifted to TCE numbers, so that no DMA is mapped where PowerVM may place
 * MMIO inside the window (8f70caad82e9 shifted them; unshifted, nothing was
 * reserved). Debugfs shows the range (it_reserved_start/end).
 */
bool ddw_rule_mmio32_reserved(const struct dt_ddw_window *w, const struct dt_phb *phb,
			      const struct tce_table_usage *t);

/*
 * After a DMA load has ended, a TCE table must be back at its baseline:
 * BEFORE's weight, or for a table the load created (BEFORE NULL) its
 * reserved entries (iommu_init_table() marks those in the map it weighs).
 */
bool ddw_rule_tce_baseline(const struct tce_table_usage *before,
			   const struct tce_table_usage *after);

/*
 * Every TCE table of NOW against its baseline in BEFORE (both from
 * tce_snapshot_take(), after a DMA load has ended): the one judgement of TCE
 * leaks, ddw_rule_tce_baseline for each table that grew or appeared. REPORT
 * gets one line per table: BROKEN for a leak, else a note (a table that went
 * away with its window). Returns the number of leaking tables.
 */
int ddw_check_tce_baseline(const struct tce_snapshot *before, const struct tce_snapshot *now,
			   void (*report)(const char *line, bool broken, void *ctx), void *ctx);

/*
 * The rules over the TCE tables of ST's dynamic DDWs, as SNAP (debugfs,
 * tce_snapshot_take) shows them; a window without a table in SNAP is not
 * judged. REPORT gets one line per broken rule; returns their number.
 */
int ddw_check_tables(const struct dt_state *st, const struct tce_snapshot *snap,
		     void (*report)(const char *line, void *ctx), void *ctx);

/* What the caller knows of a live device (sysfs); tests pass none. */
struct ddw_dev {
	const char *addr;	/* "0001:00:00.0" */
	const char *node;	/* device-tree path (sysfs devspec) */
	bool wants64;		/* a driver set a DMA mask above 32 bits */
};

/*
 * All rules over a whole partition: every PE of ST, the devices DEVS and the
 * enable_ddw() runs in LOG.  REPORT gets one line per broken rule.  Returns
 * the number of broken rules.
 */
int ddw_check_partition(const struct dt_state *st, const struct ddw_dev *devs,
			int nr_devs, const struct ddw_log *log,
			void (*report)(const char *line, void *ctx), void *ctx);

#endif
