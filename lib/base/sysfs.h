/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and writing sysfs, debugfs and /proc attributes: whole files,
 * one number, one write(); the entry of a directory by an attribute.
 *
 * Functions return 0 or -errno; on failure ppcst_last_error() (lib/base/error.h)
 * names the file and the reason, so a test can print one line and skip or
 * fail.
 */
#ifndef PPCST_SYSFS_H
#define PPCST_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* Read a whole attribute (trailing newline stripped) into BUF. */
int ppcst_sysfs_read(const char *path, char *buf, size_t len);
/* Read an attribute holding one number (strtoull base 0: "0x.." or decimal). */
int ppcst_sysfs_read_u64(const char *path, uint64_t *val);
/* Write VAL to an attribute in one write(); the kernel's error is returned. */
int ppcst_sysfs_write(const char *path, const char *val);
/* A recording for the suite's tests: when $DIR_ENV names a directory, LEN
 * bytes at BUF go to the file NAME in it (failures are only reported). */
void ppcst_capture(const char *dir_env, const char *name, const void *buf, size_t len);

bool is_root(void);
/*
 * The entry of directory DIR (e.g. /sys/block) whose attribute ATTR
 * ("serial") reads VALUE, its name into NAME. 0, -ENODEV if none, -errno.
 */
int ppcst_sysfs_find_entry(const char *dir, const char *attr, const char *value, char *name,
		     size_t len);

/* DIR/NAME into OUT; a path that does not fit is an error (-ENAMETOOLONG). */
int ppcst_sysfs_join(char *out, size_t len, const char *dir, const char *name);
/* ppcst_sysfs_read_u64() of DIR/NAME. */
int ppcst_sysfs_read_at_u64(const char *dir, const char *name, uint64_t *val);

#endif
