// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO with the sPAPR TCE v2 IOMMU: lib/engines/vfio_spapr.h.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/pci_regs.h>

#include "base/cleanup.h"
#include "devices/pci.h"
#include "engines/vfio_spapr.h"

/* Cleanup actions: async-signal-safe (close, munmap are plain syscalls). */
static void close_fd(void *arg)
{
	close(*(int *)arg);
}

struct bar_map {
	void *addr;
	size_t len;
};

static void unmap_bar(void *arg)
{
	struct bar_map *m = arg;

	munmap(m->addr, m->len);
}

/* FD (open) goes on the cleanup stack, its entry into *ENTRY unless NULL;
 * -errno if there is no room. */
static int push_close(int fd, const char *what, int *entry)
{
	int handle = cleanup_push(what, close_fd, &fd, sizeof(fd));

	if (handle < 0) {
		int err = errno;

		close(fd);
		return ppcst_fail(-err, "cleanup stack: %s", strerror(err));
	}
	if (entry)
		*entry = handle;
	return 0;
}

static int open_group(struct vfio_spapr *v, const char *addr)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct pci_dev_info info;
	char path[PATH_MAX];
	int ret = pci_get(addr, &info);

	if (ret)
		return ret;
	if (info.iommu_group < 0)
		return ppcst_fail(-ENODEV, "%s is in no IOMMU group", addr);
	v->group_id = info.iommu_group;
	snprintf(path, sizeof(path), "/dev/vfio/%d", v->group_id);
	v->group = open(path, O_RDWR | O_CLOEXEC);
	if (v->group < 0)
		return ppcst_fail(-errno, "%s (group of %s): %s", path, addr, strerror(errno));
	ret = push_close(v->group, "close VFIO group", NULL);
	if (ret) {
		v->group = -1;
		return ret;
	}
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &status))
		return ppcst_fail(-errno, "%s: VFIO_GROUP_GET_STATUS: %s", path, strerror(errno));
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return ppcst_fail(-EBUSY, "IOMMU group %d of %s is not viable: another device "
				  "in it is bound to a host driver", v->group_id, addr);
	return 0;
}

int vfio_spapr_open(struct vfio_spapr *v, const char *addr)
{
	int ret;

	v->container = v->group = v->device = -1;
	v->bar = NULL;
	v->bar_entry = v->device_entry = -1;
	v->container = open(VFIO_CONTAINER_PATH, O_RDWR | O_CLOEXEC);
	if (v->container < 0)
		return ppcst_fail(-errno, "%s: %s", VFIO_CONTAINER_PATH, strerror(errno));
	ret = push_close(v->container, "close VFIO container", NULL);
	if (ret) {
		v->container = -1;
		return ret;
	}
	if (ioctl(v->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		return ppcst_fail(-ENODEV, "%s: VFIO API version is not %d", VFIO_CONTAINER_PATH,
				  VFIO_API_VERSION);
	if (ioctl(v->container, VFIO_CHECK_EXTENSION, VFIO_SPAPR_TCE_v2_IOMMU) <= 0)
		return ppcst_fail(-ENODEV, "%s: no sPAPR TCE v2 IOMMU "
				  "(CONFIG_VFIO_IOMMU_SPAPR_TCE not set?)", VFIO_CONTAINER_PATH);
	ret = open_group(v, addr);
	if (ret)
		return ret;
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container))
		return ppcst_fail(-errno, "group %d: VFIO_GROUP_SET_CONTAINER: %s", v->group_id,
				  strerror(errno));
	if (ioctl(v->container, VFIO_SET_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU))
		return ppcst_fail(-errno, "VFIO_SET_IOMMU(sPAPR TCE v2): %s", strerror(errno));
	memset(&v->info, 0, sizeof(v->info));
	v->info.argsz = sizeof(v->info);
	if (ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_GET_INFO, &v->info))
		return ppcst_fail(-errno, "VFIO_IOMMU_SPAPR_TCE_GET_INFO: %s", strerror(errno));
	v->device = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, addr);
	if (v->device < 0)
		return ppcst_fail(-errno, "VFIO_GROUP_GET_DEVICE_FD %s: %s", addr, strerror(errno));
	ret = push_close(v->device, "close VFIO device", &v->device_entry);
	if (ret)
		v->device = -1;
	return ret;
}

int vfio_spapr_register(struct vfio_spapr *v, void *buf, size_t len)
{
	struct vfio_iommu_spapr_register_memory reg = {
		.argsz = sizeof(reg), .vaddr = (uintptr_t)buf, .size = len,
	};

	if (ioctl(v->container, VFIO_IOMMU_SPAPR_REGISTER_MEMORY, &reg))
		return ppcst_fail(-errno, "VFIO_IOMMU_SPAPR_REGISTER_MEMORY %zu bytes: %s", len,
				  strerror(errno));
	return 0;
}

int vfio_spapr_map(struct vfio_spapr *v, void *vaddr, uint64_t iova, size_t len,
		   uint32_t flags)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map), .flags = flags, .vaddr = (uintptr_t)vaddr,
		.iova = iova, .size = len,
	};

	if (ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map))
		return ppcst_fail(-errno, "VFIO_IOMMU_MAP_DMA 0x%zx bytes at 0x%llx: %s", len,
				  (unsigned long long)iova, strerror(errno));
	return 0;
}

