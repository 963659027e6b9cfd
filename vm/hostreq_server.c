// SPDX-License-Identifier: GPL-2.0
/* Host requests, the host side; the protocol is in vm/hostreq_server.h. */
#include "hostreq_server.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/proc.h"
#include "base/safe_file.h"
#include "base/sysfs.h"

/* How often a wait-device-deleted asks stop() whether the run is decided. */
#define STOP_CHECK_MS 200
/* stderr gets the start of a long reply (query-pci); the log all of it. */
#define STDERR_REPLY_MAX 160
#define SUFFIX_LEN (sizeof(HOST_REQUEST_SUFFIX) - 1)
#define JSON_FLAGS (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

static const char *const allowed[] = {
	"device_add", "device_del", "object-add", "object-del", "qom-get", "query-pci",
	VM_HOSTREQ_WAIT_DELETED,
};
#define N_ALLOWED (sizeof(allowed) / sizeof(allowed[0]))

struct vm_hostreq_server {
	char dir[PATH_MAX];
	FILE *log;
	vm_hostreq_stop_fn stop;
	void *ctx;
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* One JSON object and nothing after it but white space: json_tokener_parse
 * alone would take "{...} junk" for the object. */
static json_object *parse_object(const char *text, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	enum json_tokener_error e;
	json_object *o;
	size_t end;

	if (!tok)
		abort();
	o = json_tokener_parse_ex(tok, text, (int)strlen(text));
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!o || e != json_tokener_success)
		fail(err, errlen, "not JSON: %s",
		     e == json_tokener_continue ? "it ends early" : json_tokener_error_desc(e));
	else if (text[end + strspn(text + end, " \t\r\n")])
		fail(err, errlen, "text after the JSON object");
	else if (!json_object_is_type(o, json_type_object))
		fail(err, errlen, "not a JSON object");
	else
		return o;
	json_object_put(o);
	return NULL;
}

static bool is_allowed(const char *cmd)
{
	for (size_t i = 0; i < N_ALLOWED; i++)
		if (!strcmp(cmd, allowed[i]))
			return true;
	return false;
}

static int not_allowed(const char *cmd, char *err, size_t errlen)
{
	size_t n = (size_t)snprintf(err, errlen, "\"%s\" is not allowed (allowed:", cmd);

	for (size_t i = 0; i < N_ALLOWED && n < errlen; i++)
		n += (size_t)snprintf(err + n, errlen - n, " %s", allowed[i]);
	if (n < errlen)
		snprintf(err + n, errlen - n, ")");
	return -1;
}

/* A misspelt member ("timout") must not be dropped silently. */
static int check_members(json_object *o, char *err, size_t errlen)
{
	json_object_object_foreach(o, key, val) {
		(void)val;
		if (strcmp(key, "execute") && strcmp(key, "arguments") && strcmp(key, "timeout"))
			return fail(err, errlen, "unknown member \"%s\"", key);
	}
	return 0;
}

static int check_execute(json_object *o, struct vm_hostreq *req, char *err, size_t errlen)
{
	json_object *v;

	if (!json_object_object_get_ex(o, "execute", &v) || !json_object_is_type(v, json_type_string))
		return fail(err, errlen, "no \"execute\" string");
	if (!is_allowed(json_object_get_string(v)))
		return not_allowed(json_object_get_string(v), err, errlen);
	snprintf(req->execute, sizeof(req->execute), "%s", json_object_get_string(v));
	return 0;
}

static int check_timeout(json_object *o, struct vm_hostreq *req, char *err, size_t errlen)
{
	json_object *v;
	int64_t s;

	if (!json_object_object_get_ex(o, "timeout", &v) || !json_object_is_type(v, json_type_int))
		return fail(err, errlen, "no \"timeout\" in whole seconds");
	s = json_object_get_int64(v);
	if (s < 1 || s > HOST_REQUEST_MAX_TIMEOUT_S)
		return fail(err, errlen, "timeout %lld is not from 1 to %d s", (long long)s,
			    HOST_REQUEST_MAX_TIMEOUT_S);
	req->timeout_s = (unsigned int)s;
	return 0;
}

