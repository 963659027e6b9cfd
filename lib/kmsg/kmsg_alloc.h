/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-log modules' allocation: the scanner keeps every line of a log
 * until its end, and a log it cannot hold is no verdict at all, so running
 * out of memory ends the program (exit 2) rather than becoming an error
 * every caller would pass on. lib/kmsg's own; no other room includes it.
 */
#ifndef PPCST_KMSG_ALLOC_H
#define PPCST_KMSG_ALLOC_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void *kmsg_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fprintf(stderr, "kmsg: out of memory\n");
		exit(2);
	}
	return p;
}

static inline char *kmsg_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(kmsg_xrealloc(NULL, len), s, len);
}

#endif
