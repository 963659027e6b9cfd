// SPDX-License-Identifier: GPL-2.0
/*
 * The page of a run: lib/report/report_html.h.
 */
#include "report/report_html.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/error.h"
#include "base/json_lite.h"
#include "base/proc.h"
#include "report/report.h"
#include "base/safe_file.h"
#include "report/summary.h"

/* What one page shows at most: beyond these a line says how many were left. */
#define MAX_WATCHES 16
#define MAX_SERIES 32
#define MAX_POINTS 20000
#define MAX_CASES 8
#define MAX_STEPS 4
#define MAX_CYCLES 1000
#define MAX_FINDINGS 200
#define MAX_EVIDENCE 64
#define GNUPLOT_TIMEOUT_MS 30000

void report_html_put(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			fputc((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? c : '?', f);
		}
	}
}

void report_html_begin(FILE *f, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      /* No fetch of any kind, whatever a string slipped past the escaping. */
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n<title>", f);
	report_html_put(f, title);
	fputs("</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1em 2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:.5em 0}\n"
	      "td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}\n"
	      "th{background:#eee}\n"
	      ".pass{background:#c8f0c8}.fail,.timeout{background:#f4b8b8}\n"
	      ".error{background:#f0d090}.skip{background:#ddd}\n"
	      "pre{background:#f6f6f6;padding:.4em;overflow-x:auto;font-size:85%}\n"
	      "section{border-top:2px solid #999;margin-top:1.5em}\n"
	      "svg{max-width:100%;height:auto}\n"
	      "</style></head><body>\n", f);
}

void report_html_end(FILE *f)
{
	fputs("</body></html>\n", f);
}

/* ---- a test's folder ---------------------------------------------------- */

/* NAME of the folder DIRFD (NULL text: absent or refused; the page says why
 * in WHY). */
static char *read_at(int dirfd, const char *name, size_t max, char *why, size_t len)
{
	char *text;

	why[0] = '\0';
	text = safe_read_text_at(dirfd, name, max, NULL);
	if (!text && errno != ENOENT)
		snprintf(why, len, "%s: %s", name, ppcst_last_error());
	return text;
}

static void put_why(FILE *f, const char *why)
{
	if (!why[0])
		return;
	fputs("<p><em>not read: ", f);
	report_html_put(f, why);
	fputs("</em></p>\n", f);
}

static void put_findings(FILE *f, char *text)
{
	char buf[1024];
	struct json_lite_doc d;
	int arr, el, n = 0;

	if (json_lite_parse(text, &d) || d.t[0].type != JSON_LITE_OBJECT ||
	    (arr = json_lite_get(&d, 0, "findings")) < 0 || d.t[arr].type != JSON_LITE_ARRAY) {
		fputs("<p><em>kmsg-findings.json: not the scanner's findings</em></p>\n", f);
		if (d.t)
			json_lite_free(&d);
		return;
	}
	fprintf(f, "<h4>Kernel-log findings: %" PRIu64 " (%" PRIu64 " failing)</h4>\n",
		json_lite_member_u64(&d, 0, "findings_total"), json_lite_member_u64(&d, 0, "failing"));
	for (el = json_lite_elem(&d, arr, 0); el >= 0; el = json_lite_next(&d, el), n++) {
		int ex;

		if (n == MAX_FINDINGS) {
			fputs("<p>(more findings not shown)</p>\n", f);
			break;
		}
		if (d.t[el].type != JSON_LITE_OBJECT)
			continue;
		json_lite_member_text(&d, el, "severity", buf, sizeof(buf));
		fprintf(f, "<p class=\"%s\"><b>", !strcmp(buf, "fail") ? "fail" : "skip");
		json_lite_member_text(&d, el, "signature", buf, sizeof(buf));
		report_html_put(f, buf);
		fputs("</b> (", f);
		json_lite_member_text(&d, el, "severity", buf, sizeof(buf));
		report_html_put(f, buf);
		fputs(json_lite_true(&d, json_lite_get(&d, el, "allowlisted")) ? ", allowlisted" : "", f);
		fputs("): ", f);
		json_lite_member_text(&d, el, "line", buf, sizeof(buf));
		report_html_put(f, buf);
		fputs("</p>\n", f);
		ex = json_lite_get(&d, el, "excerpt");
		if (ex < 0 || d.t[ex].type != JSON_LITE_ARRAY || !d.t[ex].size)
			continue;
		fputs("<pre>", f);
		for (int l = json_lite_elem(&d, ex, 0); l >= 0; l = json_lite_next(&d, l)) {
			if (json_lite_text(&d, l, buf, sizeof(buf)))
				report_html_put(f, buf);
			fputc('\n', f);
		}
		fputs("</pre>\n", f);
	}
	json_lite_free(&d);
}

