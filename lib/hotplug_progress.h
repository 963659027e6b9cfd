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

#endif
