/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operator's allowlist of kernel-log findings: one POSIX extended regex
 * per line, searched in the trigger line of a finding (message text without
 * timestamp); blank lines and lines starting with '#' are ignored. A matching
 * finding is reported as allowlisted and does not fail anything.
 */
#ifndef PPCST_KMSG_ALLOWLIST_H
#define PPCST_KMSG_ALLOWLIST_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

struct kmsg_allowlist {
	regex_t *re;
	size_t n;
};

/* 0, or -errno with a one-line reason in ppcst_last_error(). */
int kmsg_allowlist_load(struct kmsg_allowlist *al, const char *path);
/*
 * $PPCST_KMSG_ALLOWLIST if set (must load), else "kmsg_allowlist" beside the
 * running binary if present, else empty. 0, or -errno (ppcst_last_error()).
 */
int kmsg_allowlist_load_default(struct kmsg_allowlist *al);
/*
 * One more pattern (POSIX ERE). A test that provokes a failure on purpose
 * adds the message it expects to its window's allowlist (w->allow), so that
 * exactly that finding does not fail it. 0, or -EINVAL (ppcst_last_error()).
 */
int kmsg_allowlist_add(struct kmsg_allowlist *al, const char *pattern);
/* Whether a pattern of AL (NULL: none) is found in MSG. */
bool kmsg_allowlist_matches(const struct kmsg_allowlist *al, const char *msg);
void kmsg_allowlist_free(struct kmsg_allowlist *al);

#endif
