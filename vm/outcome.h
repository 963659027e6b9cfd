/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What became of a testbed guest and its QEMU, as the host judges it: one
 * name per outcome for vm-outcome.json, the "vm: <outcome>" TAP lines and
 * reboot_loop's failed boots, with vmrun's exit status and what it means
 * (vm/outcome.c has the table). vmrun and reboot_loop's host half
 * (vm/reboot_host.c) name outcomes only through it, so that a script that
 * greps for one finds it in every tool.
 */
#ifndef PPCST_VM_OUTCOME_H
#define PPCST_VM_OUTCOME_H

/* vmrun's exit status when the testbed broke before any test ran (a bisect
 * maps it to 125, "skip"). */
#define VM_EXIT_TESTBED_BROKEN 3

enum vm_outcome {
	VM_OUTCOME_NONE,		/* nothing went wrong (yet) */
	VM_OUTCOME_PASS,
	VM_OUTCOME_TESTS_FAILED,
	VM_OUTCOME_KMSG_FINDINGS,
	VM_OUTCOME_GUEST_PANIC,
	VM_OUTCOME_GUEST_OOPS,
	VM_OUTCOME_QEMU_CRASHED,
	VM_OUTCOME_GUEST_RESET,
	VM_OUTCOME_TEST_TIMEOUT,
	VM_OUTCOME_GUEST_HANG,
	VM_OUTCOME_SHUTDOWN_HANG,
	VM_OUTCOME_BOOT_TIMEOUT,
	VM_OUTCOME_QEMU_START_FAILED,
	VM_OUTCOME_GUEST_SETUP_FAILED,
	VM_OUTCOME_BAD_PROFILE,
	VM_OUTCOME_INTERRUPTED,
	/* vmrun --preflight */
	VM_OUTCOME_READY,
	VM_OUTCOME_TESTBED_BROKEN,
	/* reboot_loop's boots */
	VM_OUTCOME_QEMU_EXITED,
	VM_OUTCOME_GUEST_ERROR,
	VM_OUTCOME_COUNT
};

/* "qemu-crashed", ...; "" for VM_OUTCOME_NONE. */
const char *vm_outcome_name(enum vm_outcome o);
/*
 * vmrun's exit status for it. Two depend on the moment: interrupted is
 * 128 + the signal pending (vm_signal_pending), and guest-reset before the
 * boot marker is VM_EXIT_TESTBED_BROKEN (the caller says so).
 */
int vm_outcome_exit_code(enum vm_outcome o);
/* One line: when the host reports it. */
const char *vm_outcome_meaning(enum vm_outcome o);

#endif
