// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-log scanner: turns /dev/kmsg records or saved dmesg/console text
 * into lines, matches kmsg_signatures[] and cuts an excerpt per finding.
 * Lines are kept until the end of the input because an excerpt reaches back
 * to its "cut here" header and forward to its "---[ end trace" line.
 */
#include "kmsg/kmsg.h"
#include "base/clock.h"
#include "base/safe_file.h"
#include "base/sysfs.h"
#include "base/json_lite.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Longer lines are cut: /dev/kmsg records are at most 8 KiB escaped. */
#define KMSG_LINE_MAX 8192
/* A block excerpt ends at its end marker, searched this far ... */
#define KMSG_BLOCK_MAX 80
/* ... else it is cut this many lines after the trigger. */
#define KMSG_BLOCK_TAIL 24
/* One-line findings show this much context around the trigger. */
#define KMSG_CONTEXT_BEFORE 1
#define KMSG_CONTEXT_AFTER 5
/* A storm of one signature keeps this many findings and counts the rest. */
#define KMSG_KEEP_PER_SIG 8
/* How far before a block trigger its header may be. */
#define KMSG_HEADER_LOOKBACK 2

struct kmsg_line {
	char *text;		/* as displayed: "[seconds] message" */
	size_t msg;		/* offset of the message in text */
	bool has_seq;
	uint64_t where;		/* sequence number or input line number */
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p) {
		fprintf(stderr, "kmsg: out of memory\n");
		exit(2);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xrealloc(NULL, len), s, len);
}

/* ---- allowlist ------------------------------------------------------- */

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
	al->re = xrealloc(al->re, (al->n + 1) * sizeof(*al->re));
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

static bool allowlisted(const struct kmsg_allowlist *al, const char *msg)
{
	for (size_t i = 0; al && i < al->n; i++)
		if (!regexec(&al->re[i], msg, 0, NULL, 0))
			return true;
	return false;
}

/* ---- lines ------------------------------------------------------------ */

void kmsg_scanner_init(struct kmsg_scanner *s, const struct kmsg_allowlist *al)
{
	memset(s, 0, sizeof(*s));
	s->allow = al;
}

void kmsg_scanner_expect_seq(struct kmsg_scanner *s, uint64_t seq)
{
	s->seq_known = true;
	s->skip_older = true;
	s->next_seq = seq;
}

static void add_line(struct kmsg_scanner *s, char *text, size_t msg,
		     bool has_seq, uint64_t where)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->lines = xrealloc(s->lines, s->cap * sizeof(*s->lines));
	}
	s->lines[s->n++] = (struct kmsg_line){ text, msg, has_seq, where };
}

static void note_lost(struct kmsg_scanner *s, uint64_t first, uint64_t count)
{
	char buf[96];

	snprintf(buf, sizeof(buf), KMSG_LOST_FMT, (unsigned long long)count);
	add_line(s, xstrdup(buf), 0, true, first);
}

/*
 * Console captures carry CR, terminal escapes (ESC [ ... final byte) and
 * other control bytes; the message itself never does. Tabs stay: the TCE
 * hcall reports indent their detail lines with them.
 */
static size_t clean_text(char *dst, const char *src, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = src[i];

		if (c == 0x1b) {
			if (i + 1 < len && src[i + 1] == '[') {
				i += 2;
				while (i < len && !((unsigned char)src[i] >= 0x40 &&
						    (unsigned char)src[i] <= 0x7e))
					i++;
			} else {
				i++;
			}
			continue;
		}
		if (c == '\t' || (c >= 0x20 && c != 0x7f))
			dst[o++] = c;
	}
	while (o > 0 && dst[o - 1] == ' ')
		o--;
	dst[o] = '\0';
	return o;
}

