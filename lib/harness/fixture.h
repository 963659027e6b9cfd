/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every test program on kselftest_harness.h sets up and tears down, its
 * assertion on a lib/ call, and its case timeout:
 *
 *   FIXTURE(ddw) {
 *           struct kmsg_window kmsg;
 *   };
 *   FIXTURE_SETUP(ddw)
 *   {
 *           FIXTURE_SETUP_COMMON(&self->kmsg);
 *   }
 *   FIXTURE_TEARDOWN(ddw)
 *   {
 *           TEARDOWN_BEGIN();
 *           ... the program's own undoing ...
 *           TEARDOWN_END(&self->kmsg);
 *   }
 *   TEST_F_TIMEOUT(ddw, shape, CASE_TIMEOUT)
 *   {
 *           ASSERT_OK(dt_scan(NULL, &st)) dt_free(&st);
 *           EXPECT_OK(map_bench_lend(addr)) return;
 *   }
 *
 * A lib/ call returns 0 or fails with one line in ppcst_last_error()
 * (lib/base/error.h): ASSERT_OK / EXPECT_OK print that line when it fails
 * (ASSERT_OK_MSG / EXPECT_OK_MSG after a context, "cycle 3: ..."), and the
 * statement after them, if any, runs then too (like a TH_LOG after
 * ASSERT_EQ). EXPECT_ERROR_HAS(text) checks the line of a call that failed
 * on purpose. TH_LOG_ERROR() / TH_LOG_ERROR_MSG(fmt, ...) print it after
 * another assertion (ASSERT_LE(0, count) TH_LOG_ERROR();) or where none fails.
 */
#ifndef PPCST_FIXTURE_H
#define PPCST_FIXTURE_H

/* Its macros extend the harness's and are read as the harness is
 * (-isystem): an ASSERT_OK(x); before a bare { block } is no misleading
 * indentation, as ASSERT_EQ(0, x) TH_LOG(...); before one is none. */
#pragma GCC system_header

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/error.h"
#include "base/sysfs.h"
#include "kmsg/kmsg_window.h"

/*
 * The harness's own timeout of each case, above the program's timeout in
 * settings (the Makefile passes it as PPCST_SETTINGS_TIMEOUT, read from
 * timeout.NAME=), so run_all.sh's SIGTERM and the cleanups it runs come
 * before the harness's SIGKILL, which skips them.
 */
#define CASE_TIMEOUT_MARGIN_S 30
#define CASE_TIMEOUT (PPCST_SETTINGS_TIMEOUT + CASE_TIMEOUT_MARGIN_S)

/* The library's error line, as the harness prints a TH_LOG (an expression,
 * so that it can open the handler below); the _MSG form puts what the call
 * was about before it: "FMT: error line". */
#define PPCST_TH_LOG_ERROR() \
	(TH_LOG_ENABLED ? __TH_LOG("%s", ppcst_last_error()) : 0)
#define PPCST_TH_LOG_ERROR_MSG(fmt, ...) \
	(TH_LOG_ENABLED ? __TH_LOG(fmt ": %s", ##__VA_ARGS__, ppcst_last_error()) : 0)
#define TH_LOG_ERROR() ((void)PPCST_TH_LOG_ERROR())
#define TH_LOG_ERROR_MSG(fmt, ...) ((void)PPCST_TH_LOG_ERROR_MSG(fmt, ##__VA_ARGS__))
/* The failure handler of the assertions below: LOG, then the statement
 * that follows, once. */
#define PPCST_ON_ERROR(log) \
	for (int __ppcst_once = ((log), 1); __ppcst_once; __ppcst_once = 0)

/* EXPR (a lib/ call) returned 0; else the test fails with its error line. */
#define ASSERT_OK(expr) ASSERT_EQ(0, expr) PPCST_ON_ERROR(PPCST_TH_LOG_ERROR())
#define EXPECT_OK(expr) EXPECT_EQ(0, expr) PPCST_ON_ERROR(PPCST_TH_LOG_ERROR())
/* ... with what it was about first, for a call that runs for several
 * devices, cycles or ways: EXPECT_OK_MSG(x(addr), "%s", addr). */
#define ASSERT_OK_MSG(expr, fmt, ...) \
	ASSERT_EQ(0, expr) PPCST_ON_ERROR(PPCST_TH_LOG_ERROR_MSG(fmt, ##__VA_ARGS__))
#define EXPECT_OK_MSG(expr, fmt, ...) \
	EXPECT_EQ(0, expr) PPCST_ON_ERROR(PPCST_TH_LOG_ERROR_MSG(fmt, ##__VA_ARGS__))
/* A call that failed on purpose said TEXT in its error line; else the test
 * fails showing the line it did leave. */
#define EXPECT_ERROR_HAS(text) \
	EXPECT_NE(NULL, strstr(ppcst_last_error(), text)) PPCST_ON_ERROR(PPCST_TH_LOG_ERROR())

/*
 * FIXTURE_SETUP's body for a test program: /dev/kmsg, sysfs and debugfs
 * need root (a skip without it), the kernel-log window WINDOW opened (judged
 * by TEARDOWN_END), SIGTERM and the like run the cleanup stack.
 */
#define FIXTURE_SETUP_COMMON(window) do {				\
	if (!is_root())							\
		SKIP(return, "needs root");				\
	ASSERT_OK(kmsg_window_open(window));				\
	ASSERT_EQ(0, cleanup_catch_signals());				\
} while (0)

/*
 * What every FIXTURE_TEARDOWN starts with: the 6.12 harness's trigger reset,
 * then the cleanup stack run, newest first.
 *
 * An ASSERT that ends a test body longjmps out of the harness's handler loop
 * before the loop resets _metadata->trigger, and the 6.12 harness leaves it
 * set: in the teardown that follows, every passing EXPECT_*() ... TH_LOG()
 * still ran its TH_LOG - a "FAIL: ..." line about a step that worked (seen:
 * "ppcst-hotphb did not go away" after a removal that had succeeded).
 * tests/test_harness_teardown.c shows it.
 */
#define TEARDOWN_RESET_TRIGGER() (_metadata->trigger = 0)
#define TEARDOWN_BEGIN() do {						\
	TEARDOWN_RESET_TRIGGER();					\
	cleanup_run();							\
} while (0)
/* ... and ends with: the kernel log since FIXTURE_SETUP_COMMON judged. */
#define TEARDOWN_END(window) KMSG_EXPECT_CLEAN(_metadata, window)

/*
 * The test's end of a rule check that reports line by line (lib/dma's
 * ddw_check_tce_baseline and the like: each line with whether it tells of a
 * broken rule): give harness_rule_line as the report and a struct
 * harness_rule_log as its context. Each line goes to the test's log after
 * WHEN ("cycle 3: "); a broken one fails the test.
 */
struct harness_rule_log {
	struct __test_metadata *metadata;
	char when[96];
};

static inline void harness_rule_line(const char *line, bool broken, void *ctx)
{
	struct harness_rule_log *c = ctx;
	struct __test_metadata *_metadata = c->metadata;

	if (!broken)
		TH_LOG("%s%s", c->when, line);
	else
		EXPECT_FALSE(broken) TH_LOG("FAIL: %s%s", c->when, line);
}

#endif
