// SPDX-License-Identifier: GPL-2.0
/*
 * ppcst_matrix: the verdicts of one suite run per kernel side by side, and
 * what changed from one kernel to the next (vm/matrix.sh runs the kernels).
 *
 *   ppcst_matrix --out DIR {--kernel LABEL --spec SPEC [--summary FILE]
 *                [--missing-options FILE] [--status STATUS]}...
 *
 * Per kernel, in the order given: its run's summary.json (lib/report/summary.h:
 * the only reader of summaries), or the STATUS of a kernel without one
 * (build-failed, no-run, interrupted), and the options of the suite's config
 * its Kconfig did not set (kbuild.sh's missing-options: one CONFIG_ name a
 * line; no file: unknown). A summary that cannot be read or is not one
 * makes its kernel "bad-summary", with one line on stderr saying why.
 *
 * A row is a test on a profile ("(test)": the program's verdict) or one of
 * its subtests; its verdict per kernel is pass, fail, skip, todo, timeout or
 * error, "none" when that kernel's run has no such row, and no verdict for a
 * kernel without results. A change is a row whose verdict differs from the
 * previous kernel with results: "regression" (pass -> fail, timeout or
 * error), "fixed" (the other way), "changed" (any other).
 *
 * Writes DIR/matrix.json, DIR/matrix.md and DIR/matrix.html (new files renamed over the old
 * ones), prints the table, the changes and the missing options, and last
 * "matrix: K kernels, R rows, C changes (X regressions, Y fixed)".
 * Exit 0 when written, whatever the verdicts; 2 bad usage or not written.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <search.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/args.h"
#include "base/error.h"
#include "base/json_lite.h"
#include "report/report.h"
#include "base/safe_file.h"
#include "report/report_html.h"
#include "report/summary.h"

#define MAX_KERNELS 64
#define MISSING_MAX (64u << 10)
#define SPEC_MAX 4096
/* "ppcst_matrix: message (see --help)", exit 2. */
#define usage_error(...) args_usage_error("ppcst_matrix", __VA_ARGS__)

static const char *const statuses[] = { "build-failed", "no-run", "interrupted" };

struct kernel {
	const char *label, *spec, *summary_path, *missing_path;
	const char *status;	/* "ok", one of statuses, or "bad-summary" */
	char why[512];		/* bad-summary: what was wrong */
	struct summary sum;
	char *missing_text;	/* the file; missing[] point into it */
	const char **missing;
	size_t n_missing;
};

struct row {
	const char *test, *profile;	/* profile "" for a native run */
	char *subtest;			/* NULL: the program's own verdict */
	size_t group, seq;		/* its test's first appearance, its own */
	const char **verdict;		/* per kernel: NULL no results, "none", ... */
	const char **reason;
};

struct matrix {
	struct kernel k[MAX_KERNELS];
	size_t n_k;
	struct row *rows;
	size_t n_rows, cap_rows;
	struct hsearch_data index;	/* row key -> row number + 1 */
	char **keys;			/* the index's keys, to free */
};

static bool ok(const struct kernel *k)
{
	return !strcmp(k->status, "ok");
}

/* The kernel's missing-options file: CONFIG_ names, one a line (else a
 * usage error). */
static void read_missing(struct kernel *k)
{
	char *line, *save = NULL;
	size_t n = 0;

	k->missing_text = safe_read_text(k->missing_path, MISSING_MAX, NULL);
	if (!k->missing_text)
		usage_error("--missing-options %s", ppcst_last_error());
	for (const char *p = k->missing_text; *p; p++)
		n += *p == '\n';
	k->missing = calloc(n + 1, sizeof(*k->missing));
	if (!k->missing)
		usage_error("out of memory");
	for (line = strtok_r(k->missing_text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "CONFIG_", 7) || !line[7] || strlen(line) > 100 ||
		    strspn(line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") !=
			    strlen(line))
			usage_error("--missing-options %s: '%.100s' is not a CONFIG_ name",
				    k->missing_path, line);
		k->missing[k->n_missing++] = line;
	}
}

/* The row of TEST on PROFILE (SUBTEST NULL: the program's), its NTH of
 * that name, made (every kernel's verdict "none", or none without results)
 * if new; NULL when out of memory. */
