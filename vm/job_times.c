// SPDX-License-Identifier: GPL-2.0
/*
 * The planner's record of how long its jobs took (vm/job_times.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "base/error.h"
#include "job_times.h"
#include "base/json_lite.h"
#include "report/report.h"
#include "base/safe_file.h"

int job_times_key(const char *profile, const char *const *tests, size_t n,
		  char key[JOB_TIMES_KEY_MAX])
{
	size_t len = (size_t)snprintf(key, JOB_TIMES_KEY_MAX, "%s:", profile);

	for (size_t i = 0; i < n && len < JOB_TIMES_KEY_MAX; i++)
		len += (size_t)snprintf(key + len, JOB_TIMES_KEY_MAX - len, "%s%s",
					i ? "," : "", tests[i]);
	if (len >= JOB_TIMES_KEY_MAX)
		return ppcst_fail(-ENAMETOOLONG, "job %s: too many tests for its key", profile);
	return 0;
}

/* PROFILE:TEST[,TEST]...: every part a NAME, so that no two jobs share a key. */
static bool is_key(const char *key)
{
	char buf[JOB_TIMES_KEY_MAX], *part, *save = NULL;
	const char *colon = strchr(key, ':');

	if (!colon || strlen(key) >= sizeof(buf) || !colon[1] || colon[strlen(colon) - 1] == ',')
		return false;
	snprintf(buf, sizeof(buf), "%s", key);
	buf[colon - key] = '\0';
	if (!report_is_name(buf))
		return false;
	for (part = strtok_r(buf + (colon - key) + 1, ",", &save); part;
	     part = strtok_r(NULL, ",", &save))
		if (!report_is_name(part))
			return false;
	/* strtok_r skips empty parts ("a,,b"): refuse them here. */
	return !strstr(colon, ",,");
}

static int parse_object(json_object *root, struct job_times *t)
{
	if (!json_object_is_type(root, json_type_object))
		return ppcst_fail(-EINVAL, "not a JSON object");
	json_object_object_foreach(root, key, val) {
		int64_t s = json_object_get_int64(val);

		if (!is_key(key))
			return ppcst_fail(-EINVAL, "'%.80s' is not PROFILE:TEST[,TEST]...", key);
		if (!json_object_is_type(val, json_type_int) || s < 1 || s > JOB_TIMES_MAX_SECONDS)
			return ppcst_fail(-EINVAL, "%.80s: not a number of seconds from 1 to %u",
					  key, JOB_TIMES_MAX_SECONDS);
		if (job_times_set(t, key, (unsigned)s))
			return ppcst_fail(-EINVAL, "more than %d jobs", JOB_TIMES_MAX);
	}
	return 0;
}

/* The text need not end in a NUL: strspn would read past it. */
static bool only_blanks(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

int job_times_parse(const char *text, size_t len, struct job_times *t)
{
	/* Depth 2 is all the format has; json-c's default would allow 32. */
	struct json_tokener *tok = json_tokener_new_ex(2);
	json_object *root = NULL;
	int ret;

	t->n = 0;
	if (!tok)
		return ppcst_fail(-ENOMEM, "out of memory");
	if (len > JOB_TIMES_FILE_MAX)
		ret = ppcst_fail(-EINVAL, "larger than %d bytes", JOB_TIMES_FILE_MAX);
	else if (memchr(text, '\0', len))
		ret = ppcst_fail(-EINVAL, "a NUL byte");
	else if (!(root = json_tokener_parse_ex(tok, text, (int)len)) ||
		 !only_blanks(text + json_tokener_get_parse_end(tok),
			      len - json_tokener_get_parse_end(tok)))
		ret = ppcst_fail(-EINVAL, "not one JSON value: %s",
				 json_tokener_error_desc(json_tokener_get_error(tok)));
	else
		ret = parse_object(root, t);
	json_object_put(root);
	json_tokener_free(tok);
	if (ret)
		t->n = 0;
	return ret;
}

int job_times_read(const char *path, struct job_times *t)
{
	size_t len;
	char *text = safe_read_text(path, JOB_TIMES_FILE_MAX, &len);
	int ret;

	char why[256];

	t->n = 0;
	if (!text)
		return -errno;	/* its message names PATH */
	ret = job_times_parse(text, len, t);
	free(text);
	if (ret) {
		snprintf(why, sizeof(why), "%s", ppcst_last_error());
		return ppcst_fail(ret, "%s: %s", path, why);
	}
	return 0;
}

unsigned job_times_get(const struct job_times *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->jobs[i].key, key))
			return t->jobs[i].seconds;
	return 0;
}

int job_times_set(struct job_times *t, const char *key, unsigned seconds)
{
	struct job_time *j = NULL;

	for (size_t i = 0; i < t->n && !j; i++)
		if (!strcmp(t->jobs[i].key, key))
			j = &t->jobs[i];
	if (!j) {
		if (t->n == JOB_TIMES_MAX)
			return -ENOSPC;
		j = &t->jobs[t->n++];
		snprintf(j->key, sizeof(j->key), "%s", key);
	}
	j->seconds = seconds < 1 ? 1 : seconds > JOB_TIMES_MAX_SECONDS ? JOB_TIMES_MAX_SECONDS :
		seconds;
	return 0;
}

int job_times_write(const char *path, const struct job_times *t)
{
	char tmp[4096];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fputc('{', f);
	for (size_t i = 0; i < t->n; i++) {
		fputs(i ? ",\n  " : "\n  ", f);
		json_lite_put_str(f, t->jobs[i].key);
		fprintf(f, ": %u", t->jobs[i].seconds);
	}
	fputs("\n}\n", f);
	return safe_commit(f, tmp, path);
}
