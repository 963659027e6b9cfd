/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA windows of every PE, as the device tree tells them (lib/dma/dt.h): one
 * snapshot type (struct dt_state), one comparison ("DMA windows unchanged":
 * across a pmem cycle, a DIMM, a reboot or a kexec) and one way to print a
 * window, for every program that judges DDWs over time.
 */
#ifndef PPCST_DDW_STATE_H
#define PPCST_DDW_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dma/dt.h"

/*
 * Snapshot of the tree at ROOT (NULL: DT_ROOT_DEFAULT). 0, or -errno with
 * ppcst_last_error() naming the node; ST needs no freeing after a failure.
 */
int ddw_state_take(const char *root, struct dt_state *st);

/* PE's DMA class and windows, kselftest-style "# " lines to OUT. */
void ddw_pe_print(const struct dt_pe *pe, FILE *out);

/* "LIOBN 0x.. at 0x.., 2^N bytes, M-bit pages": every window printed. */
void ddw_window_text(const struct dt_ddw_window *w, char *buf, size_t len);

/*
 * NOW against REF (named REF_NAME in the lines: "boot 0", "the baseline";
 * they read "...DDW lost (boot 0: ...)", "...boot 0's was ..."): every PE keeps its DMA mode and windows, none holds two DDWs (a
 * window kept beside a new one), no PE goes and none with a DDW appears.
 * REPORT gets one line per difference; returns their number (0: unchanged).
 */
int ddw_state_compare(const struct dt_state *ref, const struct dt_state *now,
		      const char *ref_name, void (*report)(const char *line, void *ctx),
		      void *ctx);

/* How one PCI device does DMA now: its node (sysfs devspec) and its PE. */
struct ddw_dev_dma {
	char node[256];
	bool in_tree;		/* the tree has the node: the rest is known */
	enum dt_dma_class cls;
	uint32_t default_liobn;	/* of the PE's default window, 0 if none */
	uint32_t ddw_liobn;	/* of the PE's DDW, 0 if none */
};

/*
 * That of PCI device ADDR ("0001:00:00.0"). 0; -ENODEV when it is no PCI
 * device with a device-tree node, -errno when the tree cannot be read
 * (ppcst_last_error() says which).
 */
int ddw_dev_dma(const char *addr, struct ddw_dev_dma *out);

/* Whether any PE holds a DDW of LIOBN. */
bool ddw_state_has_liobn(const struct dt_state *st, uint32_t liobn);
/* Whether any PE of this machine has the DDW of LIOBN now (false also when
 * its device tree cannot be read). */
bool ddw_state_liobn_present(uint32_t liobn);

#endif
