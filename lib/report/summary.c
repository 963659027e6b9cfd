// SPDX-License-Identifier: GPL-2.0
/* The reader of summary.json: lib/report/summary.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/json_lite.h"
#include "base/safe_file.h"
#include "report/summary.h"

/* Where a failure is: "tests[3].subtests[5]" or "" at the top. */
struct at {
	char where[48];
};

/* "WHERE: "KEY" WHAT", -EINVAL. */
static int bad(const struct at *at, const char *key, const char *what)
{
	return ppcst_fail(-EINVAL, "%s%s\"%s\" %s", at->where, at->where[0] ? ": " : "", key, what);
}

static bool is_type(const struct json_lite_doc *d, int tok, enum json_lite_type type)
{
	return tok >= 0 && d->t[tok].type == type;
}

static bool is_null(const struct json_lite_doc *d, int tok)
{
	return is_type(d, tok, JSON_LITE_PRIMITIVE) && d->t[tok].end - d->t[tok].start == 4 &&
	       !strncmp(d->text + d->t[tok].start, "null", 4);
}

/* KEY of OBJ, a string (or, if NULLABLE, null: ""), into BUF, printable. */
static int get_str(const struct json_lite_doc *d, int obj, const char *key, bool nullable,
		   char *buf, size_t len, const struct at *at)
{
	int tok = json_lite_get(d, obj, key);

	if (nullable && is_null(d, tok)) {
		buf[0] = '\0';
		return 0;
	}
	if (!is_type(d, tok, JSON_LITE_STRING))
		return bad(at, key, tok < 0 ? "missing" :
			   nullable ? "is neither a string nor null" : "is not a string");
	json_lite_text(d, tok, buf, len);
	report_keep_printable(buf);
	return 0;
}

/* The plain decimal digits of TOK, at most MAX_DIGITS of them, from P on;
 * their count, 0 if none or too many. */
static int digits(const char *p, int n, int max_digits)
{
	int k = 0;

	while (k < n && p[k] >= '0' && p[k] <= '9')
		k++;
	return k && k <= max_digits ? k : 0;
}

/* KEY of OBJ, a count (plain decimal, up to 1e9) into *VAL. */
static int get_count(const struct json_lite_doc *d, int obj, const char *key, unsigned *val,
		     const struct at *at)
{
	int tok = json_lite_get(d, obj, key);
	const char *p;
	int n;

	if (!is_type(d, tok, JSON_LITE_PRIMITIVE))
		return bad(at, key, tok < 0 ? "missing" : "is not a number");
	p = d->text + d->t[tok].start;
	n = d->t[tok].end - d->t[tok].start;
	if (digits(p, n, 9) != n)
		return bad(at, key, "is not a count");
	*val = (unsigned)strtoul(p, NULL, 10);
	return 0;
}

/* KEY of OBJ, seconds as report_write prints them ("12.345": up to three
 * decimals, under 1e9 s), into *MS. */
static int get_seconds(const struct json_lite_doc *d, int obj, const char *key,
		       unsigned long *ms, const struct at *at)
{
	int tok = json_lite_get(d, obj, key);
	const char *p;
	int n, whole, frac = 0;
	unsigned long val;

	if (!is_type(d, tok, JSON_LITE_PRIMITIVE))
		return bad(at, key, tok < 0 ? "missing" : "is not a number");
	p = d->text + d->t[tok].start;
	n = d->t[tok].end - d->t[tok].start;
	whole = digits(p, n, 9);
	if (whole && whole < n && p[whole] == '.')
		frac = digits(p + whole + 1, n - whole - 1, 3);
	if (!whole || (whole < n && (!frac || whole + 1 + frac != n)))
		return bad(at, key, "is not a number of seconds (N or N.NNN)");
	val = strtoul(p, NULL, 10) * 1000;
	for (int k = 0; k < 3; k++)
		val += (unsigned long)(k < frac ? p[whole + 1 + k] - '0' : 0) *
		       (k == 0 ? 100 : k == 1 ? 10 : 1);
	*ms = val;
	return 0;
}

