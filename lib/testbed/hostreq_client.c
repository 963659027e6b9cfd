// SPDX-License-Identifier: GPL-2.0
/* Host requests, the guest side (hostreq_client.h); the protocol is in
 * lib/testbed/testbed_protocol.h. No JSON library here: the request is formatted text, and of
 * the reply only its start and an error's "desc" matter. */
#include "testbed/hostreq_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cleanup.h"
#include "base/proc.h"
#include "base/sysfs.h"

/* How often the guest looks for the reply: 9p without a cache asks the host
 * each time, so a new file shows at once. */
#define REPLY_POLL_MS 50
/* The three files of a request fit the cleanup stack's copy of them. */
#define FILE_PATH_MAX (CLEANUP_ARG_MAX / 3)
#define COMMAND_MAX 32

struct request_files {
	char tmp[FILE_PATH_MAX];	/* written first ... */
	char req[FILE_PATH_MAX];	/* ... and renamed to this */
	char reply[FILE_PATH_MAX];
};

static const char *channel_dir(void)
{
	const char *env = getenv("PPCST_HOST_DIR");

	return env && *env ? env : HOST_REQUEST_DEFAULT_DIR;
}

bool host_requests_available(void)
{
	struct stat sb;

	return !stat(channel_dir(), &sb) && S_ISDIR(sb.st_mode);
}

/* A cleanup action, so async-signal-safe: unlink only. */
static void remove_files(void *arg)
{
	const struct request_files *f = arg;

	unlink(f->tmp);
	unlink(f->req);
	unlink(f->reply);
}

/* The command name goes into the request unquoted: it must need no escaping. */
static int check_request(const char *execute, unsigned int timeout_s)
{
	size_t len = strspn(execute, "abcdefghijklmnopqrstuvwxyz0123456789_-");

	if (!len || execute[len] || len >= COMMAND_MAX)
		return ppcst_fail(-EINVAL, "\"%s\" is not a command name", execute);
	if (!timeout_s || timeout_s > HOST_REQUEST_MAX_TIMEOUT_S)
		return ppcst_fail(-EINVAL, "%s: timeout %u s is not from 1 to %d s", execute,
				  timeout_s, HOST_REQUEST_MAX_TIMEOUT_S);
	return 0;
}

/* id: "<pid>-<counter>", unique among the guest's processes. */
static int name_files(struct request_files *f, const char *dir)
{
	static unsigned int counter;
	unsigned int n = ++counter;
	int pid = (int)getpid();

	snprintf(f->req, sizeof(f->req), "%s/%d-%u" HOST_REQUEST_SUFFIX, dir, pid, n);
	snprintf(f->reply, sizeof(f->reply), "%s/%d-%u" HOST_REQUEST_REPLY_SUFFIX, dir, pid, n);
	/* The longest of the three: if it fits, all do. */
	if (snprintf(f->tmp, sizeof(f->tmp), "%s" HOST_REQUEST_TMP_SUFFIX, f->req) >= (int)sizeof(f->tmp))
		return ppcst_fail(-ENAMETOOLONG, "%s: path too long for host requests", dir);
	return 0;
}

static int write_request(const struct request_files *f, const char *execute,
			 const char *arguments_json, unsigned int timeout_s)
{
	FILE *out = fopen(f->tmp, "we");
	int bad;

	if (!out)
		return ppcst_fail(-errno, "%s: %s", f->tmp, strerror(errno));
	fprintf(out, "{\"execute\": \"%s\", ", execute);
	if (arguments_json)
		fprintf(out, "\"arguments\": %s, ", arguments_json);
	fprintf(out, "\"timeout\": %u}\n", timeout_s);
	bad = ferror(out);
	if (fclose(out) || bad)
		return ppcst_fail(-EIO, "%s: write failed", f->tmp);
	/* Renamed into place: the host never reads half a request. */
	if (rename(f->tmp, f->req))
		return ppcst_fail(-errno, "%s: %s", f->req, strerror(errno));
	return 0;
}

/* The whole reply (malloc'd) into *text. */
static int read_reply(const char *path, FILE *in, char **text)
{
	size_t cap = 0;
	int ret = 0;

	*text = NULL;
	if (getdelim(text, &cap, '\0', in) < 0)
		ret = ppcst_fail(ferror(in) ? -EIO : -EBADMSG, "%s: %s", path,
				 ferror(in) ? "read failed" : "empty");
	fclose(in);
	if (ret) {
		free(*text);
		*text = NULL;
	}
	return ret;
}

static int wait_reply(const struct request_files *f, const char *execute, unsigned int timeout_s,
		      char **text)
{
	unsigned int limit_s = timeout_s + HOST_REQUEST_MARGIN_S;
	int64_t deadline = ppcst_now_ms() + limit_s * 1000LL;

	for (;;) {
		FILE *in = fopen(f->reply, "re");

		if (in)
			return read_reply(f->reply, in, text);
		if (errno != ENOENT)
			return ppcst_fail(-errno, "%s: %s", f->reply, strerror(errno));
		if (ppcst_now_ms() >= deadline)
			return ppcst_fail(-ETIMEDOUT, "%s: the host did not answer within %u s",
					  execute, limit_s);
		ppcst_sleep_ms(REPLY_POLL_MS);
	}
}

static const char *skip_space(const char *p)
{
	return p + strspn(p, " \t\r\n");
}

static bool is_return(const char *reply)
{
	reply = skip_space(reply);
	return *reply == '{' && !strncmp(skip_space(reply + 1), "\"return\"", 8);
}

/* The "desc" string of an error reply, escapes read just enough for a
 * message; the whole reply when it has none. */
static void error_desc(const char *reply, char *buf, size_t len)
{
	const char *p = strstr(reply, "\"desc\"");
	size_t n = 0;

	if (p)
		p = skip_space(p + 6);
	if (!p || *p != ':' || *(p = skip_space(p + 1)) != '"') {
		snprintf(buf, len, "%s", reply);
		return;
	}
	for (p++; *p && *p != '"' && n + 1 < len; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			buf[n++] = strchr("nrtu", *p) ? ' ' : *p;
			/* \uXXXX: a space for the character */
			if (*p == 'u')
				p += strnlen(p + 1, 4);
			continue;
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
}

static int judge_reply(const char *execute, const char *text, char *reply, size_t reply_len)
{
	char desc[256];

	if (reply && reply_len)
		snprintf(reply, reply_len, "%s", text);
	if (is_return(text))
		return 0;
	error_desc(text, desc, sizeof(desc));
	return ppcst_fail(-EIO, "%s: %s", execute, desc);
}

int host_request(const char *execute, const char *arguments_json, unsigned int timeout_s,
		 char *reply, size_t reply_len)
{
	struct request_files f;
	char what[64], *text = NULL;
	int ret, handle;

	if (reply && reply_len)
		reply[0] = '\0';
	ret = check_request(execute, timeout_s);
	if (ret)
		return ret;
	if (!host_requests_available())
		return ppcst_fail(-ENODEV, "no host request channel %s (the QEMU testbed's)",
				  channel_dir());
	ret = name_files(&f, channel_dir());
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "withdraw host request %s", execute);
	handle = cleanup_push(what, remove_files, &f, sizeof(f));
	if (handle < 0)
		return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
	ret = write_request(&f, execute, arguments_json, timeout_s);
	if (!ret)
		ret = wait_reply(&f, execute, timeout_s, &text);
	/* Also withdraws a request the host has not taken in time. */
	remove_files(&f);
	cleanup_drop(handle);
	if (!ret)
		ret = judge_reply(execute, text, reply, reply_len);
	free(text);
	return ret;
}
