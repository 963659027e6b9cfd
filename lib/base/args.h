/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command-line handling shared by the suite's programs: counts, the tests'
 * --cycles option, the one-line usage error, and where the binary lives.
 */
#ifndef PPCST_ARGS_H
#define PPCST_ARGS_H

#include <stdbool.h>
#include <stddef.h>

/* A whole number from 1 to MAX in TEXT (digits only). 0, or -EINVAL. */
int args_count(const char *text, unsigned long max, unsigned int *out);

/*
 * Takes "--cycles N" out of ARGV (the rest stays, in order, for the
 * kselftest harness), else reads $ENV, else the `env.TEST.ENV=` line of the
 * settings file beside the binary (lib/base/settings.h: the suite's one default);
 * it must be a count from 1 to MAX and goes into *CYCLES. 0; -EINVAL (a bad
 * count) or -ENOENT (none anywhere) with the one-line reason in
 * ppcst_last_error().
 */
int args_take_cycles(int *argc, char **argv, const char *test, const char *env,
		     unsigned int max, unsigned int *cycles);

/* The absolute path of PATH, an existing directory (DIR) or regular file,
 * malloc'd; else a usage error naming OPT (exit 2). */
char *args_realpath(const char *prog, const char *opt, const char *path, bool dir);

/* "PROG: message (see --help)" on stderr, then exit(2). */
void args_usage_error(const char *prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

#endif