static int check_arguments(json_object *o, struct vm_hostreq *req, char *err, size_t errlen)
{
	json_object *v, *id;

	if (json_object_object_get_ex(o, "arguments", &v)) {
		if (!json_object_is_type(v, json_type_object))
			return fail(err, errlen, "\"arguments\" is not a JSON object");
		req->arguments = json_object_get(v);
	}
	if (!strcmp(req->execute, VM_HOSTREQ_WAIT_DELETED) &&
	    !(json_object_object_get_ex(req->arguments, "id", &id) &&
	      json_object_is_type(id, json_type_string)))
		return fail(err, errlen, "%s needs the device's \"id\" string in \"arguments\"",
			    VM_HOSTREQ_WAIT_DELETED);
	return 0;
}

int vm_hostreq_parse(const char *text, struct vm_hostreq *req, char *err, size_t errlen)
{
	json_object *o = parse_object(text, err, errlen);
	int ret;

	*req = (struct vm_hostreq){ 0 };
	if (!o)
		return -1;
	ret = check_members(o, err, errlen);
	if (!ret)
		ret = check_execute(o, req, err, errlen);
	if (!ret)
		ret = check_timeout(o, req, err, errlen);
	if (!ret)
		ret = check_arguments(o, req, err, errlen);
	json_object_put(o);
	if (ret)
		vm_hostreq_release(req);
	return ret;
}

void vm_hostreq_release(struct vm_hostreq *req)
{
	json_object_put(req->arguments);
	req->arguments = NULL;
}

json_object *vm_hostreq_error(const char *desc)
{
	json_object *reply = json_object_new_object(), *e = json_object_new_object();

	json_object_object_add(e, "class", json_object_new_string("GenericError"));
	json_object_object_add(e, "desc", json_object_new_string(desc));
	json_object_object_add(reply, "error", e);
	return reply;
}

static json_object *empty_return(void)
{
	json_object *reply = json_object_new_object();

	json_object_object_add(reply, "return", json_object_new_object());
	return reply;
}

/* An earlier run's requests must not be carried out in this one. */
static int empty_dir(const char *path, char *err, size_t errlen)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int ret = 0;

	if (!d)
		return fail(err, errlen, "%s: %s", path, strerror(errno));
	while ((e = readdir(d)) && !ret)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    unlinkat(dirfd(d), e->d_name, 0) && errno != ENOENT)
			ret = fail(err, errlen, "%s/%s: %s", path, e->d_name, strerror(errno));
	closedir(d);
	return ret;
}

struct vm_hostreq_server *vm_hostreq_open(const char *results, vm_hostreq_stop_fn stop,
					  void *ctx, char *err, size_t errlen)
{
	struct vm_hostreq_server *s = calloc(1, sizeof(*s));
	char log[PATH_MAX + 32];

	if (!s)
		abort();
	s->stop = stop;
	s->ctx = ctx;
	snprintf(s->dir, sizeof(s->dir), "%s/%s", results, HOST_REQUEST_DIR_NAME);
	snprintf(log, sizeof(log), "%s/%s", results, VM_HOSTREQ_LOG);
	if (mkdir(s->dir, 0755) && errno != EEXIST) {
		fail(err, errlen, "cannot create %s: %s", s->dir, strerror(errno));
	} else if (!empty_dir(s->dir, err, errlen)) {
		s->log = fopen(log, "we");
		if (!s->log)
			fail(err, errlen, "cannot write %s: %s", log, strerror(errno));
	}
	if (!s->log) {
		free(s);
		return NULL;
	}
	return s;
}

void vm_hostreq_close(struct vm_hostreq_server *s)
{
	if (!s)
		return;
	fclose(s->log);
	free(s);
}

static int is_request(const struct dirent *d)
{
	size_t len = strlen(d->d_name);

	return len > SUFFIX_LEN && !strcmp(d->d_name + len - SUFFIX_LEN, HOST_REQUEST_SUFFIX);
}

