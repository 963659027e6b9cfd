/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The argv-shaped string lists of the testbed's host tools: a profile's
 * repeatable keys (vm/profile.h) and the QEMU command line built from them
 * (vm/qemu.c). Host tools with tiny sizes: running out of memory aborts
 * instead of threading an error through every caller.
 */
#ifndef PPCST_VM_STRV_H
#define PPCST_VM_STRV_H

#include <stddef.h>

/* A growable NULL-terminated string vector (argv-shaped: v[n] == NULL). */
struct vm_strv {
	char **v;
	size_t n;
};

/* Appends a copy of s; aborts on allocation failure (host tool, tiny sizes). */
void vm_strv_push(struct vm_strv *sv, const char *s);
/* Appends printf-formatted text. */
void vm_strv_pushf(struct vm_strv *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vm_strv_free(struct vm_strv *sv);

/* A copy of s; aborts on allocation failure, as the vector does. */
char *vm_xstrdup(const char *s);

#endif
