/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal JSON reader (tokens over the text, jsmn-style) for what the
 * tools print, ndctl and daxctl, and for the suite's own reports: the target
 * has no json-c, and the host programs that link json-c must not meet a
 * second json_lite_parse(). And the one writer of a JSON string.
 */
#ifndef PPCST_JSON_LITE_H
#define PPCST_JSON_LITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum json_lite_type {
	JSON_LITE_NONE, JSON_LITE_OBJECT, JSON_LITE_ARRAY, JSON_LITE_STRING, JSON_LITE_PRIMITIVE
};

struct json_lite_tok {
	enum json_lite_type type;
	int start, end;		/* byte range in the text (strings: inside the quotes) */
	int size;		/* direct children (an object: keys and values) */
	int parent;		/* -1 for the root */
};

struct json_lite_doc {
	const char *text;
	struct json_lite_tok *t;
	int n;
};

/* Parses TEXT (kept, not copied) into DOC; the first value found is the
 * root (token 0), anything before it is skipped (daxctl prints libkmod
 * messages first when it fails). 0, or -EINVAL/-ENOMEM with ppcst_last_error(). */
int json_lite_parse(const char *text, struct json_lite_doc *doc);
void json_lite_free(struct json_lite_doc *doc);
/* Token of KEY's value in object OBJ, or -1. */
int json_lite_get(const struct json_lite_doc *doc, int obj, const char *key);
/* Token of element I of array ARR, or -1. */
int json_lite_elem(const struct json_lite_doc *doc, int arr, int i);
/* The child of a container after its child TOK (a walk over many elements
 * in linear time: json_lite_elem(doc, arr, 0), then json_lite_next), or -1. */
int json_lite_next(const struct json_lite_doc *doc, int tok);
/* A string (its escapes undone: \uXXXX of the BMP as UTF-8, a surrogate
 * half or bad digits as '?') or primitive as text into BUF, cut to fit;
 * false if TOK is -1 or a container. A "\u0000" ends the text there. */
bool json_lite_text(const struct json_lite_doc *doc, int tok, char *buf, size_t len);
/* An unsigned number; false if absent or not one. */
bool json_lite_u64(const struct json_lite_doc *doc, int tok, uint64_t *val);
/* Member KEY of object OBJ as text into BUF, "" when it is absent or a
 * container (the lenient reading of a tool's output: a field it left out). */
void json_lite_member_text(const struct json_lite_doc *doc, int obj, const char *key, char *buf,
			   size_t len);
/* Member KEY of object OBJ as an unsigned number, 0 when absent or not one. */
uint64_t json_lite_member_u64(const struct json_lite_doc *doc, int obj, const char *key);
/* true/false; false if absent. */
bool json_lite_true(const struct json_lite_doc *doc, int tok);

/* S as a JSON string into F ("null" for NULL): quotes, backslashes and
 * control characters escaped, a byte of 0x80 and above written as '?' (the
 * suite's files are ASCII, hence UTF-8, whatever a guest wrote). */
void json_lite_put_str(FILE *f, const char *s);

#endif
