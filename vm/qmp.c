// SPDX-License-Identifier: GPL-2.0
/* QMP message layer; see vm/qmp.h for why it never blocks. */
#include "qmp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Events nobody asked for (RTC_CHANGE, ...) must not grow without bound. */
#define MAX_QUEUED 1024
/* QMP sends one message per line; a longer one is not QMP. */
#define MAX_MESSAGE (4 << 20)

struct queue {
	json_object **v;
	size_t n;
};

struct vm_qmp {
	int fd;
	FILE *events_log;
	char *buf;
	size_t len, cap;
	bool greeted;
	long next_id;
	struct queue events;
	struct queue responses;
	char error[256];
};

static void queue_push(struct queue *qu, json_object *o)
{
	if (qu->n == MAX_QUEUED) {
		json_object_put(qu->v[0]);
		memmove(qu->v, qu->v + 1, --qu->n * sizeof(*qu->v));
	}
	if (!qu->v) {
		qu->v = calloc(MAX_QUEUED, sizeof(*qu->v));
		if (!qu->v)
			abort();
	}
	qu->v[qu->n++] = o;
}

static json_object *queue_take(struct queue *qu, size_t i)
{
	json_object *o = qu->v[i];

	memmove(qu->v + i, qu->v + i + 1, (qu->n - i - 1) * sizeof(*qu->v));
	qu->n--;
	return o;
}

static void queue_free(struct queue *qu)
{
	for (size_t i = 0; i < qu->n; i++)
		json_object_put(qu->v[i]);
	free(qu->v);
}

struct vm_qmp *vm_qmp_new(int fd, FILE *events_log)
{
	struct vm_qmp *q = calloc(1, sizeof(*q));

	if (!q)
		abort();
	q->fd = fd;
	q->events_log = events_log;
	q->next_id = 1;
	return q;
}

void vm_qmp_free(struct vm_qmp *q)
{
	if (!q)
		return;
	close(q->fd);
	queue_free(&q->events);
	queue_free(&q->responses);
	free(q->buf);
	free(q);
}

int vm_qmp_fd(const struct vm_qmp *q)
{
	return q->fd;
}

const char *vm_qmp_error(const struct vm_qmp *q)
{
	return q->error;
}

bool vm_qmp_greeted(const struct vm_qmp *q)
{
	return q->greeted;
}

static int handle_message(struct vm_qmp *q, const char *text)
{
	json_object *o = json_tokener_parse(text), *v;

	if (!o || !json_object_is_type(o, json_type_object)) {
		snprintf(q->error, sizeof(q->error), "QMP: not a JSON object: %.80s", text);
		json_object_put(o);
		return -1;
	}
	if (json_object_object_get_ex(o, "QMP", NULL)) {
		q->greeted = true;
		json_object_put(o);
	} else if (json_object_object_get_ex(o, "event", NULL)) {
		if (q->events_log) {
			fprintf(q->events_log, "%s\n",
				json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
			fflush(q->events_log);
		}
		queue_push(&q->events, o);
	} else if (json_object_object_get_ex(o, "id", &v)) {
		queue_push(&q->responses, o);
	} else {
		/* An error for a command QEMU could not even parse has no id:
		 * nobody is waiting for it by id, so say so rather than hang. */
		snprintf(q->error, sizeof(q->error), "QMP: reply without id: %.120s", text);
		json_object_put(o);
		return -1;
	}
	return 0;
}

int vm_qmp_read(struct vm_qmp *q)
{
	char *nl, *start;
	ssize_t n;

	for (;;) {
		if (q->cap - q->len < 4096) {
			q->cap = q->cap ? q->cap * 2 : 8192;
			q->buf = realloc(q->buf, q->cap);
			if (!q->buf)
				abort();
		}
		n = recv(q->fd, q->buf + q->len, q->cap - q->len - 1, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n <= 0) {
			snprintf(q->error, sizeof(q->error), "QMP: %s",
				 n ? strerror(errno) : "connection closed");
			return -1;
		}
		q->len += (size_t)n;
		if (q->len > MAX_MESSAGE) {
			snprintf(q->error, sizeof(q->error), "QMP: message over %d bytes", MAX_MESSAGE);
			return -1;
		}
	}
	q->buf[q->len] = '\0';
	start = q->buf;
	while ((nl = strchr(start, '\n'))) {
		*nl = '\0';
		if (nl > start && nl[-1] == '\r')
			nl[-1] = '\0';
		if (*start && handle_message(q, start))
			return -1;
		start = nl + 1;
	}
	q->len -= (size_t)(start - q->buf);
	memmove(q->buf, start, q->len);
	return 0;
}

long vm_qmp_send(struct vm_qmp *q, const char *cmd, json_object *args)
{
	json_object *o = json_object_new_object();
	long id = q->next_id++;
	size_t len, off = 0;
	char *msg;

	json_object_object_add(o, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(o, "arguments", args);
	json_object_object_add(o, "id", json_object_new_int64(id));
	if (asprintf(&msg, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN)) < 0)
		abort();
	json_object_put(o);
	len = strlen(msg);
	while (off < len) {
		ssize_t n = send(q->fd, msg + off, len - off, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(q->error, sizeof(q->error), "QMP send: %s", strerror(errno));
			id = -1;
			break;
		}
		off += (size_t)n;
	}
	free(msg);
	return id;
}

json_object *vm_qmp_take_response(struct vm_qmp *q, long id)
{
	for (size_t i = 0; i < q->responses.n; i++) {
		json_object *v;

		if (json_object_object_get_ex(q->responses.v[i], "id", &v) &&
		    json_object_get_int64(v) == id)
			return queue_take(&q->responses, i);
	}
	return NULL;
}

const char *vm_qmp_event_name(json_object *event)
{
	json_object *v;

	if (json_object_object_get_ex(event, "event", &v))
		return json_object_get_string(v);
	return "";
}

bool vm_qmp_event_named(json_object *event, const void *name)
{
	return !strcmp(vm_qmp_event_name(event), name);
}

bool vm_qmp_device_deleted(json_object *event, const void *id)
{
	json_object *data, *dev;

	return vm_qmp_event_named(event, "DEVICE_DELETED") &&
	       json_object_object_get_ex(event, "data", &data) &&
	       json_object_object_get_ex(data, "device", &dev) &&
	       !strcmp(json_object_get_string(dev), id);
}

json_object *vm_qmp_take_event(struct vm_qmp *q, vm_qmp_pred pred, const void *ctx)
{
	for (size_t i = 0; i < q->events.n; i++)
		if (!pred || pred(q->events.v[i], ctx))
			return queue_take(&q->events, i);
	return NULL;
}
