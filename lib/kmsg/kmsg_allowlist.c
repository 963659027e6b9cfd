// SPDX-License-Identifier: GPL-2.0
/*
 * The operator's allowlist: loaded from a file or the default places, a
 * pattern refused before regcomp() when compiling it would take all memory
 * or time.
 */
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_alloc.h"
#include "base/error.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * glibc's regcomp() spells a repeated item out once per copy it needs ("x+"
 * becomes "xx*", "x{2,5}" five copies) and nested repeats multiply, so a short
 * line like "a++++++++++++++++++++++++++++++" or "(a{999}){999}" takes all
 * memory (and 8000 optional copies take half a GiB). Repeats of repeats also
 * make its epsilon closures explode: "o????\x7f??????++++++*+o++++++" took
 * 36 s. A pattern for one log line that needs more items, or repeats a
 * repeat of a repeat of a repeat, is a mistake (POSIX leaves adjacent
 * repeat operators undefined anyway).
 */
#define KMSG_PATTERN_MAX_COPIES 1000
#define KMSG_PATTERN_MAX_NESTING 3

/* The end of the bracket expression at P ('['): its ']', or the string's end. */
static const char *bracket_end(const char *p)
{
	p++;
	if (*p == '^')
		p++;
	if (*p == ']')		/* a leading ']' is a member */
		p++;
	for (; *p && *p != ']'; p++) {
		/* [:class:], [=equiv=], [.coll.] hold a ']' of their own */
		if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
			const char *close = p + 2;

			while (*close && !(close[0] == p[1] && close[1] == ']'))
				close++;
			if (!*close)
				return close;
			p = close + 1;
		}
	}
	return p;
}

/* How often an interval "{m}", "{m,}" or "{m,n}" at P copies its item; P
 * moves to its '}'. 0 if P is not an interval (then '{' is a literal). */
static double interval_copies(const char **p)
{
	char *end;
	unsigned long m, n;

	if (!(*p)[1] || (*p)[1] < '0' || (*p)[1] > '9')
		return 0;
	m = strtoul(*p + 1, &end, 10);
	n = m;
	if (*end == ',') {
		n = end[1] >= '0' && end[1] <= '9' ? strtoul(end + 1, &end, 10) : m + 1;
		if (*end == ',')
			end++;	/* "{m,}": strtoul did not move */
	}
	if (*end != '}')
		return 0;
	*p = end;
	return n > m ? (double)n : (double)m;
}

/*
 * Whether regcomp() would make more than KMSG_PATTERN_MAX_COPIES item copies
 * of PATTERN (an upper bound; a group counts as one item more, which bounds
 * the nesting of groups too), or an item sits under more than
 * KMSG_PATTERN_MAX_NESTING repeat operators.
 */
static bool pattern_too_big(const char *pattern)
{
	/* Per open group: the copies before it, the deepest repeat in it. */
	struct {
		double copies;
		unsigned int nesting;
	} outer[KMSG_PATTERN_MAX_COPIES];
	/* In the innermost open group: its copies and deepest repeat so far,
	 * and those of its last item. */
	double copies = 0, last = 0;
	unsigned int nesting = 0, last_nesting = 0;
	size_t depth = 0;

	for (const char *p = pattern; *p; p++) {
		double times = 1;

		switch (*p) {
		case '(':
			if (depth == KMSG_PATTERN_MAX_COPIES)
				return true;
			outer[depth].copies = copies;
			outer[depth++].nesting = nesting;
			copies = last = 0;
			nesting = last_nesting = 0;
			continue;
		case ')':
			if (!depth)
				break;	/* a literal */
			last = copies + 1;
			last_nesting = nesting;
			depth--;
			copies = outer[depth].copies + last;
			nesting = outer[depth].nesting > nesting ? outer[depth].nesting : nesting;
			continue;
		case '|':
			last = 0;
			last_nesting = 0;
			continue;
		case '+':
			times = 2;	/* "x+" is "xx*" */
			goto repeat;
		case '*':
		case '?':
			goto repeat;	/* one copy, made looping or optional */
		case '{':
			times = interval_copies(&p);
			if (!times)
				break;	/* a literal */
		repeat:
			copies += last * (times - 1);
			last *= times;
			if (++last_nesting > nesting)
				nesting = last_nesting;
			if (nesting > KMSG_PATTERN_MAX_NESTING || copies > KMSG_PATTERN_MAX_COPIES)
				return true;
			continue;
		case '\\':
			if (p[1])
				p++;
			break;
		case '[':
			p = bracket_end(p);
			if (!*p)
				p--;
			break;
		default:
			break;
		}
		/* One item of its own. */
		if (++copies > KMSG_PATTERN_MAX_COPIES)
			return true;
		last = 1;
		last_nesting = 0;
	}
	/* Unclosed groups: regcomp refuses them anyway. */
	while (depth)
		copies += outer[--depth].copies;
	return copies > KMSG_PATTERN_MAX_COPIES;
}

