// SPDX-License-Identifier: GPL-2.0
/* The TAP 13 reader: lib/report/tap.h. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/error.h"
#include "report/tap.h"

/* A line's bytes, '\r' of a console line end dropped. */
struct span {
	const char *p;
	size_t len;
};

/* Copies S into DST (LEN bytes, NUL-terminated, cut to fit) keeping
 * printable ASCII: a tab becomes a space, any other byte '?'. "\#" is TAP's
 * escape of a '#' in a description. */
static void copy_text(char *dst, size_t len, struct span s)
{
	size_t o = 0;

	for (size_t i = 0; i < s.len && o + 1 < len; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c == '\\' && i + 1 < s.len && s.p[i + 1] == '#')
			c = (unsigned char)s.p[++i];
		dst[o++] = c == '\t' ? ' ' : (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	dst[o] = '\0';
}

static struct span skip_blanks(struct span s)
{
	while (s.len && (*s.p == ' ' || *s.p == '\t')) {
		s.p++;
		s.len--;
	}
	return s;
}

static struct span trim_end(struct span s)
{
	while (s.len && (s.p[s.len - 1] == ' ' || s.p[s.len - 1] == '\t'))
		s.len--;
	return s;
}

/* S starts with WORD, which ends there (not "okay" for "ok"). */
static bool starts_word(struct span s, const char *word, bool nocase)
{
	size_t n = strlen(word);

	if (s.len < n || (nocase ? strncasecmp(s.p, word, n) : strncmp(s.p, word, n)))
		return false;
	return s.len == n || !isalnum((unsigned char)s.p[n]);
}

static struct span after(struct span s, size_t n)
{
	return (struct span){ s.p + n, s.len - n };
}

/* Leading decimal digits into *val; how many there were. A number of more
 * than 9 digits is no sane count or test number: *val is 0 then. */
static size_t take_number(struct span *s, unsigned long *val)
{
	size_t n = 0;

	*val = 0;
	while (n < s->len && isdigit((unsigned char)s->p[n])) {
		if (n < 9)
			*val = *val * 10 + (unsigned long)(s->p[n] - '0');
		n++;
	}
	if (n > 9)
		*val = 0;
	*s = after(*s, n);
	return n;
}

/* "1..N" with nothing after N but blanks or a "# directive". */
static bool parse_plan(struct span s, struct tap_doc *doc)
{
	unsigned long n;
	size_t digits;

	if (s.len < 3 || strncmp(s.p, "1..", 3))
		return false;
	s = after(s, 3);
	digits = take_number(&s, &n);
	if (!digits || digits > 9 || (s.len && *s.p != ' ' && *s.p != '\t' && *s.p != '#'))
		return false;
	doc->plan = (long)n;
	s = skip_blanks(s);
	if (s.len && *s.p == '#') {
		s = skip_blanks(after(s, 1));
		if (starts_word(s, "SKIP", true))
			s = skip_blanks(after(s, 4));
		copy_text(doc->plan_reason, sizeof(doc->plan_reason), trim_end(s));
	}
	return true;
}

/* The '#' that starts the directive: at the start or after a blank, and not
 * escaped; NULL if none. */
static const char *directive_start(struct span s)
{
	for (size_t i = 0; i < s.len; i++)
		if (s.p[i] == '#' && (i == 0 || s.p[i - 1] == ' ' || s.p[i - 1] == '\t'))
			return s.p + i;
	return NULL;
}

/* After "ok"/"not ok": [number] [-] [description] [# directive]. */
static void parse_point(struct span s, bool ok, struct tap_point *pt)
{
	const char *hash;
	struct span desc, dir;

	memset(pt, 0, sizeof(*pt));
	pt->result = ok ? TAP_PASS : TAP_FAIL;
	s = skip_blanks(s);
	take_number(&s, &pt->number);
	s = skip_blanks(s);
	if (s.len >= 2 && s.p[0] == '-' && (s.p[1] == ' ' || s.p[1] == '\t'))
		s = skip_blanks(after(s, 1));
	hash = directive_start(s);
	desc = (struct span){ s.p, hash ? (size_t)(hash - s.p) : s.len };
	copy_text(pt->desc, sizeof(pt->desc), trim_end(desc));
	if (!hash)
		return;
	dir = skip_blanks(after(s, (size_t)(hash - s.p) + 1));
	if (starts_word(dir, "SKIP", true)) {
		pt->result = TAP_SKIP;
		dir = skip_blanks(after(dir, 4));
	} else if (starts_word(dir, "TODO", true)) {
		pt->result = TAP_TODO;
		dir = skip_blanks(after(dir, 4));
	}
	copy_text(pt->reason, sizeof(pt->reason), trim_end(dir));
}

/* A kselftest harness assertion message, "# FILE.c:LINE:TEST:text": the
 * span after "# ", or an empty one. */
static struct span harness_diag(struct span line)
{
	struct span s;
	const char *c;
	unsigned long n;

	if (line.len < 2 || strncmp(line.p, "# ", 2))
		return (struct span){ NULL, 0 };
	s = after(line, 2);
	c = memchr(s.p, ':', s.len);
	if (!c || c - s.p < 3 || strncmp(c - 2, ".c", 2) || memchr(s.p, ' ', (size_t)(c - s.p)))
		return (struct span){ NULL, 0 };
	line = after(s, (size_t)(c - s.p) + 1);
	if (!take_number(&line, &n) || !line.len || *line.p != ':')
		return (struct span){ NULL, 0 };
	return s;
}

static int add_point(struct tap_doc *doc, size_t *cap, struct span s, bool ok, struct span diag)
{
	if (doc->n == TAP_MAX_POINTS) {
		doc->truncated = true;
		return 0;
	}
	if (doc->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct tap_point *p = realloc(doc->points, ncap * sizeof(*p));

		if (!p)
			return ppcst_fail(-ENOMEM, "TAP: out of memory");
		doc->points = p;
		*cap = ncap;
	}
	parse_point(s, ok, &doc->points[doc->n]);
	if (doc->points[doc->n].result == TAP_FAIL && !doc->points[doc->n].reason[0])
		copy_text(doc->points[doc->n].reason, sizeof(doc->points[doc->n].reason), diag);
	doc->n++;
	return 0;
}

int tap_parse(const char *text, size_t len, struct tap_doc *doc)
{
	size_t cap = 0, pos = 0;
	/* The first harness assertion message since the last point. */
	struct span diag = { NULL, 0 };

	memset(doc, 0, sizeof(*doc));
	doc->plan = -1;
	while (pos < len && !doc->bailed) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		struct span line = { text + pos, nl ? (size_t)(nl - (text + pos)) : len - pos };
		int ret = 0;

		pos += line.len + 1;
		if (line.len && line.p[line.len - 1] == '\r')
			line.len--;
		if (starts_word(line, "ok", false)) {
			ret = add_point(doc, &cap, after(line, 2), true, diag);
			diag.len = 0;
		} else if (starts_word(line, "not ok", false)) {
			ret = add_point(doc, &cap, after(line, 6), false, diag);
			diag.len = 0;
		} else if (!diag.len && line.len && line.p[0] == '#') {
			diag = harness_diag(line);
		} else if (line.len >= 9 && !strncmp(line.p, "Bail out!", 9)) {
			doc->bailed = true;
			copy_text(doc->bail, sizeof(doc->bail), trim_end(skip_blanks(after(line, 9))));
		} else if (doc->plan < 0) {
			parse_plan(line, doc);
		}
		if (ret) {
			tap_doc_free(doc);
			return ret;
		}
	}
	return 0;
}

void tap_doc_free(struct tap_doc *doc)
{
	free(doc->points);
	memset(doc, 0, sizeof(*doc));
	doc->plan = -1;
}

const char *tap_result_name(enum tap_result r)
{
	switch (r) {
	case TAP_PASS: return "pass";
	case TAP_FAIL: return "fail";
	case TAP_SKIP: return "skip";
	case TAP_TODO: return "todo";
	}
	return "fail";
}

size_t tap_count(const struct tap_doc *doc, enum tap_result r)
{
	size_t n = 0;

	for (size_t i = 0; i < doc->n; i++)
		n += doc->points[i].result == r;
	return n;
}
