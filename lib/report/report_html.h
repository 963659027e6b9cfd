/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html: the page of a run, one self-contained file beside its
 * summary.json (no network: styles and plots are inline, nothing is fetched,
 * no script). Made from the run's structured data only, never from TAP
 * text: DIR/summary.json (lib/report/summary.h) and, per test and profile, its
 * folder DIR/PROFILE/TEST/ ("native" for a native run) with the files the
 * tests and the runner leave there:
 *
 *	kmsg-findings.json	each kernel-log finding and its excerpt (kmsg_scan --findings)
 *	dma-evidence.jsonl	each device's window and evidence (lib/dma/dma_evidence.h)
 *	tce-usage.csv		each LIOBN's TCE usage during a load (lib/dma/dma_watch.h)
 *	cycles.csv		each cycle's timed steps (lib/base/results_file.h)
 *
 * The testbed's guest, running the kernel under test, wrote those folders:
 * every file is read without following a link and with a bound on its size
 * (lib/base/safe_file.h), every string is escaped into HTML, numbers are parsed
 * and only numbers and names the page made itself reach the plotter.
 * Plots: gnuplot's SVG terminal (gnuplot-nox), inlined; without gnuplot the
 * page says so and shows the numbers' ranges in text.
 */
#ifndef PPCST_REPORT_HTML_H
#define PPCST_REPORT_HTML_H

#include <stdio.h>

/* Bounds of what a test's folder may hold for the page. */
#define REPORT_HTML_FILE_MAX (1u << 20)
#define REPORT_HTML_CSV_MAX (8u << 20)
/* An SVG of gnuplot's for a few thousand points is some 100 KB. */
#define REPORT_HTML_SVG_MAX (4u << 20)

/* DIR/summary.json and the tests' folders -> DIR/report.html (a new file
 * renamed over the old one). 0, or -errno with ppcst_last_error(). */
int report_html_write(const char *dir);

/* One file of a test's folder, NAME (kmsg-findings.json, dma-evidence.jsonl,
 * tce-usage.csv, cycles.csv), already read into TEXT (NUL-terminated; it may
 * be cut in place), into F as the test's section shows it; report_html_write
 * reads each with the bounds above. 0, or -EINVAL for another name. */
int report_html_put_file(FILE *f, const char *name, char *text);

/* S into F as HTML text or an attribute value: & < > " ' escaped, any byte
 * but printable ASCII, '\n' and '\t' as '?'. */
void report_html_put(FILE *f, const char *s);
/* The head of a page of the suite's (its style inline) up to <body>, and
 * its end. */
void report_html_begin(FILE *f, const char *title);
void report_html_end(FILE *f);

#endif
