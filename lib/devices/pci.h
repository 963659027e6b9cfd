/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI devices and drivers as sysfs shows them: list, look up, bind, unbind,
 * lend to a driver (undone by the cleanup stack), remove and rescan.
 *
 * Functions return 0 or -errno with ppcst_last_error() (lib/base/error.h).
 */
#ifndef PPCST_PCI_H
#define PPCST_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYSFS_PCI_DEVICES "/sys/bus/pci/devices"
#define SYSFS_PCI_DRIVERS "/sys/bus/pci/drivers"

struct pci_dev_info {
	char addr[32];		/* "0001:00:00.0" */
	uint32_t vendor, device, class_code;
	char driver[64];	/* "" if unbound */
	char devspec[256];	/* device-tree node path, "" if none */
	int iommu_group;	/* -1 if none */
	int numa_node;		/* -1 if none */
};

/* Every device in /sys/bus/pci/devices, in a malloc'ed array. */
int pci_list(struct pci_dev_info **devs, int *nr);
/*
 * The first device of pci_list() that WANTED(dev, CTX) takes, into *FOUND:
 * 0, or -ENODEV with ppcst_last_error() "none of the N PCI devices" for the
 * caller to say what it wanted.
 */
int pci_find(bool (*wanted)(const struct pci_dev_info *dev, const void *ctx), const void *ctx,
	     struct pci_dev_info *found);
int pci_get(const char *addr, struct pci_dev_info *info);
/*
 * The PCI device a sysfs device sits on ("/sys/block/vda/device",
 * "/sys/class/net/eth0/device"): the innermost "DDDD:BB:DD.F" directory of
 * its real path, into ADDR. -ENODEV if it is not on PCI.
 */
int pci_parent(const char *sysfs_dev, char *addr, size_t len);
/* DMA mask width a driver set for ADDR (dma_mask_bits), 0 if unreadable. */
uint64_t pci_dma_mask_bits(const char *addr);
int pci_unbind(const char *addr);	/* no-op if unbound */
/* driver_override = DRIVER (NULL clears it), then bind to DRIVER; a device
 * the PCI core does not yet offer to drivers (ENODEV, just hot-added) is
 * tried again for up to PCI_BIND_WAIT_S, and one the core's own probe bound
 * to DRIVER meanwhile (EBUSY) counts as bound. */
#define PCI_BIND_WAIT_S 60
int pci_bind(const char *addr, const char *driver);
/*
 * Lends ADDR to DRIVER: unbound from the driver it has (if any), then
 * driver_override + bind. The cleanup stack (lib/base/cleanup.h) gets the way
 * back, run newest first: unbind from DRIVER, the old driver_override, a
 * bind to the old driver. -EBUSY if ADDR is bound to DRIVER already (someone
 * else's); 0 or -errno (ppcst_last_error()).
 */
int pci_lend(const char *addr, const char *driver);
int pci_remove(const char *addr);
int pci_rescan(void);

#endif
