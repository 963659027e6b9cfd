/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The running kernel's configuration: whether CONFIG_ options are set.
 */
#ifndef PPCST_KCONFIG_H
#define PPCST_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

/* Kernel config: 1 if CONFIG_NAME=y or =m, 0 if not set, -errno if no
 * config could be read (/proc/config.gz via gzip, /boot/config-$(uname -r)). */
int kconfig_enabled(const char *name);
/* The first of the N options NAMES that is not set, or NULL. STRICT: an
 * unreadable config counts as not set; else only an option seen unset
 * does (a test that can tell otherwise, from a driver's directory, goes on). */
const char *kconfig_first_missing(const char *const *names, size_t n, bool strict);

#endif
