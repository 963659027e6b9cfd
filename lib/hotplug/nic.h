/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A NIC found by its MAC address as it is now: its interface, driver, PCI
 * address, device-tree node, the PHB above it and the DMA window it maps
 * through; for tests that take a NIC away and give it back (DLPAR), where
 * all of these change.
 */
#ifndef PPCST_NIC_H
#define PPCST_NIC_H

#include <stdbool.h>
#include <stdint.h>

#include "dma/dt.h"
#include "devices/net_pair.h"

struct nic {
	struct net_pair np;	/* the NIC (dut) and its peer */
	unsigned ifindex;
	char driver[64];	/* "" until its driver has probed */
	char node[256];		/* its device-tree node */
	char phb[128];		/* the PHB node above it */
	enum dt_dma_class cls;
	uint32_t liobn;		/* of its default window, 0 if none */
};

/* The NIC with MAC (and its peer, lib/devices/net_pair.h). 0; 1 not there (yet);
 * -1; the reason in ppcst_last_error(). */
int nic_find(struct nic *n, const char *mac);
/* Waits for the NIC with its driver probed, as long as its addition moves
 * (lib/hotplug/hotplug_progress.h): the seconds it took, or -1 (ppcst_last_error()). */
double nic_wait(struct nic *n, const char *mac);
/* Whether interface NAME is gone. */
bool nic_iface_gone(const char *name);

#endif