static void put_window(FILE *f, const struct json_lite_doc *d, int obj, const char *key)
{
	int w = json_lite_get(d, obj, key);
	char kind[32];

	if (w < 0 || d->t[w].type != JSON_LITE_OBJECT) {
		fputs("<td>none</td>", f);
		return;
	}
	json_lite_member_text(d, w, "kind", kind, sizeof(kind));
	fputs("<td>", f);
	report_html_put(f, kind);
	fprintf(f, " LIOBN 0x%" PRIx64 ", 0x%" PRIx64 "-0x%" PRIx64 ", 2^%" PRIu64 "-byte TCEs</td>",
		json_lite_member_u64(d, w, "liobn"), json_lite_member_u64(d, w, "start"), json_lite_member_u64(d, w, "end"),
		json_lite_member_u64(d, w, "tce_shift"));
}

static void put_evidence(FILE *f, char *text)
{
	char buf[1024];
	char *line, *next;
	int n = 0;

	fputs("<h4>Which window each device's data crossed</h4>\n<table><tr><th>case</th>"
	      "<th>device</th><th>verdict</th><th>crossed</th><th>expected</th><th>maps</th>"
	      "<th>MiB</th><th>TCEs base &rarr; peak of entries</th></tr>\n", f);
	for (line = text; *line; line = next) {
		struct json_lite_doc d;
		int tce;

		next = strchr(line, '\n');
		next = next ? (*next = '\0', next + 1) : line + strlen(line);
		if (!*line)
			continue;
		if (++n > MAX_EVIDENCE) {
			fputs("<tr><td colspan=\"8\">(more not shown)</td></tr>\n", f);
			break;
		}
		if (json_lite_parse(line, &d) || d.t[0].type != JSON_LITE_OBJECT) {
			if (d.t)
				json_lite_free(&d);
			fputs("<tr><td colspan=\"8\"><em>a line that is no record</em></td></tr>\n", f);
			continue;
		}
		bool proven = json_lite_true(&d, json_lite_get(&d, 0, "proven"));

		fputs("<tr><td>", f);
		json_lite_member_text(&d, 0, "label", buf, sizeof(buf));
		report_html_put(f, buf);
		fputs("</td><td>", f);
		json_lite_member_text(&d, 0, "device", buf, sizeof(buf));
		report_html_put(f, buf);
		fprintf(f, "</td><td class=\"%s\">%s", proven ? "pass" : "fail",
			proven ? "proven" : "not proven: ");
		json_lite_member_text(&d, 0, "why", buf, sizeof(buf));
		report_html_put(f, proven ? "" : buf);
		fputs("</td>", f);
		put_window(f, &d, 0, "crossed");
		put_window(f, &d, 0, "expected");
		fprintf(f, "<td>%" PRIu64 "</td><td>%.1f</td><td>", json_lite_member_u64(&d, 0, "maps"),
			json_lite_member_u64(&d, 0, "bytes") / (1024.0 * 1024.0));
		tce = json_lite_get(&d, 0, "tce");
		if (tce >= 0 && d.t[tce].type == JSON_LITE_OBJECT)
			fprintf(f, "LIOBN 0x%" PRIx64 ": %" PRIu64 " &rarr; %" PRIu64 " of %" PRIu64,
				json_lite_member_u64(&d, tce, "liobn"), json_lite_member_u64(&d, tce, "base"),
				json_lite_member_u64(&d, tce, "peak"), json_lite_member_u64(&d, tce, "entries"));
		fputs("</td></tr>\n<tr><td></td><td colspan=\"7\"><small>", f);
		json_lite_member_text(&d, 0, "summary", buf, sizeof(buf));
		report_html_put(f, buf);
		fputs("</small></td></tr>\n", f);
		json_lite_free(&d);
	}
	fputs("</table>\n", f);
}

