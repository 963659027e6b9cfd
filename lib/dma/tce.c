// SPDX-License-Identifier: GPL-2.0
#include "dma/tce.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sysfs.h"

static int cmp_liobn(const void *a, const void *b)
{
	const struct tce_table_usage *x = a, *y = b;

	return x->liobn < y->liobn ? -1 : x->liobn > y->liobn;
}

const char *tce_tables_dir(void)
{
	return access(DEBUGFS_IOMMU, F_OK) ? DEBUGFS_ROOT : DEBUGFS_IOMMU;
}

bool tce_table_present(uint32_t liobn)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_IOMMU, liobn);
	if (!access(path, F_OK))
		return true;
	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_ROOT, liobn);
	return !access(path, F_OK);
}

int tce_snapshot_take(const char *debugfs, struct tce_snapshot *snap)
{
	static const struct {
		const char *name;
		size_t off;
	} field[] = {
		{ "weight", offsetof(struct tce_table_usage, weight) },
		{ "it_size", offsetof(struct tce_table_usage, it_size) },
		{ "it_page_shift", offsetof(struct tce_table_usage, it_page_shift) },
		{ "it_reserved_start", offsetof(struct tce_table_usage, it_reserved_start) },
		{ "it_reserved_end", offsetof(struct tce_table_usage, it_reserved_end) },
	};
	const char *top = debugfs ? debugfs : DEBUGFS_IOMMU;
	DIR *d = opendir(top);
	struct dirent *de;
	int ret = 0;

	memset(snap, 0, sizeof(*snap));
	if (!d)
		return ppcst_fail(-errno, "%s: %s (CONFIG_IOMMU_DEBUGFS, debugfs mounted?)",
			    top, strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct tce_table_usage *t, *grown;
		char dir[PATH_MAX];

		/* Without CONFIG_IOMMU_API the kernel has no debugfs "iommu"
		 * directory and puts the LIOBN directories in the debugfs root
		 * among everything else: take only the LIOBN-named ones. */
		if (!de->d_name[0] || de->d_name[strspn(de->d_name, "0123456789abcdef")])
			continue;
		grown = realloc(snap->t, (size_t)(snap->nr + 1) * sizeof(*t));
		if (!grown) {
			ret = ppcst_fail(-ENOMEM, "out of memory");
			break;
		}
		snap->t = grown;
		t = &grown[snap->nr];
		memset(t, 0, sizeof(*t));
		/* The directory is the LIOBN as "%08lx". */
		t->liobn = strtoull(de->d_name, NULL, 16);
		ret = ppcst_sysfs_join(dir, sizeof(dir), top, de->d_name);
		for (size_t i = 0; !ret && i < sizeof(field) / sizeof(field[0]); i++)
			ret = ppcst_sysfs_read_at_u64(dir, field[i].name,
					    (uint64_t *)((char *)t + field[i].off));
		if (!ret)
			snap->nr++;
	}
	closedir(d);
	if (ret)
		tce_snapshot_free(snap);
	else
		qsort(snap->t, (size_t)snap->nr, sizeof(*snap->t), cmp_liobn);
	return ret;
}

void tce_snapshot_free(struct tce_snapshot *snap)
{
	free(snap->t);
	memset(snap, 0, sizeof(*snap));
}

int tce_snapshot_diff(const struct tce_snapshot *before,
		      const struct tce_snapshot *after,
		      void (*report)(const struct tce_table_usage *before,
				     const struct tce_table_usage *after,
				     void *ctx),
		      void *ctx)
{
	int i = 0, j = 0, diffs = 0;

	/* Merge walk over the two LIOBN-sorted lists. */
	while (i < before->nr || j < after->nr) {
		const struct tce_table_usage *b = i < before->nr ? &before->t[i] : NULL;
		const struct tce_table_usage *a = j < after->nr ? &after->t[j] : NULL;

		if (b && (!a || b->liobn < a->liobn)) {
			a = NULL;
			i++;
		} else if (a && (!b || a->liobn < b->liobn)) {
			b = NULL;
			j++;
		} else {
			i++;
			j++;
			if (a->weight <= b->weight)
				continue;
		}
		diffs++;
		if (report)
			report(b, a, ctx);
	}
	return diffs;
}
void tce_snapshot_print(const char *when, const struct tce_snapshot *snap, FILE *out)
{
	for (int i = 0; i < snap->nr; i++)
		fprintf(out, "# %s: LIOBN 0x%llx %llu of %llu TCEs in use (2^%llu-byte pages)\n",
			when, (unsigned long long)snap->t[i].liobn,
			(unsigned long long)snap->t[i].weight, (unsigned long long)snap->t[i].it_size,
			(unsigned long long)snap->t[i].it_page_shift);
}
