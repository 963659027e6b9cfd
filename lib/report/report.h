/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results report of a run: per test program a folder JOBDIR/TEST/ that
 * the runner (run_all.sh) fills,
 *
 *	result.json	{"test": "NAME", "result": "pass"|"fail"|"skip"|"timeout"|"error",
 *			 "exit_code": N|null, "ms": N, "reason": "text"}
 *	kmsg.json	(optional) {"lines": L, "findings": N, "failing": F}:
 *			the kernel-log slice's verdict (kmsg_scan --result)
 *	kmsg.txt	(optional) the slice itself
 *	output.log	the program's own output: TAP 13 (lib/report/tap.h) and notes
 *
 * becomes summary.json and junit.xml. In the testbed JOBDIR is what the
 * guest, running the kernel under test, wrote: every file there is read
 * without following a link and with a bound on its size, anything not as
 * above is a verdict of its own ("bad result.json: ..."), never a crash,
 * and every string read is cut to its field and escaped where written.
 */
#ifndef PPCST_REPORT_H
#define PPCST_REPORT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report/tap.h"

/* Bounds of what is read: a result.json/kmsg.json is a line of the
 * runner's, an output.log a program's TAP (the first OUTPUT_MAX bytes are
 * parsed, the last LOG_TAIL go into junit's <system-out>). */
#define REPORT_JSON_MAX (16u << 10)
#define REPORT_OUTPUT_MAX (8u << 20)
#define REPORT_LOG_TAIL (64u << 10)

enum report_result { REPORT_PASS, REPORT_FAIL, REPORT_SKIP, REPORT_TIMEOUT, REPORT_ERROR };

struct report_test {	/* one test program on one machine */
	char test[64], profile[64];	/* profile "" if none (a native run) */
	enum report_result result;
	int exit_code;		/* -1: none */
	unsigned long ms;
	int kmsg_findings, kmsg_failing;	/* -1: no kernel-log slice */
	char reason[256];	/* printable ASCII, tabs and newlines */
	struct tap_doc subtests;	/* from output.log; empty if none */
	/* JOBDIR/TEST/output.log if it was read (a plain file), else "": where
	 * the whole log is; the report itself uses log_tail, never this path */
	char log_path[PATH_MAX];
	/* its last REPORT_LOG_TAIL bytes, only printable ASCII, '\n' and '\t'
	 * (malloc'd, NULL if none): junit's <system-out> */
	char *log_tail;
};

/* The reasons of a test without its result.json: its folder is there (the
 * run ended during it), or not (the run never reached it). A caller that
 * knows why the run ended (the planner) replaces them. */
#define REPORT_NO_RESULT "no result: the run ended during this test"
#define REPORT_NOT_RUN "not run"

/*
 * Reads JOBDIR/TEST/{result.json,kmsg.json,output.log} into T. A missing
 * result.json is REPORT_FAIL REPORT_NO_RESULT when JOBDIR/TEST/ exists,
 * REPORT_ERROR REPORT_NOT_RUN when it does not; a
 * result.json or kmsg.json that is a link, too large, not JSON, or has a
 * field missing, unknown or out of range is REPORT_ERROR "bad result.json:
 * <why>" (a fail or timeout stays one, with the why added to its reason). A
 * kernel-log slice with failing findings fails a test that passed or
 * skipped. TEST and PROFILE (may be NULL or "") must be NAMEs: letters,
 * digits, '_', '-', '.', no leading dot, under 64 bytes. 0, or -EINVAL (bad
 * name) / -ENOMEM with ppcst_last_error(); T needs report_test_free() after
 * 0 only.
 */
int report_read_test(const char *jobdir, const char *test, const char *profile,
		     struct report_test *t);
void report_test_free(struct report_test *t);

/*
 * The parsers report_read_test uses on the text of a result.json (TEST: the
 * name it must carry) and of a kmsg.json, LEN bytes at TEXT (a NUL byte in
 * them is an error): they fill T's result, exit_code, ms, reason /
 * kmsg_findings, kmsg_failing. 0, or -EINVAL with the why in
 * ppcst_last_error() and T's fields unchanged.
 */
int report_parse_result(const char *text, size_t len, const char *test, struct report_test *t);
int report_parse_kmsg(const char *text, size_t len, struct report_test *t);

/* A string read from a guest's file, as the report keeps it: printable
 * ASCII, tabs and newlines; any other byte (a control character, UTF-8 of
 * whatever language) '?'. */
void report_keep_printable(char *s);
/* letters, digits, '_', '-', '.'; no leading dot; 1..63 bytes */
bool report_is_name(const char *s);
/* "pass", "fail", "skip", "timeout", "error". */
const char *report_result_name(enum report_result r);

struct report_totals { unsigned pass, fail, skip, timeout, error; };
void report_count(const struct report_test *tests, size_t n, struct report_totals *tot);

struct report_run {
	const char *run_id, *kernel, *qemu;	/* NULL: null in summary.json */
	const char *const *profiles;
	size_t n_profiles;
	unsigned planned;	/* tests the run meant to run */
	/* The run's real elapsed time, from the start of its first job to the
	 * end of its last (jobs side by side take less than their sum); < 0:
	 * unknown, null in summary.json. */
	long long wall_ms;
};

/*
 * Writes DIR/summary.json and DIR/junit.xml as new files renamed over the
 * old ones (lib/base/safe_file.h: never written through a link). 0, or -errno
 * with ppcst_last_error().
 *
 * summary.json: {"suite": "ppc-iommu", "run_id", "kernel", "qemu",
 * "profiles": [...], "planned", "wall_seconds" (run_report's wall_ms, null
 * if unknown), "job_seconds" (the tests' seconds summed; before both, one
 * "seconds" held this sum), "totals": {"pass", "fail",
 * "skip", "timeout", "error"}, "tests": [{"name", "profile", "result",
 * "exit_code", "seconds", "kmsg_findings", "kmsg_failing", "reason",
 * "subtests": [{"name", "result", "reason"}]}]}, null for what is absent.
 *
 * junit.xml: <testsuites> with a <testsuite name="TEST.PROFILE"> (or
 * "TEST" without a profile) per test, its <system-out> the log's tail, and
 * a <testcase classname="TEST.PROFILE"> per TAP point (name: its
 * description, else its number); one named TEST when the program printed
 * none. A verdict no TAP point shows is a testcase of its own: "kernel-log"
 * (the slice had failing findings) and "runner" (a timeout, a runner error,
 * a failure with no failing point: a crash, an exit code, a cut stream).
 */
int report_write(const char *dir, const struct report_run *run,
		 const struct report_test *tests, size_t n);

/* The plain line CI greps: "P passed, F failed, S skipped", where failed
 * is fail + timeout + error. */
void report_print_line(FILE *f, const struct report_totals *tot);

/* The runner's exit code: 1 if anything failed or timed out; else with
 * BISECT 125 (git bisect skip) when a test could not be run or nothing
 * passed; else 1 on an error, 4 (KSFT_SKIP) when nothing passed, 0. */
int report_exit_code(const struct report_totals *tot, bool bisect);

#endif
