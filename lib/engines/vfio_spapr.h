/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PCI device driven from user space through VFIO with the sPAPR TCE v2
 * IOMMU (drivers/vfio/vfio_iommu_spapr_tce.c; Documentation/driver-api/
 * vfio.rst, "sPAPR"): the container and the device's group, memory
 * registered once (v2 maps only registered memory), maps into DMA windows,
 * windows created and removed, the device's BAR mapped and its bus
 * mastering on.
 *
 * Everything opened or mapped here is undone by the cleanup stack
 * (lib/base/cleanup.h), newest first, also on SIGTERM: the BAR unmapped, the
 * device, group and container closed - before the caller's own earlier
 * entries, such as the unbinding from vfio-pci (lib/devices/pci.h pci_lend), which
 * would otherwise wait for ever for the device's release.
 *
 * Functions return 0 or -errno with ppcst_last_error() saying what failed.
 */
#ifndef PPCST_VFIO_SPAPR_H
#define PPCST_VFIO_SPAPR_H

#include <stddef.h>
#include <stdint.h>

#include <linux/vfio.h>

#include "base/error.h"

#define VFIO_PCI_DRIVER "vfio-pci"
#define VFIO_CONTAINER_PATH "/dev/vfio/vfio"

struct vfio_spapr {
	int container, group, device;	/* -1: not open */
	int group_id;
	/* The default (32-bit) window and what may be created. */
	struct vfio_iommu_spapr_tce_info info;
	/* The mapped BAR, and the cleanup entries of it and of the device. */
	void *bar;
	size_t bar_len;
	int bar_entry, device_entry;	/* -1: none */
};

/*
 * Opens the IOMMU group of ADDR (bound to vfio-pci) into a container with
 * the sPAPR TCE v2 IOMMU, reads its windows' info and opens the device.
 * -ENODEV when the kernel has no sPAPR TCE v2 IOMMU, -EBUSY when the group
 * is not viable (another device of it has a host driver).
 */
int vfio_spapr_open(struct vfio_spapr *v, const char *addr);

/* Registers (pins) LEN bytes at BUF for maps (VFIO_IOMMU_SPAPR_REGISTER_MEMORY). */
int vfio_spapr_register(struct vfio_spapr *v, void *buf, size_t len);

/*
 * Maps LEN bytes at VADDR (registered) at bus address IOVA; FLAGS:
 * VFIO_DMA_MAP_FLAG_READ (the device reads), _WRITE (it writes) or both.
 * The kernel's errno as it is: -ENXIO when IOVA is in no window.
 */
int vfio_spapr_map(struct vfio_spapr *v, void *vaddr, uint64_t iova, size_t len,
		   uint32_t flags);
int vfio_spapr_unmap(struct vfio_spapr *v, uint64_t iova, size_t len);

/*
 * Creates a DMA window of SIZE bytes (a power of 2) of 2^PAGE_SHIFT TCE
 * pages, one level; its bus address, chosen by the platform, into *START.
 */
int vfio_spapr_create_window(struct vfio_spapr *v, unsigned page_shift, uint64_t size,
			     uint64_t *start);
/* Removes the window at bus address START (its maps go with it). */
int vfio_spapr_remove_window(struct vfio_spapr *v, uint64_t start);

/*
 * Maps BAR INDEX (VFIO_PCI_BAR0_REGION_INDEX...) of the device into *BAR
 * and *LEN, and turns on memory decoding and bus mastering in its
 * command register, so it can do DMA.
 */
int vfio_spapr_map_bar(struct vfio_spapr *v, unsigned index, volatile void **bar,
		       size_t *len);

/*
 * The device's request channel (VFIO_PCI_REQ_IRQ_INDEX): an eventfd, into
 * *FD, that the kernel signals when it wants the device back - a removal
 * of the device waits until its fd is closed. Closed by the cleanup stack.
 */
int vfio_spapr_watch_request(struct vfio_spapr *v, int *fd);

/* Gives the device back now (its BAR unmapped, its fd closed), ahead of
 * the cleanup stack; the group and the container, with their windows and
 * maps, stay. */
void vfio_spapr_close_device(struct vfio_spapr *v);

#endif
