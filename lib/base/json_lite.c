// SPDX-License-Identifier: GPL-2.0
/*
 * The minimal JSON reader: lib/base/json_lite.h.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/json_lite.h"

static int push_tok(struct json_lite_doc *d, int *cap, enum json_lite_type type, int start, int parent)
{
	if (d->n == *cap) {
		int ncap = *cap ? *cap * 2 : 64;
		struct json_lite_tok *t = realloc(d->t, (size_t)ncap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		d->t = t;
		*cap = ncap;
	}
	d->t[d->n] = (struct json_lite_tok){ type, start, -1, 0, parent };
	return d->n++;
}

int json_lite_parse(const char *text, struct json_lite_doc *doc)
{
	int cap = 0, cur = -1, i = 0, len = (int)strlen(text);

	memset(doc, 0, sizeof(*doc));
	doc->text = text;
	/* Skip anything before the first value (messages on the same stream). */
	while (i < len && text[i] != '{' && text[i] != '[')
		i++;
	for (; i < len; i++) {
		char c = text[i];
		int tok;

		if (isspace((unsigned char)c) || c == ',' || c == ':')
			continue;
		if (cur < 0 && doc->n)
			break;	/* the root value has ended */
		if (c == '{' || c == '[') {
			tok = push_tok(doc, &cap, c == '{' ? JSON_LITE_OBJECT : JSON_LITE_ARRAY, i, cur);
			if (tok < 0)
				goto nomem;
			if (cur >= 0)
				doc->t[cur].size++;
			cur = tok;
		} else if (c == '}' || c == ']') {
			if (cur < 0 || doc->t[cur].type != (c == '}' ? JSON_LITE_OBJECT : JSON_LITE_ARRAY))
				goto bad;
			doc->t[cur].end = i + 1;
			cur = doc->t[cur].parent;
		} else if (c == '"') {
			int start = ++i;

			while (i < len && text[i] != '"')
				i += text[i] == '\\' ? 2 : 1;
			if (i >= len || cur < 0)
				goto bad;
			tok = push_tok(doc, &cap, JSON_LITE_STRING, start, cur);
			if (tok < 0)
				goto nomem;
			doc->t[tok].end = i;
			doc->t[cur].size++;
		} else {
			int start = i;

			if (cur < 0)
				goto bad;
			while (i < len && !strchr(",]} \t\r\n", text[i]))
				i++;
			tok = push_tok(doc, &cap, JSON_LITE_PRIMITIVE, start, cur);
			if (tok < 0)
				goto nomem;
			doc->t[tok].end = i;
			doc->t[cur].size++;
			i--;
		}
	}
	if (!doc->n || cur >= 0)
		goto bad;
	return 0;
bad:
	json_lite_free(doc);
	return ppcst_fail(-EINVAL, "not JSON (or cut short) at byte %d", i);
nomem:
	json_lite_free(doc);
	return ppcst_fail(-ENOMEM, "out of memory");
}

void json_lite_free(struct json_lite_doc *doc)
{
	free(doc->t);
	doc->t = NULL;
	doc->n = 0;
}

/* The token after TOK's whole subtree. */
static int skip(const struct json_lite_doc *doc, int tok)
{
	int i = tok + 1;

	while (i < doc->n && doc->t[i].start < doc->t[tok].end &&
	       (doc->t[tok].type == JSON_LITE_OBJECT || doc->t[tok].type == JSON_LITE_ARRAY))
		i++;
	return i;
}

/* The direct children of CONTAINER in order, as a callback-free walk:
 * child K of CONTAINER, or -1. */
static int child(const struct json_lite_doc *doc, int container, int k)
{
	if (container < 0 || container >= doc->n)
		return -1;
	for (int i = container + 1; i < doc->n && doc->t[i].start < doc->t[container].end;
	     i = skip(doc, i)) {
		if (doc->t[i].parent != container)
			continue;
		if (!k--)
			return i;
	}
	return -1;
}

