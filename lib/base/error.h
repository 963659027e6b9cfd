/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one error channel of lib/: a function that fails returns -errno (or
 * false, or a negative count) and leaves one line saying what failed and why
 * in a per-thread buffer, which the caller prints as it is:
 *
 *	if (pci_bind(addr, drv))
 *		fprintf(stderr, "%s\n", ppcst_last_error());
 *
 * (a test program: ASSERT_OK(pci_bind(addr, drv)), lib/harness/fixture.h)
 *
 * There is one setter, ppcst_fail(), so the message always belongs to the
 * last failure; a function that only passes a callee's failure on leaves the
 * message alone.
 */
#ifndef PPCST_ERROR_H
#define PPCST_ERROR_H

/* The message of the last failure in this thread ("" if none yet). */
const char *ppcst_last_error(void);

/*
 * Sets the message and returns ERR, so a failure reads
 * `return ppcst_fail(-EINVAL, "%s: ...", path);`. The arguments may include
 * ppcst_last_error() itself, to prefix what a callee said.
 */
__attribute__((format(printf, 2, 3)))
int ppcst_fail(int err, const char *fmt, ...);

#endif
