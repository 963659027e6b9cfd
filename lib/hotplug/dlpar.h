/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DLPAR of PCI host bridges and slots: taking a device's PE away from the
 * partition and giving it back, the way each platform does it.
 *
 *  - QEMU testbed: the host plugs a PHB (spapr-pci-host-bridge, one PE) and
 *    a device on it through QMP (lib/testbed/hostreq_client.h), or unplugs it; the
 *    guest's rtas_errd + drmgr carry it out.
 *  - PowerVM: drmgr on the DRC name of a slot the operator names: -c pci for
 *    a hot-plug PCI slot, -c slot for a logical I/O slot (an SR-IOV logical
 *    port, whose removal the HMC would otherwise start).
 *
 * Functions return 0 or -errno with the one-line reason in ppcst_last_error().
 */
#ifndef PPCST_DLPAR_H
#define PPCST_DLPAR_H

#include <stdbool.h>

#include "base/sysfs.h"

/* QEMU: a PHB's unit address is this plus its index (up to 31); each PHB has
 * a PCI slot DRC per devfn, named C<index * 65536 + devfn>, and rpaphp
 * registers a hotplug slot for each. */
#define DLPAR_TB_PHB_BUID_BASE 0x800000020000000ULL
#define DLPAR_TB_PHB_INDEX_MAX 31
#define DLPAR_TB_SLOTS_PER_PHB 256
#define DLPAR_TB_SLOT_NAME_STRIDE 65536

/* drmgr -c CONNECTOR ("pci" or "slot") OP ("-r" remove, "-a" add) -s SLOT -n,
 * bounded by TIMEOUT_S. */
int dlpar_drmgr_slot(const char *connector, const char *slot, const char *op,
		     unsigned timeout_s);

/* Testbed: the host plugs PHB INDEX with QEMU id ID, then the device DEV
 * (QMP device_add arguments, JSON) on it. */
int dlpar_host_add_phb(unsigned index, const char *id, const char *dev, unsigned timeout_s);
/* Testbed: the host unplugs device ID and waits until QEMU let it go (the
 * guest released it), as long as the removal moves (hotplug_step_wait). */
int dlpar_host_remove(const char *id);

/* The index of the testbed PHB at device-tree path NODE
 * ("/pci@800000020000001"), 0 if it is none of QEMU's. */
unsigned dlpar_tb_phb_index(const char *node);
/* Hotplug slots the kernel still has for testbed PHB INDEX (6.12's
 * dlpar_remove_phb leaves all but one behind: README, the rpaphp oops). */
int dlpar_tb_phb_slots(unsigned index);
/* Where to add a PHB back: REMOVED if nothing of it is left (or SAME), else
 * the lowest index the kernel holds nothing of; 0 if none. */
unsigned dlpar_tb_phb_for_add(unsigned removed, bool same);

/* Testbed: dlpar_host_add_phb, then waits for its PCI device VENDOR:DEVICE
 * (one that was not there before) as long as the addition moves
 * (hotplug_step_wait); its address into ADDR. 0, or -errno with
 * ppcst_last_error(). */
int dlpar_host_add_phb_dev(unsigned index, const char *id, const char *dev, uint32_t vendor,
			   uint32_t device, char *addr, size_t len, unsigned timeout_s);

#endif
