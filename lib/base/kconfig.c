// SPDX-License-Identifier: GPL-2.0
#include "base/kconfig.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "base/error.h"

/* Scan a "CONFIG_X=..." stream for NAME: 1 if y/m, else 0. */
static int kconfig_scan(FILE *f, const char *name)
{
	char line[512];
	size_t n = strlen(name);
	int found = 0;

	/* Read to the end: a gzip left with unread output dies of SIGPIPE, and
	 * pclose() then calls the whole read a failure. */
	while (fgets(line, sizeof(line), f))
		if (!found && !strncmp(line, name, n) && line[n] == '=')
			found = line[n + 1] == 'y' || line[n + 1] == 'm';
	return found;
}

int kconfig_enabled(const char *name)
{
	struct utsname u;
	char path[PATH_MAX];
	FILE *f;
	int ret;

	if (strncmp(name, "CONFIG_", 7) || strpbrk(name, " \t\n="))
		return ppcst_fail(-EINVAL, "\"%s\" is not a CONFIG_ option name", name);
	/* zlib is not linked: let gzip decompress /proc/config.gz. */
	if (access("/proc/config.gz", R_OK) == 0) {
		f = popen("gzip -dc /proc/config.gz", "r");
		if (f) {
			ret = kconfig_scan(f, name);
			if (pclose(f) == 0)
				return ret;
		}
	}
	if (uname(&u))
		return ppcst_fail(-errno, "uname: %s", strerror(errno));
	f = snprintf(path, sizeof(path), "/boot/config-%s", u.release) < (int)sizeof(path) ?
	    fopen(path, "r") : NULL;
	if (!f)
		return ppcst_fail(-ENOENT, "no kernel config: /proc/config.gz unreadable "
			    "(CONFIG_IKCONFIG_PROC, gzip) and %s: %s", path, strerror(errno));
	ret = kconfig_scan(f, name);
	fclose(f);
	return ret;
}

const char *kconfig_first_missing(const char *const *names, size_t n, bool strict)
{
	for (size_t i = 0; i < n; i++) {
		int on = kconfig_enabled(names[i]);

		if (on == 0 || (on < 0 && strict))
			return names[i];
	}
	return NULL;
}
