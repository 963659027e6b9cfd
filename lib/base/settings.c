// SPDX-License-Identifier: GPL-2.0
/*
 * The settings file: lib/base/settings.h.
 *
 * Two passes over the text, each in line order: the first checks every line
 * on its own and takes timeout=, grace= and the test= lines; the second gives
 * the per-test lines to their tests, since such a line may come before the
 * test= line it names (as run_all.sh allowed). So the first line that is
 * wrong in itself is reported before a test name that names no test, as
 * run_all.sh did.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/proc.h"
#include "base/safe_file.h"
#include "base/settings.h"

/* grace= when the file has none: the format's default (see its top). */
#define GRACE_DEFAULT_S 10
/* Bytes of a line a message quotes: "SOURCE:LINE: what" stays one line
 * that fits ppcst_last_error() however long the line is. */
#define SHOWN_MAX 80
#define SHOWN_BUF (SHOWN_MAX + sizeof("..."))

/* NO_KEY: a comment or an empty line (and, while a line is decoded, a key
 * not known yet). */
enum kind { NO_KEY, TIMEOUT, GRACE, TEST, TEST_TIMEOUT, PROFILE, HOST, ENV };

/* One line taken apart; the pieces point into the text (no NUL). */
struct entry {
	enum kind kind;
	const char *key, *value, *test, *var;
	size_t key_len, value_len, test_len, var_len;
	unsigned seconds;
};

struct parser {
	const char *source;
	unsigned line;
	struct settings *s;
	unsigned test_line[SETTINGS_MAX_TESTS];	/* of each test= line */
};

/* The keys: a word, or a prefix the test's name follows (per_test). */
static const struct {
	const char *word;
	enum kind kind;
	bool per_test;
} keys[] = {
	{ "timeout", TIMEOUT, false },
	{ "grace", GRACE, false },
	{ "test", TEST, false },
	{ "timeout.", TEST_TIMEOUT, true },
	{ "profile.", PROFILE, true },
	{ "host.", HOST, true },
	{ "env.", ENV, true },
};

/* A piece of a line as a message quotes it: on one line of a terminal
 * (control bytes as '?') and cut after SHOWN_MAX bytes. */
static const char *show(char buf[static SHOWN_BUF], const char *p, size_t n)
{
	size_t k = n > SHOWN_MAX ? SHOWN_MAX : n;

	for (size_t i = 0; i < k; i++)
		buf[i] = (unsigned char)p[i] < 0x20 || p[i] == 0x7f ? '?' : p[i];
	strcpy(buf + k, n > k ? "..." : "");
	return buf;
}