static int parse_subtest(const struct json_lite_doc *d, int obj, struct summary_subtest *st,
			 const struct at *at)
{
	static const enum tap_result results[] = { TAP_PASS, TAP_FAIL, TAP_SKIP, TAP_TODO };
	char result[16];
	int ret;

	if (!is_type(d, obj, JSON_LITE_OBJECT))
		return ppcst_fail(-EINVAL, "%s: not an object", at->where);
	if ((ret = get_str(d, obj, "name", false, st->name, sizeof(st->name), at)) ||
	    (ret = get_str(d, obj, "result", false, result, sizeof(result), at)) ||
	    (ret = get_str(d, obj, "reason", false, st->reason, sizeof(st->reason), at)))
		return ret;
	for (size_t k = 0; k < sizeof(results) / sizeof(*results); k++)
		if (!strcmp(result, tap_result_name(results[k]))) {
			st->result = results[k];
			return 0;
		}
	return bad(at, "result", "is none of pass, fail, skip, todo");
}

static int parse_test(const struct json_lite_doc *d, int obj, struct summary_test *t,
		      struct at *at)
{
	char result[16];
	size_t len = strlen(at->where);
	int subs, ret, r = -1;

	if (!is_type(d, obj, JSON_LITE_OBJECT))
		return ppcst_fail(-EINVAL, "%s: not an object", at->where);
	if ((ret = get_str(d, obj, "name", false, t->name, sizeof(t->name), at)) ||
	    (ret = get_str(d, obj, "profile", true, t->profile, sizeof(t->profile), at)) ||
	    (ret = get_str(d, obj, "result", false, result, sizeof(result), at)) ||
	    (ret = get_str(d, obj, "reason", false, t->reason, sizeof(t->reason), at)) ||
	    (ret = get_seconds(d, obj, "seconds", &t->ms, at)))
		return ret;
	if (!report_is_name(t->name))
		return bad(at, "name", "is not a test name (letters, digits, _ - .)");
	if (t->profile[0] && !report_is_name(t->profile))
		return bad(at, "profile", "is not a profile name (letters, digits, _ - .)");
	for (int k = REPORT_PASS; k <= REPORT_ERROR; k++)
		if (!strcmp(result, report_result_name((enum report_result)k)))
			r = k;
	if (r < 0)
		return bad(at, "result", "is none of pass, fail, skip, timeout, error");
	t->result = (enum report_result)r;

	subs = json_lite_get(d, obj, "subtests");
	if (!is_type(d, subs, JSON_LITE_ARRAY))
		return bad(at, "subtests", subs < 0 ? "missing" : "is not an array");
	if (d->t[subs].size > TAP_MAX_POINTS)
		return bad(at, "subtests", "has more than TAP_MAX_POINTS (512) elements");
	if (d->t[subs].size) {
		t->subtests = calloc((size_t)d->t[subs].size, sizeof(*t->subtests));
		if (!t->subtests)
			return ppcst_fail(-ENOMEM, "out of memory");
	}
	for (int e = json_lite_elem(d, subs, 0); e >= 0; e = json_lite_next(d, e)) {
		snprintf(at->where + len, sizeof(at->where) - len, ".subtests[%zu]", t->n_subtests);
		if ((ret = parse_subtest(d, e, &t->subtests[t->n_subtests], at)))
			return ret;
		t->n_subtests++;
	}
	at->where[len] = '\0';
	return 0;
}

static int parse_doc(const struct json_lite_doc *d, const char *text, size_t len,
		     struct summary *s)
{
	static const char *const count_keys[] = { "pass", "fail", "skip", "timeout", "error" };
	unsigned *counts[] = { &s->totals.pass, &s->totals.fail, &s->totals.skip,
			       &s->totals.timeout, &s->totals.error };
	struct at at = { "" };
	char suite[16];
	int tests, totals, wall, ret;

