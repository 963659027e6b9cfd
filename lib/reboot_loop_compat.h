/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TRANSITIONAL, for reboot_loop.c only (force-included by the Makefile while
 * its owner moves it): the three calls of the old error conventions it still
 * makes, mapped onto lib/error.h. Delete this file and the Makefile's
 * REBOOT_LOOP_COMPAT once reboot_loop.c calls:
 *   dt_last_error()                     -> ppcst_last_error()
 *   ddw_rule_create_ok(a, why, len)     -> ddw_rule_create_ok(a), message in
 *                                          ppcst_last_error()
 *   kmsg_allowlist_load_default(al, err, len) -> kmsg_allowlist_load_default(al),
 *                                          message in ppcst_last_error()
 */
#ifndef PPCST_REBOOT_LOOP_COMPAT_H
#define PPCST_REBOOT_LOOP_COMPAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "ddw_check.h"
#include "dt.h"
#include "error.h"
#include "kmsg.h"

static inline int reboot_loop_compat_copy(int ret, char *buf, size_t len)
{
	if (ret)
		snprintf(buf, len, "%s", ppcst_last_error());
	return ret;
}

#define dt_last_error() ppcst_last_error()
/* The parenthesised names call the functions, not these macros. */
#define ddw_rule_create_ok(a, why, len) \
	(!reboot_loop_compat_copy(!(ddw_rule_create_ok)(a), (why), (len)))
#define kmsg_allowlist_load_default(al, err, len) \
	reboot_loop_compat_copy((kmsg_allowlist_load_default)(al), (err), (len))

#endif
