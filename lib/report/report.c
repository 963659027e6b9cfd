// SPDX-License-Identifier: GPL-2.0
/* The results report: lib/report/report.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/error.h"
#include "base/json_lite.h"
#include "report/report.h"
#include "base/safe_file.h"

#define SUITE "ppc-iommu"

static const char *const result_names[] = {
	[REPORT_PASS] = "pass", [REPORT_FAIL] = "fail", [REPORT_SKIP] = "skip",
	[REPORT_TIMEOUT] = "timeout", [REPORT_ERROR] = "error",
};

const char *report_result_name(enum report_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(*result_names) ? result_names[r] : "error";
}

bool report_is_name(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= sizeof(((struct report_test *)0)->test) || s[0] == '.')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == n;
}

void report_keep_printable(char *s)
{
	for (; *s; s++)
		if (!((*s >= 0x20 && *s < 0x7f) || *s == '\n' || *s == '\t'))
			*s = '?';
}

/* ---- result.json and kmsg.json ------------------------------------------ */

/*
 * The runner's files are flat objects of strings, unsigned numbers and null.
 * json_lite is a lenient tokenizer; what it lets through that is not such an
 * object is refused here: text around the object, nested values, a key that
 * is no string, separators other than one ':' after a key and one ',' after
 * a value, a number that is not plain decimal.
 */
struct flat {
	struct json_lite_doc doc;
	char *copy;	/* the text, NUL-terminated (json_lite reads to the NUL) */
};

/* Where token I's text begins and ends, quotes included. */
static int tok_first(const struct json_lite_doc *d, int i)
{
	return d->t[i].start - (d->t[i].type == JSON_LITE_STRING);
}

static int tok_after(const struct json_lite_doc *d, int i)
{
	return d->t[i].end + (d->t[i].type == JSON_LITE_STRING);
}

/* From FROM to TO only blanks and, unless SEP is '\0', one SEP. */
static bool gap_is(const char *text, int from, int to, char sep)
{
	int seps = 0;

	for (int i = from; i < to; i++) {
		if (text[i] == sep && sep)
			seps++;
		else if (!strchr(" \t\r\n", text[i]))
			return false;
	}
	return seps == (sep != '\0');
}

static int flat_parse(const char *text, size_t len, struct flat *f)
{
	int root_end, at;

	memset(f, 0, sizeof(*f));
	if (len > REPORT_JSON_MAX)
		return ppcst_fail(-EINVAL, "larger than %u bytes", REPORT_JSON_MAX);
	if (memchr(text, '\0', len))
		return ppcst_fail(-EINVAL, "a NUL byte in it");
	f->copy = malloc(len + 1);
	if (!f->copy)
		return ppcst_fail(-ENOMEM, "out of memory");
	memcpy(f->copy, text, len);
	f->copy[len] = '\0';
	if (json_lite_parse(f->copy, &f->doc)) {
		free(f->copy);
		return -EINVAL;	/* json_lite's why */
	}
	root_end = f->doc.t[0].end;
	if (f->doc.t[0].type != JSON_LITE_OBJECT ||
	    strspn(f->copy, " \t\r\n") != (size_t)f->doc.t[0].start ||
	    strspn(f->copy + root_end, " \t\r\n") != len - (size_t)root_end)
		goto bad;
	/* Flat: tokens 1.. are the root's children, key, value, key, value. */
	if ((f->doc.n - 1) % 2)
		goto bad;
	at = f->doc.t[0].start + 1;
	for (int i = 1; i < f->doc.n; i++) {
		if (f->doc.t[i].parent != 0 ||
		    f->doc.t[i].type == JSON_LITE_OBJECT || f->doc.t[i].type == JSON_LITE_ARRAY ||
		    (i % 2 && f->doc.t[i].type != JSON_LITE_STRING) ||
		    !gap_is(f->copy, at, tok_first(&f->doc, i), i == 1 ? '\0' : i % 2 ? ',' : ':'))
			goto bad;
		at = tok_after(&f->doc, i);
	}
	if (!gap_is(f->copy, at, root_end - 1, '\0'))
		goto bad;
	return 0;
bad:
	json_lite_free(&f->doc);
	free(f->copy);
	return ppcst_fail(-EINVAL, "not one flat JSON object");
}

static void flat_free(struct flat *f)
{
	json_lite_free(&f->doc);
	free(f->copy);
}