static struct row *row_for(struct matrix *m, const struct summary_test *t, const char *subtest,
			   unsigned nth, size_t group)
{
	ENTRY e = { 0 }, *found;
	struct row *r;
	char *key;

	if (asprintf(&key, "%s\x1f%s\x1f%s\x1f%u", t->name, t->profile, subtest ? subtest : "", nth) < 0)
		return NULL;
	e.key = key;
	if (hsearch_r(e, FIND, &found, &m->index) && found) {
		free(key);
		return &m->rows[(size_t)found->data - 1];
	}
	r = &m->rows[m->n_rows];
	memset(r, 0, sizeof(*r));
	r->test = t->name;
	r->profile = t->profile;
	r->group = subtest ? group : m->n_rows;
	r->seq = m->n_rows;
	if (subtest && (nth > 1 ? asprintf(&r->subtest, "%s [%u]", subtest, nth) < 0 :
			!(r->subtest = strdup(subtest))))
		r->subtest = NULL;
	r->verdict = calloc(m->n_k, sizeof(*r->verdict));
	r->reason = calloc(m->n_k, sizeof(*r->reason));
	if ((subtest && !r->subtest) || !r->verdict || !r->reason)
		goto nomem;
	for (size_t k = 0; k < m->n_k; k++)
		r->verdict[k] = ok(&m->k[k]) ? "none" : NULL;
	e.data = (void *)(m->n_rows + 1);
	if (!hsearch_r(e, ENTER, &found, &m->index))
		goto nomem;
	m->keys[m->n_rows++] = key;
	return r;
nomem:
	free(r->subtest);
	free(r->verdict);
	free(r->reason);
	free(key);
	return NULL;
}

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Every kernel's verdicts into rows: in order of first appearance, a
 * test's subtests after it. 0 or -ENOMEM. */
static int make_rows(struct matrix *m)
{
	size_t most = 0;

	for (size_t k = 0; k < m->n_k; k++)
		for (size_t i = 0; ok(&m->k[k]) && i < m->k[k].sum.n_tests; i++)
			most += 1 + m->k[k].sum.tests[i].n_subtests;
	m->rows = calloc(most + 1, sizeof(*m->rows));
	m->keys = calloc(most + 1, sizeof(*m->keys));
	if (!m->rows || !m->keys || !hcreate_r(most * 2 + 16, &m->index))
		return -ENOMEM;
	for (size_t k = 0; k < m->n_k; k++) {
		for (size_t i = 0; ok(&m->k[k]) && i < m->k[k].sum.n_tests; i++) {
			const struct summary_test *t = &m->k[k].sum.tests[i];
			struct row *r = row_for(m, t, NULL, 1, 0);
			size_t group;

			if (!r)
				return -ENOMEM;
			group = r->group;
			r->verdict[k] = report_result_name(t->result);
			r->reason[k] = t->reason;
			for (size_t s = 0; s < t->n_subtests; s++) {
				const struct summary_subtest *st = &t->subtests[s];
				unsigned nth = 1;

				for (size_t e = 0; e < s; e++)
					nth += !strcmp(t->subtests[e].name, st->name);
				if (!(r = row_for(m, t, st->name, nth, group)))
					return -ENOMEM;
				r->verdict[k] = tap_result_name(st->result);
				r->reason[k] = st->reason;
			}
		}
	}
	qsort(m->rows, m->n_rows, sizeof(*m->rows), row_cmp);
	return 0;
}

/* ---- changes ------------------------------------------------------------- */

static bool failing(const char *v)
{
	return !strcmp(v, "fail") || !strcmp(v, "timeout") || !strcmp(v, "error");
}

static const char *change_kind(const char *was, const char *now)
{
	if (!strcmp(was, "pass") && failing(now))
		return "regression";
	if (failing(was) && !strcmp(now, "pass"))
		return "fixed";
	return "changed";
}

struct counts { size_t changes, regressions, fixed; };

/*
 * Whether row R's verdict on kernel K differs from its verdict on *PREV, the
 * last kernel before K with one (SIZE_MAX: none yet); K with a verdict
 * becomes *PREV. Kernels are walked in order with one PREV per row.
 */
static bool verdict_changed(const struct row *r, size_t k, size_t *prev)
{
	bool changed;

	if (!r->verdict[k])
		return false;
	changed = *prev != SIZE_MAX && strcmp(r->verdict[*prev], r->verdict[k]);
	*prev = k;
	return changed;
}