/* Skips "<prio>", "[ seconds]" and a "[  T123]"/"[    C1]" caller id. */
static size_t message_offset(const char *t)
{
	const char *p = t;

	if (*p == '<') {
		const char *q = p + 1;

		while (*q >= '0' && *q <= '9')
			q++;
		if (q > p + 1 && *q == '>')
			p = q + 1;
	}
	for (int field = 0; field < 2 && *p == '['; field++) {
		const char *q = p + 1;
		bool digits = false;

		while (*q == ' ')
			q++;
		if (field == 1 && (*q == 'T' || *q == 'C'))
			q++;
		while ((*q >= '0' && *q <= '9') || (field == 0 && *q == '.')) {
			digits = true;
			q++;
		}
		if (!digits || *q != ']')
			break;
		p = q + 1;
		if (*p == ' ')
			p++;
	}
	return p - t;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int kmsg_record_decode(const char *record, uint64_t *seq, uint64_t *usec, char *buf,
		       size_t len)
{
	unsigned long long sq, us;
	size_t o = 0;
	int n = 0;

	if (!len || sscanf(record, "%*u,%llu,%llu,%*[^;];%n", &sq, &us, &n) != 2 || n == 0)
		return -EINVAL;
	/* The record's own line ends at '\n': dictionary lines follow it. */
	for (const char *q = record + n; *q && *q != '\n' && o + 1 < len; q++) {
		if (q[0] == '\\' && q[1] == 'x' && hexval(q[2]) >= 0 && hexval(q[3]) >= 0) {
			buf[o++] = (char)(hexval(q[2]) << 4 | hexval(q[3]));
			q += 3;
		} else {
			buf[o++] = *q;
		}
	}
	buf[o] = '\0';
	if (seq)
		*seq = sq;
	if (usec)
		*usec = us;
	return 0;
}

/* One /dev/kmsg record into the scanner's lines, one per line of its text. */
static bool parse_record(struct kmsg_scanner *s, const char *line)
{
	uint64_t seq, usec;
	size_t size = strlen(line) + 1;
	char *body = xrealloc(NULL, size);

	if (kmsg_record_decode(line, &seq, &usec, body, size)) {
		free(body);
		return false;
	}
	s->in_record = true;
	/* Records before a window's start are not its business ... */
	if (s->seq_known && s->skip_older && seq < s->next_seq) {
		free(body);
		return true;
	}
	/* ... while in a saved log a lower seq is just the next boot. */
	if (s->seq_known && seq > s->next_seq)
		note_lost(s, s->next_seq, seq - s->next_seq);
	s->seq_known = true;
	s->next_seq = seq + 1;

	for (char *start = body, *end;; start = end + 1) {
		char head[48];
		size_t hlen, len;
		char *t;

		end = strchr(start, '\n');
		len = end ? (size_t)(end - start) : strlen(start);
		hlen = snprintf(head, sizeof(head), "[%5llu.%06llu] ",
				(unsigned long long)(usec / 1000000),
				(unsigned long long)(usec % 1000000));
		t = xrealloc(NULL, hlen + len + 1);
		memcpy(t, head, hlen);
		clean_text(t + hlen, start, len);
		add_line(s, t, hlen, true, seq);
		if (!end)
			break;
	}
	free(body);
	return true;
}

static void take_line(struct kmsg_scanner *s, const char *line, size_t len)
{
	char *t;

	s->physical_line++;
	/* " KEY=value" dictionary lines belong to the record before them. */
	if (s->in_record && len > 0 && line[0] == ' ')
		return;
	t = xrealloc(NULL, len + 1);
	memcpy(t, line, len);
	t[len] = '\0';
	if (parse_record(s, t)) {
		free(t);
		return;
	}
	s->in_record = false;
	clean_text(t, t, len);
	add_line(s, t, message_offset(t), false, s->physical_line);
}

void kmsg_scanner_feed(struct kmsg_scanner *s, const char *buf, size_t len)
{
	while (len > 0) {
		const char *nl = memchr(buf, '\n', len);
		size_t take = nl ? (size_t)(nl - buf) : len;
		size_t room = KMSG_LINE_MAX - s->partial_len;
		size_t keep = take < room ? take : room;

		if (s->partial_len + keep + 1 > s->partial_cap) {
			s->partial_cap = s->partial_len + keep + 1;
			s->partial = xrealloc(s->partial, s->partial_cap);
		}
		memcpy(s->partial + s->partial_len, buf, keep);
		s->partial_len += keep;
		if (!nl)
			return;
		take_line(s, s->partial, s->partial_len);
		s->partial_len = 0;
		buf = nl + 1;
		len -= take + 1;
	}
}

static void flush_partial(struct kmsg_scanner *s)
{
	if (s->partial_len) {
		take_line(s, s->partial, s->partial_len);
		s->partial_len = 0;
	}
}

int kmsg_scanner_write_text(struct kmsg_scanner *s, FILE *out)
{
	flush_partial(s);
	for (size_t i = 0; i < s->n; i++)
		if (fprintf(out, "%s\n", s->lines[i].text) < 0)
			return -1;
	return fflush(out) ? -1 : 0;
}

/* ---- matching --------------------------------------------------------- */

static regex_t *sig_re, *sig_also;
static regex_t block_header, block_end;

/* The table is constant: compile it once per process. */
static int compile_signatures(void)
{
	static int state;	/* 0 not yet, 1 ok, -1 broken */

	if (state)
		return state > 0 ? 0 : -1;
	state = -1;
	sig_re = xrealloc(NULL, kmsg_signature_count * sizeof(*sig_re));
	sig_also = xrealloc(NULL, kmsg_signature_count * sizeof(*sig_also));
	for (size_t i = 0; i < kmsg_signature_count; i++) {
		const struct kmsg_signature *sig = &kmsg_signatures[i];

		if (regcomp(&sig_re[i], sig->pattern, REG_EXTENDED | REG_NOSUB) ||
		    (sig->also && regcomp(&sig_also[i], sig->also, REG_EXTENDED | REG_NOSUB))) {
			fprintf(stderr, "kmsg: bad pattern in signature %s\n", sig->name);
			return -1;
		}
	}
	/*
	 * lib/bug.c CUT_HERE and the "====" rule KASAN/KFENCE draw open a
	 * report; kernel/panic.c "---[ end trace %016llx ]---" and
	 * "---[ end Kernel panic - not syncing: %s ]---" or the closing rule
	 * end it.
	 */
	if (regcomp(&block_header, "^[[:space:]]*-+\\[ cut here \\]-+$|^={20,}$", REG_EXTENDED | REG_NOSUB) ||
	    regcomp(&block_end, "^---\\[ end (trace|Kernel panic)|^={20,}$", REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "kmsg: bad block pattern\n");
		return -1;
	}
	state = 1;
	return 0;
}

static const char *msg_of(const struct kmsg_line *l)
{
	return l->text + l->msg;
}

static bool matches(const regex_t *re, const struct kmsg_line *l)
{
	return !regexec(re, msg_of(l), 0, NULL, 0);
}

static long first_signature(const struct kmsg_scanner *s, size_t i)
{
	for (size_t k = 0; k < kmsg_signature_count; k++) {
		const struct kmsg_signature *sig = &kmsg_signatures[k];

		if (!matches(&sig_re[k], &s->lines[i]))
			continue;
		if (sig->also) {
			size_t j = i, last = i + sig->also_lines;
			bool ok = false;

			for (; j <= last && j < s->n && !ok; j++)
				ok = matches(&sig_also[k], &s->lines[j]);
			if (!ok)
				continue;
		}
		return (long)k;
	}
	return -1;
}

static void excerpt_range(const struct kmsg_scanner *s, size_t i, bool block,
			  size_t *first, size_t *last, bool *truncated)
{
	*truncated = false;
	if (!block) {
		*first = i >= KMSG_CONTEXT_BEFORE ? i - KMSG_CONTEXT_BEFORE : 0;
		*last = i + KMSG_CONTEXT_AFTER < s->n ? i + KMSG_CONTEXT_AFTER : s->n - 1;
		return;
	}
	*first = i;
	for (size_t k = 1; k <= KMSG_HEADER_LOOKBACK && k <= i; k++)
		if (matches(&block_header, &s->lines[i - k]))
			*first = i - k;
	for (size_t j = i + 1; j < s->n && j <= i + KMSG_BLOCK_MAX; j++) {
		if (matches(&block_end, &s->lines[j])) {
			*last = j;
			return;
		}
	}
	*last = i + KMSG_BLOCK_TAIL < s->n ? i + KMSG_BLOCK_TAIL : s->n - 1;
	*truncated = *last + 1 < s->n;
}

int kmsg_scanner_finish(struct kmsg_scanner *s, struct kmsg_report *r)
{
	size_t *kept;
	size_t cover_first = 0, cover_last = 0;
	long cover_owner = -1;
	int ret = 0;

	memset(r, 0, sizeof(*r));
	flush_partial(s);
	if (compile_signatures()) {
		errno = EINVAL;
		ret = -1;
		goto out;
	}
	r->lines = s->n;
	r->dropped = xrealloc(NULL, kmsg_signature_count * sizeof(*r->dropped));
	kept = xrealloc(NULL, kmsg_signature_count * sizeof(*kept));
	memset(r->dropped, 0, kmsg_signature_count * sizeof(*r->dropped));
	memset(kept, 0, kmsg_signature_count * sizeof(*kept));

	for (size_t i = 0; i < s->n; i++) {
		long k = first_signature(s, i);
		const struct kmsg_signature *sig;
		struct kmsg_finding *f;
		bool allowed;
		size_t first, last;

		if (k < 0)
			continue;
		sig = &kmsg_signatures[k];
		allowed = allowlisted(s->allow, msg_of(&s->lines[i]));
		r->total++;
		if (sig->severity == KMSG_FAIL && !allowed)
			r->failing++;
		if (kept[k] == KMSG_KEEP_PER_SIG) {
			r->dropped[k]++;
			continue;
		}
		kept[k]++;
		r->findings = xrealloc(r->findings, (r->n + 1) * sizeof(*r->findings));
		f = &r->findings[r->n];
		*f = (struct kmsg_finding){
			.sig = sig,
			.line = xstrdup(msg_of(&s->lines[i])),
			.has_seq = s->lines[i].has_seq,
			.where = s->lines[i].where,
			.allowlisted = allowed,
			.covered_by = -1,
		};
		if (cover_owner >= 0 && i >= cover_first && i <= cover_last) {
			f->covered_by = cover_owner;
		} else if (!allowed) {
			excerpt_range(s, i, sig->block, &first, &last, &f->excerpt_truncated);
			f->excerpt_len = last - first + 1;
			f->excerpt = xrealloc(NULL, f->excerpt_len * sizeof(*f->excerpt));
			for (size_t j = first; j <= last; j++)
				f->excerpt[j - first] = xstrdup(s->lines[j].text);
			cover_first = first;
			cover_last = last;
			cover_owner = (long)r->n;
		}
		r->n++;
	}
	free(kept);
out:
	for (size_t i = 0; i < s->n; i++)
		free(s->lines[i].text);
	free(s->lines);
	free(s->partial);
	kmsg_scanner_init(s, s->allow);
	return ret;
}

/* ---- /dev/kmsg -------------------------------------------------------- */

/* kernel/printk/printk.c CONSOLE_EXT_LOG_MAX: the largest record read() returns */
#define KMSG_RECORD_MAX 8192

int kmsg_read_records(int fd, struct kmsg_scanner *s)
{
	char buf[KMSG_RECORD_MAX];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n > 0) {
			kmsg_scanner_feed(s, buf, n);
			continue;
		}
		if (n == 0 || errno == EAGAIN)
			return 0;
		/*
		 * EPIPE: the records after our position were overwritten; the
		 * next read returns the oldest one left, and the sequence gap
		 * tells how many were lost.
		 */
		if (errno != EINTR && errno != EPIPE)
			return -1;
	}
}

