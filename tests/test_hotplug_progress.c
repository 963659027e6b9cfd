// SPDX-License-Identifier: GPL-2.0
/*
 * lib/hotplug_progress on a machine laid out in a temporary directory:
 * /proc/PID/stat lines in the kernel's format (fields from a real
 * /proc/PID/stat, the comm set to drmgr), and /sys/bus/pci/devices entries.
 * A removal is moving while drmgr gains CPU time or runs, or PCI devices go;
 * it is stuck when drmgr sleeps in D without CPU time, or nothing is there
 * and nothing changes.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "hotplug/hotplug_progress.h"

/* pid, comm, state, utime, stime into a stat line of the kernel's layout. */
static void put_stat(const char *root, int pid, const char *comm, char state, int utime,
		     int stime)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/%d", root, pid);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/proc/%d/stat", root, pid);
	f = fopen(path, "w");
	if (!f)
		abort();
	fprintf(f, "%d (%s) %c 1 %d 0 0 -1 4194560 41312 0 0 0 %d %d 0 0 20 0 1 0 30 "
		"40828928 2787 18446744073709551615 1 1 0 0 0 0 0 4096 1256 0 0 0 17 0 0 0 0 0 0\n",
		pid, comm, state, pid, utime, stime);
	fclose(f);
}

static void put_device(const char *root, const char *bdf, bool present)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s", root, bdf);
	if (present)
		mkdir(path, 0755);
	else
		rmdir(path);
}

FIXTURE(machine) {
	char root[128];
	struct hotplug_progress a, b;
};

FIXTURE_SETUP(machine)
{
	char cmd[512];

	snprintf(self->root, sizeof(self->root), "%s/hotplug.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ASSERT_NE(NULL, mkdtemp(self->root));
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/proc %s/sys/bus/pci/devices", self->root,
		 self->root);
	ASSERT_EQ(0, system(cmd));
	put_stat(self->root, 1, "init", 'S', 5, 5);
	put_stat(self->root, 77, "rtas_errd", 'S', 1, 1);
	put_device(self->root, "0001:00:00.0", true);
	put_device(self->root, "0002:00:00.0", true);
}

FIXTURE_TEARDOWN(machine)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->root);
	system(cmd);
}

TEST_F(machine, drmgr_gaining_cpu_time_moves)
{
	put_stat(self->root, 900, "drmgr", 'S', 10, 4);
	hotplug_progress_sample(&self->a, self->root);
	EXPECT_EQ(1, self->a.agents);
	EXPECT_EQ(14, self->a.agent_ticks);
	EXPECT_EQ(2, self->a.pci_devices);
	put_stat(self->root, 900, "drmgr", 'S', 12, 4);
	hotplug_progress_sample(&self->b, self->root);
	EXPECT_TRUE(hotplug_progress_moved(&self->a, &self->b));
}

TEST_F(machine, drmgr_blocked_without_cpu_time_is_stuck)
{
	put_stat(self->root, 900, "drmgr", 'D', 10, 4);
	hotplug_progress_sample(&self->a, self->root);
	hotplug_progress_sample(&self->b, self->root);
	EXPECT_EQ(1, self->b.agents_blocked);
	EXPECT_FALSE(hotplug_progress_moved(&self->a, &self->b));
}

TEST_F(machine, drmgr_running_moves)
{
	put_stat(self->root, 900, "drmgr", 'R', 10, 4);
	hotplug_progress_sample(&self->a, self->root);
	hotplug_progress_sample(&self->b, self->root);
	EXPECT_TRUE(hotplug_progress_moved(&self->a, &self->b));
}

TEST_F(machine, a_device_going_moves)
{
	hotplug_progress_sample(&self->a, self->root);
	put_device(self->root, "0002:00:00.0", false);
	hotplug_progress_sample(&self->b, self->root);
	EXPECT_EQ(0, self->b.agents);
	EXPECT_TRUE(hotplug_progress_moved(&self->a, &self->b));
}

TEST_F(machine, nothing_there_nothing_changing_is_stuck)
{
	/* A comm that only starts with drmgr is not the agent. */
	put_stat(self->root, 901, "drmgr-helper", 'R', 1, 1);
	hotplug_progress_sample(&self->a, self->root);
	hotplug_progress_sample(&self->b, self->root);
	EXPECT_EQ(0, self->b.agents);
	EXPECT_FALSE(hotplug_progress_moved(&self->a, &self->b));
}

TEST_HARNESS_MAIN
