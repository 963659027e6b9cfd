/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-LIOBN TCE table usage in debugfs (CONFIG_IOMMU_DEBUGFS,
 * arch/powerpc/kernel/iommu.c): snapshots, their differences and print.
 */
#ifndef PPCST_TCE_H
#define PPCST_TCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DEBUGFS_ROOT "/sys/kernel/debug"
#define DEBUGFS_IOMMU DEBUGFS_ROOT "/iommu"

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

#endif
