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

#include <stdbool.h>

/* vmrun's exit status when the testbed broke before any test ran (a bisect
 * maps it to 125, "skip"). */
#define VM_EXIT_TESTBED_BROKEN 3
/* vmrun's exit status when the profile needs what this QEMU lacks (its
 * needs-property lines): the profile is skipped, the run goes on. */
#define VM_EXIT_QEMU_LACKS 4

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
	VM_OUTCOME_QEMU_LACKS,		/* preflight or run: a needs-property */
	/* reboot_loop's boots */
	VM_OUTCOME_QEMU_EXITED,
	VM_OUTCOME_GUEST_ERROR,
	VM_OUTCOME_COUNT
};

/* An outcome as judged: which, vmrun's exit status, and the detail (QEMU's
 * exit, the panic line, the test that timed out ...). */
struct vm_verdict {
	enum vm_outcome outcome;
	int exit_code;
	char detail[512];
};

/* Sets v to outcome, its exit status (vm_outcome_exit_code) and the detail. */
void vm_verdict_set(struct vm_verdict *v, enum vm_outcome outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct vm_qemu;
/*
 * Has the guest panicked? QEMU's GUEST_PANICKED event (taken from vm's
 * queue), or panic_line (the console's "Kernel panic" line, "" if none)
 * while QEMU still runs (st is the last vm_qemu_poll's): then QEMU's last
 * words are awaited and v is guest-panic, with the line, else fallback.
 */
bool vm_verdict_panic(struct vm_verdict *v, struct vm_qemu *vm, int st, const char *panic_line,
		      const char *fallback);

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
