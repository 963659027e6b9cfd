// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line helpers: lib/base/args.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "base/args.h"
#include "base/error.h"
#include "base/settings.h"

int args_count(const char *text, unsigned long max, unsigned int *out)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(text, &end, 10);
	if (errno || *end || !*text || *text == '-' || !n || n > max)
		return -EINVAL;
	*out = (unsigned int)n;
	return 0;
}

int args_take_cycles(int *argc, char **argv, const char *test, const char *env,
		     unsigned int max, unsigned int *cycles)
{
	const char *text = getenv(env);
	char from_settings[32];
	int n = 1;

	for (int i = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--cycles") && i + 1 < *argc)
			text = argv[++i];
		else
			argv[n++] = argv[i];
	}
	*argc = n;
	argv[n] = NULL;
	/* The count run_all.sh would have given: settings is the one default. */
	if (!text) {
		int ret = settings_test_env(NULL, test, env, from_settings,
					    sizeof(from_settings));

		if (ret)
			return ppcst_fail(ret, "no cycle count: give --cycles N or %s=N, or "
					  "install the suite's settings beside %s (make install): %s",
					  env, test, ppcst_last_error());
		text = from_settings;
	}
	if (args_count(text, max, cycles))
		return ppcst_fail(-EINVAL, "cycles must be 1 to %u, not '%s'", max, text);
	return 0;
}

void args_usage_error(const char *prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see --help)\n");
	exit(2);
}

char *args_realpath(const char *prog, const char *opt, const char *path, bool dir)
{
	char *abs = realpath(path, NULL);
	struct stat sb;

	if (!abs || stat(abs, &sb) || (dir ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)))
		args_usage_error(prog, "%s: '%s' is not a%s", opt, path, dir ? " directory" : " file");
	return abs;
}