__attribute__((format(printf, 3, 4)))
static int line_error(const struct parser *p, int err, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return ppcst_fail(err, "%s:%u: %s", p->source, p->line, what);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* vm/run-vm.sh's is_name: test names become file names, profile names
 * vm/profiles/NAME.profile. */
static bool is_name(const char *s, size_t n)
{
	if (!n || !is_alnum(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_' && s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

static bool is_var_name(const char *s, size_t n)
{
	if (!n || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '_')
			return false;
	return true;
}

/* Decimal, no leading zero (so not 0 either), at most 9 digits: fits. */
static bool parse_seconds(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	if (!n || n > 9 || s[0] == '0')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return true;
}

static int check_name(const struct parser *p, const char *what, const char *s, size_t n)
{
	char b[SHOWN_BUF];

	if (!is_name(s, n))
		return line_error(p, -EINVAL, "'%s' is not a %s name", show(b, s, n), what);
	if (n >= SETTINGS_NAME_MAX)
		return line_error(p, -E2BIG, "%s name '%s' is longer than %d bytes", what,
				  show(b, s, n), SETTINGS_NAME_MAX - 1);
	return 0;
}

/* The index of test NAME (N bytes), or -1. */
static int find(const struct settings *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->n_tests; i++)
		if (strlen(s->tests[i].name) == n && !memcmp(s->tests[i].name, name, n))
			return (int)i;
	return -1;
}

/* The index of VAR (N bytes) among T's variables, or -1. */
static int env_index(const struct settings_test *t, const char *var, size_t n)
{
	for (size_t i = 0; i < t->n_env; i++)
		if (!strncmp(t->env[i], var, n) && t->env[i][n] == '=')
			return (int)i;
	return -1;
}

/* LINE (N bytes, no newline) taken apart into *E and checked on its own, in
 * run_all.sh's order (a timeout.-key's number before the key itself). */
static int decode(const struct parser *p, const char *line, size_t n, struct entry *e)
{
	char b[SHOWN_BUF], k[SHOWN_BUF];
	const char *eq;

	memset(e, 0, sizeof(*e));
	if (memchr(line, '\0', n))
		return line_error(p, -EINVAL, "a NUL byte");
	if (!n || line[0] == '#')
		return 0;
	eq = memchr(line, '=', n);
	if (!eq)
		return line_error(p, -EINVAL, "not key=value: '%s'", show(b, line, n));
	e->key = line;
	e->key_len = (size_t)(eq - line);
	e->value = eq + 1;
	e->value_len = n - e->key_len - 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t len = strlen(keys[i].word);

		if (e->key_len < len || memcmp(e->key, keys[i].word, len) ||
		    (!keys[i].per_test && e->key_len != len))
			continue;
		e->kind = keys[i].kind;
		if (keys[i].per_test) {
			e->test = e->key + len;
			e->test_len = e->key_len - len;
		}
		break;
	}
	if (e->kind == ENV) {
		/* env.TEST.VAR: TEST may hold dots, VAR cannot. */
		const char *dot = memrchr(e->test, '.', e->test_len);

		e->var = dot ? dot + 1 : e->test + e->test_len;
		e->var_len = (size_t)(e->test + e->test_len - e->var);
		e->test_len = dot ? (size_t)(dot - e->test) : 0;
	}
	if ((e->kind == TIMEOUT || e->kind == GRACE || e->kind == TEST_TIMEOUT) &&
	    !parse_seconds(e->value, e->value_len, &e->seconds))
		return line_error(p, -EINVAL, "%s: '%s' is not a number of seconds",
				  show(k, e->key, e->key_len), show(b, e->value, e->value_len));
	if (e->kind == NO_KEY || (e->test && !e->test_len))
		return line_error(p, -EINVAL, "unknown key '%s'", show(k, e->key, e->key_len));
	switch (e->kind) {
	case TEST:
		return check_name(p, "test", e->value, e->value_len);
	case HOST:
		if (e->value_len != 3 || memcmp(e->value, "yes", 3))
			return line_error(p, -EINVAL, "%s: '%s' is not 'yes'",
					  show(k, e->key, e->key_len),
					  show(b, e->value, e->value_len));
		return 0;
	case ENV:
		if (!is_var_name(e->var, e->var_len))
			return line_error(p, -EINVAL, "%s: '%s' is not a variable name",
					  show(k, e->key, e->key_len), show(b, e->var, e->var_len));
		if (e->var_len + 1 + e->value_len >= SETTINGS_VALUE_MAX)
			return line_error(p, -E2BIG, "%s: '%s=...' is longer than %d bytes",
					  show(k, e->key, e->key_len), show(b, e->var, e->var_len),
					  SETTINGS_VALUE_MAX - 1);
		return 0;
	default:
		return 0;
	}
}

/* Each profile of a profile. line (separated by blanks, as vm/run-vm.sh
 * split them), checked; into T's list unless T is NULL. */
static int take_profiles(const struct parser *p, const struct entry *e, struct settings_test *t)
{
	const char *v = e->value, *end = e->value + e->value_len;
	size_t count = 0;

	if (t)
		t->n_profiles = 0;
	while (v < end) {
		size_t n = 0;
		int ret;

		if (*v == ' ' || *v == '\t') {
			v++;
			continue;
		}
		while (v + n < end && v[n] != ' ' && v[n] != '\t')
			n++;
		ret = check_name(p, "profile", v, n);
		if (ret)
			return ret;
		if (count == SETTINGS_MAX_PROFILES)
			return line_error(p, -E2BIG, "more than %d profiles",
					  SETTINGS_MAX_PROFILES);
		if (t) {
			/* The slot may hold a longer name of an earlier line. */
			memcpy(t->profiles[t->n_profiles], v, n);
			t->profiles[t->n_profiles++][n] = '\0';
		}
		count++;
		v += n;
	}
	return 0;
}

/* The first pass: the settings' own values and the test= lines. */
static int take(struct parser *p, const struct entry *e)
{
	struct settings *s = p->s;
	char b[SHOWN_BUF];
	int dup;

	switch (e->kind) {
	case TIMEOUT:
		s->timeout_s = e->seconds;
		return 0;
	case GRACE:
		s->grace_s = e->seconds;
		return 0;
	case TEST:
		dup = find(s, e->value, e->value_len);
		if (dup >= 0)
			return line_error(p, -EINVAL, "test '%s' is already on line %u",
					  s->tests[dup].name, p->test_line[dup]);
		if (s->n_tests == SETTINGS_MAX_TESTS)
			return line_error(p, -E2BIG, "more than %d test= lines (%s)",
					  SETTINGS_MAX_TESTS, show(b, e->value, e->value_len));
		memcpy(s->tests[s->n_tests].name, e->value, e->value_len);
		p->test_line[s->n_tests++] = p->line;
		return 0;
	case PROFILE:
		return take_profiles(p, e, NULL);
	default:
		return 0;
	}
}

/* The second pass: the per-test lines to their tests. */
static int apply(struct parser *p, const struct entry *e)
{
	struct settings_test *t;
	char b[SHOWN_BUF];
	int i, v;

	if (!e->test)
		return 0;
	i = find(p->s, e->test, e->test_len);
	if (i < 0)
		return line_error(p, -EINVAL, "'%s' is not a test of the test= lines",
				  show(b, e->test, e->test_len));
	t = &p->s->tests[i];
	switch (e->kind) {
	case TEST_TIMEOUT:
		t->timeout_s = e->seconds;
		return 0;
	case HOST:
		t->host = true;
		return 0;
	case PROFILE:
		return take_profiles(p, e, t);
	case ENV:
		v = env_index(t, e->var, e->var_len);
		if (v < 0 && t->n_env == SETTINGS_MAX_ENV)
			return line_error(p, -E2BIG, "more than %d variables for test '%s'",
					  SETTINGS_MAX_ENV, t->name);
		if (v < 0)
			v = (int)t->n_env++;
		/* decode() saw that it fits. */
		snprintf(t->env[v], SETTINGS_VALUE_MAX, "%.*s=%.*s", (int)e->var_len, e->var,
			 (int)e->value_len, e->value);
		return 0;
	default:
		return 0;
	}
}

static int pass(struct parser *p, const char *text, size_t len,
		int (*fn)(struct parser *, const struct entry *))
{
	size_t pos = 0;

	p->line = 0;
	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		struct entry e;
		int ret;

		pos += n + 1;
		p->line++;
		/* A file edited on Windows: run_all.sh's ${line%$'\r'}. */
		if (n && line[n - 1] == '\r')
			n--;
		ret = decode(p, line, n, &e);
		if (!ret)
			ret = fn(p, &e);
		if (ret)
			return ret;
	}
	return 0;
}

int settings_parse(const char *text, size_t len, const char *source, struct settings *s)
{
	struct parser p = { .source = source, .s = s };
	int ret;

	memset(s, 0, sizeof(*s));
	s->grace_s = GRACE_DEFAULT_S;
	ret = pass(&p, text, len, take);
	if (!ret && !s->timeout_s)
		ret = ppcst_fail(-EINVAL, "%s: no timeout=N line", source);
	if (!ret)
		ret = pass(&p, text, len, apply);
	if (ret)
		memset(s, 0, sizeof(*s));
	return ret;
}

static const char *beside_binary(char buf[static PATH_MAX])
{
	proc_exe_dir(buf, PATH_MAX - sizeof("/" SETTINGS_FILE));
	strcat(buf, "/" SETTINGS_FILE);
	return buf;
}

int settings_load(const char *path, struct settings *s)
{
	char beside[PATH_MAX];
	size_t len;
	char *text;
	int ret;

	if (!path)
		path = beside_binary(beside);
	text = safe_read_text(path, SETTINGS_FILE_MAX, &len);
	if (!text) {
		ret = errno ? -errno : -EIO;
		memset(s, 0, sizeof(*s));
		return ret;
	}
	ret = settings_parse(text, len, path, s);
	free(text);
	return ret;
}

const struct settings_test *settings_find(const struct settings *s, const char *test)
{
	int i = find(s, test, strlen(test));

	return i < 0 ? NULL : &s->tests[i];
}

unsigned settings_timeout(const struct settings *s, const struct settings_test *t)
{
	return t && t->timeout_s ? t->timeout_s : s->timeout_s;
}

const char *settings_env(const struct settings_test *t, const char *var)
{
	size_t n = strlen(var);
	int i = env_index(t, var, n);

	return i < 0 ? NULL : t->env[i] + n + 1;
}

int settings_test_env(const char *path, const char *test, const char *var, char *val,
		      size_t len)
{
	struct settings *s = malloc(sizeof(*s));
	char beside[PATH_MAX];
	const struct settings_test *t;
	const char *v;
	int ret;

	if (!s)
		return ppcst_fail(-ENOMEM, "settings: %s", strerror(ENOMEM));
	if (!path)
		path = beside_binary(beside);
	ret = settings_load(path, s);
	if (!ret) {
		t = settings_find(s, test);
		v = t ? settings_env(t, var) : NULL;
		if (!v)
			ret = ppcst_fail(-ENOENT, "%s: no env.%s.%s= line", path, test, var);
		else if (strlen(v) >= len)
			ret = ppcst_fail(-E2BIG, "%s: env.%s.%s= value too long", path, test, var);
		else
			memcpy(val, v, strlen(v) + 1);
	}
	free(s);
	return ret;
}
