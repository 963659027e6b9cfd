// SPDX-License-Identifier: GPL-2.0
/*
 * lib/devices/pp_trace.c's parser on the trace text the 6.12 kernel wrote in the
 * testbed (tests/data/pagepool/README.md) and on damaged copies of it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "devices/pp_trace.h"

#define DATA "tests/data/pagepool/"
#define VMXNET3_POOL "0000000070116bf8"
#define REPLACED_POOL "000000004e34255b"

FIXTURE(trace) {
	char text[512 << 10];
	struct pp_trace t;
};

FIXTURE_SETUP(trace) { memset(&self->t, 0, sizeof(self->t)); }
FIXTURE_TEARDOWN(trace) { }

static ssize_t load(const char *name, char *buf, size_t len)
{
	int fd = open(name, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n >= 0)
		buf[n] = '\0';
	return n;
}

TEST_F(trace, streams_recorded)
{
	const struct pp_trace_pool *p, *old;

	ASSERT_LT(0, load(DATA "trace-streams-vmxnet3.txt", self->text, sizeof(self->text)));
	EXPECT_EQ(300, pp_trace_parse(self->text, &self->t));
	ASSERT_EQ(2, self->t.nr);
	p = pp_trace_pool(&self->t, VMXNET3_POOL);
	old = pp_trace_pool(&self->t, REPLACED_POOL);
	ASSERT_NE(NULL, p);
	ASSERT_NE(NULL, old);
	EXPECT_EQ(299, p->holds);
	EXPECT_EQ(0, p->releases);
	EXPECT_EQ(-1, p->first_inflight);
	/* The pool XDP replaced: destroyed empty, never took a page here. */
	EXPECT_EQ(0, old->holds);
	EXPECT_EQ(1, old->releases);
	EXPECT_EQ(0, old->first_inflight);
	EXPECT_EQ(299, pp_trace_holds(&self->t));
	EXPECT_FALSE(self->t.overflow);
}

TEST_F(trace, removal_recorded)
{
	const struct pp_trace_pool *p;
	char *last;

	ASSERT_LT(0, load(DATA "trace-removal-vmxnet3.txt", self->text, sizeof(self->text)));
	EXPECT_EQ(15, pp_trace_parse(self->text, &self->t));
	ASSERT_EQ(1, self->t.nr);
	p = pp_trace_pool(&self->t, VMXNET3_POOL);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(15, p->releases);
	EXPECT_EQ(6041, p->first_inflight);
	EXPECT_EQ(0, p->last_inflight);
	EXPECT_EQ(0, pp_trace_holds(&self->t));
	/* Read before the held socket was closed: pages still out. */
	last = strrchr(self->text, '\n');
	*last = '\0';
	*strrchr(self->text, '\n') = '\0';
	memset(&self->t, 0, sizeof(self->t));
	EXPECT_EQ(14, pp_trace_parse(self->text, &self->t));
	EXPECT_EQ(4790, pp_trace_pool(&self->t, VMXNET3_POOL)->last_inflight);
}

TEST_F(trace, no_page_pool_recorded)
{
	ASSERT_LT(0, load(DATA "trace-streams-e1000e.txt", self->text, sizeof(self->text)));
	EXPECT_EQ(0, pp_trace_parse(self->text, &self->t));
	EXPECT_EQ(0, self->t.nr);
	EXPECT_EQ(NULL, pp_trace_pool(&self->t, VMXNET3_POOL));
}

/* Damaged lines: no pool, no inflight, another event, a cut line. */
TEST_F(trace, damaged)
{
	static const char text[] =
		"  drmgr-95 [000] .n... 19.1: page_pool_release: inflight=4779 hold=1\n"
		"  drmgr-95 [000] .n... 19.1: page_pool_release: page_pool=00000000aa hold=1\n"
		"  drmgr-95 [000] .n... 19.1: page_pool_update_nid: page_pool=00000000bb pool_nid=0\n"
		"  drmgr-95 [000] .n... 19.1: page_pool_release: page_pool= inflight=3\n"
		"  drmgr-95 [000] .n... 19.1: page_pool_state_hold: page_pool=00000000cc";

	EXPECT_EQ(1, pp_trace_parse(text, &self->t));
	ASSERT_EQ(2, self->t.nr);
	/* The release without inflight= names its pool, counts nothing. */
	EXPECT_EQ(0, pp_trace_pool(&self->t, "00000000aa")->releases);
	EXPECT_EQ(1, pp_trace_pool(&self->t, "00000000cc")->holds);
	EXPECT_EQ(NULL, pp_trace_pool(&self->t, "00000000bb"));
}

/* More pools than it keeps: counted as overflow, the kept ones intact. */
TEST_F(trace, overflow)
{
	size_t used = 0;

	for (int i = 0; i < PP_TRACE_MAX_POOLS + 2; i++)
		used += (size_t)snprintf(self->text + used, sizeof(self->text) - used,
					 " k-9 [000] ..... 20.1: page_pool_state_hold: "
					 "page_pool=%016x netmem=0 hold=1\n", i);
	EXPECT_EQ(PP_TRACE_MAX_POOLS + 2, pp_trace_parse(self->text, &self->t));
	EXPECT_EQ(PP_TRACE_MAX_POOLS, self->t.nr);
	EXPECT_TRUE(self->t.overflow);
	EXPECT_EQ(PP_TRACE_MAX_POOLS, pp_trace_holds(&self->t));
}

TEST_HARNESS_MAIN
