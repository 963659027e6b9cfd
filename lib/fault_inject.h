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

#endif
