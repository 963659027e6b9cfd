// SPDX-License-Identifier: GPL-2.0
/*
 * lib/testbed/hostreq_client.c, the guest side, against a responder thread that plays
 * the host with the host's own channel code (vm/hostreq_server.c), so both
 * sides are held to one protocol: a success reply, an error reply, no reply
 * (the request is withdrawn), no channel, bad calls, and a SIGTERM while
 * waiting (the cleanup stack leaves no files behind).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"
#include "base/cleanup.h"
#include "testbed/hostreq_client.h"
#include "base/proc.h"
#include "base/sysfs.h"
#include "hostreq_server.h"

/* How long the responder looks for a request before it gives up. */
#define RESPONDER_WAIT_MS 5000

struct responder {
	struct vm_hostreq_server *server;
	json_object *reply;	/* what it answers with */
	char request[512];	/* what it was asked */
	pthread_t thread;
};

static void *respond(void *arg)
{
	struct responder *r = arg;
	int64_t end = ppcst_now_ms() + RESPONDER_WAIT_MS;
	char id[256], err[256], *text = NULL;

	while (!vm_hostreq_take(r->server, id, sizeof(id), &text, err, sizeof(err))) {
		if (ppcst_now_ms() > end)
			return NULL;
		ppcst_sleep_ms(10);
	}
	snprintf(r->request, sizeof(r->request), "%s", text ? text : err);
	free(text);
	vm_hostreq_reply(r->server, id, r->reply);
	return NULL;
}

/* Files in dir, "." and ".." aside. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

FIXTURE(host) {
	char results[64];
	char dir[128];
	struct vm_hostreq_server *server;
	struct responder r;
	char reply[256];
};

FIXTURE_SETUP(host)
{
	char err[256];

	strcpy(self->results, "/tmp/test_hostreq_client.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->results));
	self->server = vm_hostreq_open(self->results, NULL, NULL, err, sizeof(err));
	ASSERT_NE(NULL, self->server) TH_LOG("%s", err);
	snprintf(self->dir, sizeof(self->dir), "%s/%s", self->results, HOST_REQUEST_DIR_NAME);
	ASSERT_EQ(0, setenv("PPCST_HOST_DIR", self->dir, 1));
	self->r = (struct responder){ .server = self->server };
}

FIXTURE_TEARDOWN(host)
{
	char cmd[160];

	json_object_put(self->r.reply);
	vm_hostreq_close(self->server);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->results);
	if (system(cmd))
		TH_LOG("could not remove %s", self->results);
}

static void start_responder(struct responder *r, json_object *reply)
{
	r->reply = reply;
	if (pthread_create(&r->thread, NULL, respond, r))
		abort();
}

TEST_F(host, return_reply_is_success)
{
	struct vm_hostreq req;
	char err[256];
	json_object *v;

	ASSERT_TRUE(host_requests_available());
	start_responder(&self->r, json_tokener_parse("{\"return\": {}}"));
	EXPECT_OK(host_request("device_add",
				  "{\"driver\": \"pci-testdev\", \"bus\": \"phb5.0\", \"id\": \"td5\"}",
				  20, self->reply, sizeof(self->reply)));
	pthread_join(self->r.thread, NULL);
	EXPECT_STREQ("{\"return\":{}}", self->reply);
	/* What the guest wrote is a request the host accepts, as meant. */
	ASSERT_EQ(0, vm_hostreq_parse(self->r.request, &req, err, sizeof(err)))
		TH_LOG("%s: %s", self->r.request, err);
	EXPECT_STREQ("device_add", req.execute);
	EXPECT_EQ(20, req.timeout_s);
	EXPECT_TRUE(json_object_object_get_ex(req.arguments, "bus", &v));
	EXPECT_STREQ("phb5.0", json_object_get_string(v));
	vm_hostreq_release(&req);
	EXPECT_EQ(0, count_files(self->dir));
}