/* ---- plots -------------------------------------------------------------- */

struct series {
	char title[64];		/* made here: "LIOBN 0x80000201", a step's name */
	double *x, *y;
	size_t n;
	double lo, hi;		/* of y */
};

static void series_add(struct series *s, double x, double y)
{
	if (s->n == MAX_POINTS)
		return;
	if (!s->n || y < s->lo)
		s->lo = y;
	if (!s->n || y > s->hi)
		s->hi = y;
	s->x[s->n] = x;
	s->y[s->n++] = y;
}

static int series_init(struct series *s, const char *title)
{
	snprintf(s->title, sizeof(s->title), "%s", title);
	s->n = 0;
	s->x = malloc(MAX_POINTS * sizeof(*s->x));
	s->y = malloc(MAX_POINTS * sizeof(*s->y));
	return s->x && s->y ? 0 : ppcst_fail(-ENOMEM, "out of memory");
}

static void series_free(struct series *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].x);
		free(s[i].y);
	}
}

/*
 * gnuplot's SVG of series S (N of them) into F inline: the XML prolog and
 * the namespace declarations dropped (the page's HTML parser needs neither,
 * and a page that names no URL at all is plainly self-contained). STYLE:
 * gnuplot's "with" ("steps", "linespoints"). False: no plot (F says why).
 */
static bool plot(FILE *f, const struct series *s, size_t n, const char *xlabel,
		 const char *ylabel, const char *style)
{
	static char gnuplot[PATH_MAX];
	char dir[] = "/tmp/ppcst-plot-XXXXXX", path[PATH_MAX], desc[96];
	const char *argv[] = { gnuplot, path, NULL };
	struct proc_opts opts = { .timeout_ms = GNUPLOT_TIMEOUT_MS };
	struct proc_result res;
	FILE *g;
	char *svg, *p;
	bool ok = false;

	if (!gnuplot[0] && !proc_find_tool("gnuplot", gnuplot, sizeof(gnuplot))) {
		fputs("<p><em>no plot: gnuplot is not installed (gnuplot-nox)</em></p>\n", f);
		return false;
	}
	if (!mkdtemp(dir)) {
		fprintf(f, "<p><em>no plot: mkdtemp: %s</em></p>\n", strerror(errno));
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/s%zu", dir, i);
		if (!(g = fopen(path, "w")))
			goto out;
		for (size_t k = 0; k < s[i].n; k++)
			fprintf(g, "%.3f %.3f\n", s[i].x[k], s[i].y[k]);
		fclose(g);
	}
	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	if (!(g = fopen(path, "w")))
		goto out;
	/* Every word below is the page's own: numbers and titles made here. */
	fprintf(g, "set terminal svg size 860,320 dynamic font 'sans,11' background rgb 'white'\n"
		"set xlabel '%s'\nset ylabel '%s'\nset key outside right\nset grid\nplot ",
		xlabel, ylabel);
	for (size_t i = 0; i < n; i++)
		fprintf(g, "%s'%s/s%zu' using 1:2 with %s lw 2 title '%s'", i ? ", " : "", dir, i,
			style, s[i].title);
	fputc('\n', g);
	fclose(g);
	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	opts.buf = svg = malloc(REPORT_HTML_SVG_MAX);
	opts.buf_size = REPORT_HTML_SVG_MAX;
	if (!svg)
		goto out;
	if (proc_run(argv, &opts, &res) || res.truncated || !(p = strstr(svg, "<svg"))) {
		fprintf(f, "<p><em>no plot: gnuplot %s</em></p>\n",
			res.truncated ? "wrote more than the page takes" :
			proc_describe(&res, desc, sizeof(desc)));
	} else {
		char *x;

		while ((x = strstr(p, " xmlns"))) {
			char *q = strchr(x, '"');

			q = q ? strchr(q + 1, '"') : NULL;
			if (!q)
				break;
			memmove(x, q + 1, strlen(q + 1) + 1);
		}
		fputs(p, f);
		fputc('\n', f);
		ok = true;
	}
	free(svg);
out:
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/s%zu", dir, i);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	unlink(path);
	rmdir(dir);
	return ok;
}