int json_lite_get(const struct json_lite_doc *doc, int obj, const char *key)
{
	size_t klen = strlen(key);

	if (obj < 0 || doc->t[obj].type != JSON_LITE_OBJECT)
		return -1;
	/* Children alternate key, value. */
	for (int k = 0;; k += 2) {
		int name = child(doc, obj, k);

		if (name < 0)
			return -1;
		if (doc->t[name].type == JSON_LITE_STRING &&
		    (size_t)(doc->t[name].end - doc->t[name].start) == klen &&
		    !strncmp(doc->text + doc->t[name].start, key, klen))
			return child(doc, obj, k + 1);
	}
}

int json_lite_elem(const struct json_lite_doc *doc, int arr, int i)
{
	if (arr < 0 || doc->t[arr].type != JSON_LITE_ARRAY)
		return -1;
	return child(doc, arr, i);
}

int json_lite_next(const struct json_lite_doc *doc, int tok)
{
	int next;

	if (tok < 0 || tok >= doc->n)
		return -1;
	next = skip(doc, tok);
	return next < doc->n && doc->t[next].parent == doc->t[tok].parent ? next : -1;
}

/* The code unit of "\uXXXX" at TEXT (the four hex digits), or -1. */
static long hex4(const char *text, int avail)
{
	long v = 0;

	if (avail < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		int c = (unsigned char)text[k];

		if (!isxdigit(c))
			return -1;
		v = v * 16 + (isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	return v;
}

bool json_lite_text(const struct json_lite_doc *doc, int tok, char *buf, size_t len)
{
	size_t o = 0;
	int end;

	if (tok < 0 || !len || (doc->t[tok].type != JSON_LITE_STRING &&
				doc->t[tok].type != JSON_LITE_PRIMITIVE))
		return false;
	end = doc->t[tok].end;
	for (int i = doc->t[tok].start; i < end && o + 1 < len; i++) {
		char c = doc->text[i];
		long u;

		if (c != '\\' || i + 1 >= end) {
			buf[o++] = c;
			continue;
		}
		c = doc->text[++i];
		switch (c) {
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'u':
			/* A code point of the BMP as UTF-8 (if it fits whole); a
			 * surrogate half (no pair is joined) or bad digits: '?'. */
			u = hex4(doc->text + i + 1, end - i - 1);
			if (u < 0 || (u >= 0xd800 && u < 0xe000)) {
				c = '?';
				break;
			}
			i += 4;
			if (u < 0x80) {
				c = (char)u;
				break;
			}
			if (o + (u < 0x800 ? 2 : 3) >= len)
				goto out;
			if (u >= 0x800) {
				buf[o++] = (char)(0xe0 | (u >> 12));
				buf[o++] = (char)(0x80 | ((u >> 6) & 0x3f));
			} else {
				buf[o++] = (char)(0xc0 | (u >> 6));
			}
			c = (char)(0x80 | (u & 0x3f));
			break;
		default:	/* \" \\ \/ stand for themselves */
			break;
		}
		buf[o++] = c;
	}
out:
	buf[o] = '\0';
	return true;
}

bool json_lite_u64(const struct json_lite_doc *doc, int tok, uint64_t *val)
{
	char buf[32], *end;

	if (tok < 0 || doc->t[tok].type != JSON_LITE_PRIMITIVE || !json_lite_text(doc, tok, buf, sizeof(buf)) ||
	    !isdigit((unsigned char)buf[0]))
		return false;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	return !errno && !*end;
}

bool json_lite_true(const struct json_lite_doc *doc, int tok)
{
	char buf[8];

	return tok >= 0 && doc->t[tok].type == JSON_LITE_PRIMITIVE &&
	       json_lite_text(doc, tok, buf, sizeof(buf)) && !strcmp(buf, "true");
}

void json_lite_put_str(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\t': fputs("\\t", f); break;
		case '\r': fputs("\\r", f); break;
		default:
			if (c >= 0x80)
				fputc('?', f);
			else if (c < 0x20 || c == 0x7f)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

void json_lite_member_text(const struct json_lite_doc *doc, int obj, const char *key, char *buf,
			   size_t len)
{
	if (!json_lite_text(doc, json_lite_get(doc, obj, key), buf, len) && len)
		buf[0] = '\0';
}

uint64_t json_lite_member_u64(const struct json_lite_doc *doc, int obj, const char *key)
{
	uint64_t v = 0;

	if (!json_lite_u64(doc, json_lite_get(doc, obj, key), &v))
		v = 0;
	return v;
}
