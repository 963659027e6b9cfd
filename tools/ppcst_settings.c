// SPDX-License-Identifier: GPL-2.0
/*
 * ppcst_settings: the suite's settings file for scripts (run_all.sh,
 * vm/run-vm.sh), through lib/base/settings.c, its one parser, in the guest or on
 * the host.
 *
 *   ppcst_settings [--file PATH] tests            test names, one per line, in order
 *   ppcst_settings [--file PATH] timeout NAME     NAME's timeout in seconds (its own
 *                                                 or the default)
 *   ppcst_settings [--file PATH] grace            seconds
 *   ppcst_settings [--file PATH] env NAME         NAME's VAR=VALUE lines
 *   ppcst_settings [--file PATH] profiles NAME    NAME's profiles, one per line
 *                                                 ("default" when it names none)
 *   ppcst_settings [--file PATH] host NAME        yes or no
 *
 * The file: --file PATH, else $PPCST_SETTINGS if set and not empty, else
 * settings beside this binary (an installed tree, and build/host/ where
 * make copies it), else ../../settings from this binary (build/host/ in the
 * source tree without that copy).
 *
 * Every command reads and checks the whole file, so a bad line fails each
 * of them alike. Exit: 0; 2 with one line on stderr for a bad file, an
 * unknown test NAME or a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/args.h"
#include "base/error.h"
#include "base/proc.h"
#include "base/settings.h"

#define PROG "ppcst_settings"

/* What a test without a profile. line runs on: the testbed's default
 * machine (vm/profiles/default.profile). */
#define DEFAULT_PROFILE "default"

enum command { TESTS, GRACE, TIMEOUT, ENV, PROFILES, HOST, N_COMMANDS };

static const struct {
	const char *name;
	bool with_name;		/* takes a test NAME */
} commands[N_COMMANDS] = {
	[TESTS] = { "tests", false },
	[GRACE] = { "grace", false },
	[TIMEOUT] = { "timeout", true },
	[ENV] = { "env", true },
	[PROFILES] = { "profiles", true },
	[HOST] = { "host", true },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: " PROG " [--file PATH] tests|grace\n"
		"       " PROG " [--file PATH] timeout|env|profiles|host NAME\n"
		"Print what the suite's settings file says: the tests in order, the grace\n"
		"seconds, or test NAME's timeout, VAR=VALUE lines, profiles or yes/no host.\n"
		"File: --file PATH, else $PPCST_SETTINGS, else settings beside this binary,\n"
		"else ../../settings from it. Exit: 0, or 2 with one line on stderr.\n");
}

static int __attribute__((format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

/* The file when neither --file nor $PPCST_SETTINGS names one; NULL when
 * neither place has it. */
static const char *default_path(char path[static PATH_MAX])
{
	static const char *const beside[] = { "/" SETTINGS_FILE, "/../../" SETTINGS_FILE };
	char dir[PATH_MAX];

	proc_exe_dir(dir, sizeof(dir));
	for (size_t i = 0; i < sizeof(beside) / sizeof(beside[0]); i++) {
		if ((size_t)snprintf(path, PATH_MAX, "%s%s", dir, beside[i]) < PATH_MAX &&
		    !access(path, F_OK))
			return path;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	/* Some 150 KiB: not on the stack. */
	static struct settings s;
	const char *path = NULL, *name;
	const struct settings_test *t;
	char found[PATH_MAX];
	enum command cmd;
	int opt;

	/* Our own one-line messages, not getopt's. */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': path = optarg; break;
		case 'h': usage(stdout); return 0;
		case ':': args_usage_error(PROG, "%s needs a PATH", argv[optind - 1]);
		default: args_usage_error(PROG, "bad option '%s'", argv[optind - 1]);
		}
	}
	if (optind == argc)
		args_usage_error(PROG, "no command");
	for (cmd = 0; cmd < N_COMMANDS && strcmp(argv[optind], commands[cmd].name); cmd++)
		;
	if (cmd == N_COMMANDS)
		args_usage_error(PROG, "unknown command '%s'", argv[optind]);
	optind++;
	if (argc - optind != commands[cmd].with_name)
		args_usage_error(PROG, "%s takes %s", commands[cmd].name,
				 commands[cmd].with_name ? "one test NAME" : "no argument");
	name = commands[cmd].with_name ? argv[optind] : NULL;

	if (!path) {
		path = getenv("PPCST_SETTINGS");
		if (!path || !*path)
			path = default_path(found);
		if (!path)
			return die("no settings file: give --file PATH or PPCST_SETTINGS, or "
				   "install settings beside " PROG " (make install)");
	}
	if (settings_load(path, &s))
		return die("%s", ppcst_last_error());
	t = name ? settings_find(&s, name) : NULL;
	if (name && !t)
		return die("unknown test '%s'", name);

	switch (cmd) {
	case TESTS:
		for (size_t i = 0; i < s.n_tests; i++)
			puts(s.tests[i].name);
		break;
	case GRACE:
		printf("%u\n", s.grace_s);
		break;
	case TIMEOUT:
		printf("%u\n", settings_timeout(&s, t));
		break;
	case ENV:
		for (size_t i = 0; i < t->n_env; i++)
			puts(t->env[i]);
		break;
	case PROFILES:
		for (size_t i = 0; i < t->n_profiles; i++)
			puts(t->profiles[i]);
		if (!t->n_profiles)
			puts(DEFAULT_PROFILE);
		break;
	case HOST:
		puts(t->host ? "yes" : "no");
		break;
	default:
		break;
	}
	/* A script reads what we print: a short write must not pass as a list. */
	if (fflush(stdout) || ferror(stdout))
		return die("stdout: %s", strerror(errno));
	return 0;
}