/* The next line of a CSV text (cut in place), NULL at the end. */
static char *next_line(char **pos)
{
	char *line = *pos, *nl;

	if (!*line)
		return NULL;
	nl = strchr(line, '\n');
	*pos = nl ? (*nl = '\0', nl + 1) : line + strlen(line);
	return line;
}

/* tce-usage.csv: per watch, each LIOBN whose usage moved, as steps over time.
 * Each pass over TEXT goes through a copy (next_line cuts it). */
static void put_tce_plots(FILE *f, char *text)
{
	long long watches[MAX_WATCHES];
	char labels[MAX_WATCHES][64];
	int nw = 0, bad = 0;
	char *copy, *pos, *line;

	if (!(copy = strdup(text)))
		return;
	/* The watches, in the order they began. */
	pos = copy;
	next_line(&pos);	/* the header */
	for (char *p = pos; (line = next_line(&p));) {
		long long w;
		char label[64];
		int k;

		if (sscanf(line, "%lld,%63[A-Za-z0-9_.-],", &w, label) != 2) {
			bad++;
			continue;
		}
		for (k = 0; k < nw && watches[k] != w; k++)
			;
		if (k == nw && nw < MAX_WATCHES) {
			watches[nw] = w;
			snprintf(labels[nw++], sizeof(labels[0]), "%s", label);
		}
	}
	free(copy);
	fprintf(f, "<h4>TCE usage during the loads (%d watched)</h4>\n", nw);
	if (bad)
		fprintf(f, "<p><em>%d line(s) of tce-usage.csv not understood</em></p>\n", bad);
	for (int k = 0; k < nw; k++) {
		struct series s[MAX_SERIES];
		uint64_t liobns[MAX_SERIES];
		size_t ns = 0;
		bool flat_all = true;

		if (!(copy = strdup(text)))
			break;
		pos = copy;
		next_line(&pos);
		while ((line = next_line(&pos))) {
			long long w, ms;
			unsigned long long liobn, in_use, entries;
			char label[64];
			size_t i;

			if (sscanf(line, "%lld,%63[A-Za-z0-9_.-],%lld,%llx,%llu,%llu", &w, label, &ms,
				   &liobn, &in_use, &entries) != 6 || w != watches[k])
				continue;
			for (i = 0; i < ns && liobns[i] != liobn; i++)
				;
			if (i == ns) {
				char title[64];

				if (ns == MAX_SERIES)
					continue;
				snprintf(title, sizeof(title), "LIOBN 0x%llx", liobn);
				if (series_init(&s[ns], title)) {
					series_free(s, ns + 1);
					free(copy);
					return;
				}
				liobns[ns++] = liobn;
			}
			series_add(&s[i], ms / 1000.0, (double)in_use);
		}
		free(copy);
		fputs("<h5>", f);
		report_html_put(f, labels[k]);
		fputs("</h5>\n", f);
		/* The moving tables plotted; the rest named with their level. */
		for (size_t i = 0, flat = 0; i < ns; i++) {
			if (s[i].lo != s[i].hi) {
				flat_all = false;
				continue;
			}
			fprintf(f, "%s%s (%.0f)", flat++ ? ", " : "<p>Unchanged during the load: ",
				s[i].title, s[i].lo);
		}
		for (size_t i = 0; i < ns; i++)
			if (s[i].lo == s[i].hi) {
				fputs("</p>\n", f);
				break;
			}
		if (!flat_all) {
			struct series moving[MAX_SERIES];
			size_t nm = 0;

			for (size_t i = 0; i < ns; i++)
				if (s[i].lo != s[i].hi)
					moving[nm++] = s[i];
			if (!plot(f, moving, nm, "seconds into the load", "TCEs in use", "steps"))
				for (size_t i = 0; i < nm; i++)
					fprintf(f, "<p>%s: %.0f..%.0f TCEs in use</p>\n", moving[i].title,
						moving[i].lo, moving[i].hi);
		}
		series_free(s, ns);
	}
}

