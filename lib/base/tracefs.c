// SPDX-License-Identifier: GPL-2.0
/*
 * Trace instances of the suite's own: lib/base/tracefs.h.
 */
#include "base/tracefs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/error.h"
#include "base/sysfs.h"

/* ARG: the instance's path. Async-signal-safe, as cleanup actions must be. */
static void remove_instance(void *arg)
{
	rmdir(arg);
}

int tracefs_instance_begin(struct tracefs_instance *ti, const char *name, const char *system,
			   const char *config)
{
	char sys[160];

	memset(ti, 0, sizeof(*ti));
	ti->undo = -1;
	if (access(TRACEFS_ROOT "/instances", F_OK) &&
	    mount("tracefs", TRACEFS_ROOT, "tracefs", 0, NULL) && errno != EBUSY)
		return ppcst_fail(-ENOENT, "no tracefs on %s (CONFIG_FTRACE): %s", TRACEFS_ROOT,
				  strerror(errno));
	snprintf(sys, sizeof(sys), TRACEFS_ROOT "/events/%s", system);
	if (access(sys, F_OK))
		return ppcst_fail(-ENOENT, "no %s trace events in %s/events (%s)", system,
				  TRACEFS_ROOT, config);
	snprintf(ti->path, sizeof(ti->path), TRACEFS_ROOT "/instances/%s", name);
	rmdir(ti->path);
	if (mkdir(ti->path, 0700))
		return ppcst_fail(-errno, "%s: %s", ti->path, strerror(errno));
	ti->undo = cleanup_push("trace instance removed", remove_instance, ti->path,
				strlen(ti->path) + 1);
	return 0;
}

int tracefs_event_enable(struct tracefs_instance *ti, const char *system, const char *event)
{
	char path[sizeof(ti->enable[0])];

	if (ti->nr == TRACEFS_MAX_EVENTS)
		return ppcst_fail(-ENOSPC, "more than %d trace events in %s", TRACEFS_MAX_EVENTS,
				  ti->path);
	snprintf(path, sizeof(path), "%s/events/%s/%s/enable", ti->path, system, event);
	if (ppcst_sysfs_write(path, "1"))
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	memcpy(ti->enable[ti->nr], path, sizeof(path));
	ti->undo_enable[ti->nr++] = cleanup_push_write(path, "0");
	return 0;
}

void tracefs_events_off(struct tracefs_instance *ti)
{
	while (ti->nr > 0) {
		ti->nr--;
		ppcst_sysfs_write(ti->enable[ti->nr], "0");
		cleanup_drop(ti->undo_enable[ti->nr]);
	}
}

void tracefs_instance_end(struct tracefs_instance *ti)
{
	tracefs_events_off(ti);
	if (ti->undo < 0)
		return;
	rmdir(ti->path);
	cleanup_drop(ti->undo);
	ti->undo = -1;
}

void tracefs_instance_file(const struct tracefs_instance *ti, const char *file, char *buf,
			   size_t len)
{
	snprintf(buf, len, "%s/%s", ti->path, file);
}

int tracefs_read_trace(const struct tracefs_instance *ti, size_t max, char **text, size_t *len)
{
	char path[192];
	size_t used = 0;
	ssize_t n;
	int fd;

	*text = malloc(max);
	if (!*text)
		return ppcst_fail(-ENOMEM, "no memory for the trace text");
	tracefs_instance_file(ti, "trace", path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(*text);
		*text = NULL;
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	}
	while (used < max - 1 && (n = read(fd, *text + used, max - 1 - used)) > 0)
		used += (size_t)n;
	close(fd);
	(*text)[used] = '\0';
	*len = used;
	return 0;
}
