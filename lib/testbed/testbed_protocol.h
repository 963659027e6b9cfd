/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the QEMU testbed's guest and its host, in one place.
 * Guest side: vm/guest/init (PID 1), run_all.sh, vm/guest/reboot-agent.sh
 * (shell: their comments point here) and lib/testbed/hostreq_client.c. Host side:
 * vm/vmrun.c, vm/reboot_host.c (reboot_loop's QEMU half) and vm/hostreq_server.c.
 * A change here is a change of both sides.
 *
 * Boot: vmrun boots the kernel with init=TESTBED_INIT (vm/qemu.h's
 * VM_GUEST_ROOT_APPEND), the guest root being the 9p share /dev/root.
 *
 * 9p shares, mounted with trans=virtio,version=9p2000.L:
 *   TESTBED_SUITE_TAG    -> TESTBED_SUITE_MOUNT    read-only: the installed
 *                           suite (make install; reboot_loop: its agent as
 *                           run_all.sh and the vmlinux to kexec into)
 *   TESTBED_RESULTS_TAG  -> TESTBED_RESULTS_MOUNT  read-write: the run's
 *                           results directory
 *
 * Job: the host writes TESTBED_JOB_FILE in the results directory, one
 * argument per line; the guest passes them verbatim to
 *   TESTBED_SUITE_MOUNT/run_all.sh --native --job-dir TESTBED_RESULTS_MOUNT ARGS...
 *
 * Console: the guest's lines for the host all start with TESTBED_MARK (a TAP
 * comment, so TAP readers skip them):
 *   # ppcst: boot uptime=<seconds>     set up, about to start the suite (its
 *                                      absence in time: boot-timeout)
 *   # ppcst: error <text>              set-up failed (then power off)
 *   # ppcst: tap-begin                 run_all.sh starts; its TAP follows
 *   # ppcst: begin <test> timeout=<s>  run_all.sh, as each test starts: it must
 *                                      be done (next begin, end or tap-end)
 *                                      within <s> plus the host's grace
 *   # ppcst: end <test>                optional, run_all.sh, as a test ends (no
 *                                      timeout runs after it)
 *   # ppcst: tap-end rc=<n>            run_all.sh exited with status n
 * then the guest powers off (QEMU exits with status 0). reboot_loop's agent,
 * run as run_all.sh at every boot, prints instead:
 *   # ppcst: cycle <n> ready next=<action>   boot n dumped its state
 *   # ppcst: cycle <n> error <text>          a step failed
 *
 * Host requests (lib/testbed/hostreq_client.h, the guest's client; vm/hostreq_server.h, the
 * host's server): while a test runs, a program asks the host for what only
 * QEMU can do. The host makes HOST_REQUEST_DIR_NAME in the results directory
 * before the boot; the guest writes <id>HOST_REQUEST_SUFFIX there (id:
 * "<pid>-<counter>" of the guest process), first under the name plus
 * HOST_REQUEST_TMP_SUFFIX and then renamed into place, so that the host never
 * reads half of one. One JSON object:
 *
 *   {"execute": "device_add", "arguments": {...}, "timeout": <seconds>}
 *
 * execute: device_add, device_del, object-add, object-del, qom-get, query-pci
 * (passed to QMP as they are), or wait-device-deleted ({"id": ...}: answered
 * by the host once QEMU has deleted that device, i.e. the guest released it).
 * timeout: how long the host may take, 1 to HOST_REQUEST_MAX_TIMEOUT_S.
 * arguments: an object, optional. Nothing else is accepted.
 *
 * The host takes the file out of the directory and answers with
 * <id>HOST_REQUEST_REPLY_SUFFIX (also renamed into place, from a new file
 * of its own: lib/base/safe_file.h), shaped like a QMP answer: QEMU's own
 * {"return": ...} or {"error": {"class": ..., "desc": ...}}. Every request
 * gets a reply; the guest removes it. Requests are served one at a time,
 * oldest name first.
 */
#ifndef PPCST_TESTBED_PROTOCOL_H
#define PPCST_TESTBED_PROTOCOL_H

/* The guest's PID 1 in the guest root (vm/rootfs.sh installs vm/guest/init). */
#define TESTBED_INIT "/ppcst-init"

#define TESTBED_SUITE_TAG "ppcst-suite"
#define TESTBED_RESULTS_TAG "ppcst-results"
#define TESTBED_SUITE_MOUNT "/mnt/suite"
#define TESTBED_RESULTS_MOUNT "/mnt/results"
#define TESTBED_JOB_FILE ".ppcst-job"

/* Every console line for the host starts with it; what follows: */
#define TESTBED_MARK "# ppcst: "
#define TESTBED_MARK_BOOT "boot "		/* uptime=<seconds> */
#define TESTBED_MARK_ERROR "error "		/* <text> */
#define TESTBED_MARK_TAP_BEGIN "tap-begin"
#define TESTBED_MARK_TAP_END "tap-end rc=%d"	/* sscanf format */
#define TESTBED_MARK_BEGIN "begin "		/* <test> TESTBED_MARK_TIMEOUT<s> */
#define TESTBED_MARK_TIMEOUT " timeout="
#define TESTBED_MARK_END "end "			/* <test> */
/* reboot_loop's agent (sscanf formats; next= holds up to 15 characters). */
#define TESTBED_MARK_CYCLE_READY "cycle %d ready next=%15s"
#define TESTBED_MARK_CYCLE_ERROR "cycle %d error %n"

/* Host requests: the channel's directory in the results directory, and its
 * file names. */
#define HOST_REQUEST_DIR_NAME ".ppcst-host"
#define HOST_REQUEST_SUFFIX ".req"
#define HOST_REQUEST_REPLY_SUFFIX ".reply"
#define HOST_REQUEST_TMP_SUFFIX ".tmp"
#define HOST_REQUEST_MAX_TIMEOUT_S 3600

#endif
