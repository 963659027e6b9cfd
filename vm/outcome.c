// SPDX-License-Identifier: GPL-2.0
/*
 * The testbed's outcomes: vm/outcome.h.
 */
#include "outcome.h"

#include <stdarg.h>
#include <stdio.h>

#include "qemu.h"

static const struct {
	const char *name;
	int exit_code;
	const char *meaning;
} outcomes[VM_OUTCOME_COUNT] = {
	[VM_OUTCOME_NONE] = { "", 0, "nothing went wrong" },
	[VM_OUTCOME_PASS] = { "pass", 0, "run_all.sh exited 0, the guest powered off" },
	[VM_OUTCOME_TESTS_FAILED] = { "tests-failed", 1, "run_all.sh exited non-zero" },
	[VM_OUTCOME_KMSG_FINDINGS] = { "kmsg-findings", 1,
		"passed, but the kernel-log scanner flags the console log" },
	[VM_OUTCOME_GUEST_PANIC] = { "guest-panic", 1,
		"GUEST_PANICKED or \"Kernel panic\" (at any time)" },
	[VM_OUTCOME_GUEST_OOPS] = { "guest-oops", 1,
		"an \"Oops:\" while a test ran, then the guest's user space silent for the grace" },
	[VM_OUTCOME_QEMU_CRASHED] = { "qemu-crashed", 1,
		"QEMU killed by a signal, or exited non-zero after the boot marker" },
	[VM_OUTCOME_GUEST_RESET] = { "guest-reset", 1,
		"QEMU exited 0 (guest reset/poweroff) before tap-end (exit 3 before the boot marker)" },
	[VM_OUTCOME_TEST_TIMEOUT] = { "test-timeout", 1, "a test outlived its timeout + grace" },
	[VM_OUTCOME_GUEST_HANG] = { "guest-hang", 1, "--timeout passed with no test timing out" },
	[VM_OUTCOME_SHUTDOWN_HANG] = { "shutdown-hang", 1, "QEMU still ran 30 s after tap-end" },
	[VM_OUTCOME_BOOT_TIMEOUT] = { "boot-timeout", VM_EXIT_TESTBED_BROKEN,
		"no boot marker within the boot timeout" },
	[VM_OUTCOME_QEMU_START_FAILED] = { "qemu-start-failed", VM_EXIT_TESTBED_BROKEN,
		"QEMU missing, or exited non-zero before the boot marker" },
	[VM_OUTCOME_GUEST_SETUP_FAILED] = { "guest-setup-failed", VM_EXIT_TESTBED_BROKEN,
		"the guest printed \"# ppcst: error\"" },
	[VM_OUTCOME_BAD_PROFILE] = { "bad-profile", VM_EXIT_TESTBED_BROKEN,
		"the profile does not parse" },
	[VM_OUTCOME_INTERRUPTED] = { "interrupted", 128, "SIGINT/SIGTERM/SIGHUP (exit 128 + signal)" },
	[VM_OUTCOME_READY] = { "ready", 0, "preflight: QEMU makes the profile's machine" },
	[VM_OUTCOME_TESTBED_BROKEN] = { "testbed-broken", VM_EXIT_TESTBED_BROKEN,
		"preflight: a file the run needs is missing, or QEMU cannot make the machine" },
	[VM_OUTCOME_QEMU_LACKS] = { "qemu-lacks", VM_EXIT_QEMU_LACKS,
		"the profile needs a device property this QEMU lacks (needs-property): skipped" },
	[VM_OUTCOME_QEMU_EXITED] = { "qemu-exited", 1,
		"reboot_loop: QEMU exited 0 before the guest's marker (the guest powered off)" },
	[VM_OUTCOME_GUEST_ERROR] = { "guest-error", 1,
		"reboot_loop: the guest's agent could not dump or kexec" },
};

void vm_verdict_set(struct vm_verdict *v, enum vm_outcome outcome, const char *fmt, ...)
{
	va_list ap;

	v->outcome = outcome;
	v->exit_code = vm_outcome_exit_code(outcome);
	va_start(ap, fmt);
	vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
	va_end(ap);
}

bool vm_verdict_panic(struct vm_verdict *v, struct vm_qemu *vm, int st, const char *panic_line,
		      const char *fallback)
{
	json_object *ev = vm_qemu_take_event(vm, vm_qmp_event_named, "GUEST_PANICKED");

	if (!ev && (!panic_line[0] || st == VM_EXITED))
		return false;
	json_object_put(ev);
	vm_qemu_last_words(vm);
	vm_verdict_set(v, VM_OUTCOME_GUEST_PANIC, "%s", panic_line[0] ? panic_line : fallback);
	return true;
}

const char *vm_outcome_name(enum vm_outcome o)
{
	return outcomes[o].name;
}

int vm_outcome_exit_code(enum vm_outcome o)
{
	return o == VM_OUTCOME_INTERRUPTED ? 128 + vm_signal_pending() : outcomes[o].exit_code;
}

const char *vm_outcome_meaning(enum vm_outcome o)
{
	return outcomes[o].meaning;
}
