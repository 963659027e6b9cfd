// SPDX-License-Identifier: GPL-2.0
/*
 * IOMMU fault injection: lib/dma/fault_inject.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "dma/fault_inject.h"
#include "base/sysfs.h"
#include "devices/pci.h"

static int knob(const char *name, const char *value)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", FAIL_IOMMU_DEBUGFS, name);
	return ppcst_sysfs_write(path, value);
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
	      knob("probability", pct) ?: ppcst_sysfs_write(path, "1");
	if (ret)
		fail_iommu_disarm(f);
	return ret;
}

void fail_iommu_disarm(struct fail_iommu *f)
{
	char path[PATH_MAX];

	device_flag_path(f, path, sizeof(path));
	ppcst_sysfs_write(path, "0");
	knob("probability", "0");
	cleanup_drop(f->undo_device);
	cleanup_drop(f->undo_knobs);
	f->undo_device = f->undo_knobs = -1;
}

int kallsyms_range(const char *kallsyms, const char *func, unsigned long long *start,
		   unsigned long long *end)
{
	FILE *f = fopen(kallsyms, "re");
	unsigned long long addr, found = 0, next = ~0ULL;
	char line[512], type, name[256];
	bool have = false;

	if (!f)
		return ppcst_fail(-errno, "%s: %s", kallsyms, strerror(errno));
	/* Not sorted in general: one pass for the symbol, keeping every text
	 * address, would need memory; two passes need none. */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
		    (type == 't' || type == 'T') && !strcmp(name, func) && addr) {
			found = addr;
			have = true;
			break;
		}
	rewind(f);
	while (have && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) == 3 &&
		    (type == 't' || type == 'T') && addr > found && addr < next)
			next = addr;
	fclose(f);
	if (!have || next == ~0ULL)
		return ppcst_fail(-ENOENT, "%s: no text symbol %s (CONFIG_KALLSYMS, or addresses "
				  "hidden: kptr_restrict)", kallsyms, func);
	*start = found;
	*end = next;
	return 0;
}

static const char *const alloc_fault_dirs[ALLOC_FAULT_ATTRS] = {
	"/sys/kernel/debug/failslab", "/sys/kernel/debug/fail_page_alloc",
};

static int attr_write(const char *dir, const char *knob, const char *value)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, knob);
	return ppcst_sysfs_write(path, value);
}

static int push_attr_undo(const char *dir, const char *knob, const char *value)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, knob);
	return cleanup_push_write(path, value);
}

int alloc_fault_arm(struct alloc_fault *a, const char *func)
{
	char start[32], end[32], probe[PATH_MAX];
	int ret, n = 0;

	memset(a, 0, sizeof(*a));
	for (size_t i = 0; i < ALLOC_FAULT_ATTRS * ALLOC_FAULT_KNOBS; i++)
		a->undo[i] = -1;
	snprintf(a->func, sizeof(a->func), "%s", func);
	for (size_t i = 0; i < ALLOC_FAULT_ATTRS; i++) {
		snprintf(probe, sizeof(probe), "%s/require-start", alloc_fault_dirs[i]);
		if (access(probe, F_OK))
			return ppcst_fail(-ENOENT, "CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and "
					  "CONFIG_FAULT_INJECTION_STACKTRACE_FILTER needed (no %s)",
					  probe);
	}
	ret = kallsyms_range("/proc/kallsyms", func, &a->start, &a->end);
	if (ret)
		return ret;
	snprintf(start, sizeof(start), "%llu", a->start);
	snprintf(end, sizeof(end), "%llu", a->end);
	for (size_t i = 0; i < ALLOC_FAULT_ATTRS; i++) {
		const char *dir = alloc_fault_dirs[i];

		/* Undo to the kernel's defaults: off, and no filter. */
		a->undo[n++] = push_attr_undo(dir, "probability", "0");
		a->undo[n++] = push_attr_undo(dir, "require-start", "0");
		a->undo[n++] = push_attr_undo(dir, "require-end", "18446744073709551615");
		if (a->undo[n - 1] < 0 || a->undo[n - 2] < 0 || a->undo[n - 3] < 0)
			return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
		/* Sleeping allocations too (GFP_KERNEL is what the set-up uses),
		 * every one, any order, from any task. */
		ret = attr_write(dir, "ignore-gfp-wait", "N") ?:
		      (i == 1 ? attr_write(dir, "min-order", "0") : 0) ?:
		      attr_write(dir, "task-filter", "N") ?: attr_write(dir, "interval", "1") ?:
		      attr_write(dir, "times", "-1") ?: attr_write(dir, "verbose", "1") ?:
		      attr_write(dir, "require-start", start) ?: attr_write(dir, "require-end", end) ?:
		      attr_write(dir, "probability", "100");
		if (ret) {
			alloc_fault_disarm(a);
			return ret;
		}
	}
	return 0;
}

void alloc_fault_disarm(struct alloc_fault *a)
{
	for (size_t i = 0; i < ALLOC_FAULT_ATTRS; i++) {
		attr_write(alloc_fault_dirs[i], "probability", "0");
		attr_write(alloc_fault_dirs[i], "require-start", "0");
		attr_write(alloc_fault_dirs[i], "require-end", "18446744073709551615");
	}
	for (size_t i = 0; i < ALLOC_FAULT_ATTRS * ALLOC_FAULT_KNOBS; i++) {
		cleanup_drop(a->undo[i]);
		a->undo[i] = -1;
	}
}