/* Calls FN for each change of row R: from kernel A to kernel B. */
static void each_change(const struct matrix *m, const struct row *r,
			void (*fn)(const struct matrix *m, const struct row *r, size_t a, size_t b,
				   void *arg), void *arg)
{
	size_t prev = SIZE_MAX;

	for (size_t k = 0; k < m->n_k; k++) {
		size_t was = prev;

		if (verdict_changed(r, k, &prev))
			fn(m, r, was, k, arg);
	}
}

static void count_change(const struct matrix *m, const struct row *r, size_t a, size_t b, void *arg)
{
	struct counts *c = arg;
	const char *kind = change_kind(r->verdict[a], r->verdict[b]);

	(void)m;
	c->changes++;
	c->regressions += !strcmp(kind, "regression");
	c->fixed += !strcmp(kind, "fixed");
}

/* ---- matrix.json ----------------------------------------------------------- */

static void json_row_id(FILE *f, const struct row *r)
{
	fputs("\"test\": ", f);
	json_lite_put_str(f, r->test);
	fputs(", \"profile\": ", f);
	json_lite_put_str(f, r->profile[0] ? r->profile : NULL);
	fputs(", \"subtest\": ", f);
	json_lite_put_str(f, r->subtest);
}

/* Where a list of changes goes, and whether one was written yet. */
struct out {
	FILE *f;
	size_t n;
};

static void json_change(const struct matrix *m, const struct row *r, size_t a, size_t b, void *arg)
{
	struct out *o = arg;
	FILE *f = o->f;

	fputs(o->n++ ? ",\n    {" : "\n    {", f);
	json_row_id(f, r);
	fputs(", \"from\": ", f);
	json_lite_put_str(f, m->k[a].label);
	fputs(", \"to\": ", f);
	json_lite_put_str(f, m->k[b].label);
	fprintf(f, ", \"was\": \"%s\", \"now\": \"%s\", \"kind\": \"%s\", \"reason\": ", r->verdict[a],
		r->verdict[b], change_kind(r->verdict[a], r->verdict[b]));
	json_lite_put_str(f, strcmp(r->verdict[b], "pass") && r->reason[b] && r->reason[b][0] ?
			  r->reason[b] : NULL);
	fputc('}', f);
}

static void write_json(FILE *f, const struct matrix *m, const struct counts *c)
{
	struct out changes = { f, 0 };

	fputs("{\n  \"kernels\": [", f);
	for (size_t i = 0; i < m->n_k; i++) {
		const struct kernel *k = &m->k[i];
		const struct report_totals *t = &k->sum.totals;

		fputs(i ? ",\n    {\"label\": " : "\n    {\"label\": ", f);
		json_lite_put_str(f, k->label);
		fputs(", \"spec\": ", f);
		json_lite_put_str(f, k->spec);
		fprintf(f, ", \"status\": \"%s\", \"why\": ", k->status);
		json_lite_put_str(f, k->why[0] ? k->why : NULL);
		fputs(", \"run_id\": ", f);
		json_lite_put_str(f, ok(k) && k->sum.run_id[0] ? k->sum.run_id : NULL);
		fputs(", \"missing_options\": ", f);
		if (!k->missing_path)
			fputs("null", f);	/* unknown */
		else
			fputc('[', f);
		for (size_t o = 0; o < k->n_missing; o++) {
			fputs(o ? ", " : "", f);
			json_lite_put_str(f, k->missing[o]);
		}
		if (k->missing_path)
			fputc(']', f);
		if (ok(k))
			fprintf(f, ", \"totals\": {\"pass\": %u, \"fail\": %u, \"skip\": %u, \"timeout\": %u,"
				" \"error\": %u}, \"seconds\": %lu.%03lu}", t->pass, t->fail, t->skip,
				t->timeout, t->error, k->sum.job_ms / 1000, k->sum.job_ms % 1000);
		else
			fputs(", \"totals\": null, \"seconds\": null}", f);
	}
	fputs("\n  ],\n  \"rows\": [", f);
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct row *r = &m->rows[i];
		bool first = true;

		fputs(i ? ",\n    {" : "\n    {", f);
		json_row_id(f, r);
		fputs(", \"verdicts\": {", f);
		for (size_t k = 0; k < m->n_k; k++) {
			fputs(k ? ", " : "", f);
			json_lite_put_str(f, m->k[k].label);
			fputs(": ", f);
			json_lite_put_str(f, r->verdict[k]);
		}
		fputs("}, \"reasons\": {", f);
		for (size_t k = 0; k < m->n_k; k++) {
			if (!r->verdict[k] || !strcmp(r->verdict[k], "pass") || !r->reason[k] ||
			    !r->reason[k][0])
				continue;
			fputs(first ? "" : ", ", f);
			first = false;
			json_lite_put_str(f, m->k[k].label);
			fputs(": ", f);
			json_lite_put_str(f, r->reason[k]);
		}
		fputs("}}", f);
	}
	fputs(m->n_rows ? "\n  ],\n  \"changes\": [" : "],\n  \"changes\": [", f);
	for (size_t i = 0; i < m->n_rows; i++)
		each_change(m, &m->rows[i], json_change, &changes);
	fprintf(f, "%s],\n  \"counts\": {\"kernels\": %zu, \"rows\": %zu, \"changes\": %zu,"
		" \"regressions\": %zu, \"fixed\": %zu}\n}\n", c->changes ? "\n  " : "", m->n_k,
		m->n_rows, c->changes, c->regressions, c->fixed);
}