static bool tok_is(const struct flat *f, int tok, const char *word)
{
	const struct json_lite_tok *t = &f->doc.t[tok];

	return (size_t)(t->end - t->start) == strlen(word) &&
	       !strncmp(f->copy + t->start, word, strlen(word));
}

/* Plain decimal (no sign, fraction, exponent or leading zero) up to MAX. */
static bool tok_uint(const struct flat *f, int tok, uint64_t max, uint64_t *val)
{
	const struct json_lite_tok *t = &f->doc.t[tok];
	const char *p = f->copy + t->start;
	int n = t->end - t->start;

	if (t->type != JSON_LITE_PRIMITIVE || n < 1 || n > 12 || (p[0] == '0' && n > 1))
		return false;
	*val = 0;
	for (int i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		*val = *val * 10 + (uint64_t)(p[i] - '0');
	}
	return *val <= max;
}

static bool tok_null(const struct flat *f, int tok)
{
	return f->doc.t[tok].type == JSON_LITE_PRIMITIVE && tok_is(f, tok, "null");
}

/* The fields a file must have, each once: their key, and where they go. */
enum field_kind { F_STRING, F_UINT, F_UINT_OR_NULL };
struct field {
	const char *key;
	enum field_kind kind;
	uint64_t max;		/* F_UINT*: the largest value taken */
	char *str;		/* F_STRING: into this */
	size_t str_len;
	uint64_t num;		/* F_UINT*: the value; UINT64_MAX for null */
	bool seen;
};