/*
 * The whole file, NUL-terminated (malloc'd); NULL with the reason in err.
 * The guest runs the kernel under test and writes this directory: a request
 * that is a link (to a host file: its text would reach the log and the
 * guest), a FIFO (the read would hang), anything but a plain file or one over
 * VM_HOSTREQ_MAX_SIZE is refused unread (lib/base/safe_file.h).
 */
static char *read_request(const char *path, char *err, size_t errlen)
{
	size_t n;
	char *text = safe_read_text(path, VM_HOSTREQ_MAX_SIZE, &n);

	if (!text) {
		fail(err, errlen, "the request cannot be taken: %s", ppcst_last_error());
		return NULL;
	}
	if (strlen(text) < n) {
		fail(err, errlen, "the request holds a NUL byte");
		free(text);
		return NULL;
	}
	/* An empty file is a request all the same: the parser says what is wrong. */
	return text;
}

int vm_hostreq_take(struct vm_hostreq_server *s, char *id, size_t idlen, char **text,
		    char *err, size_t errlen)
{
	char path[PATH_MAX + 256];
	struct dirent **ents;
	/* Version order: "42-9" before "42-10", the order one process asked. */
	int n = scandir(s->dir, &ents, is_request, versionsort);

	/* No directory, no channel: the guest cannot have asked. */
	if (n <= 0) {
		if (n == 0)
			free(ents);
		return 0;
	}
	snprintf(id, idlen, "%.*s", (int)(strlen(ents[0]->d_name) - SUFFIX_LEN), ents[0]->d_name);
	snprintf(path, sizeof(path), "%s/%s", s->dir, ents[0]->d_name);
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	*text = read_request(path, err, errlen);
	/* Taken, answered or not: it must never be carried out twice. */
	unlink(path);
	return 1;
}

int vm_hostreq_reply(struct vm_hostreq_server *s, const char *id, json_object *reply)
{
	char tmp[PATH_MAX + 256], path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s" HOST_REQUEST_REPLY_SUFFIX, s->dir, id);
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	/* A new file renamed into place: the guest never reads half a reply,
	 * and a link it planted at either name is replaced, not written to. */
	if (!f)
		return -1;
	fputs(json_object_to_json_string_ext(reply, JSON_FLAGS), f);
	return safe_commit(f, tmp, path);
}

static const char *status_text(enum vm_status st)
{
	switch (st) {
	case VM_OK: return "ok";
	case VM_TIMEOUT: return "timeout";
	case VM_EXITED: return "QEMU exited";
	case VM_INTERRUPTED: return "interrupted";
	case VM_ERROR: break;
	}
	return "error";
}

static bool stopped(struct vm_hostreq_server *s)
{
	return s->stop && s->stop(s->ctx);
}

static json_object *wait_deleted(struct vm_hostreq_server *s, struct vm_qemu *vm,
				 const char *dev, int timeout_ms, enum vm_status *st)
{
	long long end = ppcst_now_ms() + timeout_ms;
	char desc[256];

	/* In slices, so that a guest panic ends the wait at once. */
	do {
		long long left = end - ppcst_now_ms();

		*st = vm_qemu_wait_event(vm, vm_qmp_device_deleted, dev,
					 left < STOP_CHECK_MS ? (int)left : STOP_CHECK_MS, NULL);
	} while (*st == VM_TIMEOUT && ppcst_now_ms() < end && !stopped(s));
	if (*st == VM_OK)
		return empty_return();
	snprintf(desc, sizeof(desc), "no DEVICE_DELETED for \"%s\" (%s)", dev,
		 *st == VM_TIMEOUT && stopped(s) ? "the run ended" : status_text(*st));
	return vm_hostreq_error(desc);
}

/* A DEVICE_DELETED still queued for the id is from an earlier deletion; a
 * wait-device-deleted after this device_del must wait for this one. */
static void forget_deleted_events(struct vm_qemu *vm, json_object *args)
{
	json_object *id, *ev;

	if (!json_object_object_get_ex(args, "id", &id))
		return;
	while ((ev = vm_qemu_take_event(vm, vm_qmp_device_deleted, json_object_get_string(id))))
		json_object_put(ev);
}

