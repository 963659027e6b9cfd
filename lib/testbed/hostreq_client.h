/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host requests, the guest side: a test program in the QEMU testbed asks the
 * host for what only QEMU can do - hot-plug a PHB with a PCI device, unplug
 * it, add memory:
 *
 *   if (!host_requests_available())
 *           SKIP(return, "no host requests (QEMU testbed only)");
 *   ret = host_request("device_add",
 *                      "{\"driver\": \"spapr-pci-host-bridge\", \"index\": 5, \"id\": \"phb5\"}",
 *                      30, reply, sizeof(reply));
 *
 * The host is the testbed's vmrun, which passes device_add, device_del,
 * object-add, object-del, qom-get and query-pci to QEMU's QMP and answers
 * wait-device-deleted ({"id": ...}: QEMU's DEVICE_DELETED for that device)
 * itself; the protocol is in lib/testbed/testbed_protocol.h. The caller formats the
 * arguments as a JSON object text; NULL sends none.
 *
 * Requests from one guest are served one at a time: a wait-device-deleted
 * holds up the requests of every other process until it is answered. In a
 * process, call host_request from one thread at a time (it uses the
 * process's cleanup stack).
 */
#ifndef PPCST_HOSTREQ_CLIENT_H
#define PPCST_HOSTREQ_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "testbed/testbed_protocol.h"

/* The channel in the testbed guest; $PPCST_HOST_DIR names another directory
 * (the suite's own tests). */
#define HOST_REQUEST_DEFAULT_DIR TESTBED_RESULTS_MOUNT "/" HOST_REQUEST_DIR_NAME
/* How much longer than a request's timeout the guest waits for the reply:
 * the host picks requests up every 200 ms and the reply crosses 9p. */
#define HOST_REQUEST_MARGIN_S 5

/* True when the channel's directory exists: in the testbed guest. */
bool host_requests_available(void);

/*
 * Asks the host to run `execute` with `arguments_json` (a JSON object text,
 * or NULL) within timeout_s seconds (1 to HOST_REQUEST_MAX_TIMEOUT_S), and
 * waits for the answer. The reply (e.g. {"return":{}}) goes into reply, cut
 * to reply_len, when reply is not NULL. Returns 0 on a {"return": ...}
 * reply, else -errno with ppcst_last_error() saying why:
 *   -ENODEV     no channel (not in the testbed)
 *   -EINVAL     execute is not a command name, or the timeout is out of range
 *   -ETIMEDOUT  no reply within timeout_s + HOST_REQUEST_MARGIN_S; the
 *               request is withdrawn if the host has not taken it yet
 *   -EIO        an error reply: its "desc" is in the message
 *   other       the channel's files could not be written or read
 * Killed by a signal that runs the cleanup stack (cleanup_catch_signals),
 * it removes its files and so withdraws a request the host has not taken
 * yet; the reply to one the host has taken still comes, and stays.
 */
int host_request(const char *execute, const char *arguments_json, unsigned int timeout_s,
		 char *reply, size_t reply_len);

#endif
