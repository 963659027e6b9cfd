/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The QEMU Machine Protocol over a connected socket, with json-c.
 *
 * This layer never blocks: it parses what arrives (vm_qmp_read), queues events
 * and keeps responses by id. Waiting belongs to vm_qemu, which must keep
 * draining the guest console while it waits (a full console pipe stalls
 * QEMU's main loop, and with it every QMP answer).
 */
#ifndef PPCST_VM_QMP_H
#define PPCST_VM_QMP_H

#include <stdbool.h>
#include <stdio.h>
#include <json-c/json.h>

struct vm_qmp;

/* Takes ownership of the connected socket fd. events_log: every event is
 * appended to it as one JSON line (may be NULL). */
struct vm_qmp *vm_qmp_new(int fd, FILE *events_log);
void vm_qmp_free(struct vm_qmp *q);
int vm_qmp_fd(const struct vm_qmp *q);

/* Reads what is available and parses complete messages. Returns 0, or -1 at
 * end of stream or on a protocol error (text in vm_qmp_error). */
int vm_qmp_read(struct vm_qmp *q);
const char *vm_qmp_error(const struct vm_qmp *q);

/* True once QEMU's greeting ({"QMP": ...}) has arrived. */
bool vm_qmp_greeted(const struct vm_qmp *q);

/* Sends {"execute": cmd, "arguments": args, "id": N}; takes ownership of args
 * (may be NULL). Returns N (> 0), or -1 if the socket is gone. */
long vm_qmp_send(struct vm_qmp *q, const char *cmd, json_object *args);

/* The whole response to id N once it has arrived (caller owns it), else NULL. */
json_object *vm_qmp_take_response(struct vm_qmp *q, long id);

/* Event predicates: ctx is what the predicate compares with. */
typedef bool (*vm_qmp_pred)(json_object *event, const void *ctx);
/* ctx: the event name, e.g. "GUEST_PANICKED". */
bool vm_qmp_event_named(json_object *event, const void *name);
/* ctx: a device id. DEVICE_DELETED for that id exactly: QEMU also sends one
 * per child (e.g. each DRC connector of a PHB, before the PHB's own), which
 * carry only a QOM path. */
bool vm_qmp_device_deleted(json_object *event, const void *id);

/* Removes and returns the oldest queued event that pred accepts (caller owns
 * it), else NULL. pred NULL accepts any. */
json_object *vm_qmp_take_event(struct vm_qmp *q, vm_qmp_pred pred, const void *ctx);

/* The "event" member of an event, "" if absent. */
const char *vm_qmp_event_name(json_object *event);

#endif
