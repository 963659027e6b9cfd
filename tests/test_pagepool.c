// SPDX-License-Identifier: GPL-2.0
/*
 * lib/devices/pagepool.c's netlink messages: the parsers on replies the 6.12 kernel
 * sent in the testbed (tests/data/pagepool/README.md), damaged copies of
 * them, and the builders' bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "devices/pagepool.h"

#define DATA "tests/data/pagepool/"

FIXTURE(nl) {
	unsigned char buf[4096];
	ssize_t len;
};

FIXTURE_SETUP(nl) { self->len = 0; }
FIXTURE_TEARDOWN(nl) { }

static ssize_t load(const char *name, unsigned char *buf, size_t len)
{
	int fd = open(name, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len);
	close(fd);
	return n;
}

TEST_F(nl, family_id_recorded)
{
	uint16_t id = 0;

	self->len = load(DATA "genl-getfamily.bin", self->buf, sizeof(self->buf));
	ASSERT_LT(0, self->len);
	ASSERT_EQ(0, pp_parse_family_id(self->buf, (size_t)self->len, &id));
	EXPECT_EQ(19, id);
	/* Cut inside an attribute: malformed, never a wrong id. */
	((struct nlmsghdr *)self->buf)->nlmsg_len = 30;
	EXPECT_EQ(-EBADMSG, pp_parse_family_id(self->buf, 30, &id));
}

TEST_F(nl, xdp_ack_with_extack_recorded)
{
	char msg[128];

	self->len = load(DATA "xdp-attach-vmxnet3.bin", self->buf, sizeof(self->buf));
	ASSERT_LT(0, self->len);
	EXPECT_EQ(0, pp_parse_ack(self->buf, (size_t)self->len, 1, msg, sizeof(msg)));
	EXPECT_STREQ("vmxnet3: LRO is not supported with XDP", msg);
	/* Not the answer to another request. */
	EXPECT_EQ(1, pp_parse_ack(self->buf, (size_t)self->len, 2, msg, sizeof(msg)));
	/* The same reply saying EOPNOTSUPP. */
	((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)self->buf))->error = -EOPNOTSUPP;
	EXPECT_EQ(-EOPNOTSUPP, pp_parse_ack(self->buf, (size_t)self->len, 1, msg, sizeof(msg)));
}

TEST_F(nl, page_pool_dump_empty_recorded)
{
	struct page_pool_info p[4];
	int n = 0;

	self->len = load(DATA "page-pool-dump-vmxnet3.bin", self->buf, sizeof(self->buf));
	ASSERT_LT(0, self->len);
	EXPECT_EQ(1, pp_parse_page_pools(self->buf, (size_t)self->len, p, 4, &n));
	EXPECT_EQ(0, n);
}

/* A pool message as page_pool_nl_fill() lays it out (nla_put_uint: 8 bytes
 * for values above 32 bits, else 4), after the recorded family id. */
TEST_F(nl, page_pool_dump_pools)
{
	unsigned char *p = self->buf;
	struct page_pool_info out[2];
	struct nlmsghdr *h = (void *)p;
	struct nlattr *a;
	uint32_t v32;
	uint64_t v64;
	int n = 0;

	memset(self->buf, 0, sizeof(self->buf));
	h->nlmsg_type = 19;
	p += NLMSG_HDRLEN + GENL_HDRLEN;
	a = (void *)p; a->nla_type = PP_NETDEV_A_PAGE_POOL_ID; a->nla_len = 8;
	v32 = 3; memcpy(p + 4, &v32, 4); p += 8;
	a = (void *)p; a->nla_type = PP_NETDEV_A_PAGE_POOL_IFINDEX; a->nla_len = 8;
	v32 = 7; memcpy(p + 4, &v32, 4); p += 8;
	a = (void *)p; a->nla_type = PP_NETDEV_A_PAGE_POOL_INFLIGHT; a->nla_len = 12;
	v64 = 5007; memcpy(p + 4, &v64, 8); p += 12;
	h->nlmsg_len = (uint32_t)(p - self->buf);
	h = (void *)p;
	h->nlmsg_type = NLMSG_DONE;
	h->nlmsg_len = NLMSG_HDRLEN + 4;
	p += h->nlmsg_len;
	EXPECT_EQ(1, pp_parse_page_pools(self->buf, (size_t)(p - self->buf), out, 2, &n));
	ASSERT_EQ(1, n);
	EXPECT_EQ(3, out[0].id);
	EXPECT_EQ(7, out[0].ifindex);
	EXPECT_EQ(5007, out[0].inflight);
	EXPECT_EQ(0, out[0].detach_time);
}

TEST_F(nl, setlink_xdp_bytes)
{
	struct nlmsghdr *h = (void *)self->buf;
	struct ifinfomsg *ifi = NLMSG_DATA(h);
	struct nlattr *nest = (void *)(self->buf + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*ifi)));
	struct nlattr *fd = (void *)((unsigned char *)nest + NLA_HDRLEN), *flags;
	size_t len = pp_msg_setlink_xdp(self->buf, sizeof(self->buf), 4, 9, XDP_FLAGS_DRV_MODE, 77);

	flags = (void *)((unsigned char *)fd + NLA_ALIGN(fd->nla_len));

	ASSERT_EQ(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*ifi)) + 4 + 8 + 8, len);
	EXPECT_EQ(len, h->nlmsg_len);
	EXPECT_EQ(RTM_SETLINK, h->nlmsg_type);
	EXPECT_EQ(NLM_F_REQUEST | NLM_F_ACK, h->nlmsg_flags);
	EXPECT_EQ(77, h->nlmsg_seq);
	EXPECT_EQ(4, ifi->ifi_index);
	EXPECT_EQ(IFLA_XDP | NLA_F_NESTED, nest->nla_type);
	EXPECT_EQ(20, nest->nla_len);
	EXPECT_EQ(IFLA_XDP_FD, fd->nla_type);
	EXPECT_EQ(9, *(int32_t *)((unsigned char *)fd + NLA_HDRLEN));
	EXPECT_EQ(IFLA_XDP_FLAGS, flags->nla_type);
	EXPECT_EQ(XDP_FLAGS_DRV_MODE, *(uint32_t *)((unsigned char *)flags + NLA_HDRLEN));
	/* Too small a buffer: nothing. */
	EXPECT_EQ(0, pp_msg_setlink_xdp(self->buf, 40, 4, 9, 0, 1));
}

TEST_F(nl, genl_request_bytes)
{
	struct nlmsghdr *h = (void *)self->buf;
	struct genlmsghdr *g = NLMSG_DATA(h);
	size_t len = pp_msg_getfamily(self->buf, sizeof(self->buf), "netdev", 1);

	ASSERT_EQ(NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN + 8, len);
	EXPECT_EQ(GENL_ID_CTRL, h->nlmsg_type);
	EXPECT_EQ(CTRL_CMD_GETFAMILY, g->cmd);
	EXPECT_STREQ("netdev", (char *)self->buf + NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN);
	len = pp_msg_page_pool_dump(self->buf, sizeof(self->buf), 19, 2);
	ASSERT_EQ(NLMSG_HDRLEN + GENL_HDRLEN, len);
	EXPECT_EQ(19, h->nlmsg_type);
	EXPECT_EQ(NLM_F_REQUEST | NLM_F_DUMP, h->nlmsg_flags);
	EXPECT_EQ(PP_NETDEV_CMD_PAGE_POOL_GET, g->cmd);
}

TEST_HARNESS_MAIN