/* ---- matrix.md --------------------------------------------------------------- */

/* S as Markdown text: what would be markup escaped, a line break a space,
 * any other byte that is not printable ASCII '?' (the file is UTF-8). */
static void md_put(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (strchr("\\`*_[]<>|#!~&", c))
			fputc('\\', f);
		fputc(c == '\n' || c == '\t' || c == '\r' ? ' ' : c < 0x20 || c >= 0x7f ? '?' : c, f);
	}
}

static const char *subtest_name(const struct row *r)
{
	return r->subtest ? r->subtest : "(test)";
}

static void md_change(const struct matrix *m, const struct row *r, size_t a, size_t b, void *arg)
{
	FILE *f = ((struct out *)arg)->f;

	fprintf(f, "- **%s**: ", change_kind(r->verdict[a], r->verdict[b]));
	md_put(f, r->test);
	fputs(r->profile[0] ? " on " : "", f);
	md_put(f, r->profile);
	fputs(", ", f);
	md_put(f, subtest_name(r));
	fprintf(f, ": %s (", r->verdict[a]);
	md_put(f, m->k[a].label);
	fprintf(f, ") -> %s (", r->verdict[b]);
	md_put(f, m->k[b].label);
	fputc(')', f);
	if (strcmp(r->verdict[b], "pass") && r->reason[b] && r->reason[b][0]) {
		fputs(": ", f);
		md_put(f, r->reason[b]);
	}
	fputc('\n', f);
}

/* The missing options of K as a line of text into F (PUT: how a name goes). */
static void missing_line(FILE *f, const struct kernel *k, void (*put)(FILE *f, const char *s))
{
	if (!k->missing_path)
		fputs("unknown (no config of this kernel to compare)", f);
	else if (!k->n_missing)
		fputs("none", f);
	for (size_t o = 0; k->missing_path && o < k->n_missing; o++) {
		fputs(o ? ", " : "", f);
		put(f, k->missing[o]);
	}
	fputc('\n', f);
}

/* The same tables as matrix.md, as a page in the style of report.html
 * (lib/report/report_html.h: escaped, self-contained). */
