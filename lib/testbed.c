// SPDX-License-Identifier: GPL-2.0
/*
 * Testbed detection: lib/testbed.h.
 */
#include <string.h>

#include "sysfs.h"
#include "testbed.h"
#include "testbed_protocol.h"

bool testbed_guest(void)
{
	char cmdline[4096];

	/* vmrun boots every testbed guest with init=TESTBED_INIT
	 * (VM_GUEST_ROOT_APPEND); no real partition runs our init as PID 1. */
	return !ppcst_sysfs_read("/proc/cmdline", cmdline, sizeof(cmdline)) &&
	       strstr(cmdline, "init=" TESTBED_INIT);
}
