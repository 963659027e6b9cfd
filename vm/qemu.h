/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Drives one qemu-system-ppc64 pseries guest of the testbed: starts it from a
 * machine profile (vm/profile.h) with the guest root over virtio 9p, keeps its
 * console in a file and hands each console line to a callback, speaks QMP
 * (vm/qmp.h), and notices QEMU's death. Used by vmrun (one boot, one suite
 * run) and by the host parts of reboot_loop, pagepool_dlpar and pmem_hotplug
 * (several boots; device_del/device_add/object-add through vm_qemu_qmp and
 * vm_qemu_wait_event).
 *
 * Every wait takes a timeout in milliseconds and returns one vm_status.
 * Nothing here outlives the caller: QEMU runs with PR_SET_PDEATHSIG=SIGKILL
 * in its own process group (a terminal's ^C reaches the caller, who decides),
 * and vm_qemu_free kills it if it still runs. Callers that want SIGINT/SIGTERM
 * to end their waits call vm_signals_install() once.
 */
#ifndef PPCST_VM_QEMU_H
#define PPCST_VM_QEMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <json-c/json.h>

#include "profile.h"
#include "testbed/testbed_protocol.h"
#include "qmp.h"

enum vm_status {
	VM_OK,		/* what was waited for happened */
	VM_TIMEOUT,	/* the timeout passed first */
	VM_EXITED,	/* QEMU is gone (vm_qemu_describe_exit) */
	VM_INTERRUPTED,	/* SIGINT, SIGTERM or SIGHUP arrived (vm_signals_install) */
	VM_ERROR,	/* a QMP error reply or broken channel; text in err */
};

/* A host directory the guest mounts with
 * mount -t 9p -o trans=virtio,version=9p2000.L TAG DIR. */
struct vm_share {
	const char *path;
	const char *tag;
	bool readonly;
};

/* Called for each complete console line, without the line end. */
typedef void (*vm_console_fn)(void *ctx, const char *line);

struct vm_qemu_config {
	const struct vm_profile *profile;
	const char *qemu;	/* NULL: $QEMU, else qemu-system-ppc64 on PATH */
	const char *kernel;	/* vmlinux */
	/* The guest root: shared read-only with tag /dev/root and booted with
	 * VM_GUEST_ROOT_APPEND; the kernel runs its TESTBED_INIT. */
	const char *rootfs;
	const char *append;	/* after the profile's append; may be NULL */
	const struct vm_share *shares;
	size_t n_shares;
	const char *const *extra_args;	/* NULL-terminated; may be NULL */
	const char *console_log;	/* written from scratch */
	const char *stderr_log;		/* QEMU's stderr, written from scratch */
	const char *events_log;		/* QMP events as JSON lines; may be NULL */
	/* false: -no-reboot, a guest reset or reboot ends QEMU (status 0). */
	bool allow_reboot;
	vm_console_fn on_line;		/* may be NULL */
	void *ctx;
	int start_timeout_ms;	/* until QMP is up; 0: 30 s */
};

/*
 * What the guest kernel needs to mount the 9p root and run the suite's init.
 * nohz=off: under TCG a pseries guest whose tick stops in idle (NO_HZ_IDLE,
 * H_CEDE) never wakes for its next timer, so the first sleep(1) in the guest
 * hangs for good (seen with QEMU 10.0.2 and 6.12, POWER9 and POWER10 models);
 * a periodic tick keeps it awake.
 */
#define VM_GUEST_ROOT_APPEND \
	"root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144 " \
	"rw init=" TESTBED_INIT " console=hvc0 nohz=off"

struct vm_qemu;

/* $QEMU or qemu-system-ppc64 when qemu is NULL. */
const char *vm_qemu_binary(const char *qemu);
/* First line of `QEMU --version` into buf. Returns 0, or -1 with the reason
 * in buf (QEMU missing or not runnable). */
int vm_qemu_version(const char *qemu, char *buf, size_t len);
/* Does `QEMU -device TYPE,help`'s text help list the property prop? */
bool vm_qemu_help_lists(const char *help, const char *prop);
/*
 * The profile's needs-property lines against QEMU (-device TYPE,help): 0 it
 * has each; 1 it lacks one, a line naming it in what (the profile is skipped,
 * outcome qemu-lacks); -1 QEMU could not be asked (the reason in what).
 */
int vm_qemu_lacks(const char *qemu, const struct vm_profile *p, char *what, size_t len);
/* KVM only when the host is ppc64le and /dev/kvm exists; TCG otherwise. */
bool vm_qemu_use_kvm(void);

/*
 * Starts QEMU and completes the QMP handshake. VM_OK: running. Anything else:
 * the reason is in err; *vm is set if QEMU was started (inspect its exit and
 * stderr, then vm_qemu_free), NULL if it never ran (e.g. no such binary).
 */
enum vm_status vm_qemu_start(const struct vm_qemu_config *cfg, struct vm_qemu **vm,
			     char *err, size_t errlen);

/* The argv QEMU was started with (NULL-terminated). */
char *const *vm_qemu_argv(const struct vm_qemu *vm);
pid_t vm_qemu_pid(const struct vm_qemu *vm);
bool vm_qemu_running(const struct vm_qemu *vm);

/* Processes console and QMP input for up to timeout_ms. VM_OK: something
 * arrived; VM_TIMEOUT: nothing did; VM_EXITED once QEMU is reaped (its output
 * drained); VM_INTERRUPTED. */
enum vm_status vm_qemu_poll(struct vm_qemu *vm, int timeout_ms);

/* Number of console lines so far: a mark for vm_qemu_wait_console. */
unsigned long vm_qemu_console_lines(const struct vm_qemu *vm);
/* Waits for a console line containing needle, looking at lines from number
 * `since` on (lines from before the call are still searched if they are among
 * the last VM_CONSOLE_HISTORY). */
#define VM_CONSOLE_HISTORY 256
enum vm_status vm_qemu_wait_console(struct vm_qemu *vm, const char *needle,
				    unsigned long since, int timeout_ms);

/* Runs a QMP command (takes ownership of args, may be NULL). VM_OK: *ret (if
 * ret) holds the "return" value, caller owns it. VM_ERROR: the error class
 * and description are in err. */
enum vm_status vm_qemu_qmp(struct vm_qemu *vm, const char *cmd, json_object *args,
			   int timeout_ms, json_object **ret, char *err, size_t errlen);
/* The same, for callers that pass QEMU's answer on (host requests): VM_OK
 * once QEMU answered at all, *response holding the whole answer, {"return":
 * ...} or {"error": {"class": ..., "desc": ...}} (and QMP's "id"); caller
 * owns it. Otherwise *response is NULL and err says why. */
enum vm_status vm_qemu_qmp_response(struct vm_qemu *vm, const char *cmd, json_object *args,
				    int timeout_ms, json_object **response, char *err,
				    size_t errlen);

/* Waits for a QMP event that pred accepts (already queued ones count). VM_OK:
 * *event (if event) holds it, caller owns it. */
enum vm_status vm_qemu_wait_event(struct vm_qemu *vm, vm_qmp_pred pred, const void *ctx,
				  int timeout_ms, json_object **event);
/* The oldest queued event pred accepts, without waiting; NULL if none. */
json_object *vm_qemu_take_event(struct vm_qemu *vm, vm_qmp_pred pred, const void *ctx);

/* "exited with status 1" / "killed by signal 6 (Aborted)" / "running". */
void vm_qemu_describe_exit(const struct vm_qemu *vm, char *buf, size_t len);
/* The raw waitpid status once exited; -1 while running. */
int vm_qemu_wait_status(const struct vm_qemu *vm);

/*
 * Whether QEMU can make the profile's machine on this host at all, before any
 * test relies on it: starts it paused (-S: every device realized, its option
 * ROM and the firmware loaded, no guest instruction run), checks over QMP that
 * the machine exists, and quits. cfg->extra_args must be NULL (the "-S" is
 * ours). 0: it can. -1: err holds QEMU's own reason, as
 * "device ID (DRIVER): MESSAGE" when QEMU names the -device it failed on
 * (vm_qemu_start_error).
 */
int vm_qemu_preflight(const struct vm_qemu_config *cfg, char *err, size_t errlen);
/*
 * The QEMU command line vm_qemu_start would run for CFG, one argument a line
 * to F, for a QEMU someone else starts (a LAVA job, lava/): its scratch disks
 * and memory files are made in DIR (an existing folder, under 64 bytes: the
 * QMP socket's path too) and stay there. 0, or -1 with the why in ERR.
 */
int vm_qemu_print_argv(const struct vm_qemu_config *cfg, const char *dir, FILE *f, char *err,
		       size_t errlen);
/* QEMU's reason for not starting, from its stderr log: its last
 * "qemu-system-...: " line, with a failing "-device DRIVER,...,id=ID,...:"
 * prefix shortened to "device ID (DRIVER):". false if there is none. */
bool vm_qemu_start_error(const char *stderr_log, char *buf, size_t len);

/* Asks QEMU to quit over QMP, waits up to timeout_ms, then SIGKILLs it.
 * VM_OK: it quit by itself; VM_TIMEOUT: it had to be killed. */
enum vm_status vm_qemu_stop(struct vm_qemu *vm, int timeout_ms);
/* SIGKILL and reap (no-op once exited). */
void vm_qemu_kill(struct vm_qemu *vm);
/* Kills QEMU if it runs, closes everything, removes the private temp dir. */
void vm_qemu_free(struct vm_qemu *vm);

/* The last nlines lines of a file (malloc'd), NULL if unreadable. */
char *vm_file_tail(const char *path, unsigned int nlines);
/* The last line of QEMU's stderr that reports an assertion or abort
 * ("...: Assertion `...' failed.", glib "ERROR:...", "hardware error").
 * Returns true and fills buf if there is one. */
bool vm_qemu_assertion(const char *stderr_log, char *buf, size_t len);

/* --- Judging a guest: what vmrun and reboot_loop both conclude from --- */

/* The console line of a guest kernel that died. */
#define VM_PANIC_TEXT "Kernel panic - not syncing"
/* The kernel's oops line: "Oops: Kernel access of bad area, sig: 11 [#1]". */
#define VM_OOPS_TEXT "Oops: "
/* How long the console is still read after a panic or an NMI: what the
 * kernel prints after the event that decided an outcome is the evidence. */
#define VM_LAST_WORDS_MS 3000

/* Reads the console for VM_LAST_WORDS_MS more (less if QEMU exits or a
 * signal arrives). */
void vm_qemu_last_words(struct vm_qemu *vm);
/* A hung guest: an NMI (a system reset on pseries) makes the kernel print
 * where each CPU was; then QEMU is killed. */
void vm_qemu_nmi_and_kill(struct vm_qemu *vm);
/* The reason of the last SHUTDOWN event ("guest-reset", "host-qmp-quit",
 * ...) into buf, "" if none; takes the SHUTDOWN events off the queue. */
void vm_qemu_shutdown_reason(struct vm_qemu *vm, char *buf, size_t len);
/* "# TITLE:" and the last nlines lines of a file as "#   line" (TAP
 * diagnostics) on out; nothing if the file is missing or empty. */
void vm_print_excerpt(FILE *out, const char *title, const char *path, unsigned int nlines);

/* SIGINT/SIGTERM/SIGHUP set a flag that ends every wait with VM_INTERRUPTED
 * (and SIGPIPE is ignored). */
void vm_signals_install(void);
/* The signal that arrived, 0 if none. */
int vm_signal_pending(void);

#endif
