/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The suite's settings file (its format is described at its top): the one
 * parser of it. run_all.sh and vm/run-vm.sh read it through
 * tools/ppcst_settings, a test program reads the values run_all.sh would
 * have put in its environment through settings_test_env(): the values there
 * are the suite's only defaults, so no program restates one.
 *
 * Beyond the format's own rules, test and profile names are NAMEs (letters,
 * digits, '_', '-', '.', starting with a letter or digit: they name files
 * and profiles, vm/run-vm.sh's is_name), a test= line comes once, numbers
 * are decimal without a leading zero and at most 9 digits, and the text
 * holds no NUL byte. One CR at a line's end is dropped (a file edited on
 * Windows), as run_all.sh did.
 */
#ifndef PPCST_SETTINGS_H
#define PPCST_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

/* The file make install puts beside the programs. */
#define SETTINGS_FILE "settings"
/* The most the parser takes of each (-E2BIG beyond). */
#define SETTINGS_MAX_TESTS 32
#define SETTINGS_MAX_ENV 16
#define SETTINGS_MAX_PROFILES 8
#define SETTINGS_NAME_MAX 64	/* test and profile names, incl. NUL */
#define SETTINGS_VALUE_MAX 256	/* "VAR=VALUE", incl. NUL */
/* settings_load() reads no larger file (the real one is some 4 KiB). */
#define SETTINGS_FILE_MAX (1 << 20)

struct settings_test {
	char name[SETTINGS_NAME_MAX];
	unsigned timeout_s;		/* timeout.NAME=, 0: not set (settings' timeout=) */
	bool host;			/* host.NAME=yes */
	/* env.NAME.VAR=VALUE as "VAR=VALUE", in the order of the VARs' first
	 * lines; a later line of the same VAR replaces the earlier (as when
	 * run_all.sh exported them in turn). */
	size_t n_env;
	char env[SETTINGS_MAX_ENV][SETTINGS_VALUE_MAX];
	/* profile.NAME=P1 P2 ... (separated by spaces or tabs; the last line
	 * wins); 0: not set, the testbed's default profile. */
	size_t n_profiles;
	char profiles[SETTINGS_MAX_PROFILES][SETTINGS_NAME_MAX];
};

/* Some 150 KiB: a caller's static or malloc'd, never on a small stack. */
struct settings {
	unsigned timeout_s, grace_s;	/* timeout= (required), grace= (default 10) */
	size_t n_tests;			/* the test= lines, in order */
	struct settings_test tests[SETTINGS_MAX_TESTS];
};

/*
 * Parses TEXT (LEN bytes, need not be NUL-terminated), named SOURCE in the
 * messages, into *S. 0; -EINVAL with ppcst_last_error() "SOURCE:LINE: what"
 * (in run_all.sh's words: "not key=value: '...'", "KEY: 'V' is not a number
 * of seconds", "unknown key 'K'", "KEY: 'V' is not 'yes'", "KEY: 'VAR' is
 * not a variable name", "'T' is not a test of the test= lines", and "'T' is
 * not a test name", "'P' is not a profile name", "test 'T' is already on
 * line N", "a NUL byte"; "SOURCE: no timeout=N line"); -E2BIG when a
 * SETTINGS_* limit is passed. On failure *S is all zero.
 */
int settings_parse(const char *text, size_t len, const char *source, struct settings *s);

/*
 * settings_parse() of the file at PATH, or with PATH NULL of SETTINGS_FILE
 * beside the running binary; read as lib/base/safe_file.h's safe_read_text()
 * reads (a plain file, not a link, at most SETTINGS_FILE_MAX bytes). 0, or
 * -errno with ppcst_last_error() naming the file.
 */
int settings_load(const char *path, struct settings *s);

/* The test= entry of TEST, or NULL if there is none. */
const struct settings_test *settings_find(const struct settings *s, const char *test);

/* T's own timeout, else (T without one, or NULL) the default timeout=. */
unsigned settings_timeout(const struct settings *s, const struct settings_test *t);

/* VALUE of T's env.T.VAR=VALUE, or NULL. */
const char *settings_env(const struct settings_test *t, const char *var);

/*
 * VALUE of `env.TEST.VAR=VALUE` (the one run_all.sh exports) of the settings
 * file at PATH, or with PATH NULL of SETTINGS_FILE beside the running
 * binary, into VAL (LEN bytes). 0; -ENOENT when the file, the test or the
 * line is not there, -E2BIG when VAL is too small, -EINVAL when the file is
 * not valid settings, -errno: ppcst_last_error() says which.
 */
int settings_test_env(const char *path, const char *test, const char *var, char *val,
		      size_t len);

#endif
