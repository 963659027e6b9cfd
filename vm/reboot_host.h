/* SPDX-License-Identifier: GPL-2.0 */
/*
 * reboot_loop's testbed half, linked only into its host build: per profile
 * one QEMU with reboots allowed, the guest agent (vm/guest/reboot-agent.sh)
 * as the suite's run_all.sh, and the plan of reboots, resets and kexecs. It
 * says what became of each boot - QEMU died, the guest never came back, the
 * agent failed (vm/outcome.h) - and reads what a boot that came back left
 * (console, device tree, PCI DMA masks, dmesg).
 *
 * Judging a boot that came back and reporting it (TAP) stay with the test
 * program, reboot_loop.c, which shares that judging with its native half:
 * this half calls back through struct reboot_judge, in the order the boot
 * is handled.
 */
#ifndef PPCST_VM_REBOOT_HOST_H
#define PPCST_VM_REBOOT_HOST_H

#include <stddef.h>

#include "dma/ddw_check.h"
#include "dma/dt.h"

/* One boot of a profile: boot 0 is the cold start, boot i follows plan[i-1]. */
struct reboot_boot {
	const char *profile;
	int index;
	const char *after;	/* "cold start", or the step that led to it */
};

/* What the agent left of a boot that came back, read and parsed. */
struct reboot_boot_state {
	const struct dt_state *state;	/* this boot's device tree */
	const struct dt_state *ref;	/* boot 0's; NULL for boot 0 itself */
	const struct ddw_dev *devs;	/* the PCI devices with their DMA masks */
	int ndevs;
	const struct ddw_log *log;	/* enable_ddw's runs in this boot's dmesg */
};

struct reboot_judge {
	void *ctx;
	/* A boot reached its marker: its verdict starts, with no finding. */
	void (*begin)(void *ctx, const struct reboot_boot *b);
	/* One failing finding of the boot under way (one line). */
	void (*finding)(void *ctx, const char *line);
	/* The boot's DMA state, read from what the agent left. */
	void (*state)(void *ctx, const struct reboot_boot_state *s);
	/* The reason its verdict fails, into buf; NULL when it passes. */
	const char *(*failure)(void *ctx, char *buf, size_t len);
	/* The boot's subtest: failure NULL passes it. */
	void (*result)(void *ctx, const struct reboot_boot *b, const char *failure);
	/* A boot not reached, after the loop broke off (why: the outcome). */
	void (*skip)(void *ctx, const struct reboot_boot *b, const char *why);
};

struct reboot_testbed {
	const char *kernel, *rootfs, *qemu, *append;	/* qemu, append: may be NULL */
	const char *results;	/* profile P goes into RESULTS/reboot_loop/P/ */
	const char *agent;	/* reboot_host_agent() */
	unsigned int boot_timeout_s;	/* 0: the profile's */
	const char *const *profiles;
	int nprofiles;
	const char *const *plan;	/* the step after each boot but the last */
	int nplan;
	const char *const *kinds;	/* the kinds of step, for the averages */
	int nkinds;
};

/* The guest agent: $PPCST_REBOOT_AGENT, else vm/guest/reboot-agent.sh of the
 * source tree this binary was built in. -1 if it cannot be read. */
int reboot_host_agent(char *path, size_t len);

/* Boots every profile through the plan: nplan + 1 boots each, every one
 * reported through j (result or skip). Stops early on SIGINT/SIGTERM/SIGHUP. */
void reboot_host_run(const struct reboot_testbed *tb, const struct reboot_judge *j);

#endif