int kmsg_scanner_read_text(int fd, struct kmsg_scanner *s)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		kmsg_scanner_feed(s, buf, n);
	}
	return 0;
}

int kmsg_open_start(void)
{
	return open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

int kmsg_open_cursor(uint64_t *next_seq)
{
	char buf[KMSG_RECORD_MAX];
	int fd = kmsg_open_start();

	/*
	 * SEEK_END would position the fd without telling the sequence number,
	 * and that number is what makes a wrap countable: read to the end.
	 */
	*next_seq = 0;
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);
		unsigned long long seq;

		if (n > 0) {
			buf[n] = '\0';
			if (sscanf(buf, "%*u,%llu,", &seq) == 1)
				*next_seq = seq + 1;
			continue;
		}
		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (n == 0 || errno == EAGAIN)
			return fd;
		close(fd);
		return -1;
	}
}

void kmsg_show_blocked_tasks(void)
{
	char buf[KMSG_RECORD_MAX], text[KMSG_RECORD_MAX];
	uint64_t seq;
	int fd = kmsg_open_cursor(&seq), shown = 0;

	if (fd < 0 || ppcst_sysfs_write("/proc/sysrq-trigger", "w")) {
		printf("# no blocked-task dump (/proc/sysrq-trigger): %s\n", strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	/* The dump is printed by the kernel as it goes: give it time. */
	ppcst_sleep_ms(2000);
	for (ssize_t n; shown < 200 && (n = read(fd, buf, sizeof(buf) - 1)) > 0; shown++) {
		buf[n] = '\0';
		if (kmsg_record_decode(buf, NULL, NULL, text, sizeof(text)))
			continue;
		for (char *l = text, *e; l; l = e ? e + 1 : NULL) {
			e = strchr(l, '\n');
			printf("# kernel: %.*s\n", e ? (int)(e - l) : (int)strlen(l), l);
		}
	}
	close(fd);
}

/* ---- window ----------------------------------------------------------- */

int kmsg_window_open(struct kmsg_window *w)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->fd = -1;
	ret = kmsg_allowlist_load_default(&w->allow);

	if (ret)
		return ret;
	w->fd = kmsg_open_cursor(&w->start_seq);
	if (w->fd < 0) {
		ret = ppcst_fail(-errno, "cannot read /dev/kmsg: %s%s", strerror(errno),
				 errno == EPERM || errno == EACCES ?
				 " (needs root or kernel.dmesg_restrict=0)" : "");
		kmsg_allowlist_free(&w->allow);
	}
	return ret;
}

int kmsg_window_scan(struct kmsg_window *w, const char *test,
		     struct kmsg_report *r)
{
	struct kmsg_scanner s;

	memset(r, 0, sizeof(*r));
	if (w->fd < 0)
		return ppcst_fail(-EBADF, "kernel log window not open");
	kmsg_scanner_init(&s, &w->allow);
	kmsg_scanner_expect_seq(&s, w->start_seq);
	if (kmsg_read_records(w->fd, &s)) {
		int err = errno;

		kmsg_scanner_finish(&s, r);
		kmsg_report_free(r);
		return ppcst_fail(-err, "reading /dev/kmsg: %s", strerror(err));
	}
	if (kmsg_scanner_finish(&s, r))
		return ppcst_fail(-EINVAL, "signature table does not compile");
	r->test = test ? xstrdup(test) : NULL;
	return 0;
}

void kmsg_window_close(struct kmsg_window *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
	kmsg_allowlist_free(&w->allow);
}

/* ---- report ----------------------------------------------------------- */

static const char *severity_name(enum kmsg_severity sev)
{
	return sev == KMSG_FAIL ? "fail" : "warn";
}

void kmsg_report_print(const struct kmsg_report *r, FILE *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct kmsg_finding *f = &r->findings[i];

		fprintf(out, "# kmsg: %s (%s%s)", f->sig->name,
			severity_name(f->sig->severity),
			f->allowlisted ? ", allowlisted" : "");
		if (r->test)
			fprintf(out, " in %s", r->test);
		fprintf(out, " at %s %" PRIu64 ": %s\n", f->has_seq ? "seq" : "line",
			f->where, f->line);
		if (f->covered_by >= 0)
			fprintf(out, "#   (in the excerpt of %s above)\n",
				r->findings[f->covered_by].sig->name);
		for (size_t j = 0; j < f->excerpt_len; j++)
			fprintf(out, "# %s\n", f->excerpt[j]);
		if (f->excerpt_truncated)
			fprintf(out, "#   [excerpt cut]\n");
	}
	for (size_t k = 0; r->dropped && k < kmsg_signature_count; k++) {
		if (!r->dropped[k])
			continue;
		fprintf(out, "# kmsg: %s: %zu more not shown\n",
			kmsg_signatures[k].name, r->dropped[k]);
	}
	if (r->n)
		fprintf(out, "# kmsg: %zu finding(s), %zu failing\n",
			r->total, r->failing);
}

