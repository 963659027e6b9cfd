/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a scan of the kernel log found (lib/kmsg/kmsg_scanner.h fills it):
 * the findings with their excerpts, the counts, and the two ways they leave
 * the program, TAP diagnostics and kmsg-findings.json.
 */
#ifndef PPCST_KMSG_FINDINGS_H
#define PPCST_KMSG_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kmsg_signature;

struct kmsg_finding {
	const struct kmsg_signature *sig;
	char *line;		/* the trigger message, without timestamp */
	bool has_seq;		/* where: /dev/kmsg sequence number ... */
	uint64_t where;		/* ... or else line number of the input */
	bool allowlisted;
	/* excerpt, full lines as logged; none if covered by an earlier one */
	char **excerpt;
	size_t excerpt_len;
	bool excerpt_truncated;
	/* index of the earlier finding whose excerpt holds this line, or -1 */
	long covered_by;
};

struct kmsg_report {
	char *test;		/* the test the window belonged to, or NULL */
	struct kmsg_finding *findings;
	size_t n;
	size_t total;		/* all hits, also those beyond the cap */
	size_t failing;		/* findings of severity fail, not allowlisted */
	/* per kmsg_signatures[] entry: hits beyond the cap, counted not kept */
	size_t *dropped;
	size_t lines;		/* lines scanned */
};

/* TAP diagnostics: "# kmsg: <signature> (<severity>) ..." per finding. */
void kmsg_report_print(const struct kmsg_report *r, FILE *out);
/*
 * The findings themselves, for the page of a run (lib/report/report_html.h reads
 * them; kmsg.json stays the counts its strict reader knows):
 * kmsg-findings.json, {"findings": [{"signature", "severity", "allowlisted",
 * "seq" or "line_no", "covered_by" (-1: none), "line", "excerpt": [lines],
 * "excerpt_cut"}], "not_shown": [{"signature", "count"}] (hits beyond the
 * cap), "findings_total", "failing"}. 0, or -errno (ppcst_last_error()).
 */
int kmsg_report_write_json(const char *path, const struct kmsg_report *r);
/* Whether a finding of the signature named SIGNATURE is among r's. */
bool kmsg_report_has(const struct kmsg_report *r, const char *signature);
void kmsg_report_free(struct kmsg_report *r);

#endif
