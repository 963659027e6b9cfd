// SPDX-License-Identifier: GPL-2.0
/*
 * lib/dma/fault_inject.c's kallsyms_range() on a recorded /proc/kallsyms excerpt
 * (tests/data/kallsyms/README.md): the range a stacktrace-filtered
 * allocation fault is aimed at must be the function's own text, from its
 * address to the next text symbol, whatever the order of the lines.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "dma/fault_inject.h"
#include "support/fdt_dir.h"

FIXTURE(kallsyms) {
	char sorted[PATH_MAX];
	char reversed[PATH_MAX];
	unsigned long long start, end;
};

FIXTURE_SETUP(kallsyms)
{
	char cmd[2 * PATH_MAX + 32];

	ASSERT_EQ(0, test_data_path("kallsyms/guest.slice", self->sorted, sizeof(self->sorted)));
	snprintf(self->reversed, sizeof(self->reversed), "/tmp/ppcst-kallsyms.%d", getpid());
	snprintf(cmd, sizeof(cmd), "tac %s > %s", self->sorted, self->reversed);
	ASSERT_EQ(0, system(cmd));
}

FIXTURE_TEARDOWN(kallsyms)
{
	unlink(self->reversed);
}

TEST_F(kallsyms, function_to_next_text_symbol)
{
	/* c000000000038b78 T iommu_init_table, then T iommu_table_in_use. */
	ASSERT_EQ(0, kallsyms_range(self->sorted, "iommu_init_table", &self->start, &self->end));
	EXPECT_EQ(0xc000000000038b78ULL, self->start);
	EXPECT_EQ(0xc000000000038e3cULL, self->end);
}

TEST_F(kallsyms, unsorted)
{
	ASSERT_EQ(0, kallsyms_range(self->reversed, "iommu_init_table", &self->start,
				    &self->end));
	EXPECT_EQ(0xc000000000038b78ULL, self->start);
	EXPECT_EQ(0xc000000000038e3cULL, self->end);
}

TEST_F(kallsyms, missing_symbol)
{
	EXPECT_EQ(-ENOENT, kallsyms_range(self->sorted, "no_such_function", &self->start,
					  &self->end));
	EXPECT_EQ(-ENOENT, kallsyms_range("/nonexistent", "iommu_init_table", &self->start,
					  &self->end));
}

TEST_HARNESS_MAIN