int kmsg_report_write_json(const char *path, const struct kmsg_report *r)
{
	char tmp[PATH_MAX];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fputs("{\"findings\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		const struct kmsg_finding *fi = &r->findings[i];

		fprintf(f, "%s\n  {\"signature\": ", i ? "," : "");
		json_lite_put_str(f, fi->sig->name);
		fprintf(f, ", \"severity\": \"%s\", \"allowlisted\": %s, \"%s\": %" PRIu64
			", \"covered_by\": %ld, \"line\": ", severity_name(fi->sig->severity),
			fi->allowlisted ? "true" : "false", fi->has_seq ? "seq" : "line_no",
			fi->where, fi->covered_by);
		json_lite_put_str(f, fi->line);
		fputs(", \"excerpt\": [", f);
		for (size_t j = 0; j < fi->excerpt_len; j++) {
			fputs(j ? ", " : "", f);
			json_lite_put_str(f, fi->excerpt[j]);
		}
		fprintf(f, "], \"excerpt_cut\": %s}", fi->excerpt_truncated ? "true" : "false");
	}
	fputs("],\n \"not_shown\": [", f);
	for (size_t k = 0, n = 0; r->dropped && k < kmsg_signature_count; k++) {
		if (!r->dropped[k])
			continue;
		fprintf(f, "%s{\"signature\": ", n++ ? ", " : "");
		json_lite_put_str(f, kmsg_signatures[k].name);
		fprintf(f, ", \"count\": %zu}", r->dropped[k]);
	}
	fprintf(f, "],\n \"findings_total\": %zu, \"failing\": %zu}\n", r->total, r->failing);
	return safe_commit(f, tmp, path);
}

