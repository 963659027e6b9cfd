// SPDX-License-Identifier: GPL-2.0
/*
 * lib/report/tap.c on the output the test programs wrote in the testbed
 * (tests/data/tap/README.md), cut where a dying guest would cut it, and on
 * what no program writes: directives of every kind, garbage, floods.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "support/fdt_dir.h"
#include "report/tap.h"

FIXTURE(tap) {
	struct tap_doc doc;
	char *text;
};

FIXTURE_SETUP(tap) { self->text = NULL; memset(&self->doc, 0, sizeof(self->doc)); }
FIXTURE_TEARDOWN(tap)
{
	tap_doc_free(&self->doc);
	free(self->text);
}

/* A recorded log of tests/data/tap/, NUL-terminated (NULL if missing). */
static char *load(const char *name)
{
	char path[4096], rel[256];

	snprintf(rel, sizeof(rel), "tap/%s", name);
	if (test_data_path(rel, path, sizeof(path)))
		return NULL;
	return test_read_text(path);
}

static int parse_str(const char *s, struct tap_doc *doc)
{
	return tap_parse(s, strlen(s), doc);
}

/* Every text of DOC is bounded and printable ASCII. */
static bool all_printable(const struct tap_doc *doc)
{
	const char *texts[2];

	for (size_t i = 0; i < doc->n; i++) {
		texts[0] = doc->points[i].desc;
		texts[1] = doc->points[i].reason;
		for (int k = 0; k < 2; k++)
			for (const char *p = texts[k]; *p; p++)
				if (*p < 0x20 || *p > 0x7e)
					return false;
	}
	return true;
}

TEST_F(tap, harness_pass_and_skip_recorded)
{
	const struct tap_point *p;

	ASSERT_NE(NULL, self->text = load("iommu_ddw_basic-default.log"));
	ASSERT_EQ(0, parse_str(self->text, &self->doc));
	EXPECT_EQ(8, self->doc.plan);
	ASSERT_EQ(8, self->doc.n);
	EXPECT_FALSE(self->doc.bailed);
	EXPECT_FALSE(self->doc.truncated);
	p = &self->doc.points[0];
	EXPECT_EQ(1, p->number);
	EXPECT_EQ(TAP_SKIP, p->result);
	EXPECT_STREQ("ddw.hotplug_alloc_fail", p->desc);
	EXPECT_EQ(0, strncmp(p->reason, "runs on the alloc-fault profile only (", 38));
	for (size_t i = 1; i < 8; i++) {
		EXPECT_EQ(i + 1, self->doc.points[i].number);
		EXPECT_EQ(TAP_PASS, self->doc.points[i].result);
		EXPECT_STREQ("", self->doc.points[i].reason);
	}
	EXPECT_STREQ("ddw.shape", self->doc.points[7].desc);
	EXPECT_EQ(7, tap_count(&self->doc, TAP_PASS));
	EXPECT_EQ(1, tap_count(&self->doc, TAP_SKIP));
}

TEST_F(tap, harness_failure_recorded)
{
	ASSERT_NE(NULL, self->text = load("pagepool_dlpar-removal-timeout.log"));
	ASSERT_EQ(0, parse_str(self->text, &self->doc));
	EXPECT_EQ(3, self->doc.plan);
	ASSERT_EQ(3, self->doc.n);
	EXPECT_EQ(TAP_PASS, self->doc.points[0].result);
	EXPECT_STREQ("pagepool.page_pool_nic.cycles", self->doc.points[0].desc);
	EXPECT_EQ(TAP_FAIL, self->doc.points[2].result);
	EXPECT_STREQ("pagepool.virtio_net_control.cycles", self->doc.points[2].desc);
	/* The harness prints no reason on the line: its first assertion
	 * message in the "#" lines before is the reason. */
	EXPECT_STREQ("pagepool_dlpar.c:714:cycles:FAIL: cycle 1: the DLPAR removal did not finish in 90 s: "
		     "wait-device-deleted: no DEVICE_DELETED for \"ppcst-pphb3\" (timeout)",
		     self->doc.points[2].reason);
}