static void write_html(FILE *f, const struct matrix *m, const struct counts *c)
{
	report_html_begin(f, "Kernel matrix");
	fputs("<h1>Kernel matrix</h1>\n<table><tr><th>kernel</th><th>spec</th><th>status</th>"
	      "<th>pass</th><th>fail</th><th>skip</th><th>timeout</th><th>error</th>"
	      "<th>seconds</th></tr>\n", f);
	for (size_t i = 0; i < m->n_k; i++) {
		const struct kernel *k = &m->k[i];
		const struct report_totals *t = &k->sum.totals;

		fputs("<tr><td>", f);
		report_html_put(f, k->label);
		fputs("</td><td>", f);
		report_html_put(f, k->spec);
		fputs("</td><td>", f);
		report_html_put(f, k->status);
		if (k->why[0]) {
			fputs(": ", f);
			report_html_put(f, k->why);
		}
		if (ok(k))
			fprintf(f, "</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td><td>%u</td>"
				"<td>%lu</td></tr>\n", t->pass, t->fail, t->skip, t->timeout, t->error,
				(k->sum.job_ms + 500) / 1000);
		else
			fputs("</td><td colspan=\"6\"></td></tr>\n", f);
	}
	fputs("</table>\n<h2>Verdicts</h2>\n<table><tr><th>test</th><th>profile</th><th>subtest</th>", f);
	for (size_t k = 0; k < m->n_k; k++) {
		fputs("<th>", f);
		report_html_put(f, m->k[k].label);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct row *r = &m->rows[i];
		size_t prev = SIZE_MAX;

		fputs("<tr><td>", f);
		report_html_put(f, r->test);
		fputs("</td><td>", f);
		report_html_put(f, r->profile);
		fputs("</td><td>", f);
		report_html_put(f, subtest_name(r));
		fputs("</td>", f);
		/* A verdict that differs from the kernel before: bold, as in matrix.md. */
		for (size_t k = 0; k < m->n_k; k++) {
			const char *v = r->verdict[k] ? r->verdict[k] : "-";
			bool changed = verdict_changed(r, k, &prev);

			fputs("<td class=\"", f);
			report_html_put(f, v);
			fputs(changed ? "\"><b>" : "\">", f);
			report_html_put(f, v);
			fputs(changed ? "</b></td>" : "</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fprintf(f, "</table>\n<p>%zu change(s): %zu regression(s), %zu fixed (matrix.md lists "
		"them).</p>\n", c->changes, c->regressions, c->fixed);
	report_html_end(f);
}

static void write_md(FILE *f, const struct matrix *m, const struct counts *c)
{
	struct out changes = { f, 0 };

	fputs("# Kernel matrix\n\n| kernel | spec | status | pass | fail | skip | timeout | error | seconds |\n"
	      "|---|---|---|---|---|---|---|---|---|\n", f);
	for (size_t i = 0; i < m->n_k; i++) {
		const struct kernel *k = &m->k[i];
		const struct report_totals *t = &k->sum.totals;

		fputs("| ", f);
		md_put(f, k->label);
		fputs(" | ", f);
		md_put(f, k->spec);
		fprintf(f, " | %s", k->status);
		if (k->why[0]) {
			fputs(": ", f);
			md_put(f, k->why);
		}
		if (ok(k))
			fprintf(f, " | %u | %u | %u | %u | %u | %lu |\n", t->pass, t->fail, t->skip,
				t->timeout, t->error, (k->sum.job_ms + 500) / 1000);
		else
			fputs(" | | | | | | |\n", f);
	}
	fputs("\n## Verdicts\n\n| test | profile | subtest |", f);
	for (size_t k = 0; k < m->n_k; k++) {
		fputc(' ', f);
		md_put(f, m->k[k].label);
		fputs(" |", f);
	}
	fputs("\n|---|---|---|", f);
	for (size_t k = 0; k < m->n_k; k++)
		fputs("---|", f);
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct row *r = &m->rows[i];
		size_t prev = SIZE_MAX;

		fputs("\n| ", f);
		md_put(f, r->test);
		fputs(" | ", f);
		md_put(f, r->profile);
		fputs(" | ", f);
		md_put(f, subtest_name(r));
		fputs(" |", f);
		/* A verdict that differs from the kernel before: bold. */
		for (size_t k = 0; k < m->n_k; k++) {
			bool changed = verdict_changed(r, k, &prev);

			fprintf(f, " %s%s%s |", changed ? "**" : "", r->verdict[k] ? r->verdict[k] : "-",
				changed ? "**" : "");
		}
	}
	fprintf(f, "\n\n## Changes\n\n%zu change(s): %zu regression(s), %zu fixed.\n\n", c->changes,
		c->regressions, c->fixed);
	for (size_t i = 0; i < m->n_rows; i++)
		each_change(m, &m->rows[i], md_change, &changes);
	fputs("\n## Missing options\n\nThe options of the suite's config that a kernel's Kconfig did not"
	      " set; its tests that need one skip, naming it.\n\n", f);
	for (size_t i = 0; i < m->n_k; i++) {
		fputs("- ", f);
		md_put(f, m->k[i].label);
		fputs(": ", f);
		missing_line(f, &m->k[i], md_put);
	}
}

/* ---- stdout ------------------------------------------------------------------ */

static void text_change(const struct matrix *m, const struct row *r, size_t a, size_t b, void *arg)
{
	(void)arg;
	printf("  %-10s %s%s%s %s: %s (%s) -> %s (%s)%s%s\n", change_kind(r->verdict[a], r->verdict[b]),
	       r->test, r->profile[0] ? " " : "", r->profile, subtest_name(r), r->verdict[a],
	       m->k[a].label, r->verdict[b], m->k[b].label,
	       strcmp(r->verdict[b], "pass") && r->reason[b] && r->reason[b][0] ? ": " : "",
	       strcmp(r->verdict[b], "pass") && r->reason[b] ? r->reason[b] : "");
}

static void put_plain(FILE *f, const char *s)
{
	fputs(s, f);
}

static void print_text(const struct matrix *m, const struct counts *c)
{
	int wt = 4, wp = 7, ws = 7;

	puts("kernels:");
	for (size_t i = 0; i < m->n_k; i++) {
		const struct kernel *k = &m->k[i];

		printf("  %s: %s, %s", k->label, k->spec, k->status);
		if (k->why[0])
			printf(" (%s)", k->why);
		if (ok(k))
			printf(", %u passed, %u failed, %u skipped", k->sum.totals.pass,
			       k->sum.totals.fail + k->sum.totals.timeout + k->sum.totals.error,
			       k->sum.totals.skip);
		fputs("; missing options: ", stdout);
		missing_line(stdout, k, put_plain);
	}
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct row *r = &m->rows[i];

		wt = (int)strlen(r->test) > wt ? (int)strlen(r->test) : wt;
		wp = (int)strlen(r->profile) > wp ? (int)strlen(r->profile) : wp;
		ws = (int)strlen(subtest_name(r)) > ws ? (int)strlen(subtest_name(r)) : ws;
	}
	/* A verdict column as wide as its label or "timeout"; none after the last. */
	printf("%-*s  %-*s  %-*s", wt, "test", wp, "profile", ws, "subtest");
	for (size_t k = 0; k < m->n_k; k++)
		printf("  %-*s", k + 1 < m->n_k ? 7 : 0, m->k[k].label);
	putchar('\n');
	for (size_t i = 0; i < m->n_rows; i++) {
		const struct row *r = &m->rows[i];

		printf("%-*s  %-*s  %-*s", wt, r->test, wp, r->profile, ws, subtest_name(r));
		for (size_t k = 0; k < m->n_k; k++)
			printf("  %-*s", k + 1 == m->n_k ? 0 : (int)(strlen(m->k[k].label) > 7 ?
								   strlen(m->k[k].label) : 7),
			       r->verdict[k] ? r->verdict[k] : "-");
		putchar('\n');
	}
	if (c->changes)
		puts("changes:");
	for (size_t i = 0; i < m->n_rows; i++)
		each_change(m, &m->rows[i], text_change, NULL);
	printf("matrix: %zu kernels, %zu rows, %zu changes (%zu regressions, %zu fixed)\n", m->n_k,
	       m->n_rows, c->changes, c->regressions, c->fixed);
}

/* ---- main --------------------------------------------------------------------- */

static int write_file(const char *dir, const char *name, const struct matrix *m,
		      const struct counts *c, void (*writer)(FILE *f, const struct matrix *m,
							    const struct counts *c))
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return ppcst_fail(-ENAMETOOLONG, "%s: name too long", dir);
	if (!(f = safe_create(path, tmp, sizeof(tmp))))
		return -EIO;
	writer(f, m, c);
	return safe_commit(f, tmp, path);
}

