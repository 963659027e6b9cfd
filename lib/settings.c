// SPDX-License-Identifier: GPL-2.0
/*
 * The settings file beside the programs: lib/settings.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "error.h"
#include "settings.h"

int settings_test_env(const char *path, const char *test, const char *var, char *val,
		      size_t len)
{
	char beside[PATH_MAX], key[256], *line = NULL;
	size_t cap = 0, klen;
	ssize_t n;
	FILE *f;
	int ret = -ENOENT;

	if (!path) {
		proc_exe_dir(beside, sizeof(beside) - sizeof("/" SETTINGS_FILE));
		strcat(beside, "/" SETTINGS_FILE);
		path = beside;
	}
	klen = (size_t)snprintf(key, sizeof(key), "env.%s.%s=", test, var);
	f = fopen(path, "re");
	if (!f)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	/* Every line: the last one wins, as when run_all.sh exports them in turn. */
	while ((n = getline(&line, &cap, f)) >= 0) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, key, klen))
			continue;
		ret = strlen(line + klen) < len ? 0 : -E2BIG;
		if (!ret)
			snprintf(val, len, "%s", line + klen);
	}
	free(line);
	fclose(f);
	if (ret == -ENOENT)
		return ppcst_fail(ret, "%s: no %s line", path, key);
	if (ret)
		return ppcst_fail(ret, "%s: %s value too long", path, key);
	return 0;
}
