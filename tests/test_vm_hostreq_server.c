// SPDX-License-Identifier: GPL-2.0
/*
 * vm/hostreq_server.c without QEMU: which request texts are accepted and what
 * is said about the ones that are not; the channel's directory (an earlier
 * run's files go, requests are taken oldest first and only once, replies
 * appear whole). Serving requests through QMP is tests/test_vm_host_requests.sh.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "hostreq_server.h"

FIXTURE(parse) {
	struct vm_hostreq req;
	char err[512];
};

FIXTURE_SETUP(parse)
{
	memset(&self->req, 0, sizeof(self->req));
	self->err[0] = '\0';
}

FIXTURE_TEARDOWN(parse)
{
	vm_hostreq_release(&self->req);
}

TEST_F(parse, device_add_with_arguments)
{
	const char *text = "{\"execute\": \"device_add\", \"arguments\": {\"driver\": "
			   "\"spapr-pci-host-bridge\", \"index\": 5, \"id\": \"phb5\"}, \"timeout\": 30}\n";
	json_object *v;

	ASSERT_EQ(0, vm_hostreq_parse(text, &self->req, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("device_add", self->req.execute);
	EXPECT_EQ(30, self->req.timeout_s);
	ASSERT_TRUE(json_object_object_get_ex(self->req.arguments, "id", &v));
	EXPECT_STREQ("phb5", json_object_get_string(v));
}

TEST_F(parse, every_allowed_command)
{
	static const char *const cmds[] = {
		"device_add", "device_del", "object-add", "object-del", "qom-get", "query-pci",
	};
	char text[256];

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(text, sizeof(text), "{\"execute\": \"%s\", \"timeout\": 1}", cmds[i]);
		EXPECT_EQ(0, vm_hostreq_parse(text, &self->req, self->err, sizeof(self->err)))
			TH_LOG("%s: %s", cmds[i], self->err);
		EXPECT_STREQ(cmds[i], self->req.execute);
		EXPECT_EQ(NULL, self->req.arguments);
		vm_hostreq_release(&self->req);
	}
}

TEST_F(parse, wait_device_deleted_needs_an_id)
{
	ASSERT_EQ(0, vm_hostreq_parse("{\"execute\": \"wait-device-deleted\", \"arguments\": "
				      "{\"id\": \"phb5\"}, \"timeout\": 3600}",
				      &self->req, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("wait-device-deleted", self->req.execute);
	vm_hostreq_release(&self->req);
	EXPECT_EQ(-1, vm_hostreq_parse("{\"execute\": \"wait-device-deleted\", \"timeout\": 5}",
				       &self->req, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "needs the device's \"id\""));
}

/* Each refused text and a piece of what the error must say. */
static const struct {
	const char *text, *why;
} refused[] = {
	{ "{\"execute\": \"quit\", \"timeout\": 5}", "\"quit\" is not allowed (allowed: device_add" },
	{ "{\"execute\": \"human-monitor-command\", \"arguments\": {\"command-line\": \"quit\"}, "
	  "\"timeout\": 5}", "\"human-monitor-command\" is not allowed" },
	{ "{\"arguments\": {}, \"timeout\": 5}", "no \"execute\" string" },
	{ "{\"execute\": 5, \"timeout\": 5}", "no \"execute\" string" },
	{ "{\"execute\": \"device_add\", \"arguments\": ", "not JSON: it ends early" },
	{ "device_add phb5", "not JSON" },
	{ "", "not JSON" },
	{ "[\"device_add\"]", "not a JSON object" },
	{ "{\"execute\": \"query-pci\", \"timeout\": 5} {\"execute\": \"quit\"}", "text after" },
	{ "{\"execute\": \"query-pci\"}", "no \"timeout\"" },
	{ "{\"execute\": \"query-pci\", \"timeout\": \"5\"}", "no \"timeout\"" },
	{ "{\"execute\": \"query-pci\", \"timeout\": 1.5}", "no \"timeout\"" },
	{ "{\"execute\": \"query-pci\", \"timeout\": 0}", "timeout 0 is not from 1 to 3600" },
	{ "{\"execute\": \"query-pci\", \"timeout\": 3601}", "timeout 3601" },
	{ "{\"execute\": \"device_del\", \"arguments\": [\"phb5\"], \"timeout\": 5}",
	  "\"arguments\" is not a JSON object" },
	{ "{\"execute\": \"query-pci\", \"timout\": 5}", "unknown member \"timout\"" },
};