static int read_fields(const struct flat *f, struct field *fields, size_t n)
{
	char key[32];

	for (int i = 1; i < f->doc.n; i += 2) {
		struct field *fl = NULL;

		for (size_t k = 0; k < n && !fl; k++)
			if (tok_is(f, i, fields[k].key))
				fl = &fields[k];
		if (!fl) {
			json_lite_text(&f->doc, i, key, sizeof(key));
			report_keep_printable(key);
			return ppcst_fail(-EINVAL, "unknown field \"%s\"", key);
		}
		if (fl->seen)
			return ppcst_fail(-EINVAL, "\"%s\" twice", fl->key);
		fl->seen = true;
		switch (fl->kind) {
		case F_STRING:
			if (f->doc.t[i + 1].type != JSON_LITE_STRING)
				return ppcst_fail(-EINVAL, "\"%s\" is not a string", fl->key);
			json_lite_text(&f->doc, i + 1, fl->str, fl->str_len);
			report_keep_printable(fl->str);
			break;
		case F_UINT_OR_NULL:
			if (tok_null(f, i + 1)) {
				fl->num = UINT64_MAX;
				break;
			}
			/* fall through */
		case F_UINT:
			if (!tok_uint(f, i + 1, fl->max, &fl->num))
				return ppcst_fail(-EINVAL, "\"%s\" is not a number of 0..%llu%s",
						  fl->key, (unsigned long long)fl->max,
						  fl->kind == F_UINT_OR_NULL ? " or null" : "");
			break;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (!fields[k].seen)
			return ppcst_fail(-EINVAL, "no \"%s\"", fields[k].key);
	return 0;
}

/* TEXT as one flat object with exactly FIELDS: 0 or -EINVAL (why in
 * ppcst_last_error()). */
static int parse_fields(const char *text, size_t len, struct field *fields, size_t n)
{
	struct flat f;
	int ret;

	if ((ret = flat_parse(text, len, &f)))
		return ret;
	ret = read_fields(&f, fields, n);
	flat_free(&f);
	return ret;
}

int report_parse_result(const char *text, size_t len, const char *test, struct report_test *t)
{
	char name[64], result[16], reason[sizeof(t->reason)];
	struct field fields[] = {
		{ "test", F_STRING, 0, name, sizeof(name), 0, false },
		{ "result", F_STRING, 0, result, sizeof(result), 0, false },
		{ "exit_code", F_UINT_OR_NULL, 255, NULL, 0, 0, false },
		/* 4e9 ms: 49 days, more than any timeout, and an unsigned long anywhere */
		{ "ms", F_UINT, UINT32_MAX, NULL, 0, 0, false },
		{ "reason", F_STRING, 0, reason, sizeof(reason), 0, false },
	};
	int ret, r = -1;

	if ((ret = parse_fields(text, len, fields, sizeof(fields) / sizeof(*fields))))
		return ret;
	if (strcmp(name, test))
		return ppcst_fail(-EINVAL, "\"test\" is \"%s\", not %s", name, test);
	for (size_t k = 0; k < sizeof(result_names) / sizeof(*result_names); k++)
		if (!strcmp(result, result_names[k]))
			r = (int)k;
	if (r < 0)
		return ppcst_fail(-EINVAL, "\"result\" \"%s\" is none of pass, fail, skip, timeout, error",
				  result);
	t->result = (enum report_result)r;
	t->exit_code = fields[2].num == UINT64_MAX ? -1 : (int)fields[2].num;
	t->ms = (unsigned long)fields[3].num;
	memcpy(t->reason, reason, sizeof(t->reason));
	return 0;
}

int report_parse_kmsg(const char *text, size_t len, struct report_test *t)
{
	/* Counts of a slice: a billion lines is far beyond any ring buffer. */
	struct field fields[] = {
		{ "lines", F_UINT, 1000000000, NULL, 0, 0, false },
		{ "findings", F_UINT, 1000000000, NULL, 0, 0, false },
		{ "failing", F_UINT, 1000000000, NULL, 0, 0, false },
	};
	int ret;

	if ((ret = parse_fields(text, len, fields, sizeof(fields) / sizeof(*fields))))
		return ret;
	if (fields[2].num > fields[1].num)
		return ppcst_fail(-EINVAL, "more failing findings (%llu) than findings (%llu)",
				  (unsigned long long)fields[2].num,
				  (unsigned long long)fields[1].num);
	t->kmsg_findings = (int)fields[1].num;
	t->kmsg_failing = (int)fields[2].num;
	return 0;
}

/* ---- reading a test's folder -------------------------------------------- */

/* Why a file of the folder was not read (safe_fopen_read_at's errno; the
 * caller that bounds the size says what EFBIG means). */
static const char *unread_why(int e)
{
	switch (e) {
	case ELOOP: return "a symbolic link, not read";
	case EINVAL: return "not a plain file, not read";
	default: return strerror(e);
	}
}

/* The result and its reason, cut to fit (the arguments may be in
 * t->reason itself). */
__attribute__((format(printf, 3, 4)))
static void set_verdict(struct report_test *t, enum report_result r, const char *fmt, ...)
{
	char buf[sizeof(t->reason)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->result = r;
	memcpy(t->reason, buf, sizeof(buf));
}

/* FILE of the folder is bad: an error, but a failure or a timeout the
 * runner saw stays one (the test's own verdict says more than the file). */
static void set_bad(struct report_test *t, const char *file, const char *why)
{
	if (t->result == REPORT_FAIL || t->result == REPORT_TIMEOUT)
		set_verdict(t, t->result, "%s; bad %s: %s", t->reason, file, why);
	else
		set_verdict(t, REPORT_ERROR, "bad %s: %s", file, why);
}

/* NAME of the folder through PARSE; false if it is not there. */
static bool read_json(int dfd, const char *name, struct report_test *t,
		      int (*parse)(const char *, size_t, struct report_test *, const char *),
		      const char *test)
{
	char why[200];
	size_t len;
	char *text = safe_read_text_at(dfd, name, REPORT_JSON_MAX, &len);

	if (!text) {
		if (errno == ENOENT)
			return false;
		if (errno == EFBIG)
			snprintf(why, sizeof(why), "larger than %u bytes, not read", REPORT_JSON_MAX);
		else
			snprintf(why, sizeof(why), "%s", unread_why(errno));
		set_bad(t, name, why);
		return true;
	}
	if (parse(text, len, t, test)) {
		snprintf(why, sizeof(why), "%s", ppcst_last_error());
		set_bad(t, name, why);
	}
	free(text);
	return true;
}

static int parse_result_file(const char *text, size_t len, struct report_test *t, const char *test)
{
	return report_parse_result(text, len, test, t);
}

static int parse_kmsg_file(const char *text, size_t len, struct report_test *t, const char *test)
{
	(void)test;
	return report_parse_kmsg(text, len, t);
}

/* Keeps LEN bytes at TEXT for <system-out>: printable ASCII, '\n', '\t'. */
static int keep_tail(struct report_test *t, const char *text, size_t len)
{
	size_t o = 0;

	t->log_tail = malloc(len + 1);
	if (!t->log_tail)
		return ppcst_fail(-ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t')
			t->log_tail[o++] = c;
	}
	t->log_tail[o] = '\0';
	return 0;
}

/* output.log: its TAP (the first REPORT_OUTPUT_MAX bytes) and its tail. */
static int read_log(int dfd, const char *dir, struct report_test *t)
{
	FILE *f = safe_fopen_read_at(dfd, "output.log", SIZE_MAX);
	struct stat sb;
	size_t size, n;
	char *text;
	int ret;

	if (!f) {
		char note[100];

		if (errno == ENOENT)
			return 0;
		snprintf(note, sizeof(note), "(output.log: %s)\n", unread_why(errno));
		return keep_tail(t, note, strlen(note));
	}
	if (fstat(fileno(f), &sb)) {
		fclose(f);
		return 0;
	}
	size = (size_t)sb.st_size;
	text = malloc((size < REPORT_OUTPUT_MAX ? size : REPORT_OUTPUT_MAX) + 1);
	if (!text) {
		fclose(f);
		return ppcst_fail(-ENOMEM, "out of memory");
	}
	n = fread(text, 1, size < REPORT_OUTPUT_MAX ? size : REPORT_OUTPUT_MAX, f);
	ret = tap_parse(text, n, &t->subtests);
	/* A log longer than what was parsed: its points are not all known. */
	if (!ret && size > n)
		t->subtests.truncated = true;
	if (!ret && size <= n) {
		ret = keep_tail(t, text + (n > REPORT_LOG_TAIL ? n - REPORT_LOG_TAIL : 0),
				n > REPORT_LOG_TAIL ? REPORT_LOG_TAIL : n);
	} else if (!ret) {
		if (fseeko(f, (off_t)(size - REPORT_LOG_TAIL), SEEK_SET))
			n = 0;
		else
			n = fread(text, 1, REPORT_LOG_TAIL, f);
		ret = keep_tail(t, text, n);
	}
	free(text);
	fclose(f);
	if (!ret && (size_t)snprintf(t->log_path, sizeof(t->log_path), "%s/output.log", dir) >=
		    sizeof(t->log_path))
		t->log_path[0] = '\0';
	return ret;
}

int report_read_test(const char *jobdir, const char *test, const char *profile,
		     struct report_test *t)
{
	char dir[PATH_MAX];
	int dfd, ret;

	memset(t, 0, sizeof(*t));
	t->exit_code = t->kmsg_findings = t->kmsg_failing = -1;
	t->subtests.plan = -1;
	if (!report_is_name(test))
		return ppcst_fail(-EINVAL, "test name '%.64s': not letters, digits, _ - . (no leading dot)",
				  test);
	if (profile && *profile && !report_is_name(profile))
		return ppcst_fail(-EINVAL, "profile '%.64s': not letters, digits, _ - . (no leading dot)",
				  profile);
	snprintf(t->test, sizeof(t->test), "%s", test);
	snprintf(t->profile, sizeof(t->profile), "%s", profile ? profile : "");
	if ((size_t)snprintf(dir, sizeof(dir), "%s/%s", jobdir, test) >= sizeof(dir))
		return ppcst_fail(-ENAMETOOLONG, "%s: name too long", jobdir);

	/* The folder once, without following a link: its files are read in
	 * it, whatever its path becomes meanwhile. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		int e = errno;

		if (e == ENOENT)
			set_verdict(t, REPORT_ERROR, REPORT_NOT_RUN);
		else
			set_verdict(t, REPORT_ERROR, "%s/: %s", test, e == ELOOP || e == ENOTDIR ?
				    "not a folder (a link or a file), not read" : strerror(e));
		return 0;
	}
	if (!read_json(dfd, "result.json", t, parse_result_file, test))
		set_verdict(t, REPORT_FAIL, REPORT_NO_RESULT);
	read_json(dfd, "kmsg.json", t, parse_kmsg_file, NULL);
	if (t->kmsg_failing > 0 && (t->result == REPORT_PASS || t->result == REPORT_SKIP))
		set_verdict(t, REPORT_FAIL, "kernel log: %d failing finding(s), see kmsg.txt",
			    t->kmsg_failing);
	ret = read_log(dfd, dir, t);
	close(dfd);
	if (ret)
		report_test_free(t);
	return ret;
}

void report_test_free(struct report_test *t)
{
	tap_doc_free(&t->subtests);
	free(t->log_tail);
	t->log_tail = NULL;
}

/* ---- totals and exit code ------------------------------------------------ */

void report_count(const struct report_test *tests, size_t n, struct report_totals *tot)
{
	memset(tot, 0, sizeof(*tot));
	for (size_t i = 0; i < n; i++) {
		switch (tests[i].result) {
		case REPORT_PASS: tot->pass++; break;
		case REPORT_SKIP: tot->skip++; break;
		case REPORT_TIMEOUT: tot->timeout++; break;
		case REPORT_ERROR: tot->error++; break;
		case REPORT_FAIL:
		default: tot->fail++; break;
		}
	}
}

void report_print_line(FILE *f, const struct report_totals *tot)
{
	fprintf(f, "%u passed, %u failed, %u skipped\n", tot->pass,
		tot->fail + tot->timeout + tot->error, tot->skip);
}

int report_exit_code(const struct report_totals *tot, bool bisect)
{
	if (tot->fail || tot->timeout)
		return 1;
	if (bisect && (tot->error || !tot->pass))
		return 125;	/* nothing to judge the kernel by: git bisect skip */
	if (tot->error)
		return 1;
	return tot->pass ? 0 : 4;	/* KSFT_SKIP */
}

/* ---- writing ------------------------------------------------------------- */

/*
 * S into F with each byte as ESC has it: a replacement, or NULL to keep it.
 * A byte of 0x80 and above (none should get this far: the strings were kept
 * printable when read) becomes '?', so the files are ASCII, hence UTF-8.
 */
static void put_escaped(FILE *f, const char *s, const char *(*esc)(unsigned char c, char buf[8]))
{
	char buf[8];

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *rep = c >= 0x80 ? "?" : esc(c, buf);

		if (rep)
			fputs(rep, f);
		else
			fputc(c, f);
	}
}

/* XML text: the control characters XML 1.0 cannot hold are dropped. */
static const char *xml_text_esc(unsigned char c, char buf[8])
{
	(void)buf;
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '\n': case '\t': return NULL;
	}
	return c >= 0x20 && c != 0x7f ? NULL : "";
}

/* An attribute value in double quotes: a newline or tab as a character
 * reference, or the parser would make it a space. */
static const char *xml_attr_esc(unsigned char c, char buf[8])
{
	switch (c) {
	case '"': return "&quot;";
	case '\n': return "&#10;";
	case '\t': return "&#9;";
	}
	return xml_text_esc(c, buf);
}

static void xml_str(FILE *f, const char *s, bool in_attr)
{
	put_escaped(f, s, in_attr ? xml_attr_esc : xml_text_esc);
}

static void print_seconds(FILE *f, unsigned long ms)
{
	fprintf(f, "%lu.%03lu", ms / 1000, ms % 1000);
}

/* A suite or class name: TEST.PROFILE, or TEST without a profile. */
static void suite_name(const struct report_test *t, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", t->test, t->profile[0] ? "." : "", t->profile);
}

static void write_summary(FILE *f, const struct report_run *run,
			  const struct report_test *tests, size_t n)
{
	struct report_totals tot;
	unsigned long ms = 0;

	report_count(tests, n, &tot);
	for (size_t i = 0; i < n; i++)
		ms += tests[i].ms;
	fprintf(f, "{\n  \"suite\": \"%s\",\n  \"run_id\": ", SUITE);
	json_lite_put_str(f, run->run_id);
	fputs(",\n  \"kernel\": ", f);
	json_lite_put_str(f, run->kernel);
	fputs(",\n  \"qemu\": ", f);
	json_lite_put_str(f, run->qemu);
	fputs(",\n  \"profiles\": [", f);
	for (size_t i = 0; i < run->n_profiles; i++) {
		fputs(i ? ", " : "", f);
		json_lite_put_str(f, run->profiles[i]);
	}
	fprintf(f, "],\n  \"planned\": %u,\n  \"wall_seconds\": ", run->planned);
	if (run->wall_ms < 0)
		fputs("null", f);
	else
		print_seconds(f, (unsigned long)run->wall_ms);
	fputs(",\n  \"job_seconds\": ", f);
	print_seconds(f, ms);
	fprintf(f, ",\n  \"totals\": {\"pass\": %u, \"fail\": %u, \"skip\": %u, \"timeout\": %u, \"error\": %u},\n",
		tot.pass, tot.fail, tot.skip, tot.timeout, tot.error);
	fputs("  \"tests\": [", f);
	for (size_t i = 0; i < n; i++) {
		const struct report_test *t = &tests[i];

		fputs(i ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
		json_lite_put_str(f, t->test);
		fputs(", \"profile\": ", f);
		json_lite_put_str(f, t->profile[0] ? t->profile : NULL);
		fprintf(f, ", \"result\": \"%s\", \"exit_code\": ", report_result_name(t->result));
		if (t->exit_code < 0)
			fputs("null", f);
		else
			fprintf(f, "%d", t->exit_code);
		fputs(", \"seconds\": ", f);
		print_seconds(f, t->ms);
		if (t->kmsg_findings < 0)
			fputs(", \"kmsg_findings\": null, \"kmsg_failing\": null", f);
		else
			fprintf(f, ", \"kmsg_findings\": %d, \"kmsg_failing\": %d",
				t->kmsg_findings, t->kmsg_failing);
		fputs(", \"reason\": ", f);
		json_lite_put_str(f, t->reason);
		fputs(", \"subtests\": [", f);
		for (size_t k = 0; k < t->subtests.n; k++) {
			const struct tap_point *p = &t->subtests.points[k];
			char num[24];

			snprintf(num, sizeof(num), "%lu", p->number);
			fputs(k ? ",\n      {\"name\": " : "\n      {\"name\": ", f);
			json_lite_put_str(f, p->desc[0] ? p->desc : num);
			fprintf(f, ", \"result\": \"%s\", \"reason\": ", tap_result_name(p->result));
			json_lite_put_str(f, p->reason);
			fputc('}', f);
		}
		fputs(t->subtests.n ? "\n    ]}" : "]}", f);
	}
	fputs(n ? "\n  ]\n}\n" : "]\n}\n", f);
}

/* One junit testcase: what it is, and its outcome. */
enum jcase_kind { J_PASS, J_FAILURE, J_ERROR, J_SKIPPED };
struct jcase {
	const char *name;
	char num[24];		/* the name of a point without a description */
	enum jcase_kind kind;
	const char *type;	/* failure type, or NULL */
	const char *message;
	bool timed;		/* time= the test's: the case is the whole program */
};

static enum jcase_kind kind_of(enum report_result r)
{
	switch (r) {
	case REPORT_PASS: return J_PASS;
	case REPORT_SKIP: return J_SKIPPED;
	case REPORT_ERROR: return J_ERROR;
	default: return J_FAILURE;
	}
}

/* T's testcases into C (room for TAP_MAX_POINTS + 2); their count. KMSG_MSG
 * is a buffer of the caller's for the kernel-log message. */
static size_t test_cases(const struct report_test *t, struct jcase *c, char *kmsg_msg, size_t kmsg_len)
{
	const struct tap_doc *d = &t->subtests;
	bool point_failed = false;
	size_t n = 0;

	if (!d->n) {
		c[n++] = (struct jcase){ .name = t->test, .kind = kind_of(t->result),
					 .type = report_result_name(t->result),
					 .message = t->reason, .timed = true };
		return n;
	}
	for (size_t k = 0; k < d->n; k++) {
		const struct tap_point *p = &d->points[k];
		struct jcase *j = &c[n++];

		*j = (struct jcase){ .name = p->desc, .message = p->reason };
		snprintf(j->num, sizeof(j->num), "%lu", p->number);
		if (!p->desc[0])
			j->name = j->num;
		switch (p->result) {
		case TAP_PASS: j->kind = J_PASS; break;
		case TAP_FAIL:
			j->kind = J_FAILURE;
			j->type = "fail";
			if (!p->reason[0])
				j->message = "not ok";
			point_failed = true;
			break;
		case TAP_SKIP: j->kind = J_SKIPPED; break;
		case TAP_TODO:
			/* An expected failure: shown, not counted as one. */
			j->kind = J_SKIPPED;
			j->message = "TODO";
			if (p->reason[0])
				j->message = p->reason;
			break;
		}
	}
	if (t->kmsg_failing > 0) {
		snprintf(kmsg_msg, kmsg_len, "%d failing finding(s) in the kernel log, see kmsg.txt",
			 t->kmsg_failing);
		c[n++] = (struct jcase){ .name = "kernel-log", .kind = J_FAILURE,
					 .type = "kernel-log", .message = kmsg_msg };
	}
	/* The runner's verdict, unless a point or the kernel log shows it. */
	if (t->result == REPORT_TIMEOUT || t->result == REPORT_ERROR ||
	    (t->result == REPORT_FAIL && !point_failed && t->kmsg_failing <= 0))
		c[n++] = (struct jcase){ .name = "runner", .kind = kind_of(t->result),
					 .type = report_result_name(t->result),
					 .message = t->reason[0] ? t->reason : "failed" };
	return n;
}

struct jcounts { unsigned tests, failures, errors, skipped; };

static void jcount(const struct jcase *c, size_t n, struct jcounts *k)
{
	for (size_t i = 0; i < n; i++) {
		k->tests++;
		k->failures += c[i].kind == J_FAILURE;
		k->errors += c[i].kind == J_ERROR;
		k->skipped += c[i].kind == J_SKIPPED;
	}
}

static void print_counts(FILE *f, const struct jcounts *k, unsigned long ms)
{
	fprintf(f, " tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"",
		k->tests, k->failures, k->errors, k->skipped);
	print_seconds(f, ms);
	fputs("\">\n", f);
}

static void write_case(FILE *f, const char *cls, const struct jcase *c, unsigned long ms)
{
	static const char *const elem[] = {
		[J_FAILURE] = "failure", [J_ERROR] = "error", [J_SKIPPED] = "skipped",
	};

	fputs("    <testcase classname=\"", f);
	xml_str(f, cls, true);
	fputs("\" name=\"", f);
	xml_str(f, c->name, true);
	fputc('"', f);
	if (c->timed) {
		fputs(" time=\"", f);
		print_seconds(f, ms);
		fputc('"', f);
	}
	if (c->kind == J_PASS) {
		fputs("/>\n", f);
		return;
	}
	fprintf(f, ">\n      <%s", elem[c->kind]);
	if (c->type && c->kind == J_FAILURE)
		fprintf(f, " type=\"%s\"", c->type);
	fputs(" message=\"", f);
	xml_str(f, c->message, true);
	fputs("\"/>\n    </testcase>\n", f);
}

static int write_junit(FILE *f, const struct report_test *tests, size_t n)
{
	struct jcase *c = malloc((TAP_MAX_POINTS + 2) * sizeof(*c));
	struct jcounts all = { 0 };
	unsigned long ms = 0;
	char kmsg_msg[96];

	if (!c)
		return ppcst_fail(-ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		jcount(c, test_cases(&tests[i], c, kmsg_msg, sizeof(kmsg_msg)), &all);
		ms += tests[i].ms;
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"" SUITE "\"", f);
	print_counts(f, &all, ms);
	for (size_t i = 0; i < n; i++) {
		const struct report_test *t = &tests[i];
		size_t nc = test_cases(t, c, kmsg_msg, sizeof(kmsg_msg));
		struct jcounts k = { 0 };
		char cls[sizeof(t->test) + sizeof(t->profile)];

		suite_name(t, cls, sizeof(cls));
		jcount(c, nc, &k);
		fputs("  <testsuite name=\"", f);
		xml_str(f, cls, true);
		fputc('"', f);
		print_counts(f, &k, t->ms);
		for (size_t j = 0; j < nc; j++)
			write_case(f, cls, &c[j], t->ms);
		if (t->log_tail) {
			fputs("    <system-out>", f);
			xml_str(f, t->log_tail, false);
			fputs("</system-out>\n", f);
		}
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	free(c);
	return 0;
}

int report_write(const char *dir, const struct report_run *run,
		 const struct report_test *tests, size_t n)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	FILE *f;
	int ret;

	if ((size_t)snprintf(path, sizeof(path), "%s/summary.json", dir) >= sizeof(path))
		return ppcst_fail(-ENAMETOOLONG, "%s: name too long", dir);
	if (!(f = safe_create(path, tmp, sizeof(tmp))))
		return -EIO;
	write_summary(f, run, tests, n);
	if ((ret = safe_commit(f, tmp, path)))
		return ret;

	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	if (!(f = safe_create(path, tmp, sizeof(tmp))))
		return -EIO;
	if ((ret = write_junit(f, tests, n))) {
		fclose(f);
		unlink(tmp);
		return ret;
	}
	return safe_commit(f, tmp, path);
}
