// SPDX-License-Identifier: GPL-2.0
#include "devices/memory.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sysfs.h"

int memblock_size(uint64_t *bytes)
{
	char buf[64], *end;
	int ret = ppcst_sysfs_read(SYSFS_MEMORY "/block_size_bytes", buf, sizeof(buf));

	if (ret)
		return ret;
	/* Printed as bare hex without "0x" (memory_block_size_bytes). */
	errno = 0;
	*bytes = strtoull(buf, &end, 16);
	if (errno || end == buf || *end || !*bytes)
		return ppcst_fail(-EINVAL, "block_size_bytes: \"%s\"", buf);
	return 0;
}

/* memoryN/state; short enough that it always fits. */
static void state_path(char *path, size_t len, int block)
{
	if (snprintf(path, len, "%s/memory%d/state", SYSFS_MEMORY, block) >= (int)len)
		path[0] = 0;
}

int memblock_state(int block, char *state, size_t len)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_read(path, state, len);
}

int memblock_online_movable(int block)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_write(path, "online_movable");
}

int memblock_offline(int block)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_write(path, "offline");
}

uint64_t mem_total_kb(void)
{
	char buf[8192], *p;

	if (ppcst_sysfs_read("/proc/meminfo", buf, sizeof(buf)))
		return 0;
	p = strstr(buf, "MemTotal:");
	return p ? strtoull(p + 9, NULL, 10) : 0;
}

bool mem_total_wait(uint64_t want_kb, bool up, unsigned timeout_s)
{
	for (unsigned s = 0; s <= timeout_s; s++) {
		uint64_t kb = mem_total_kb();

		if (up ? kb >= want_kb : kb <= want_kb)
			return true;
		sleep(1);
	}
	return false;
}
