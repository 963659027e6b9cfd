// SPDX-License-Identifier: GPL-2.0
/*
 * Testbed detection: lib/testbed/testbed.h.
 */
#include <string.h>

#include "base/sysfs.h"
#include "testbed/testbed.h"
#include "testbed/testbed_protocol.h"

bool testbed_cmdline_has(const char *word)
{
	size_t len = strlen(word);
	char cmdline[4096];
	const char *at;

	if (!len || ppcst_sysfs_read("/proc/cmdline", cmdline, sizeof(cmdline)))
		return false;
	/* A whole word: "ppcst.x" must not match "ppcst.x_more". */
	for (at = cmdline; (at = strstr(at, word)); at += len)
		if ((at == cmdline || at[-1] == ' ') &&
		    (at[len] == '\0' || at[len] == ' ' || at[len] == '\n'))
			return true;
	return false;
}

bool testbed_guest(void)
{
	/* vmrun boots every testbed guest with init=TESTBED_INIT
	 * (VM_GUEST_ROOT_APPEND); no real partition runs our init as PID 1. */
	return testbed_cmdline_has("init=" TESTBED_INIT);
}
