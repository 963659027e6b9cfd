// SPDX-License-Identifier: GPL-2.0
/*
 * The page_pool trace events through tracefs: lib/devices/pp_trace.h.
 */
#include "devices/pp_trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sysfs.h"
#include "base/tracefs.h"

/* The trace instance of our own (lib/base/tracefs.h). */
#define INSTANCE "ppcst-pagepool"
#define HOLD_EVENT "page_pool_state_hold"
#define RELEASE_EVENT "page_pool_release"
/* One read of the trace file: events beyond it are not counted. */
#define TRACE_TEXT_MAX (8 << 20)

/* --- parsing ------------------------------------------------------------------- */

static struct pp_trace_pool *pool_slot(struct pp_trace *t, const char *ptr, size_t len)
{
	struct pp_trace_pool *p;

	for (int i = 0; i < t->nr; i++)
		if (strlen(t->pools[i].ptr) == len && !strncmp(t->pools[i].ptr, ptr, len))
			return &t->pools[i];
	if (t->nr == PP_TRACE_MAX_POOLS || len >= sizeof(p->ptr)) {
		t->overflow = true;
		return NULL;
	}
	p = &t->pools[t->nr++];
	memset(p, 0, sizeof(*p));
	memcpy(p->ptr, ptr, len);
	p->first_inflight = p->last_inflight = -1;
	return p;
}

/* One line: "<task>-<pid> [cpu] flags time: EVENT: page_pool=PTR ...". */
static int parse_line(const char *line, size_t len, struct pp_trace *t)
{
	static const char *const events[] = { ": " HOLD_EVENT ": ", ": " RELEASE_EVENT ": " };
	char text[512];
	const char *ev = NULL, *ptr, *end, *infl;
	struct pp_trace_pool *p;
	int which = -1;

	if (len >= sizeof(text))
		len = sizeof(text) - 1;
	memcpy(text, line, len);
	text[len] = '\0';
	for (int i = 0; i < 2 && !ev; i++)
		if ((ev = strstr(text, events[i])))
			which = i;
	if (!ev)
		return 0;
	ptr = strstr(ev, "page_pool=");
	if (!ptr)
		return 0;
	ptr += strlen("page_pool=");
	end = ptr + strcspn(ptr, " ");
	if (end == ptr)
		return 0;
	p = pool_slot(t, ptr, (size_t)(end - ptr));
	if (!p)
		return 1;
	if (which == 0) {
		p->holds++;
		return 1;
	}
	infl = strstr(end, "inflight=");
	if (!infl)
		return 0;
	p->last_inflight = strtol(infl + strlen("inflight="), NULL, 10);
	if (!p->releases++)
		p->first_inflight = p->last_inflight;
	return 1;
}

int pp_trace_parse(const char *text, struct pp_trace *t)
{
	int events = 0;

	while (*text) {
		size_t len = strcspn(text, "\n");

		if (text[0] != '#')
			events += parse_line(text, len, t);
		text += len;
		if (*text)
			text++;
	}
	return events;
}

const struct pp_trace_pool *pp_trace_pool(const struct pp_trace *t, const char *ptr)
{
	for (int i = 0; i < t->nr; i++)
		if (!strcmp(t->pools[i].ptr, ptr))
			return &t->pools[i];
	return NULL;
}

unsigned long pp_trace_holds(const struct pp_trace *t)
{
	unsigned long n = 0;

	for (int i = 0; i < t->nr; i++)
		n += t->pools[i].holds;
	return n;
}

/* --- tracefs ------------------------------------------------------------------- */

/* TEXT to $PP_TRACE_CAPTURE_ENV/trace-N.txt. */
static void capture(const char *text, size_t len)
{
	static int n;
	char name[32];

	snprintf(name, sizeof(name), "trace-%d.txt", n++);
	ppcst_capture(PP_TRACE_CAPTURE_ENV, name, text, len);
}

static struct tracefs_instance instance = { .undo = -1 };

int pp_trace_begin(bool holds)
{
	int ret = tracefs_instance_begin(&instance, INSTANCE, "page_pool", "CONFIG_EVENT_TRACING");

	if (!ret)
		ret = tracefs_event_enable(&instance, "page_pool", RELEASE_EVENT);
	if (!ret && holds)
		ret = tracefs_event_enable(&instance, "page_pool", HOLD_EVENT);
	if (ret)
		pp_trace_end();
	return ret;
}

void pp_trace_end(void)
{
	tracefs_instance_end(&instance);
}

int pp_trace_read(struct pp_trace *t)
{
	size_t used;
	char *text;
	int ret;

	memset(t, 0, sizeof(*t));
	ret = tracefs_read_trace(&instance, TRACE_TEXT_MAX, &text, &used);
	if (ret)
		return ret;
	capture(text, used);
	pp_trace_parse(text, t);
	free(text);
	return 0;
}

bool pp_trace_drained(const struct pp_trace *pools, const struct pp_trace *after,
		      long *in_flight, int *destroyed)
{
	bool drained = true;

	*in_flight = 0;
	*destroyed = 0;
	for (int i = 0; i < pools->nr; i++) {
		const struct pp_trace_pool *p = pp_trace_pool(after, pools->pools[i].ptr);

		if (!p || !p->releases) {
			drained = false;
			continue;
		}
		(*destroyed)++;
		*in_flight += p->first_inflight;
		drained &= p->last_inflight == 0;
	}
	return drained;
}