int kmsg_scanner_verdict(struct kmsg_scanner *s, const char *source, FILE *out,
			 struct kmsg_verdict *v, const char *findings_json)
{
	struct kmsg_report r;
	int ret = -1;

	if (kmsg_scanner_finish(s, &r)) {
		ppcst_fail(-EINVAL, "%s: the signature table does not compile", source);
	} else {
		kmsg_report_print(&r, out);
		fprintf(out, "# kmsg_scan: %s: %zu lines, %zu findings, %zu failing\n",
			source, r.lines, r.total, r.failing);
		if (v)
			*v = (struct kmsg_verdict){ r.lines, r.total, r.failing };
		ret = r.failing ? 1 : 0;
		if (findings_json && kmsg_report_write_json(findings_json, &r))
			ret = -1;
	}
	kmsg_report_free(&r);
	return ret;
}

int kmsg_scan_log(int fd, const char *source, const struct kmsg_allowlist *al, FILE *out)
{
	return kmsg_scan_log_verdict(fd, source, al, out, NULL, NULL);
}

int kmsg_scan_log_verdict(int fd, const char *source, const struct kmsg_allowlist *al,
			  FILE *out, struct kmsg_verdict *v, const char *findings_json)
{
	struct kmsg_scanner s;
	struct kmsg_report r;
	int e;

	kmsg_scanner_init(&s, al);
	if (!kmsg_scanner_read_text(fd, &s))
		return kmsg_scanner_verdict(&s, source, out, v, findings_json);
	e = errno;
	ppcst_fail(-e, "%s: %s", source, strerror(e));
	/* What was read is dropped: the scanner frees it in finishing. */
	kmsg_scanner_finish(&s, &r);
	kmsg_report_free(&r);
	return -1;
}

int kmsg_verdict_write_json(const char *path, const struct kmsg_verdict *v)
{
	char tmp[PATH_MAX];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fprintf(f, "{\"lines\": %zu, \"findings\": %zu, \"failing\": %zu}\n",
		v->lines, v->findings, v->failing);
	return safe_commit(f, tmp, path);
}

const struct kmsg_signature *kmsg_signature_find(const char *name)
{
	for (size_t k = 0; k < kmsg_signature_count; k++)
		if (!strcmp(kmsg_signatures[k].name, name))
			return &kmsg_signatures[k];
	return NULL;
}

bool kmsg_report_has(const struct kmsg_report *r, const char *signature)
{
	const struct kmsg_signature *sig = kmsg_signature_find(signature);

	for (size_t i = 0; sig && i < r->n; i++)
		if (r->findings[i].sig == sig)
			return true;
	return false;
}

void kmsg_report_free(struct kmsg_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->findings[i].line);
		for (size_t j = 0; j < r->findings[i].excerpt_len; j++)
			free(r->findings[i].excerpt[j]);
		free(r->findings[i].excerpt);
	}
	free(r->findings);
	free(r->dropped);
	free(r->test);
	memset(r, 0, sizeof(*r));
}
