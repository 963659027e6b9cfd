/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict on a kernel log as kmsg_scan prints it (tools/kmsg_scan.c has
 * the format) and as a results report reads it (kmsg.json): a saved log or
 * a scanner's input judged, its findings printed, its counts kept.
 */
#ifndef PPCST_KMSG_VERDICT_H
#define PPCST_KMSG_VERDICT_H

#include <stddef.h>
#include <stdio.h>

struct kmsg_allowlist;
struct kmsg_scanner;

/* The counts of a verdict: lines scanned, findings, failing ones. */
struct kmsg_verdict {
	size_t lines, findings, failing;
};

/*
 * Ends the scan of source, prints its findings and the line "# kmsg_scan:
 * <source>: <L> lines, <N> findings, <F> failing" to out, and those counts
 * into *v unless v is NULL, the findings into FINDINGS_JSON unless NULL
 * (kmsg_report_write_json). Returns 0 (no failing finding), 1 (failing
 * findings), or -1 (ppcst_last_error()).
 */
int kmsg_scanner_verdict(struct kmsg_scanner *s, const char *source, FILE *out,
			 struct kmsg_verdict *v, const char *findings_json);
/*
 * kmsg_scan FILE: the saved log fd reads (source names it) judged with al,
 * the verdict printed to out (and its counts into *v, unless NULL).
 * 0, 1, or -1 (ppcst_last_error()).
 */
int kmsg_scan_log(int fd, const char *source, const struct kmsg_allowlist *al, FILE *out);
int kmsg_scan_log_verdict(int fd, const char *source, const struct kmsg_allowlist *al,
			  FILE *out, struct kmsg_verdict *v, const char *findings_json);
/*
 * The counts as the JSON object a results report reads (lib/report/report.h,
 * kmsg.json): {"lines": L, "findings": N, "failing": F}, into a new file
 * renamed over PATH (lib/base/safe_file.h). 0, or -errno (ppcst_last_error()).
 */
int kmsg_verdict_write_json(const char *path, const struct kmsg_verdict *v);

#endif
