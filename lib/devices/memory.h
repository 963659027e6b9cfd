/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System memory as /proc/meminfo and sysfs show it: MemTotal, and the
 * memory blocks (online, offline, their state and size).
 */
#ifndef PPCST_MEMORY_H
#define PPCST_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SYSFS_MEMORY "/sys/devices/system/memory"

/* MemTotal of /proc/meminfo in kB, 0 if unreadable. */
uint64_t mem_total_kb(void);
/* Waits until MemTotal is at WANT_KB (UP: at least, else at most), polling
 * once a second for up to TIMEOUT_S; whether it got there. */
bool mem_total_wait(uint64_t want_kb, bool up, unsigned timeout_s);

/* Memory blocks (memoryN in SYSFS_MEMORY). */
int memblock_size(uint64_t *bytes);
/* "online", "offline", ... into STATE. */
int memblock_state(int block, char *state, size_t len);
/* Online as movable (so it can be offlined again) or offline a block. */
int memblock_online_movable(int block);
int memblock_offline(int block);

#endif
