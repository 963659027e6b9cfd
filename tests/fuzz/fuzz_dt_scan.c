// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: dt_scan() (lib/dma/dt.c) over a whole tree, unpacked from a
 * fuzzed flattened device tree into the /proc/device-tree layout by
 * tests/support/fdt_dir.c, then the lookups the tests use.
 *
 * Untrusted source: the device tree the firmware/hypervisor hands the guest
 * (and the kernel edits at run time), read from /proc/device-tree or from a
 * recorded blob: node nesting, cell counts and every property may be off.
 *
 * seeds: tests/data/dt tests/data/ddw_basic/default.dtb tests/data/ddw_basic/no-maxmem.dtb
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "dma/dt.h"
#include "support/fdt_dir.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dtb[PATH_MAX], dir[PATH_MAX];
	struct dt_state st;

	static bool tmpdir_set;

	fuzz_write_file("fuzz.dtb", data, size, dtb);
	/* fdt_to_dir() makes its tree under $TMPDIR: ours. */
	if (!tmpdir_set && setenv("TMPDIR", fuzz_dir(), 1) == 0)
		tmpdir_set = true;
	if (!tmpdir_set)
		abort();
	if (fdt_to_dir(dtb, dir, sizeof(dir)))
		return 0;
	if (dt_scan(dir, &st) == 0) {
		dt_memory_max(&st);
		for (int i = 0; i < st.nr_devs; i++) {
			dt_dma_class_name(dt_dev_class(&st, &st.devs[i]));
			if (dt_find_dev(&st, st.devs[i].path) == NULL)
				abort();
		}
		for (int i = 0; i < st.nr_phbs; i++)
			if (dt_find_phb(&st, st.phbs[i].path) == NULL)
				abort();
	}
	dt_free(&st);
	fdt_dir_remove(dir);
	return 0;
}