TEST_F(tap, failure_reason_from_the_harness_message)
{
	static const char text[] =
		"#  RUN           f.x ...\n"
		"# f.c:10:x:Expected 1 == 2\n"
		"ok 1 f.x\n"				/* passed after all: not kept */
		"not ok 2 f.y\n"			/* the message was point 1's */
		"# not f.c:1:a message\n"
		"# f c.c:1:x:a space in the name\n"
		"# f.c:x:y:no line number\n"
		"# f.c:20:z:Expected a (1) == b (2)\n"
		"# f.c:21:z:the second\n"
		"not ok 3 f.z\n"
		"# f.c:30:w:not this one\n"
		"not ok 4 f.w # its own reason\n";

	ASSERT_EQ(0, parse_str(text, &self->doc));
	ASSERT_EQ(4, self->doc.n);
	EXPECT_STREQ("", self->doc.points[0].reason);
	EXPECT_STREQ("", self->doc.points[1].reason);
	EXPECT_STREQ("f.c:20:z:Expected a (1) == b (2)", self->doc.points[2].reason);
	EXPECT_STREQ("its own reason", self->doc.points[3].reason);
}

TEST_F(tap, kselftest_h_program_recorded)
{
	ASSERT_NE(NULL, self->text = load("reboot_loop.log"));
	ASSERT_EQ(0, parse_str(self->text, &self->doc));
	EXPECT_EQ(20, self->doc.plan);
	ASSERT_EQ(20, self->doc.n);
	EXPECT_EQ(20, tap_count(&self->doc, TAP_PASS));
	EXPECT_STREQ("reboot boot 0 after cold start", self->doc.points[0].desc);
	EXPECT_STREQ("reboot-noslots boot 9 after kexec", self->doc.points[19].desc);
	EXPECT_EQ(20, self->doc.points[19].number);
}

/* The guest died: the stream ends anywhere. Every prefix reads, never more
 * points than the whole, and a point cut in its line keeps what it had. */
TEST_F(tap, stream_cut_at_every_byte)
{
	const char *cut_line = "not ok 3 pagepool.virtio";
	size_t len, prev = 0;
	char *at;

	ASSERT_NE(NULL, self->text = load("pagepool_dlpar-removal-timeout.log"));
	len = strlen(self->text);
	for (size_t n = 0; n <= len; n++) {
		struct tap_doc d;

		ASSERT_EQ(0, tap_parse(self->text, n, &d));
		ASSERT_LE(prev, d.n);
		ASSERT_GE(3, d.n);
		ASSERT_TRUE(d.plan == -1 || d.plan == 3);
		prev = d.n;
		tap_doc_free(&d);
	}
	at = strstr(self->text, cut_line);
	ASSERT_NE(NULL, at);
	ASSERT_EQ(0, tap_parse(self->text, (size_t)(at - self->text) + strlen(cut_line),
			       &self->doc));
	ASSERT_EQ(3, self->doc.n);
	EXPECT_EQ(TAP_FAIL, self->doc.points[2].result);
	EXPECT_STREQ("pagepool.virtio", self->doc.points[2].desc);
}

TEST_F(tap, directives)
{
	static const char text[] =
		"TAP version 13\r\n"
		"1..9\r\n"
		"ok 1 # SKIP no spapr PHB with ibm,ddw-applicable\r\n"	/* kselftest.h */
		"ok 2 known.bad # XFAIL 6.12 oopses here\n"
		"not ok 3 later # TODO not written yet\n"
		"not ok 4 # error boom\n"
		"not ok 5 x.y #  Test terminated by timeout\n"	/* harness */
		"ok 6 - dashed description\n"
		"ok 7 a \\# b c#d\n"
		"not ok 8 x # skip lower case\n"
		"ok 9 t # XPASS\n"
		"okay 10 not a point\n"
		"  ok 11 nested, indented\n"
		"# ok 12 nested, commented\n"
		"1..40\n"
		"ok\n";
	const struct tap_point *p;

	ASSERT_EQ(0, parse_str(text, &self->doc));
	EXPECT_EQ(9, self->doc.plan);
	ASSERT_EQ(10, self->doc.n);
	p = self->doc.points;
	EXPECT_EQ(TAP_SKIP, p[0].result);
	EXPECT_STREQ("", p[0].desc);
	EXPECT_STREQ("no spapr PHB with ibm,ddw-applicable", p[0].reason);
	EXPECT_EQ(TAP_PASS, p[1].result);
	EXPECT_STREQ("known.bad", p[1].desc);
	EXPECT_STREQ("XFAIL 6.12 oopses here", p[1].reason);
	EXPECT_EQ(TAP_TODO, p[2].result);
	EXPECT_STREQ("not written yet", p[2].reason);
	EXPECT_EQ(TAP_FAIL, p[3].result);
	EXPECT_STREQ("error boom", p[3].reason);
	EXPECT_EQ(TAP_FAIL, p[4].result);
	EXPECT_STREQ("x.y", p[4].desc);
	EXPECT_STREQ("Test terminated by timeout", p[4].reason);
	EXPECT_STREQ("dashed description", p[5].desc);
	EXPECT_STREQ("a # b c#d", p[6].desc);
	EXPECT_EQ(TAP_SKIP, p[7].result);
	EXPECT_STREQ("lower case", p[7].reason);
	EXPECT_EQ(TAP_PASS, p[8].result);
	EXPECT_STREQ("XPASS", p[8].reason);
	/* a bare "ok": no number, no description */
	EXPECT_EQ(0, p[9].number);
	EXPECT_STREQ("", p[9].desc);
}

