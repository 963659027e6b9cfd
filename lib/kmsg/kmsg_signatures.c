// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel-log scanner looks for. Every pattern is the printk format of
 * the Linux 6.12 source named above it, with the conversions replaced by what
 * they print. A line fires the first entry that matches, so the specific
 * entries ("BUG: soft lockup", "BUG: KASAN") come before the generic "BUG:".
 * The names are stable: tests, run_all.sh and summary.json refer to them.
 *
 * Severity: fail = the kernel hit a bug or lost track of DMA mappings;
 * warn = an error the kernel is designed to recover from (the caller falls
 * back or retries), shown so a failing test can be explained.
 */
#include "kmsg/kmsg_signatures.h"

#include <string.h>

const struct kmsg_signature kmsg_signatures[] = {
	/*
	 * lib/kmsg/kmsg_scanner.c:note_lost: the reader's own line for records the ring
	 * buffer overwrote before they were read; an oops may have been in them.
	 */
	{ "ring-wrapped", KMSG_FAIL,
	  "^kernel log ring buffer wrapped: [0-9]+ records lost$", NULL, 0, false },
	/* kernel/watchdog.c:watchdog_timer_fn, pr_emerg("BUG: soft lockup - CPU#%d stuck for %us! [%s:%d]") */
	{ "soft-lockup", KMSG_FAIL,
	  "BUG: soft lockup - CPU#[0-9]+ stuck for [0-9]+s!", NULL, 0, true },
	/*
	 * kernel/rcu/tree_stall.h:print_other_cpu_stall "INFO: %s detected stalls on CPUs/tasks:"
	 * and print_cpu_stall "INFO: %s self-detected stall on CPU" (%s: rcu_sched, rcu_preempt)
	 */
	{ "rcu-stall", KMSG_FAIL,
	  "INFO: [a-z_]+ (detected stalls on CPUs/tasks|self-detected stall on CPU)",
	  NULL, 0, true },
	/* kernel/hung_task.c:check_hung_task, "INFO: task %s:%d blocked for more than %ld seconds." */
	{ "hung-task", KMSG_FAIL,
	  "INFO: task .+:[0-9]+ blocked for more than [0-9]+ seconds", NULL, 0, true },
	/* mm/kasan/report.c:print_error_description "BUG: KASAN: %s in %pS", kasan_report_async */
	{ "kasan", KMSG_FAIL, "BUG: KASAN: ", NULL, 0, true },
	/* mm/kfence/report.c:kfence_report_error "BUG: KFENCE: out-of-bounds %s in %pS" and the others */
	{ "kfence", KMSG_FAIL, "BUG: KFENCE: ", NULL, 0, true },
	/*
	 * arch/powerpc/mm/fault.c:__bad_page_fault "BUG: %s on %s at 0x%08lx" with
	 * "Kernel NULL pointer dereference" / "Unable to handle kernel data access",
	 * "BUG: Unable to handle kernel instruction fetch", "... unaligned access"
	 */
	{ "unable-to-handle", KMSG_FAIL,
	  "Unable to handle kernel |BUG: Kernel NULL pointer dereference", NULL, 0, true },
	/* lib/bug.c:report_bug, pr_crit("kernel BUG at %s:%u!") */
	{ "kernel-bug", KMSG_FAIL, "kernel BUG at [^ ]+:[0-9]+!", NULL, 0, true },
	/* arch/powerpc/kernel/traps.c:__die, "Oops: %s, sig: %ld [#%d]" */
	{ "oops", KMSG_FAIL, "Oops: .*\\[#[0-9]+\\]", NULL, 0, true },
	/* kernel/panic.c:__warn, "WARNING: CPU: %d PID: %d at %pS" (and "at %s:%d %pS") */
	{ "warning", KMSG_FAIL, "^WARNING: CPU: [0-9]+ PID: [0-9]+ at ", NULL, 0, true },
	/*
	 * kernel/panic.c:panic, pr_emerg("Kernel panic - not syncing: %s"); anchored
	 * so its closing "---[ end Kernel panic ..." line does not fire again.
	 */
	{ "panic", KMSG_FAIL, "^Kernel panic - not syncing: ", NULL, 0, true },
	/*
	 * Any other "BUG:" report, e.g. kernel/sched/core.c:__schedule_bug
	 * "BUG: scheduling while atomic", __might_resched "BUG: sleeping function
	 * called from invalid context", kernel/workqueue.c "BUG: workqueue lockup".
	 */
	{ "bug", KMSG_FAIL, "(^|: )BUG: ", NULL, 0, true },
	/*
	 * arch/powerpc/platforms/pseries/iommu.c: tce_build_pSeriesLP,
	 * tce_buildmulti_pSeriesLP, tce_free_pSeriesLP "...: plpar_tce_put failed. rc=%lld",
	 * tce_get_pSeriesLP "plpar_tce_get failed. rc=%lld", tce_freemulti_pSeriesLP
	 * "plpar_tce_stuff failed" then "\trc      = %lld" on the next line.
	 * rc -4 is H_PARAMETER: a TCE outside the window or a window already gone.
	 */
	{ "tce-h-parameter", KMSG_FAIL,
	  "tce_[a-z]+_pSeriesLP: plpar_tce_[a-z]+ failed",
	  "rc[[:space:]]*=[[:space:]]*-4([^0-9]|$)", 1, false },
	{ "tce-hcall-failed", KMSG_FAIL,
	  "tce_[a-z]+_pSeriesLP: plpar_tce_[a-z]+ failed", NULL, 0, false },
	/* arch/powerpc/kernel/iommu.c:iommu_table_free, pr_warn("%s: Unexpected TCEs") */
	{ "unexpected-tces", KMSG_FAIL, "Unexpected TCEs", NULL, 0, false },
	/*
	 * arch/powerpc/kernel/iommu.c:iommu_init_table, pr_err("%s: Can't
	 * allocate %ld bytes"); warn: the kernel reports a failed allocation of a
	 * TCE bitmap, which its callers must survive (6.12.107 panics instead:
	 * docs/findings/iommu-table-alloc-panic.md, caught as "panic"; a table
	 * used without its bitmap oopses, caught as "oops").
	 */
	{ "iommu-table-alloc-failed", KMSG_WARN,
	  "iommu_init_table: Can't allocate [0-9]+ bytes", NULL, 0, false },
	/*
	 * arch/powerpc/kernel/iommu.c:iommu_map_page and ppc_iommu_map_sg,
	 * dev_info("iommu_alloc failed, tbl %p vaddr %p npages %d"); warn: the
	 * table is full or fail_iommu injected it, and the driver gets an error.
	 */
	{ "iommu-alloc-failed", KMSG_WARN, "iommu_alloc failed, tbl ", NULL, 0, false },
	/*
	 * arch/powerpc/platforms/pseries/iommu.c:__remove_dma_window "%pOF: failed
	 * to remove DMA window: rtas returned %d to ibm,remove-pe-dma-window(%x) %llx"
	 * and remove_dma_window_named "%pOF: failed to remove DMA window property: %d"
	 */
	{ "ddw-remove-failed", KMSG_FAIL, "failed to remove DMA window", NULL, 0, false },
	/* arch/powerpc/platforms/pseries/iommu.c:clean_dma_window, "%pOF failed to clear tces in window." */
	{ "ddw-clear-failed", KMSG_FAIL, "failed to clear tces in window", NULL, 0, false },
	/*
	 * arch/powerpc/platforms/pseries/iommu.c:create_ddw, dev_info(
	 * "ibm,create-pe-dma-window(%x) %x %x %x %x %x returned %d (liobn = ...")
	 * with a negative rc; warn: enable_ddw falls back to the default 32-bit
	 * window (iommu_ddw_basic asserts the DDW itself).
	 */
	{ "ddw-create-failed", KMSG_WARN,
	  "ibm,create-pe-dma-window\\([0-9a-f]+\\)( [0-9a-f]+){5} returned -[0-9]+",
	  NULL, 0, false },
};

const size_t kmsg_signature_count = sizeof(kmsg_signatures) / sizeof(kmsg_signatures[0]);

const struct kmsg_signature *kmsg_signature_find(const char *name)
{
	for (size_t k = 0; k < kmsg_signature_count; k++)
		if (!strcmp(kmsg_signatures[k].name, name))
			return &kmsg_signatures[k];
	return NULL;
}