int vfio_spapr_unmap(struct vfio_spapr *v, uint64_t iova, size_t len)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap), .iova = iova, .size = len,
	};

	if (ioctl(v->container, VFIO_IOMMU_UNMAP_DMA, &unmap))
		return ppcst_fail(-errno, "VFIO_IOMMU_UNMAP_DMA 0x%zx bytes at 0x%llx: %s", len,
				  (unsigned long long)iova, strerror(errno));
	return 0;
}

int vfio_spapr_create_window(struct vfio_spapr *v, unsigned page_shift, uint64_t size,
			     uint64_t *start)
{
	struct vfio_iommu_spapr_tce_create create = {
		.argsz = sizeof(create), .page_shift = page_shift, .window_size = size,
		.levels = 1,
	};

	if (ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_CREATE, &create))
		return ppcst_fail(-errno, "VFIO_IOMMU_SPAPR_TCE_CREATE 0x%llx bytes of 2^%u pages: %s",
				  (unsigned long long)size, page_shift, strerror(errno));
	*start = create.start_addr;
	return 0;
}

int vfio_spapr_remove_window(struct vfio_spapr *v, uint64_t start)
{
	struct vfio_iommu_spapr_tce_remove remove = {
		.argsz = sizeof(remove), .start_addr = start,
	};

	if (ioctl(v->container, VFIO_IOMMU_SPAPR_TCE_REMOVE, &remove))
		return ppcst_fail(-errno, "VFIO_IOMMU_SPAPR_TCE_REMOVE at 0x%llx: %s",
				  (unsigned long long)start, strerror(errno));
	return 0;
}

/* Sets BITS in the device's PCI command register (config space region). */
static int command_set(struct vfio_spapr *v, uint16_t bits)
{
	struct vfio_region_info cfg = {
		.argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX,
	};
	uint16_t cmd;

	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &cfg))
		return ppcst_fail(-errno, "config space region info: %s", strerror(errno));
	/* Config space reads little-endian through VFIO on every host. */
	if (pread(v->device, &cmd, sizeof(cmd), (off_t)(cfg.offset + PCI_COMMAND)) != sizeof(cmd))
		return ppcst_fail(-EIO, "PCI command register: read failed");
	cmd = (uint16_t)(le16toh(cmd) | bits);
	cmd = htole16(cmd);
	if (pwrite(v->device, &cmd, sizeof(cmd), (off_t)(cfg.offset + PCI_COMMAND)) != sizeof(cmd))
		return ppcst_fail(-EIO, "PCI command register: write failed");
	return 0;
}

int vfio_spapr_map_bar(struct vfio_spapr *v, unsigned index, volatile void **bar,
		       size_t *len)
{
	struct vfio_region_info reg = { .argsz = sizeof(reg), .index = index };
	struct bar_map m;

	if (ioctl(v->device, VFIO_DEVICE_GET_REGION_INFO, &reg))
		return ppcst_fail(-errno, "BAR %u region info: %s", index, strerror(errno));
	if (!(reg.flags & VFIO_REGION_INFO_FLAG_MMAP) || !reg.size)
		return ppcst_fail(-ENODEV, "BAR %u cannot be mapped (flags 0x%x, size 0x%llx)",
				  index, reg.flags, (unsigned long long)reg.size);
	m.len = (size_t)reg.size;
	m.addr = mmap(NULL, m.len, PROT_READ | PROT_WRITE, MAP_SHARED, v->device,
		      (off_t)reg.offset);
	if (m.addr == MAP_FAILED)
		return ppcst_fail(-errno, "mmap BAR %u: %s", index, strerror(errno));
	/* The mapping holds the device open: it goes before the device's close. */
	v->bar_entry = cleanup_push("unmap BAR", unmap_bar, &m, sizeof(m));
	if (v->bar_entry < 0) {
		int err = errno;

		munmap(m.addr, m.len);
		return ppcst_fail(-err, "cleanup stack: %s", strerror(err));
	}
	*bar = v->bar = m.addr;
	*len = v->bar_len = m.len;
	return command_set(v, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

int vfio_spapr_watch_request(struct vfio_spapr *v, int *fd)
{
	union {
		struct vfio_irq_set set;
		char buf[sizeof(struct vfio_irq_set) + sizeof(int)];
	} u = { .set = {
		.argsz = sizeof(u), .index = VFIO_PCI_REQ_IRQ_INDEX, .start = 0, .count = 1,
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
	} };
	int ret;

	*fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (*fd < 0)
		return ppcst_fail(-errno, "eventfd: %s", strerror(errno));
	ret = push_close(*fd, "close the device request eventfd", NULL);
	if (ret)
		return ret;
	memcpy(u.set.data, fd, sizeof(*fd));
	if (ioctl(v->device, VFIO_DEVICE_SET_IRQS, &u.set))
		return ppcst_fail(-errno, "VFIO_DEVICE_SET_IRQS (request channel): %s",
				  strerror(errno));
	return 0;
}

void vfio_spapr_close_device(struct vfio_spapr *v)
{
	if (v->bar_entry >= 0) {
		cleanup_drop(v->bar_entry);
		munmap(v->bar, v->bar_len);
		v->bar_entry = -1;
		v->bar = NULL;
	}
	if (v->device_entry >= 0) {
		cleanup_drop(v->device_entry);
		close(v->device);
		v->device_entry = v->device = -1;
	}
}
