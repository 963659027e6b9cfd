// SPDX-License-Identifier: GPL-2.0
/*
 * The clock: lib/base/clock.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "base/clock.h"
#include "base/sysfs.h"

int64_t ppcst_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double ppcst_now_s(void)
{
	return (double)ppcst_now_ms() / 1e3;
}

double ppcst_uptime_s(void)
{
	char buf[64];

	return ppcst_sysfs_read("/proc/uptime", buf, sizeof(buf)) ? -1 : strtod(buf, NULL);
}

void ppcst_sleep_ms(int64_t ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}
