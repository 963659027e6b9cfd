/* SPDX-License-Identifier: GPL-2.0
 *
 * Persistent memory for pmem_hotplug: what ndctl and daxctl print (their
 * JSON, read with lib/base/json_lite.h: the target has no json-c), the devdax
 * device onlined as System RAM, and two facts about the platform: whether the
 * CPU runs the pmem flush instruction Linux writes namespaces with, and (in
 * the testbed only) PowerVM's layout with pmem above ibm,lrdr-capacity.
 */
#ifndef PPCST_PMEM_H
#define PPCST_PMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- ndctl / daxctl ---------------------------------------------------- */

#define PMEM_NAME_MAX 32
#define PMEM_MAX_NS 16

struct pmem_ns {
	char dev[PMEM_NAME_MAX];	/* namespace0.0 */
	char mode[16];			/* raw, fsdax, devdax, sector */
	char uuid[40];
	char chardev[PMEM_NAME_MAX];	/* dax0.0 (devdax), "" otherwise */
	char blockdev[PMEM_NAME_MAX];	/* pmem0 (fsdax, raw), "" otherwise */
	char state[16];			/* "disabled", or "" (enabled) */
	uint64_t size;
};

struct pmem_region {
	char dev[PMEM_NAME_MAX];	/* region0 */
	char type[16];			/* pmem */
	uint64_t size, available;
	int nr_ns;
	struct pmem_ns ns[PMEM_MAX_NS];
};

/* `ndctl list -RNi` ({"regions":[...]} or a bare array of regions): up to MAX
 * regions into R; the number found or -EINVAL (ppcst_last_error()). */
int pmem_parse_regions(const char *json, struct pmem_region *r, int max);
/* A namespace object (`ndctl create-namespace` prints one). 0 or -EINVAL. */
int pmem_parse_namespace(const char *json, struct pmem_ns *ns);

/* One dax device as daxctl lists or reconfigures it. */
struct pmem_dax {
	char chardev[PMEM_NAME_MAX];
	char mode[16];			/* devdax, system-ram */
	uint64_t size;
	int target_node;		/* -1 if not printed */
	bool has_memblocks;		/* system-ram only */
	uint64_t online_memblocks, total_memblocks;
	bool movable;
	bool has_mapping;		/* daxctl list -M */
	uint64_t start, end;		/* physical range, end inclusive */
};

/* `daxctl list -DM`, `daxctl reconfigure-device` (an array of devices) or
 * `daxctl list -DR` (regions with "devices"): the device named CHARDEV (NULL:
 * the first) into D. 0, -ENOENT (not in the output) or -EINVAL. */
int pmem_parse_dax(const char *json, const char *chardev, struct pmem_dax *d);

/* --- platform ---------------------------------------------------------- */

/*
 * Whether this CPU executes dcbstps (dcbf with L=6), the flush Linux uses in
 * memcpy_flushcache() for every pmem write since POWER8: 1 it does, 0 it
 * traps (SIGILL: QEMU's TCG), -ENOTSUP not a powerpc build. On a CPU that
 * traps, the kernel oopses writing a namespace info block: a platform fault.
 */
int pmem_flush_insn_works(void);

/*
 * Testbed only: rewrite /rtas/ibm,lrdr-capacity's maximum memory address to
 * MAX_ADDR through /proc/ppc64/ofdt ("update_property"), keeping the other
 * fields, and report the old value in *OLD. 0 or -errno (ppcst_last_error()).
 */
int pmem_set_lrdr_max(uint64_t max_addr, uint64_t *old);

#endif