/* The kernel's summary, or its status bad-summary (one line on stderr);
 * 0, or -ENOMEM. */
static int load_summary(struct kernel *k)
{
	int ret = summary_read(k->summary_path, &k->sum);

	if (ret == -ENOMEM)
		return ret;
	if (ret) {
		k->status = "bad-summary";
		snprintf(k->why, sizeof(k->why), "%s", ppcst_last_error());
		report_keep_printable(k->why);
		fprintf(stderr, "ppcst_matrix: %s: %s\n", k->label, k->why);
	}
	return 0;
}

static void free_matrix(struct matrix *m)
{
	for (size_t i = 0; i < m->n_rows; i++) {
		free(m->rows[i].subtest);
		free(m->rows[i].verdict);
		free(m->rows[i].reason);
		free(m->keys[i]);
	}
	if (m->rows)
		hdestroy_r(&m->index);
	free(m->rows);
	free(m->keys);
	for (size_t i = 0; i < m->n_k; i++) {
		summary_free(&m->k[i].sum);
		free(m->k[i].missing_text);
		free(m->k[i].missing);
	}
}

/* Checks the options of the kernels given (else a usage error). */
static void check_kernels(struct matrix *m)
{
	for (size_t i = 0; i < m->n_k; i++) {
		struct kernel *k = &m->k[i];

		if (!k->spec)
			usage_error("--kernel %s: no --spec", k->label);
		if (strlen(k->spec) >= SPEC_MAX || !k->spec[0])
			usage_error("--kernel %s: --spec is empty or over %d bytes", k->label, SPEC_MAX);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(m->k[j].label, k->label))
				usage_error("--kernel %s given twice", k->label);
		if (!k->status && !k->summary_path)
			usage_error("--kernel %s: neither --summary nor --status", k->label);
		if (k->status && k->summary_path)
			usage_error("--kernel %s: --summary and --status %s exclude each other",
				    k->label, k->status);
		if (!k->status)
			k->status = "ok";
		if (k->missing_path)
			read_missing(k);
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "spec", required_argument, NULL, 's' },
		{ "summary", required_argument, NULL, 'S' },
		{ "missing-options", required_argument, NULL, 'm' },
		{ "status", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct matrix m;
	struct kernel *k = NULL;
	const char *out = NULL;
	struct counts c = { 0 };
	struct stat sb;
	int opt, ret = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'h') {
			puts("usage: ppcst_matrix --out DIR {--kernel LABEL --spec SPEC [--summary FILE]\n"
			     "                    [--missing-options FILE] [--status STATUS]}...\n"
			     "Writes matrix.json, matrix.md and matrix.html of the kernels' runs (STATUS: build-failed,\n"
			     "no-run, interrupted: a kernel without a summary).");
			return 0;
		}
		if (opt == 'o') {
			out = optarg;
			continue;
		}
		if (opt == 'k') {
			if (m.n_k == MAX_KERNELS)
				usage_error("more than %d kernels", MAX_KERNELS);
			if (!report_is_name(optarg))
				usage_error("--kernel '%.64s': not a label (letters, digits, _ - ., no leading dot)",
						   optarg);
			k = &m.k[m.n_k++];
			k->label = optarg;
			continue;
		}
		if (opt == '?' || opt == ':')
			usage_error("unknown option or missing argument: '%s'", argv[optind - 1]);
		if (!k)
			usage_error("--spec, --summary, --missing-options and --status follow their --kernel");
		switch (opt) {
		case 's': k->spec = optarg; break;
		case 'S': k->summary_path = optarg; break;
		case 'm': k->missing_path = optarg; break;
		case 't':
			for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
				if (!strcmp(optarg, statuses[i]))
					k->status = statuses[i];
			if (!k->status)
				usage_error("--status '%.64s': not build-failed, no-run or interrupted",
						   optarg);
			break;
		}
	}
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	if (!out)
		usage_error("--out is needed");
	if (stat(out, &sb) || !S_ISDIR(sb.st_mode))
		usage_error("--out %s: not a folder", out);
	if (!m.n_k)
		usage_error("no --kernel given");
	check_kernels(&m);
	for (size_t i = 0; i < m.n_k && !ret; i++)
		if (ok(&m.k[i]))
			ret = load_summary(&m.k[i]);
	if (ret || make_rows(&m)) {
		fputs("ppcst_matrix: out of memory\n", stderr);
		ret = 2;
		goto done;
	}
	for (size_t i = 0; i < m.n_rows; i++)
		each_change(&m, &m.rows[i], count_change, &c);
	if (write_file(out, "matrix.json", &m, &c, write_json) ||
	    write_file(out, "matrix.md", &m, &c, write_md) ||
	    write_file(out, "matrix.html", &m, &c, write_html)) {
		fprintf(stderr, "ppcst_matrix: %s\n", ppcst_last_error());
		ret = 2;
		goto done;
	}
	print_text(&m, &c);
done:
	free_matrix(&m);
	return ret;
}