TEST_F(parse, refused_with_the_reason)
{
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		self->err[0] = '\0';
		EXPECT_EQ(-1, vm_hostreq_parse(refused[i].text, &self->req, self->err,
					       sizeof(self->err)))
			TH_LOG("accepted: %s", refused[i].text);
		EXPECT_NE(NULL, strstr(self->err, refused[i].why))
			TH_LOG("%s: said \"%s\", want \"%s\"", refused[i].text, self->err,
			       refused[i].why);
		EXPECT_EQ(NULL, self->req.arguments);
	}
}

TEST_F(parse, error_reply_is_shaped_like_qmp)
{
	json_object *reply = vm_hostreq_error("\"quit\" is not allowed");

	EXPECT_STREQ("{\"error\":{\"class\":\"GenericError\",\"desc\":\"\\\"quit\\\" is not allowed\"}}",
		     json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));
	json_object_put(reply);
}

FIXTURE(channel) {
	char results[64];
	char dir[128];
	struct vm_hostreq_server *s;
	char id[256];
	char err[512];
	char *text;
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static bool exists(const char *dir, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return !access(path, F_OK);
}

FIXTURE_SETUP(channel)
{
	strcpy(self->results, "/tmp/test_vm_hostreq_server.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->results));
	snprintf(self->dir, sizeof(self->dir), "%s/%s", self->results, HOST_REQUEST_DIR_NAME);
	/* What an earlier run in the same results folder left. */
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	put_file(self->dir, "1-1.req", "{\"execute\": \"device_del\", \"arguments\": "
		 "{\"id\": \"phb1\"}, \"timeout\": 5}");
	put_file(self->dir, "1-1.reply", "{\"return\": {}}");
	self->s = vm_hostreq_open(self->results, NULL, NULL, self->err, sizeof(self->err));
	ASSERT_NE(NULL, self->s) TH_LOG("%s", self->err);
	self->text = NULL;
}

FIXTURE_TEARDOWN(channel)
{
	char cmd[160];

	free(self->text);
	vm_hostreq_close(self->s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->results);
	if (system(cmd))
		TH_LOG("could not remove %s", self->results);
}

TEST_F(channel, open_forgets_an_earlier_run)
{
	EXPECT_FALSE(exists(self->dir, "1-1.req"));
	EXPECT_FALSE(exists(self->dir, "1-1.reply"));
	EXPECT_TRUE(exists(self->results, VM_HOSTREQ_LOG));
	EXPECT_EQ(0, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
}

TEST_F(channel, taken_oldest_first_and_once)
{
	put_file(self->dir, "42-10.req", "ten");
	put_file(self->dir, "42-9.req", "nine");
	/* Half written: not a request yet. */
	put_file(self->dir, "42-11.req.tmp", "{\"exec");
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_STREQ("42-9", self->id);
	EXPECT_STREQ("nine", self->text);
	EXPECT_FALSE(exists(self->dir, "42-9.req"));
	free(self->text);
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_STREQ("42-10", self->id);
	EXPECT_STREQ("ten", self->text);
	free(self->text);
	self->text = NULL;
	EXPECT_EQ(0, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_TRUE(exists(self->dir, "42-11.req.tmp"));
}

TEST_F(channel, empty_request_is_taken_for_the_parser)
{
	put_file(self->dir, "8-1.req", "");
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	ASSERT_NE(NULL, self->text) TH_LOG("%s", self->err);
	EXPECT_STREQ("", self->text);
}

TEST_F(channel, oversized_request_is_taken_unread)
{
	char *big = malloc(VM_HOSTREQ_MAX_SIZE + 2);

	ASSERT_NE(NULL, big);
	memset(big, ' ', VM_HOSTREQ_MAX_SIZE + 1);
	big[VM_HOSTREQ_MAX_SIZE + 1] = '\0';
	put_file(self->dir, "7-1.req", big);
	free(big);
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_STREQ("7-1", self->id);
	EXPECT_EQ(NULL, self->text);
	EXPECT_NE(NULL, strstr(self->err, "larger than expected, not read")) TH_LOG("%s", self->err);
	EXPECT_FALSE(exists(self->dir, "7-1.req"));
}

TEST_F(channel, reply_appears_whole)
{
	json_object *reply = vm_hostreq_error("no DEVICE_DELETED for \"phb5\" (timeout)");
	char path[PATH_MAX], got[256] = "";
	FILE *f;

	ASSERT_EQ(0, vm_hostreq_reply(self->s, "42-9", reply));
	json_object_put(reply);
	EXPECT_FALSE(exists(self->dir, "42-9.reply.tmp"));
	snprintf(path, sizeof(path), "%s/42-9.reply", self->dir);
	f = fopen(path, "r");
	ASSERT_NE(NULL, f);
	EXPECT_NE(NULL, fgets(got, sizeof(got), f));
	fclose(f);
	EXPECT_STREQ("{\"error\":{\"class\":\"GenericError\",\"desc\":"
		     "\"no DEVICE_DELETED for \\\"phb5\\\" (timeout)\"}}", got);
}

/* A hostile guest (it runs the kernel under test, as root, and writes this
 * directory): a request that is a link to a host file is refused unread, a
 * FIFO does not hang the host, and a reply never goes through a link it
 * planted at the reply's name. */
TEST_F(channel, hostile_link_request_refused_unread)
{
	char secret[PATH_MAX], link[PATH_MAX];

	snprintf(secret, sizeof(secret), "%s/host-secret", self->results);
	put_file(self->results, "host-secret", "{\"execute\": \"query-pci\", \"timeout\": 5}");
	snprintf(link, sizeof(link), "%s/9-1.req", self->dir);
	ASSERT_EQ(0, symlink(secret, link));
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_EQ(NULL, self->text);
	EXPECT_NE(NULL, strstr(self->err, "a symbolic link, not read")) TH_LOG("%s", self->err);
	EXPECT_TRUE(exists(self->results, "host-secret"));
}

TEST_F(channel, hostile_fifo_request_does_not_hang)
{
	char fifo[PATH_MAX];

	snprintf(fifo, sizeof(fifo), "%s/9-2.req", self->dir);
	ASSERT_EQ(0, mkfifo(fifo, 0600));
	ASSERT_EQ(1, vm_hostreq_take(self->s, self->id, sizeof(self->id), &self->text,
				     self->err, sizeof(self->err)));
	EXPECT_EQ(NULL, self->text);
	EXPECT_NE(NULL, strstr(self->err, "not a plain file")) TH_LOG("%s", self->err);
}

TEST_F(channel, hostile_link_at_the_reply_replaced_not_followed)
{
	json_object *reply = json_tokener_parse("{\"return\": {}}");
	char target[PATH_MAX], link[PATH_MAX], got[64] = "";
	struct stat sb;
	FILE *f;

	put_file(self->results, "host-file", "mine");
	snprintf(target, sizeof(target), "%s/host-file", self->results);
	snprintf(link, sizeof(link), "%s/42-9.reply", self->dir);
	ASSERT_EQ(0, symlink(target, link));
	ASSERT_EQ(0, vm_hostreq_reply(self->s, "42-9", reply));
	json_object_put(reply);
	f = fopen(target, "r");
	ASSERT_NE(NULL, f);
	EXPECT_NE(NULL, fgets(got, sizeof(got), f));
	fclose(f);
	EXPECT_STREQ("mine", got);
	ASSERT_EQ(0, lstat(link, &sb));
	EXPECT_TRUE(S_ISREG(sb.st_mode));
}

TEST_HARNESS_MAIN
