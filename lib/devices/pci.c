// SPDX-License-Identifier: GPL-2.0
#include "devices/pci.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "base/sysfs.h"

/* Last path component of symlink DIR/NAME into OUT ("" if no link). */
static void link_base(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	const char *base;

	out[0] = 0;
	if (ppcst_sysfs_join(path, sizeof(path), dir, name))
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	/* A name that does not fit is no name we know (drivers, groups). */
	if (strlen(base) < len)
		memcpy(out, base, strlen(base) + 1);
}

int pci_get(const char *addr, struct pci_dev_info *info)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[32];
	uint64_t v = 0;
	int ret;

	memset(info, 0, sizeof(*info));
	if (strlen(addr) >= sizeof(info->addr))
		return ppcst_fail(-EINVAL, "\"%s\" is not a PCI address", addr);
	strcpy(info->addr, addr);
	ret = ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr);
	ret = ret ?: ppcst_sysfs_read_at_u64(dir, "vendor", &v);
	info->vendor = (uint32_t)v;
	ret = ret ?: ppcst_sysfs_read_at_u64(dir, "device", &v);
	info->device = (uint32_t)v;
	ret = ret ?: ppcst_sysfs_read_at_u64(dir, "class", &v);
	info->class_code = (uint32_t)v;
	if (ret)
		return ret;
	link_base(dir, "driver", info->driver, sizeof(info->driver));
	/* devspec only exists with CONFIG_OF; a missing one is not an error. */
	if (ppcst_sysfs_join(path, sizeof(path), dir, "devspec") ||
	    ppcst_sysfs_read(path, info->devspec, sizeof(info->devspec)))
		info->devspec[0] = 0;
	link_base(dir, "iommu_group", buf, sizeof(buf));
	info->iommu_group = buf[0] ? atoi(buf) : -1;
	info->numa_node = ppcst_sysfs_join(path, sizeof(path), dir, "numa_node") ||
			  ppcst_sysfs_read(path, buf, sizeof(buf)) ? -1 : atoi(buf);
	return 0;
}

int pci_list(struct pci_dev_info **devs, int *nr)
{
	DIR *d = opendir(SYSFS_PCI_DEVICES);
	struct dirent *de;
	int ret = 0;

	*devs = NULL;
	*nr = 0;
	if (!d)
		return ppcst_fail(-errno, "%s: %s", SYSFS_PCI_DEVICES, strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct pci_dev_info *grown;

		if (de->d_name[0] == '.')
			continue;
		grown = realloc(*devs, (size_t)(*nr + 1) * sizeof(**devs));
		if (!grown) {
			ret = ppcst_fail(-ENOMEM, "out of memory");
			break;
		}
		*devs = grown;
		ret = pci_get(de->d_name, &grown[*nr]);
		if (!ret)
			(*nr)++;
	}
	closedir(d);
	if (ret) {
		free(*devs);
		*devs = NULL;
		*nr = 0;
	}
	return ret;
}

int pci_find(bool (*wanted)(const struct pci_dev_info *dev, const void *ctx), const void *ctx,
	     struct pci_dev_info *found)
{
	struct pci_dev_info *devs;
	int nr, ret = pci_list(&devs, &nr);

	if (ret)
		return ret;
	ret = -ENODEV;
	for (int i = 0; i < nr && ret; i++)
		if (wanted(&devs[i], ctx)) {
			*found = devs[i];
			ret = 0;
		}
	free(devs);
	if (ret)
		return ppcst_fail(ret, "none of the %d PCI devices", nr);
	return 0;
}

static int pci_write(const char *addr, const char *attr, const char *val)
{
	char dir[PATH_MAX], path[PATH_MAX];

	return ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) ?:
	       ppcst_sysfs_join(path, sizeof(path), dir, attr) ?: ppcst_sysfs_write(path, val);
}

static bool pci_exists(const char *addr)
{
	char dir[PATH_MAX];

	return !ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) && !access(dir, F_OK);
}