TEST_F(host, request_without_arguments)
{
	struct vm_hostreq req;
	char err[256];

	start_responder(&self->r, json_tokener_parse("{\"return\": [{\"bus\": 0}]}"));
	EXPECT_OK(host_request("query-pci", NULL, 5, NULL, 0));
	pthread_join(self->r.thread, NULL);
	ASSERT_EQ(0, vm_hostreq_parse(self->r.request, &req, err, sizeof(err)))
		TH_LOG("%s: %s", self->r.request, err);
	EXPECT_EQ(NULL, req.arguments);
	vm_hostreq_release(&req);
}

TEST_F(host, error_reply_is_eio_with_the_desc)
{
	start_responder(&self->r, vm_hostreq_error("Device \"td5\" not found"));
	EXPECT_EQ(-EIO, host_request("device_del", "{\"id\": \"td5\"}", 5, self->reply,
				     sizeof(self->reply)));
	pthread_join(self->r.thread, NULL);
	EXPECT_STREQ("device_del: Device \"td5\" not found", ppcst_last_error());
	EXPECT_EQ(0, strncmp("{\"error\":", self->reply, 9)) TH_LOG("%s", self->reply);
	EXPECT_EQ(0, count_files(self->dir));
}

TEST_F(host, no_reply_times_out_and_withdraws_the_request)
{
	int64_t start = ppcst_now_ms(), took;

	EXPECT_EQ(-ETIMEDOUT, host_request("device_del", "{\"id\": \"phb5\"}", 1, self->reply,
					   sizeof(self->reply)));
	took = ppcst_now_ms() - start;
	EXPECT_ERROR_HAS("device_del: the host did not answer within 6 s");
	EXPECT_GE(took, (1 + HOST_REQUEST_MARGIN_S) * 1000);
	EXPECT_LT(took, (1 + HOST_REQUEST_MARGIN_S) * 1000 + 2000);
	EXPECT_STREQ("", self->reply);
	/* A host that comes late finds nothing to carry out. */
	EXPECT_EQ(0, count_files(self->dir));
}

TEST_F(host, no_channel_is_enodev)
{
	char missing[160];

	snprintf(missing, sizeof(missing), "%s/nosuch", self->results);
	ASSERT_EQ(0, setenv("PPCST_HOST_DIR", missing, 1));
	EXPECT_FALSE(host_requests_available());
	EXPECT_EQ(-ENODEV, host_request("query-pci", NULL, 5, NULL, 0));
	EXPECT_ERROR_HAS(missing);
}

TEST_F(host, bad_calls_are_einval_and_send_nothing)
{
	EXPECT_EQ(-EINVAL, host_request("device_add\", \"execute\": \"quit", NULL, 5, NULL, 0));
	EXPECT_EQ(-EINVAL, host_request("", NULL, 5, NULL, 0));
	EXPECT_EQ(-EINVAL, host_request("device_del", NULL, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, host_request("device_del", NULL, HOST_REQUEST_MAX_TIMEOUT_S + 1, NULL, 0));
	EXPECT_ERROR_HAS("not from 1 to 3600 s");
	EXPECT_EQ(0, count_files(self->dir));
}

/* A test killed while it waits for the host: its cleanup stack withdraws the
 * request, and it still dies of the signal. */
TEST_F(host, sigterm_while_waiting_leaves_no_files)
{
	int64_t end;
	pid_t pid;
	int st;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		cleanup_catch_signals();
		host_request("device_del", "{\"id\": \"phb5\"}", 30, NULL, 0);
		_exit(0);
	}
	end = ppcst_now_ms() + RESPONDER_WAIT_MS;
	while (count_files(self->dir) < 1 && ppcst_now_ms() < end)
		ppcst_sleep_ms(10);
	ASSERT_EQ(1, count_files(self->dir));
	kill(pid, SIGTERM);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
	EXPECT_EQ(0, count_files(self->dir));
}

TEST_HARNESS_MAIN
