/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which persistent memory pmem_hotplug works on: on a real partition only
 * what the operator names (a region whose free space takes a namespace each
 * cycle, or a namespace used as it is), in the testbed each pmem region in
 * turn. lib/devices/pmem.h parses what ndctl prints.
 */
#ifndef PPCST_PMEM_TARGET_H
#define PPCST_PMEM_TARGET_H

#include <stdbool.h>

#include "devices/pmem.h"

#define PMEM_REGION_ENV "PPCST_PMEM_REGION"
#define PMEM_NAMESPACE_ENV "PPCST_PMEM_NAMESPACE"
#define PMEM_DESTROY_ENV "PPCST_PMEM_DESTROY"
/* What ndctl and daxctl may take at most. */
#define PMEM_TOOL_TIMEOUT_S 120

struct pmem_target {
	char region[PMEM_NAME_MAX];
	struct pmem_ns ns;		/* the namespace used (reuse) */
	bool create;			/* create and destroy one each cycle */
	char restore_mode[16];		/* operator's namespace: mode to put back */
};

/*
 * Choose the target with NDCTL (its path). FLUSH_OK: the kernel can write
 * namespace info blocks on this CPU (pmem_flush_insn_works()). 0 ok; 1 skip;
 * -1 fail; the reason in ppcst_last_error().
 */
int pmem_pick_target(struct pmem_target *t, const char *ndctl, bool flush_ok);

#endif