static bool is_pci_addr(const char *s, size_t len)
{
	static const char shape[] = "hhhh:hh:hh.h";

	if (len != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == 'h' ? !isxdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	return true;
}

int pci_parent(const char *sysfs_dev, char *addr, size_t len)
{
	char real[PATH_MAX];
	char *end;

	if (!realpath(sysfs_dev, real))
		return ppcst_fail(-errno, "%s: %s", sysfs_dev, strerror(errno));
	/* The last PCI-looking component: bridges come before the device. */
	while ((end = strrchr(real, '/'))) {
		if (is_pci_addr(end + 1, strlen(end + 1))) {
			if (strlen(end + 1) >= len)
				return ppcst_fail(-ENAMETOOLONG, "%s: address too long", sysfs_dev);
			strcpy(addr, end + 1);
			return 0;
		}
		*end = '\0';
	}
	return ppcst_fail(-ENODEV, "%s is not on PCI", sysfs_dev);
}

uint64_t pci_dma_mask_bits(const char *addr)
{
	char path[PATH_MAX];
	uint64_t bits = 0;

	if (snprintf(path, sizeof(path), "%s/%s/dma_mask_bits", SYSFS_PCI_DEVICES,
		     addr) < (int)sizeof(path))
		ppcst_sysfs_read_u64(path, &bits);
	return bits;
}

int pci_unbind(const char *addr)
{
	char dir[PATH_MAX], drv[64];
	int ret = ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr);

	if (ret)
		return ret;
	link_base(dir, "driver", drv, sizeof(drv));
	return drv[0] ? pci_write(addr, "driver/unbind", addr) : 0;
}

int pci_bind(const char *addr, const char *driver)
{
	char dir[PATH_MAX], path[PATH_MAX];
	/* An empty write clears driver_override; "\n" is what the kernel
	 * documents for that. */
	int ret = pci_write(addr, "driver_override", driver ? driver : "\n");

	if (ret || !driver)
		return ret;
	ret = ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DRIVERS, driver) ?:
	      ppcst_sysfs_join(path, sizeof(path), dir, "bind");
	if (ret)
		return ret;
	/* A device just hot-added is in sysfs before the PCI core lets drivers
	 * match it (pci_bus_add_device() sets match_driver after device_add):
	 * until then bind says ENODEV, and once it does, the core's own probe
	 * may bind it to DRIVER first through the override (then EBUSY). Under
	 * TCG on a busy host that gap lasted seconds (iommu_ddw_basic's
	 * hot-added pci-testdev: one run each way). */
	for (double t0 = ppcst_now_s();; ppcst_sleep_ms(100)) {
		struct pci_dev_info info;

		ret = ppcst_sysfs_write(path, addr);
		if (ret == -EBUSY && !pci_get(addr, &info) && !strcmp(info.driver, driver))
			return 0;
		if (ret != -ENODEV || ppcst_now_s() - t0 >= PCI_BIND_WAIT_S || !pci_exists(addr))
			return ret;
	}
}

int pci_lend(const char *addr, const char *driver)
{
	char dir[PATH_MAX], override[PATH_MAX], old[256], path[PATH_MAX];
	struct pci_dev_info info;
	int ret = pci_get(addr, &info);

	if (ret)
		return ret;
	if (!strcmp(info.driver, driver))
		return ppcst_fail(-EBUSY, "%s is bound to %s already: someone else's", addr, driver);
	ret = ppcst_sysfs_join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) ?:
	      ppcst_sysfs_join(override, sizeof(override), dir, "driver_override") ?:
	      ppcst_sysfs_read(override, old, sizeof(old));
	if (ret)
		return ret;
	/* Pushed first, so it runs last: the old driver gets its device back. */
	if (info.driver[0] &&
	    (snprintf(path, sizeof(path), "%s/%s/bind", SYSFS_PCI_DRIVERS, info.driver) >=
		     (int)sizeof(path) ||
	     cleanup_push_write(path, addr) < 0))
		return ppcst_fail(-ENOSPC, "cleanup stack: no room to give %s back to %s", addr,
				  info.driver);
	/* "(null)" is how the kernel shows no override; "\n" clears one. */
	if (cleanup_push_write(override, strcmp(old, "(null)") ? old : "\n") < 0 ||
	    snprintf(path, sizeof(path), "%s/%s/unbind", SYSFS_PCI_DRIVERS, driver) >=
		    (int)sizeof(path) ||
	    cleanup_push_write(path, addr) < 0)
		return ppcst_fail(-ENOSPC, "cleanup stack: no room for the unbinding of %s", addr);
	return pci_unbind(addr) ?: pci_bind(addr, driver);
}

int pci_remove(const char *addr)
{
	return pci_write(addr, "remove", "1");
}

int pci_rescan(void)
{
	return ppcst_sysfs_write("/sys/bus/pci/rescan", "1");
}
