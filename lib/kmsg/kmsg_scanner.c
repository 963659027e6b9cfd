// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-log scanner: turns /dev/kmsg records or saved dmesg/console text
 * into lines, matches kmsg_signatures[] and cuts an excerpt per finding.
 * Lines are kept until the end of the input because an excerpt reaches back
 * to its "cut here" header and forward to its "---[ end trace" line.
 */
#include "kmsg/kmsg_scanner.h"
#include "kmsg/kmsg_alloc.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_signatures.h"

#include <errno.h>
#include <regex.h>
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
		s->lines = kmsg_xrealloc(s->lines, s->cap * sizeof(*s->lines));
	}
	s->lines[s->n++] = (struct kmsg_line){ text, msg, has_seq, where };
}

static void note_lost(struct kmsg_scanner *s, uint64_t first, uint64_t count)
{
	char buf[96];

	snprintf(buf, sizeof(buf), KMSG_LOST_FMT, (unsigned long long)count);
	add_line(s, kmsg_xstrdup(buf), 0, true, first);
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
	char *body = kmsg_xrealloc(NULL, size);

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
		t = kmsg_xrealloc(NULL, hlen + len + 1);
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
	t = kmsg_xrealloc(NULL, len + 1);
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
			s->partial = kmsg_xrealloc(s->partial, s->partial_cap);
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
	sig_re = kmsg_xrealloc(NULL, kmsg_signature_count * sizeof(*sig_re));
	sig_also = kmsg_xrealloc(NULL, kmsg_signature_count * sizeof(*sig_also));
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
	r->dropped = kmsg_xrealloc(NULL, kmsg_signature_count * sizeof(*r->dropped));
	kept = kmsg_xrealloc(NULL, kmsg_signature_count * sizeof(*kept));
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
		allowed = kmsg_allowlist_matches(s->allow, msg_of(&s->lines[i]));
		r->total++;
		if (sig->severity == KMSG_FAIL && !allowed)
			r->failing++;
		if (kept[k] == KMSG_KEEP_PER_SIG) {
			r->dropped[k]++;
			continue;
		}
		kept[k]++;
		r->findings = kmsg_xrealloc(r->findings, (r->n + 1) * sizeof(*r->findings));
		f = &r->findings[r->n];
		*f = (struct kmsg_finding){
			.sig = sig,
			.line = kmsg_xstrdup(msg_of(&s->lines[i])),
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
			f->excerpt = kmsg_xrealloc(NULL, f->excerpt_len * sizeof(*f->excerpt));
			for (size_t j = first; j <= last; j++)
				f->excerpt[j - first] = kmsg_xstrdup(s->lines[j].text);
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
