// SPDX-License-Identifier: GPL-2.0
/* summary.json -> LAVA test cases: lava.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "report/lava.h"

/* A printed name: LAVA_CASE_NAME_MAX and room for "-N" suffixes. */
#define LAVA_CASE_LINE_NAME (LAVA_CASE_NAME_MAX + 1 + 64)

const char *lava_result_of_test(enum report_result r)
{
	switch (r) {
	case REPORT_PASS: return "pass";
	case REPORT_SKIP: return "skip";
	case REPORT_FAIL:
	case REPORT_TIMEOUT:
	case REPORT_ERROR: return "fail";
	}
	return "unknown";
}

const char *lava_result_of_subtest(enum tap_result r)
{
	switch (r) {
	case TAP_PASS: return "pass";
	case TAP_FAIL: return "fail";
	case TAP_SKIP: return "skip";
	case TAP_TODO: return "unknown";
	}
	return "unknown";
}

static bool lava_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

/* S with every byte LAVA refuses made '_', appended at OUT[*LEN]; whether
 * S had a byte LAVA takes. */
static bool append_safe(char out[LAVA_CASE_NAME_MAX + 1], size_t *len, const char *s)
{
	bool any = false;

	for (; *s && *len < LAVA_CASE_NAME_MAX; s++) {
		bool ok = lava_name_char(*s);

		out[(*len)++] = ok ? *s : '_';
		any |= ok;
	}
	out[*len] = '\0';
	return any;
}

void lava_case_name(char out[LAVA_CASE_NAME_MAX + 1], const char *test, const char *subtest,
		    size_t position)
{
	size_t len = 0, at;
	char fallback[32];

	out[0] = '\0';
	append_safe(out, &len, test);
	if (!subtest)
		return;
	append_safe(out, &len, ".");
	at = len;
	if (!append_safe(out, &len, subtest)) {
		len = at;
		snprintf(fallback, sizeof(fallback), "subtest-%zu", position);
		append_safe(out, &len, fallback);
	}
}

/* Whether NAME is one of the N names in TAKEN. */
static bool name_taken(char (*taken)[LAVA_CASE_LINE_NAME], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(taken[i], name))
			return true;
	return false;
}

/* The subtests of T, each named once: a name an earlier subtest already has
 * gets its position appended ("-N", again while still taken: an earlier
 * subtest may be called "NAME-N" itself). */
static int print_subtests(FILE *f, const struct summary_test *t)
{
	char (*names)[LAVA_CASE_LINE_NAME] = calloc(t->n_subtests ? t->n_subtests : 1, sizeof(*names));

	if (!names)
		return ppcst_fail(-ENOMEM, "out of memory for %zu case names", t->n_subtests);
	for (size_t j = 0; j < t->n_subtests; j++) {
		char *name = names[j];
		size_t len;

		lava_case_name(name, t->name, t->subtests[j].name, j + 1);
		while (name_taken(names, j, name) &&
		       (len = strlen(name)) + 24 < LAVA_CASE_LINE_NAME)
			snprintf(name + len, LAVA_CASE_LINE_NAME - len, "-%zu", j + 1);
		fprintf(f, "%s %s\n", name, lava_result_of_subtest(t->subtests[j].result));
	}
	free(names);
	return 0;
}

int lava_cases_print(FILE *f, const struct summary *s)
{
	char name[LAVA_CASE_NAME_MAX + 1];
	int ret;

	for (size_t i = 0; i < s->n_tests; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(s->tests[i].name, s->tests[j].name))
				return ppcst_fail(-EINVAL,
						  "test %s is in the summary twice (profiles %s and %s): a LAVA job runs one machine",
						  s->tests[i].name, s->tests[j].profile,
						  s->tests[i].profile);
	for (size_t i = 0; i < s->n_tests; i++) {
		lava_case_name(name, s->tests[i].name, NULL, 0);
		fprintf(f, "%s %s\n", name, lava_result_of_test(s->tests[i].result));
		if ((ret = print_subtests(f, &s->tests[i])))
			return ret;
	}
	return 0;
}