/* cycles.csv: per test case, each step's seconds per cycle. */
static void put_cycle_plots(FILE *f, char *text)
{
	char cases[MAX_CASES][64];
	int nc = 0, bad = 0;
	char *copy, *pos, *line;

	if (!(copy = strdup(text)))
		return;
	pos = copy;
	next_line(&pos);
	for (char *p = pos; (line = next_line(&p));) {
		char c[64];
		int k;

		if (sscanf(line, "%63[A-Za-z0-9_.-],", c) != 1) {
			bad++;
			continue;
		}
		for (k = 0; k < nc && strcmp(cases[k], c); k++)
			;
		if (k == nc && nc < MAX_CASES)
			snprintf(cases[nc++], sizeof(cases[0]), "%s", c);
	}
	free(copy);
	fputs("<h4>Cycle times</h4>\n", f);
	if (bad)
		fprintf(f, "<p><em>%d line(s) of cycles.csv not understood</em></p>\n", bad);
	for (int k = 0; k < nc; k++) {
		struct series s[MAX_STEPS];
		size_t ns = 0;

		if (!(copy = strdup(text)))
			break;
		pos = copy;
		next_line(&pos);
		while ((line = next_line(&pos))) {
			char c[64], step[32];
			int cycle;
			double sec;
			size_t i;

			if (sscanf(line, "%63[A-Za-z0-9_.-],%d,%31[A-Za-z0-9_.-],%lf", c, &cycle, step,
				   &sec) != 4 || strcmp(c, cases[k]) || cycle < 1 || cycle > MAX_CYCLES ||
			    !(sec >= 0 && sec < 1e6))
				continue;
			for (i = 0; i < ns && strcmp(s[i].title, step); i++)
				;
			if (i == ns) {
				if (ns == MAX_STEPS)
					continue;
				if (series_init(&s[ns++], step)) {
					series_free(s, ns);
					free(copy);
					return;
				}
			}
			series_add(&s[i], cycle, sec);
		}
		free(copy);
		fputs("<h5>", f);
		report_html_put(f, cases[k]);
		fputs("</h5>\n", f);
		if (ns && !plot(f, s, ns, "cycle", "seconds", "linespoints"))
			for (size_t i = 0; i < ns; i++)
				fprintf(f, "<p>%s: %.1f..%.1f s over %zu cycles</p>\n", s[i].title,
					s[i].lo, s[i].hi, s[i].n);
		series_free(s, ns);
	}
}

/* The files of a test's folder the page shows, in its order. */
static const struct {
	const char *name;
	size_t max;
	void (*put)(FILE *f, char *text);
} test_files[] = {
	{ "kmsg-findings.json", REPORT_HTML_FILE_MAX, put_findings },
	{ "dma-evidence.jsonl", REPORT_HTML_FILE_MAX, put_evidence },
	{ "tce-usage.csv", REPORT_HTML_CSV_MAX, put_tce_plots },
	{ "cycles.csv", REPORT_HTML_FILE_MAX, put_cycle_plots },
};

int report_html_put_file(FILE *f, const char *name, char *text)
{
	for (size_t i = 0; i < sizeof(test_files) / sizeof(test_files[0]); i++)
		if (!strcmp(test_files[i].name, name)) {
			test_files[i].put(f, text);
			return 0;
		}
	return ppcst_fail(-EINVAL, "%s: not a file of a test's folder the page shows", name);
}

/* ---- the page ----------------------------------------------------------- */

static const char *profile_dir(const struct summary_test *t)
{
	return t->profile[0] ? t->profile : "native";
}

