// SPDX-License-Identifier: GPL-2.0
/*
 * The testbed's string vector: vm/strv.h.
 */
#include "strv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	return p;
}

char *vm_xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

void vm_strv_push(struct vm_strv *sv, const char *s)
{
	sv->v = xrealloc(sv->v, (sv->n + 2) * sizeof(*sv->v));
	sv->v[sv->n++] = vm_xstrdup(s);
	sv->v[sv->n] = NULL;
}

void vm_strv_pushf(struct vm_strv *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0) {
		fprintf(stderr, "out of memory\n");
		abort();
	}
	va_end(ap);
	vm_strv_push(sv, s);
	free(s);
}

void vm_strv_free(struct vm_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = 0;
}
