/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IOMMU fault injection (CONFIG_FAIL_IOMMU, arch/powerpc/kernel/iommu.c): a
 * device whose sysfs fail_iommu is 1 has its TCE allocations fail as the
 * debugfs fail_iommu knobs say (probability in percent, interval, times;
 * Documentation/fault-injection). Only dynamically mapped windows allocate
 * TCEs, so nothing fires on a device that maps its memory directly (a direct
 * DDW): the caller has to check that failures really happened.
 */
#ifndef PPCST_FAULT_INJECT_H
#define PPCST_FAULT_INJECT_H

#define FAIL_IOMMU_DEBUGFS "/sys/kernel/debug/fail_iommu"

struct fail_iommu {
	char addr[32];			/* the PCI device */
	int undo_device, undo_knobs;	/* cleanup stack entries */
};

/*
 * Makes PERCENT of device ADDR's IOMMU allocations fail from now on; the
 * cleanup stack gets the disarm. 0; -ENOENT with the missing option in
 * ppcst_last_error() (no CONFIG_FAIL_IOMMU or CONFIG_FAULT_INJECTION_DEBUG_FS);
 * other -errno.
 */
int fail_iommu_arm(struct fail_iommu *f, const char *addr, unsigned percent);
/* Stops the injection now (and forgets the cleanup entries). */
void fail_iommu_disarm(struct fail_iommu *f);

/*
 * Memory allocation failures (failslab and fail_page_alloc together) for
 * every allocation whose call stack passes through the kernel function FUNC
 * and nothing else: the stacktrace filter (require-start/require-end, set to
 * FUNC's text from /proc/kallsyms), so the rest of the system runs on.
 */
#define ALLOC_FAULT_ATTRS 2	/* failslab, fail_page_alloc */
#define ALLOC_FAULT_KNOBS 3	/* probability, require-start, require-end */
struct alloc_fault {
	char func[64];
	unsigned long long start, end;	/* FUNC's text */
	int undo[ALLOC_FAULT_ATTRS * ALLOC_FAULT_KNOBS];
};

/*
 * From now on, every allocation under FUNC fails; the cleanup stack gets the
 * disarm. 0; -ENOENT with what is missing in ppcst_last_error() (the
 * CONFIG_ options, FUNC in /proc/kallsyms); other -errno.
 */
int alloc_fault_arm(struct alloc_fault *a, const char *func);
void alloc_fault_disarm(struct alloc_fault *a);
/* The text range of kernel function FUNC from a kallsyms listing (the file's
 * format: "ADDR TYPE NAME [MODULE]" lines): its address up to the next
 * higher text symbol's. 0, or -ENOENT. */
int kallsyms_range(const char *kallsyms, const char *func, unsigned long long *start,
		   unsigned long long *end);

#endif
