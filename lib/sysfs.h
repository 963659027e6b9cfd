/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs / debugfs / kernel-config helpers for the tests: attributes, PCI
 * devices and drivers, the per-LIOBN TCE table usage in debugfs
 * (CONFIG_IOMMU_DEBUGFS, arch/powerpc/kernel/iommu.c) and memory blocks.
 *
 * Functions return 0 or -errno; on failure ppcst_last_error() (lib/error.h)
 * names the file and the reason, so a test can print one line and skip or
 * fail.
 */
#ifndef PPCST_SYSFS_H
#define PPCST_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>

#include "error.h"

#define SYSFS_PCI_DEVICES "/sys/bus/pci/devices"
#define SYSFS_PCI_DRIVERS "/sys/bus/pci/drivers"
#define DEBUGFS_ROOT "/sys/kernel/debug"
#define DEBUGFS_IOMMU DEBUGFS_ROOT "/iommu"
#define SYSFS_MEMORY "/sys/devices/system/memory"


/* Read a whole attribute (trailing newline stripped) into BUF. */
int ppcst_sysfs_read(const char *path, char *buf, size_t len);
/* Read an attribute holding one number (strtoull base 0: "0x.." or decimal). */
int ppcst_sysfs_read_u64(const char *path, uint64_t *val);
/* Write VAL to an attribute in one write(); the kernel's error is returned. */
int ppcst_sysfs_write(const char *path, const char *val);
/* A recording for the suite's tests: when $DIR_ENV names a directory, LEN
 * bytes at BUF go to the file NAME in it (failures are only reported). */
void ppcst_capture(const char *dir_env, const char *name, const void *buf, size_t len);

bool is_root(void);
/*
 * The entry of directory DIR (e.g. /sys/block) whose attribute ATTR
 * ("serial") reads VALUE, its name into NAME. 0, -ENODEV if none, -errno.
 */
int ppcst_sysfs_find_entry(const char *dir, const char *attr, const char *value, char *name,
		     size_t len);

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
 * driver_override + bind. The cleanup stack (lib/cleanup.h) gets the way
 * back, run newest first: unbind from DRIVER, the old driver_override, a
 * bind to the old driver. -EBUSY if ADDR is bound to DRIVER already (someone
 * else's); 0 or -errno (ppcst_last_error()).
 */
int pci_lend(const char *addr, const char *driver);
int pci_remove(const char *addr);
int pci_rescan(void);

/* One TCE table as debugfs shows it (iommu_debugfs_add()). */
struct tce_table_usage {
	uint64_t liobn;
	uint64_t weight;	/* TCEs in use */
	uint64_t it_size;	/* entries */
	uint64_t it_page_shift;
	uint64_t it_reserved_start, it_reserved_end;
};

struct tce_snapshot {
	struct tce_table_usage *t;
	int nr;
};

/* Where the LIOBN directories are: DEBUGFS_IOMMU, or DEBUGFS_ROOT on a kernel
 * without CONFIG_IOMMU_API (iommu_debugfs_add() puts them there). */
const char *tce_tables_dir(void);
/* Whether the TCE table of LIOBN is in debugfs (either place). */
bool tce_table_present(uint32_t liobn);
/* All LIOBN directories under DEBUGFS (NULL: DEBUGFS_IOMMU), sorted; other
 * entries are skipped, so DEBUGFS_ROOT works for a kernel without
 * CONFIG_IOMMU_API (its LIOBN directories land there). */
int tce_snapshot_take(const char *debugfs, struct tce_snapshot *snap);
void tce_snapshot_free(struct tce_snapshot *snap);
/* "# WHEN: LIOBN 0x.. N of M TCEs in use (2^S-byte pages)", a line per table. */
void tce_snapshot_print(const char *when, const struct tce_snapshot *snap, FILE *out);
/*
 * Compare two snapshots: calls REPORT for every LIOBN whose weight grew
 * (a leak candidate), appeared or vanished (BEFORE or AFTER NULL).
 * Returns the number of differences.
 */
int tce_snapshot_diff(const struct tce_snapshot *before,
		      const struct tce_snapshot *after,
		      void (*report)(const struct tce_table_usage *before,
				     const struct tce_table_usage *after,
				     void *ctx),
		      void *ctx);

/* Kernel config: 1 if CONFIG_NAME=y or =m, 0 if not set, -errno if no
 * config could be read (/proc/config.gz via gzip, /boot/config-$(uname -r)). */
int kconfig_enabled(const char *name);
/* The first of the N options NAMES that is not set, or NULL. STRICT: an
 * unreadable config counts as not set; else only an option seen unset
 * does (a test that can tell otherwise, from a driver's directory, goes on). */
const char *kconfig_first_missing(const char *const *names, size_t n, bool strict);

/* MemTotal of /proc/meminfo in kB, 0 if unreadable. */
uint64_t mem_total_kb(void);
/* Waits until MemTotal is at WANT_KB (UP: at least, else at most), polling
 * once a second for up to TIMEOUT_S; whether it got there. */
bool mem_total_wait(uint64_t want_kb, bool up, unsigned timeout_s);

/* Memory blocks (memoryN in SYSFS_MEMORY). */
int memblock_size(uint64_t *bytes);
/* "online", "offline", ... into STATE. */
int memblock_state(int block, char *state, size_t len);
/* Online as movable (so it can be offlined again) or offline a block. */
int memblock_online_movable(int block);
int memblock_offline(int block);

#endif
