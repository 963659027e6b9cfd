/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The suite's settings file (its format is described at its top), read by
 * a test program for what run_all.sh would have put in its environment: the
 * values there are the suite's only defaults, so no program restates one.
 */
#ifndef PPCST_SETTINGS_H
#define PPCST_SETTINGS_H

#include <stddef.h>

/* The file make install puts beside the programs. */
#define SETTINGS_FILE "settings"

/*
 * VALUE of the last `env.TEST.VAR=VALUE` line (the one run_all.sh exports)
 * of the settings file at PATH, or with PATH NULL of SETTINGS_FILE beside
 * the running binary, into VAL. 0; -ENOENT when the file or the line is not
 * there, -E2BIG when VAL is too small, -errno: ppcst_last_error() says which.
 */
int settings_test_env(const char *path, const char *test, const char *var, char *val,
		      size_t len);

#endif
