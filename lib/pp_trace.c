// SPDX-License-Identifier: GPL-2.0
/*
 * The page_pool trace events through tracefs: lib/pp_trace.h.
 */
#include "pp_trace.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "sysfs.h"

#define TRACEFS "/sys/kernel/tracing"
/* A trace instance of our own: its own buffer and event switches, so that an
 * operator's tracing (the top-level buffer) is never touched. */
#define INSTANCE TRACEFS "/instances/ppcst-pagepool"
#define EVENTS INSTANCE "/events/page_pool"
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

static int undo_hold = -1, undo_release = -1, undo_instance = -1;

/* ARG: the instance's path. Async-signal-safe, as cleanup actions must be. */
static void remove_instance(void *arg)
{
	rmdir(arg);
}

static int enable(const char *event, int *undo)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), EVENTS "/%s/enable", event);
	if (ppcst_sysfs_write(path, "1"))
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	*undo = cleanup_push_write(path, "0");
	return 0;
}

static void disable(const char *event, int *undo)
{
	char path[PATH_MAX];

	if (*undo < 0)
		return;
	snprintf(path, sizeof(path), EVENTS "/%s/enable", event);
	ppcst_sysfs_write(path, "0");
	cleanup_drop(*undo);
	*undo = -1;
}

int pp_trace_begin(bool holds)
{
	int ret;

	if (access(TRACEFS "/instances", F_OK) &&
	    mount("tracefs", TRACEFS, "tracefs", 0, NULL) && errno != EBUSY)
		return ppcst_fail(-ENOENT, "no tracefs on %s (CONFIG_FTRACE): %s", TRACEFS,
				  strerror(errno));
	if (access(TRACEFS "/events/page_pool", F_OK))
		return ppcst_fail(-ENOENT, "no page_pool trace events in %s/events "
				  "(CONFIG_EVENT_TRACING)", TRACEFS);
	/* One a killed run left behind holds old events: a new one is empty. */
	rmdir(INSTANCE);
	if (mkdir(INSTANCE, 0700))
		return ppcst_fail(-errno, "%s: %s", INSTANCE, strerror(errno));
	undo_instance = cleanup_push("trace instance removed", remove_instance, INSTANCE,
				     sizeof(INSTANCE));
	ret = enable(RELEASE_EVENT, &undo_release);
	if (!ret && holds)
		ret = enable(HOLD_EVENT, &undo_hold);
	if (ret)
		pp_trace_end();
	return ret;
}

void pp_trace_end(void)
{
	disable(HOLD_EVENT, &undo_hold);
	disable(RELEASE_EVENT, &undo_release);
	if (undo_instance < 0)
		return;
	rmdir(INSTANCE);
	cleanup_drop(undo_instance);
	undo_instance = -1;
}

int pp_trace_read(struct pp_trace *t)
{
	char *text = malloc(TRACE_TEXT_MAX);
	size_t used = 0;
	ssize_t n;
	int fd;

	memset(t, 0, sizeof(*t));
	if (!text)
		return ppcst_fail(-ENOMEM, "no memory for the trace text");
	fd = open(INSTANCE "/trace", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(text);
		return ppcst_fail(-errno, "%s/trace: %s", INSTANCE, strerror(errno));
	}
	while (used < TRACE_TEXT_MAX - 1 &&
	       (n = read(fd, text + used, TRACE_TEXT_MAX - 1 - used)) > 0)
		used += (size_t)n;
	close(fd);
	text[used] = '\0';
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
