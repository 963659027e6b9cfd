// SPDX-License-Identifier: GPL-2.0
/*
 * The error channel: lib/base/error.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/error.h"

/* Per thread, so no other thread's failure overwrites the caller's message;
 * big enough for the longest skip reasons, which are printed from here. */
static _Thread_local char last_error[512];

const char *ppcst_last_error(void)
{
	return last_error;
}

int ppcst_fail(int err, const char *fmt, ...)
{
	char msg[sizeof(last_error)];
	va_list ap;

	/* Formatted aside first: the arguments may point into last_error. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(last_error, msg, sizeof(msg));
	return err;
}