	/* json_lite skips what comes before a value and stops after it: a
	 * summary is one object and blanks around it. */
	if (d->t[0].type != JSON_LITE_OBJECT || strspn(text, " \t\r\n") != (size_t)d->t[0].start ||
	    strspn(text + d->t[0].end, " \t\r\n") != len - (size_t)d->t[0].end)
		return ppcst_fail(-EINVAL, "not one JSON object");
	if ((ret = get_str(d, 0, "suite", false, suite, sizeof(suite), &at)))
		return ret;
	if (strcmp(suite, "ppc-iommu"))
		return ppcst_fail(-EINVAL, "\"suite\" is \"%s\", not ppc-iommu", suite);
	/* The recorded summaries in tests/data have "seconds", the sum. */
	if ((ret = get_str(d, 0, "run_id", true, s->run_id, sizeof(s->run_id), &at)) ||
	    (ret = get_seconds(d, 0, json_lite_get(d, 0, "job_seconds") >= 0 ? "job_seconds" :
			       "seconds", &s->job_ms, &at)))
		return ret;
	s->wall_ms = -1;
	wall = json_lite_get(d, 0, "wall_seconds");
	if (wall >= 0 && !is_null(d, wall)) {
		unsigned long ms;

		if ((ret = get_seconds(d, 0, "wall_seconds", &ms, &at)))
			return ret;
		s->wall_ms = (long long)ms;
	}
	totals = json_lite_get(d, 0, "totals");
	if (!is_type(d, totals, JSON_LITE_OBJECT))
		return bad(&at, "totals", totals < 0 ? "missing" : "is not an object");
	snprintf(at.where, sizeof(at.where), "totals");
	for (size_t k = 0; k < sizeof(count_keys) / sizeof(*count_keys); k++)
		if ((ret = get_count(d, totals, count_keys[k], counts[k], &at)))
			return ret;
	at.where[0] = '\0';

	tests = json_lite_get(d, 0, "tests");
	if (!is_type(d, tests, JSON_LITE_ARRAY))
		return bad(&at, "tests", tests < 0 ? "missing" : "is not an array");
	if (d->t[tests].size > SUMMARY_MAX_TESTS)
		return ppcst_fail(-EINVAL, "more than %d tests", SUMMARY_MAX_TESTS);
	if (d->t[tests].size) {
		s->tests = calloc((size_t)d->t[tests].size, sizeof(*s->tests));
		if (!s->tests)
			return ppcst_fail(-ENOMEM, "out of memory");
	}
	for (int e = json_lite_elem(d, tests, 0); e >= 0; e = json_lite_next(d, e)) {
		struct summary_test *t = &s->tests[s->n_tests];

		snprintf(at.where, sizeof(at.where), "tests[%zu]", s->n_tests);
		/* Counted before its parse: a failed one's subtests are freed too. */
		s->n_tests++;
		if ((ret = parse_test(d, e, t, &at)))
			return ret;
		for (size_t k = 0; k + 1 < s->n_tests; k++)
			if (!strcmp(s->tests[k].name, t->name) && !strcmp(s->tests[k].profile, t->profile))
				return ppcst_fail(-EINVAL, "%s: %s on %s twice", at.where, t->name,
						  t->profile[0] ? t->profile : "no profile");
	}
	return 0;
}

int summary_parse(const char *text, size_t len, struct summary *s)
{
	struct json_lite_doc doc;
	char *copy;
	int ret;

	memset(s, 0, sizeof(*s));
	if (len > SUMMARY_MAX)
		return ppcst_fail(-EINVAL, "larger than %u bytes", SUMMARY_MAX);
	if (memchr(text, '\0', len))
		return ppcst_fail(-EINVAL, "a NUL byte in it");
	/* json_lite reads to a NUL. */
	copy = malloc(len + 1);
	if (!copy)
		return ppcst_fail(-ENOMEM, "out of memory");
	memcpy(copy, text, len);
	copy[len] = '\0';
	ret = json_lite_parse(copy, &doc);
	if (!ret) {
		ret = parse_doc(&doc, copy, len, s);
		json_lite_free(&doc);
	}
	free(copy);
	if (ret)
		summary_free(s);
	return ret;
}

int summary_read(const char *path, struct summary *s)
{
	size_t len;
	char *text = safe_read_text(path, SUMMARY_MAX, &len);
	int ret;

	memset(s, 0, sizeof(*s));
	if (!text)
		return -errno;
	ret = summary_parse(text, len, s);
	free(text);
	if (ret)
		return ppcst_fail(ret, "%s: %s", path, ppcst_last_error());
	return 0;
}

void summary_free(struct summary *s)
{
	for (size_t i = 0; i < s->n_tests; i++)
		free(s->tests[i].subtests);
	free(s->tests);
	memset(s, 0, sizeof(*s));
}
