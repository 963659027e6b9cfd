// SPDX-License-Identifier: GPL-2.0
/* Progress of a PCI hot-plug step; the contract is in hotplug_progress.h. */
#include "hotplug/hotplug_progress.h"
#include "base/clock.h"
#include "base/error.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The agent that carries out a DLPAR request (powerpc-utils), whether the
 * operator or rtas_errd (a testbed hot-plug event) started it. */
#define AGENT "drmgr"

/* Counts the entries of DIR that do not start with '.'; 0 if unreadable. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* One /proc/PID/stat line: "pid (comm) state ppid ... utime stime ...". */
static void add_agent(struct hotplug_progress *p, const char *stat_line)
{
	const char *open = strchr(stat_line, '('), *close = strrchr(stat_line, ')');
	unsigned long long utime, stime;
	char state;

	if (!open || !close || close < open ||
	    (size_t)(close - open - 1) != strlen(AGENT) || strncmp(open + 1, AGENT, strlen(AGENT)))
		return;
	/* After the comm: state, then fields 4..13, then utime and stime. */
	if (sscanf(close + 1, " %c %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu", &state,
		   &utime, &stime) != 3)
		return;
	p->agents++;
	p->agents_running += state == 'R';
	p->agents_blocked += state == 'D';
	p->agent_ticks += utime + stime;
}

void hotplug_progress_sample(struct hotplug_progress *p, const char *root)
{
	char path[PATH_MAX], line[1024];
	struct dirent *e;
	DIR *d;

	memset(p, 0, sizeof(*p));
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices", root);
	p->pci_devices = count_entries(path);
	snprintf(path, sizeof(path), "%s/proc", root);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/proc/%s/stat", root, e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;	/* gone since readdir */
		if (fgets(line, sizeof(line), f))
			add_agent(p, line);
		fclose(f);
	}
	closedir(d);
}

bool hotplug_progress_moved(const struct hotplug_progress *before,
			    const struct hotplug_progress *now)
{
	return now->agents_running > 0 || now->agent_ticks != before->agent_ticks ||
	       now->agents != before->agents || now->pci_devices != before->pci_devices;
}

void hotplug_progress_describe(const struct hotplug_progress *p, char *buf, size_t len)
{
	snprintf(buf, len, "%d %s (%d running, %d in D), %llu CPU ticks, %d PCI devices",
		 p->agents, AGENT, p->agents_running, p->agents_blocked, p->agent_ticks,
		 p->pci_devices);
}

int hotplug_step_wait(const char *what, int (*done)(void *ctx), void *ctx, double *took)
{
	struct hotplug_progress last, now;
	double t0 = ppcst_now_s(), moved_at = t0;
	char state[128];
	int ret;

	hotplug_progress_sample(&last, "");
	while ((ret = done(ctx)) > 0) {
		hotplug_progress_sample(&now, "");
		if (hotplug_progress_moved(&last, &now))
			moved_at = ppcst_now_s();
		last = now;
		hotplug_progress_describe(&now, state, sizeof(state));
		if (ppcst_now_s() - moved_at >= HOTPLUG_STEP_STUCK_S)
			return ppcst_fail(-ETIMEDOUT, "%s: no progress for %d s (%s)", what,
					  HOTPLUG_STEP_STUCK_S, state);
		if (ppcst_now_s() - t0 >= HOTPLUG_STEP_CAP_S)
			return ppcst_fail(-ETIMEDOUT, "%s: not done after %d s, still moving (%s)",
					  what, HOTPLUG_STEP_CAP_S, state);
	}
	*took = ppcst_now_s() - t0;
	return ret ? ppcst_fail(ret, "%s: %s", what, ppcst_last_error()) : 0;
}
