/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a PCI hot-plug step in this machine (a DLPAR removal or addition)
 * is still moving. The same removal took ~12 s on an idle TCG host and
 * 40-80 s beside a kernel build: a wait bounded by time alone calls a slow
 * host a kernel failure. A step is moving while its agents (drmgr processes)
 * gain CPU time or run, or the set of PCI devices changes; it is stuck when,
 * over a whole sample period, none of that happens (an agent asleep in the
 * kernel, or no agent and nothing changing).
 */
#ifndef PPCST_HOTPLUG_PROGRESS_H
#define PPCST_HOTPLUG_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct hotplug_progress {
	int agents;			/* drmgr processes */
	int agents_running;		/* of them runnable (state R) */
	int agents_blocked;		/* of them in uninterruptible sleep (D) */
	unsigned long long agent_ticks;	/* their utime + stime, summed */
	int pci_devices;		/* entries of /sys/bus/pci/devices */
};

/* Takes a sample now (under /proc and /sys: ROOT, "" for the machine's). */
void hotplug_progress_sample(struct hotplug_progress *p, const char *root);
/* Whether the step moved between two samples. */
bool hotplug_progress_moved(const struct hotplug_progress *before,
			    const struct hotplug_progress *now);
/* "2 drmgr (1 in D), 8 CPU ticks, 5 PCI devices" into buf. */
void hotplug_progress_describe(const struct hotplug_progress *p, char *buf, size_t len);

/*
 * Bounds of a hot-plug step: what it may take on an idle host before it is
 * slow (reported, never a failure by itself), how long one look at it lasts,
 * how long it may stand still before it is stuck, and a cap.
 */
#define HOTPLUG_STEP_NOMINAL_S 90
#define HOTPLUG_STEP_SLICE_S 30
#define HOTPLUG_STEP_STUCK_S 90
#define HOTPLUG_STEP_CAP_S 900

/*
 * Waits for a hot-plug step of this machine: calls done(ctx), which looks for
 * up to HOTPLUG_STEP_SLICE_S and returns 0 (done), 1 (not yet) or -errno
 * (failed, ppcst_last_error()), for as long as the step moves. 0 once done,
 * *took its seconds; -ETIMEDOUT with ppcst_last_error() naming WHAT and how it
 * stopped (no progress for HOTPLUG_STEP_STUCK_S, or still going at
 * HOTPLUG_STEP_CAP_S); done's error otherwise.
 */
int hotplug_step_wait(const char *what, int (*done)(void *ctx), void *ctx, double *took);

#endif
