/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events through tracefs, in a trace instance of the suite's own
 * (instances/NAME: its own buffer and event switches), so that an operator's
 * tracing (the top-level buffer) is never touched. The cleanup stack turns
 * the events off and removes the instance on every way out.
 */
#ifndef PPCST_TRACEFS_H
#define PPCST_TRACEFS_H

#include <stddef.h>

#define TRACEFS_ROOT "/sys/kernel/tracing"
#define TRACEFS_MAX_EVENTS 8

struct tracefs_instance {
	char path[128];			/* TRACEFS_ROOT/instances/NAME */
	int undo;			/* cleanup handle of its removal, -1: none */
	int nr;				/* events turned on */
	char enable[TRACEFS_MAX_EVENTS][192];	/* their enable files */
	int undo_enable[TRACEFS_MAX_EVENTS];
};

/*
 * Mounts tracefs on TRACEFS_ROOT if it is not there and makes instance NAME
 * afresh (one a killed run left behind holds old events). SYSTEM: the event
 * system the caller needs ("dma"); without it -ENOENT naming CONFIG. 0, or
 * -errno with ppcst_last_error().
 */
int tracefs_instance_begin(struct tracefs_instance *ti, const char *name, const char *system,
			   const char *config);
/* Turns SYSTEM/EVENT on in the instance (off again in tracefs_instance_end). */
int tracefs_event_enable(struct tracefs_instance *ti, const char *system, const char *event);
/* Turns every event of the instance off: nothing more is logged. */
void tracefs_events_off(struct tracefs_instance *ti);
/* Events off and the instance removed; a no-op on one not begun. */
void tracefs_instance_end(struct tracefs_instance *ti);
/* FILE of the instance ("trace", "trace_pipe", "buffer_size_kb") into BUF. */
void tracefs_instance_file(const struct tracefs_instance *ti, const char *file, char *buf,
			   size_t len);
/*
 * The instance's trace text (at most MAX - 1 bytes, NUL-terminated) in a
 * malloc'ed *TEXT, its length in *LEN: 0 or -errno.
 */
int tracefs_read_trace(const struct tracefs_instance *ti, size_t max, char **text, size_t *len);

#endif