int kmsg_allowlist_add(struct kmsg_allowlist *al, const char *pattern)
{
	char msg[128];
	int rc;

	if (pattern_too_big(pattern))
		return ppcst_fail(-EINVAL, "pattern too big: over %d items once its repeats are "
				  "spelled out, or repeats nested over %d deep",
				  KMSG_PATTERN_MAX_COPIES, KMSG_PATTERN_MAX_NESTING);
	al->re = kmsg_xrealloc(al->re, (al->n + 1) * sizeof(*al->re));
	rc = regcomp(&al->re[al->n], pattern, REG_EXTENDED | REG_NOSUB);
	if (rc) {
		regerror(rc, &al->re[al->n], msg, sizeof(msg));
		return ppcst_fail(-EINVAL, "%s", msg);
	}
	al->n++;
	return 0;
}

int kmsg_allowlist_load(struct kmsg_allowlist *al, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int ret = 0;

	al->re = NULL;
	al->n = 0;
	if (!f)
		return ppcst_fail(-errno, "allowlist %s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) >= 0) {
		char *p = line;
		int rc;

		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		rc = kmsg_allowlist_add(al, p);
		if (rc) {
			ret = ppcst_fail(rc, "allowlist %s:%zu: %s", path, lineno,
					 ppcst_last_error());
			break;
		}
	}
	if (!ret && ferror(f))
		ret = ppcst_fail(-EIO, "allowlist %s: read error", path);
	free(line);
	fclose(f);
	if (ret)
		kmsg_allowlist_free(al);
	return ret;
}

int kmsg_allowlist_load_default(struct kmsg_allowlist *al)
{
	const char *env = getenv("PPCST_KMSG_ALLOWLIST");
	char path[PATH_MAX];
	ssize_t len;
	char *slash;

	al->re = NULL;
	al->n = 0;
	if (env && *env)
		return kmsg_allowlist_load(al, env);
	/* Installed beside the binaries (make install, the guest's suite dir). */
	len = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (len < 0)
		return 0;
	path[len] = '\0';
	slash = strrchr(path, '/');
	if (!slash || (size_t)(slash - path) + sizeof("/kmsg_allowlist") > sizeof(path))
		return 0;
	strcpy(slash, "/kmsg_allowlist");
	if (access(path, F_OK))
		return 0;
	return kmsg_allowlist_load(al, path);
}

void kmsg_allowlist_free(struct kmsg_allowlist *al)
{
	for (size_t i = 0; i < al->n; i++)
		regfree(&al->re[i]);
	free(al->re);
	al->re = NULL;
	al->n = 0;
}

bool kmsg_allowlist_matches(const struct kmsg_allowlist *al, const char *msg)
{
	for (size_t i = 0; al && i < al->n; i++)
		if (!regexec(&al->re[i], msg, 0, NULL, 0))
			return true;
	return false;
}
