// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU fault injection: lib/fault_inject.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "fault_inject.h"
#include "sysfs.h"

static int knob(const char *name, const char *value)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", FAIL_IOMMU_DEBUGFS, name);
	return sysfs_write(path, value);
}

static void device_flag_path(const struct fail_iommu *f, char *path, size_t len)
{
	snprintf(path, len, "%s/%s/fail_iommu", SYSFS_PCI_DEVICES, f->addr);
}

int fail_iommu_arm(struct fail_iommu *f, const char *addr, unsigned percent)
{
	char path[PATH_MAX], pct[16];
	int ret;

	memset(f, 0, sizeof(*f));
	f->undo_device = f->undo_knobs = -1;
	snprintf(f->addr, sizeof(f->addr), "%s", addr);
	device_flag_path(f, path, sizeof(path));
	if (access(FAIL_IOMMU_DEBUGFS, F_OK) || access(path, F_OK))
		return ppcst_fail(-ENOENT, "CONFIG_FAIL_IOMMU and CONFIG_FAULT_INJECTION_DEBUG_FS "
				  "needed (no %s or %s)", FAIL_IOMMU_DEBUGFS, path);
	snprintf(pct, sizeof(pct), "%u", percent);
	f->undo_knobs = cleanup_push_write(FAIL_IOMMU_DEBUGFS "/probability", "0");
	f->undo_device = cleanup_push_write(path, "0");
	if (f->undo_knobs < 0 || f->undo_device < 0)
		return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
	/* Every allocation is a candidate, without end; no stack dumps. */
	ret = knob("interval", "1") ?: knob("times", "-1") ?: knob("verbose", "0") ?:
	      knob("probability", pct) ?: sysfs_write(path, "1");
	if (ret)
		fail_iommu_disarm(f);
	return ret;
}

void fail_iommu_disarm(struct fail_iommu *f)
{
	char path[PATH_MAX];

	device_flag_path(f, path, sizeof(path));
	sysfs_write(path, "0");
	knob("probability", "0");
	cleanup_drop(f->undo_device);
	cleanup_drop(f->undo_knobs);
	f->undo_device = f->undo_knobs = -1;
}