TEST_F(tap, skip_all_plan_and_bail_out)
{
	ASSERT_EQ(0, parse_str("TAP version 13\n1..0 # SKIP needs root\n", &self->doc));
	EXPECT_EQ(0, self->doc.plan);
	EXPECT_STREQ("needs root", self->doc.plan_reason);
	EXPECT_EQ(0, self->doc.n);
	tap_doc_free(&self->doc);

	ASSERT_EQ(0, parse_str("1..3\nok 1 a\nBail out! no /dev/kmsg\nok 2 b\n", &self->doc));
	EXPECT_TRUE(self->doc.bailed);
	EXPECT_STREQ("no /dev/kmsg", self->doc.bail);
	EXPECT_EQ(1, self->doc.n);
	tap_doc_free(&self->doc);

	/* Not plans: a number that is no count, text glued to it. */
	ASSERT_EQ(0, parse_str("1..12345678901\n1..8x\n", &self->doc));
	EXPECT_EQ(-1, self->doc.plan);
	tap_doc_free(&self->doc);
	ASSERT_EQ(0, parse_str("1..12345678901\n1..8x\n1..7 \n", &self->doc));
	EXPECT_EQ(7, self->doc.plan);
}

TEST_F(tap, bounded)
{
	size_t cap = 1000 * 16 + 4096, o = 0;
	char *t = malloc(cap);

	ASSERT_NE(NULL, t);
	for (int i = 1; i <= 1000; i++)
		o += (size_t)snprintf(t + o, cap - o, "ok %d p%d\n", i, i);
	ASSERT_EQ(0, tap_parse(t, o, &self->doc));
	EXPECT_EQ(TAP_MAX_POINTS, self->doc.n);
	EXPECT_TRUE(self->doc.truncated);
	EXPECT_STREQ("p512", self->doc.points[511].desc);
	tap_doc_free(&self->doc);

	/* A description of 1000 bytes with bytes no report can hold in it. */
	o = (size_t)snprintf(t, cap, "not ok 1 ");
	for (int i = 0; i < 1000; i++)
		t[o++] = i == 3 ? '\x1b' : i == 4 ? '\xc3' : 'd';
	o += (size_t)snprintf(t + o, cap - o, " # ");
	for (int i = 0; i < 1000; i++)
		t[o++] = 'r';
	ASSERT_EQ(0, tap_parse(t, o, &self->doc));
	ASSERT_EQ(1, self->doc.n);
	EXPECT_EQ(TAP_DESC_MAX - 1, strlen(self->doc.points[0].desc));
	EXPECT_EQ(0, strncmp(self->doc.points[0].desc, "ddd??ddd", 8));
	EXPECT_EQ(TAP_REASON_MAX - 1, strlen(self->doc.points[0].reason));
	free(t);
}

/* Random bytes, NULs and all, with TAP words mixed in: never a failure,
 * every text printable. */
TEST_F(tap, garbage)
{
	static const char *const words[] = { "ok ", "not ok ", "1..", "# SKIP ", "\n",
					     "Bail out!", "#", "\\", "\r\n", "99999999999" };
	size_t len = 1 << 20;
	unsigned int seed = 12345;
	char *g = malloc(len);

	ASSERT_NE(NULL, g);
	for (int round = 0; round < 8; round++) {
		for (size_t i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			g[i] = (char)(seed >> 16);
			if (round % 2 && !(seed % 7)) {
				const char *w = words[(seed >> 8) % 10];
				size_t wl = strlen(w);

				if (i + wl < len) {
					memcpy(g + i, w, wl);
					i += wl - 1;
				}
			}
		}
		ASSERT_EQ(0, tap_parse(g, len, &self->doc));
		EXPECT_GE(TAP_MAX_POINTS, self->doc.n);
		EXPECT_TRUE(all_printable(&self->doc));
		tap_doc_free(&self->doc);
	}
	free(g);
	ASSERT_EQ(0, tap_parse("", 0, &self->doc));
	EXPECT_EQ(-1, self->doc.plan);
	EXPECT_EQ(0, self->doc.n);
}

TEST_HARNESS_MAIN
