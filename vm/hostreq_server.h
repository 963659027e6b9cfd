/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host requests, the host side: test programs in the testbed guest ask the
 * host for what only QEMU can do - hot-plug and unplug a PHB with a PCI
 * device, add memory - and vmrun carries it out over QMP. The guest side is
 * lib/testbed/hostreq_client.h; the protocol both follow (directory, file names,
 * request and reply) is lib/testbed/testbed_protocol.h.
 *
 * What the host adds to it: wait-device-deleted is answered once QEMU sent
 * DEVICE_DELETED for arguments.id (an event already queued counts; a
 * device_del request drops the ones queued for its id, so each wait sees the
 * deletion the last device_del started). A request the host cannot parse or
 * does not allow, or one QEMU does not answer in time, gets an error of class
 * GenericError. Each request is one line on stderr and in
 * RESULTS/host-requests.log.
 */
#ifndef PPCST_VM_HOSTREQ_SERVER_H
#define PPCST_VM_HOSTREQ_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include "testbed/hostreq_client.h"
#include "qemu.h"

/* In the results directory, beside HOST_REQUEST_DIR_NAME. */
#define VM_HOSTREQ_LOG "host-requests.log"
/* A request is a command and its arguments: anything longer is a mistake. */
#define VM_HOSTREQ_MAX_SIZE 65536
/* The host's own pseudo-command. */
#define VM_HOSTREQ_WAIT_DELETED "wait-device-deleted"

struct vm_hostreq {
	char execute[32];
	json_object *arguments;	/* NULL when the request has none */
	unsigned int timeout_s;
};

/* Parses and checks one request text. 0: *req is filled (release it with
 * vm_hostreq_release); -1: err says what is wrong with it. */
int vm_hostreq_parse(const char *text, struct vm_hostreq *req, char *err, size_t errlen);
void vm_hostreq_release(struct vm_hostreq *req);

/* A reply of class GenericError (caller owns it). */
json_object *vm_hostreq_error(const char *desc);

struct vm_hostreq_server;

/* Tells a waiting request that the run is decided (say, the guest
 * panicked): the wait ends at once. */
typedef bool (*vm_hostreq_stop_fn)(void *ctx);

/*
 * Makes RESULTS/.ppcst-host (emptied of an earlier run's files) and writes
 * RESULTS/host-requests.log from scratch. stop may be NULL. NULL on failure,
 * with the reason in err.
 */
struct vm_hostreq_server *vm_hostreq_open(const char *results, vm_hostreq_stop_fn stop,
					  void *ctx, char *err, size_t errlen);
void vm_hostreq_close(struct vm_hostreq_server *s);

/*
 * Serves every pending request, oldest name first. No wait runs past
 * until_ms (ppcst_now_ms(), proc.h), the request's own timeout or stop(ctx).
 * Returns VM_OK, or the status (VM_EXITED, VM_INTERRUPTED) that ended
 * serving early; requests left then stay unanswered.
 */
enum vm_status vm_hostreq_serve(struct vm_hostreq_server *s, struct vm_qemu *vm,
				long long until_ms);

/* The pieces of vm_hostreq_serve, for tests that answer requests themselves.
 * Takes the oldest pending request out of the directory: 1 with its id and
 * its text (malloc'd, NUL-terminated; NULL if it could not be read, the
 * reason in err), 0 if there is none. */
int vm_hostreq_take(struct vm_hostreq_server *s, char *id, size_t idlen, char **text,
		    char *err, size_t errlen);
/* Writes <id>.reply. Returns 0, or -1 with errno set. */
int vm_hostreq_reply(struct vm_hostreq_server *s, const char *id, json_object *reply);

#endif