static json_object *run_qmp(struct vm_qemu *vm, const struct vm_hostreq *req, int timeout_ms,
			    enum vm_status *st)
{
	json_object *resp;
	char err[512];

	if (!strcmp(req->execute, "device_del"))
		forget_deleted_events(vm, req->arguments);
	/* vm_qemu_qmp_response takes a reference of its own. */
	*st = vm_qemu_qmp_response(vm, req->execute, json_object_get(req->arguments), timeout_ms,
				   &resp, err, sizeof(err));
	if (*st != VM_OK)
		return vm_hostreq_error(err);
	json_object_object_del(resp, "id");
	return resp;
}

static json_object *answer(struct vm_hostreq_server *s, struct vm_qemu *vm,
			   const struct vm_hostreq *req, long long until_ms, enum vm_status *st)
{
	long long left = until_ms - ppcst_now_ms();
	int timeout_ms = (int)(left < req->timeout_s * 1000LL ? left : req->timeout_s * 1000LL);
	json_object *id;

	if (strcmp(req->execute, VM_HOSTREQ_WAIT_DELETED))
		return run_qmp(vm, req, timeout_ms, st);
	json_object_object_get_ex(req->arguments, "id", &id);
	return wait_deleted(s, vm, json_object_get_string(id), timeout_ms, st);
}

/* One line per request on stderr and in the log. */
static void log_request(struct vm_hostreq_server *s, const char *id, const char *what,
			json_object *reply, long long ms)
{
	const char *r = json_object_to_json_string_ext(reply, JSON_FLAGS);

	fprintf(stderr, "%s: host request %s: %s -> %.*s%s (%.1f s)\n",
		program_invocation_short_name, id, what, STDERR_REPLY_MAX, r,
		strlen(r) > STDERR_REPLY_MAX ? "..." : "", ms / 1000.0);
	fprintf(s->log, "%s: %s -> %s (%.1f s)\n", id, what, r, ms / 1000.0);
	fflush(s->log);
}

/* "device_add {...}" for the log; the raw text, on one line, if it did not parse. */
static char *describe(const struct vm_hostreq *req, bool parsed, char *text)
{
	char *what;

	if (!parsed) {
		size_t len = strlen(text);

		while (len && strchr(" \t\r\n", text[len - 1]))
			text[--len] = '\0';
		for (char *p = text; *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		return strdup(text);
	}
	if (asprintf(&what, "%s%s%s", req->execute, req->arguments ? " " : "",
		     req->arguments ? json_object_to_json_string_ext(req->arguments, JSON_FLAGS) : "") < 0)
		abort();
	return what;
}

static enum vm_status serve_one(struct vm_hostreq_server *s, struct vm_qemu *vm, const char *id,
				char *text, const char *take_err, long long until_ms)
{
	long long start = ppcst_now_ms();
	enum vm_status st = VM_OK;
	struct vm_hostreq req = { 0 };
	json_object *reply;
	char err[512];
	bool parsed = text && !vm_hostreq_parse(text, &req, err, sizeof(err));
	char *what = text ? describe(&req, parsed, text) : strdup("(unreadable)");

	if (parsed)
		reply = answer(s, vm, &req, until_ms, &st);
	else
		reply = vm_hostreq_error(text ? err : take_err);
	if (vm_hostreq_reply(s, id, reply))
		fprintf(stderr, "%s: host request %s: cannot write the reply: %s\n",
			program_invocation_short_name, id, strerror(errno));
	log_request(s, id, what, reply, ppcst_now_ms() - start);
	json_object_put(reply);
	vm_hostreq_release(&req);
	free(what);
	return st;
}

enum vm_status vm_hostreq_serve(struct vm_hostreq_server *s, struct vm_qemu *vm,
				long long until_ms)
{
	char id[256], err[256], *text;

	while (ppcst_now_ms() < until_ms && !stopped(s) &&
	       vm_hostreq_take(s, id, sizeof(id), &text, err, sizeof(err))) {
		enum vm_status st = serve_one(s, vm, id, text, err, until_ms);

		free(text);
		if (st == VM_EXITED || st == VM_INTERRUPTED)
			return st;
	}
	return VM_OK;
}