static void put_test(FILE *f, const char *dir, const struct summary_test *t)
{
	const char *res = report_result_name(t->result);
	char path[PATH_MAX];
	int dirfd = -1, pfd;

	fprintf(f, "<section id=\"%s.%s\"><h3>", t->name, profile_dir(t));
	report_html_put(f, t->name);
	fputs(" on ", f);
	report_html_put(f, profile_dir(t));
	fprintf(f, ": <span class=\"%s\">%s</span> (%.1f s)</h3>\n", res, res, t->ms / 1000.0);
	if (t->reason[0]) {
		fputs("<p>", f);
		report_html_put(f, t->reason);
		fputs("</p>\n", f);
	}
	if (t->n_subtests) {
		fputs("<table><tr><th>subtest</th><th>result</th><th>reason</th></tr>\n", f);
		for (size_t i = 0; i < t->n_subtests; i++) {
			const struct summary_subtest *st = &t->subtests[i];
			const char *r = tap_result_name(st->result);

			fputs("<tr><td>", f);
			report_html_put(f, st->name);
			fputs("</td><td class=\"", f);
			report_html_put(f, r);
			fputs("\">", f);
			report_html_put(f, r);
			fputs("</td><td>", f);
			report_html_put(f, st->reason);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	/* The names are NAMEs (summary_parse): no '/', no "..". */
	snprintf(path, sizeof(path), "%s/%s", dir, profile_dir(t));
	pfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (pfd >= 0) {
		dirfd = openat(pfd, t->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(pfd);
	}
	for (size_t i = 0; dirfd >= 0 && i < sizeof(test_files) / sizeof(test_files[0]); i++) {
		char why[PATH_MAX + 128];
		char *text = read_at(dirfd, test_files[i].name, test_files[i].max, why, sizeof(why));

		put_why(f, why);
		if (text)
			test_files[i].put(f, text);
		free(text);
	}
	if (dirfd >= 0)
		close(dirfd);
	fputs("</section>\n", f);
}

/* The verdicts as a table: a row per test, a column per profile. */
static void put_matrix(FILE *f, const struct summary *s)
{
	const char *profiles[SUMMARY_MAX_TESTS], *tests[SUMMARY_MAX_TESTS];
	size_t np = 0, nt = 0;

	for (size_t i = 0; i < s->n_tests; i++) {
		size_t k;

		for (k = 0; k < np && strcmp(profiles[k], profile_dir(&s->tests[i])); k++)
			;
		if (k == np)
			profiles[np++] = profile_dir(&s->tests[i]);
		for (k = 0; k < nt && strcmp(tests[k], s->tests[i].name); k++)
			;
		if (k == nt)
			tests[nt++] = s->tests[i].name;
	}
	fputs("<table><tr><th>test \\ profile</th>", f);
	for (size_t p = 0; p < np; p++) {
		fputs("<th>", f);
		report_html_put(f, profiles[p]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (size_t t = 0; t < nt; t++) {
		fputs("<tr><th>", f);
		report_html_put(f, tests[t]);
		fputs("</th>", f);
		for (size_t p = 0; p < np; p++) {
			const struct summary_test *hit = NULL;

			for (size_t i = 0; i < s->n_tests && !hit; i++)
				if (!strcmp(s->tests[i].name, tests[t]) &&
				    !strcmp(profile_dir(&s->tests[i]), profiles[p]))
					hit = &s->tests[i];
			if (!hit) {
				fputs("<td></td>", f);
				continue;
			}
			fprintf(f, "<td class=\"%s\"><a href=\"#%s.%s\">%s</a></td>",
				report_result_name(hit->result), hit->name, profiles[p],
				report_result_name(hit->result));
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

int report_html_write(const char *dir)
{
	char path[PATH_MAX], tmp[PATH_MAX], title[192];
	struct summary s;
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "%s/summary.json", dir);
	if ((ret = summary_read(path, &s)))
		return ret;
	snprintf(path, sizeof(path), "%s/report.html", dir);
	if (!(f = safe_create(path, tmp, sizeof(tmp)))) {
		summary_free(&s);
		return -EIO;
	}
	snprintf(title, sizeof(title), "ppc-iommu run %s", s.run_id[0] ? s.run_id : "?");
	report_html_begin(f, title);
	fputs("<h1>", f);
	report_html_put(f, title);
	fprintf(f, "</h1>\n<p>%u passed, %u failed, %u skipped, %u timed out, %u errors; "
		"tests' seconds %.1f", s.totals.pass, s.totals.fail, s.totals.skip,
		s.totals.timeout, s.totals.error, s.job_ms / 1000.0);
	if (s.wall_ms >= 0)
		fprintf(f, ", wall %.1f s", s.wall_ms / 1000.0);
	fputs("</p>\n<h2>Verdicts</h2>\n", f);
	put_matrix(f, &s);
	fputs("<h2>Tests</h2>\n", f);
	for (size_t i = 0; i < s.n_tests; i++)
		put_test(f, dir, &s.tests[i]);
	report_html_end(f);
	summary_free(&s);
	return safe_commit(f, tmp, path);
}
