/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The window a test program judges: what the kernel logged since it was
 * opened, scanned with the operator's allowlist and the test's own patterns.
 *
 * Test programs (kselftest harness; lib/harness/fixture.h does this):
 *
 *	FIXTURE(x) { struct kmsg_window kmsg; ... };
 *	FIXTURE_SETUP(x)    { ASSERT_EQ(0, kmsg_window_open(&self->kmsg)); ... }
 *	FIXTURE_TEARDOWN(x) { ...; KMSG_EXPECT_CLEAN(_metadata, &self->kmsg); }
 */
#ifndef PPCST_KMSG_WINDOW_H
#define PPCST_KMSG_WINDOW_H

#include <stdint.h>

#include "base/error.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"

struct kmsg_window {
	int fd;			/* -1: not open */
	uint64_t start_seq;
	struct kmsg_allowlist allow;
};

/* 0, or -errno with the reason in ppcst_last_error() (also on a bad
 * allowlist). */
int kmsg_window_open(struct kmsg_window *w);
/* Scans what came after open; test may be NULL. 0, or -errno
 * (ppcst_last_error()). */
int kmsg_window_scan(struct kmsg_window *w, const char *test,
		     struct kmsg_report *r);
void kmsg_window_close(struct kmsg_window *w);

/*
 * The one judgement every harness test gets in its teardown: scan the
 * window, print the findings, fail the test if any finding is failing.
 * Use after including kselftest_harness.h.
 */
#define KMSG_EXPECT_CLEAN(_metadata, window) do {			\
	struct kmsg_report __kmsg_r;					\
	if (kmsg_window_scan((window), (_metadata)->name, &__kmsg_r)) {	\
		TH_LOG("kmsg: %s", ppcst_last_error());			\
		(_metadata)->exit_code = KSFT_FAIL;			\
	} else {							\
		kmsg_report_print(&__kmsg_r, stdout);			\
		if (__kmsg_r.failing) {					\
			TH_LOG("kmsg: %zu failing kernel log finding(s)", \
			       __kmsg_r.failing);			\
			(_metadata)->exit_code = KSFT_FAIL;		\
		}							\
		kmsg_report_free(&__kmsg_r);				\
	}								\
	kmsg_window_close(window);					\
} while (0)

#endif
