// SPDX-License-Identifier: GPL-2.0
/*
 * XDP on/off and the kernel's page pools over netlink: lib/devices/pagepool.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "devices/pagepool.h"
#include "base/sysfs.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif
/* A reply must come within this; the kernel answers at once. */
#define NL_TIMEOUT_MS 5000
#define NL_BUF 65536

/* --- building ---------------------------------------------------------------- */

struct nl_builder {
	unsigned char *buf;
	size_t len, cap;
	bool overflow;
};

static void *nb_put(struct nl_builder *b, size_t len)
{
	size_t at = NLMSG_ALIGN(b->len), end = at + NLMSG_ALIGN(len);

	if (b->overflow || end > b->cap) {
		b->overflow = true;
		return NULL;
	}
	memset(b->buf + b->len, 0, end - b->len);
	b->len = at + len;
	return b->buf + at;
}

static struct nlmsghdr *nb_header(struct nl_builder *b, uint16_t type, uint16_t flags,
				  uint32_t seq)
{
	struct nlmsghdr *h = nb_put(b, sizeof(*h));

	if (h) {
		h->nlmsg_type = type;
		h->nlmsg_flags = flags;
		h->nlmsg_seq = seq;
	}
	return h;
}

/* An attribute; returns its offset in the buffer (for nests), or 0. */
static size_t nb_attr(struct nl_builder *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = nb_put(b, NLA_HDRLEN + len);

	if (!a)
		return 0;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
	return (size_t)((unsigned char *)a - b->buf);
}

static size_t nb_finish(struct nl_builder *b)
{
	if (b->overflow || b->len < sizeof(struct nlmsghdr))
		return 0;
	b->len = NLMSG_ALIGN(b->len);
	((struct nlmsghdr *)b->buf)->nlmsg_len = (uint32_t)b->len;
	return b->len;
}

size_t pp_msg_setlink_xdp(void *buf, size_t len, int ifindex, int prog_fd, uint32_t xdp_flags,
			  uint32_t seq)
{
	struct nl_builder b = { .buf = buf, .cap = len };
	struct ifinfomsg *ifi;
	int32_t fd = prog_fd;
	size_t nest;

	if (!nb_header(&b, RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq))
		return 0;
	ifi = nb_put(&b, sizeof(*ifi));
	if (!ifi)
		return 0;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	nest = nb_attr(&b, IFLA_XDP | NLA_F_NESTED, NULL, 0);
	if (!nest)
		return 0;
	nb_attr(&b, IFLA_XDP_FD, &fd, sizeof(fd));
	nb_attr(&b, IFLA_XDP_FLAGS, &xdp_flags, sizeof(xdp_flags));
	if (b.overflow)
		return 0;
	((struct nlattr *)(b.buf + nest))->nla_len = (uint16_t)(b.len - nest);
	return nb_finish(&b);
}

static struct genlmsghdr *nb_genl(struct nl_builder *b, uint8_t cmd)
{
	struct genlmsghdr *g = nb_put(b, GENL_HDRLEN);

	if (g) {
		g->cmd = cmd;
		g->version = 1;
	}
	return g;
}

size_t pp_msg_getfamily(void *buf, size_t len, const char *family, uint32_t seq)
{
	struct nl_builder b = { .buf = buf, .cap = len };

	if (!nb_header(&b, GENL_ID_CTRL, NLM_F_REQUEST, seq) || !nb_genl(&b, CTRL_CMD_GETFAMILY))
		return 0;
	nb_attr(&b, CTRL_ATTR_FAMILY_NAME, family, strlen(family) + 1);
	return nb_finish(&b);
}

size_t pp_msg_page_pool_dump(void *buf, size_t len, uint16_t family_id, uint32_t seq)
{
	struct nl_builder b = { .buf = buf, .cap = len };

	if (!nb_header(&b, family_id, NLM_F_REQUEST | NLM_F_DUMP, seq) ||
	    !nb_genl(&b, PP_NETDEV_CMD_PAGE_POOL_GET))
		return 0;
	return nb_finish(&b);
}

/* --- parsing ------------------------------------------------------------------ */

/* Calls FN for each attribute in [p, p + len); -EBADMSG if one overruns. */
static int for_each_attr(const unsigned char *p, size_t len,
			 void (*fn)(uint16_t type, const unsigned char *data, size_t len, void *ctx),
			 void *ctx)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;
		size_t alen = a->nla_len, step = NLA_ALIGN(alen);

		if (alen < NLA_HDRLEN || alen > len)
			return -EBADMSG;
		fn(a->nla_type & NLA_TYPE_MASK, p + NLA_HDRLEN, alen - NLA_HDRLEN, ctx);
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

/* A u16/u32/u64 attribute of any of those sizes (the kernel's NLA_UINT). */
static uint64_t attr_uint(const unsigned char *d, size_t len)
{
	uint16_t v16;
	uint32_t v32;
	uint64_t v64 = 0;

	if (len == 2) {
		memcpy(&v16, d, 2);
		return v16;
	}
	if (len == 4) {
		memcpy(&v32, d, 4);
		return v32;
	}
	if (len == 8)
		memcpy(&v64, d, 8);
	return v64;
}

/* Walks the messages of one datagram: FN per message; stops when FN returns
 * non-zero (that value is returned). -EBADMSG on a malformed header. */
static int for_each_msg(const void *buf, size_t len,
			int (*fn)(const struct nlmsghdr *h, void *ctx), void *ctx)
{
	const unsigned char *p = buf;

	while (len >= sizeof(struct nlmsghdr)) {
		const struct nlmsghdr *h = (const void *)p;
		size_t mlen = h->nlmsg_len, step = NLMSG_ALIGN(mlen);
		int ret;

		if (mlen < sizeof(*h) || mlen > len)
			return -EBADMSG;
		ret = fn(h, ctx);
		if (ret)
			return ret;
		if (step >= len)
			break;
		p += step;
		len -= step;
	}
	return 0;
}

struct ack_ctx {
	uint32_t seq;
	char *msg;
	size_t msglen;
};

static void ack_attr(uint16_t type, const unsigned char *d, size_t len, void *ctx)
{
	struct ack_ctx *c = ctx;

	if (type == NLMSGERR_ATTR_MSG && c->msglen)
		snprintf(c->msg, c->msglen, "%.*s", (int)strnlen((const char *)d, len), d);
}

/* An NLMSG_ERROR's error (0: an ACK) and its extack message. */
static int error_of(const struct nlmsghdr *h, char *msg, size_t msglen)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = NLMSG_HDRLEN + sizeof(*e);
	struct ack_ctx c = { .msg = msg, .msglen = msglen };

	if (msglen)
		msg[0] = '\0';
	if (h->nlmsg_len < off)
		return -EBADMSG;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg) < h->nlmsg_len ?
		       NLMSG_ALIGN(e->msg.nlmsg_len) - sizeof(e->msg) : h->nlmsg_len;
	if ((h->nlmsg_flags & NLM_F_ACK_TLVS) && off < h->nlmsg_len &&
	    for_each_attr((const unsigned char *)h + off, h->nlmsg_len - off, ack_attr, &c))
		return -EBADMSG;
	return e->error > 0 ? -e->error : e->error;
}

static int ack_msg(const struct nlmsghdr *h, void *ctx)
{
	struct ack_ctx *c = ctx;
	int err;

	if (h->nlmsg_type != NLMSG_ERROR || h->nlmsg_seq != c->seq)
		return 0;
	err = error_of(h, c->msg, c->msglen);
	/* 0 would mean "keep going": an ACK is reported as 2 and mapped back. */
	return err ? err : 2;
}

int pp_parse_ack(const void *buf, size_t len, uint32_t seq, char *msg, size_t msglen)
{
	struct ack_ctx c = { .seq = seq, .msg = msg, .msglen = msglen };
	int ret;

	if (msglen)
		msg[0] = '\0';
	ret = for_each_msg(buf, len, ack_msg, &c);
	return ret == 2 ? 0 : ret == 0 ? 1 : ret;
}

struct family_ctx {
	uint16_t id;
	bool found;
};

static void family_attr(uint16_t type, const unsigned char *d, size_t len, void *ctx)
{
	struct family_ctx *c = ctx;

	if (type == CTRL_ATTR_FAMILY_ID && len >= 2) {
		c->id = (uint16_t)attr_uint(d, 2);
		c->found = true;
	}
}

static int family_msg(const struct nlmsghdr *h, void *ctx)
{
	if (h->nlmsg_type == NLMSG_ERROR) {
		int err = error_of(h, NULL, 0);

		return err ? err : 0;
	}
	if (h->nlmsg_type != GENL_ID_CTRL || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return 0;
	return for_each_attr((const unsigned char *)h + NLMSG_HDRLEN + GENL_HDRLEN,
			     h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, family_attr, ctx);
}

int pp_parse_family_id(const void *buf, size_t len, uint16_t *id)
{
	struct family_ctx c = { 0 };
	int ret = for_each_msg(buf, len, family_msg, &c);

	if (ret)
		return ret;
	if (!c.found)
		return -ENOENT;
	*id = c.id;
	return 0;
}

struct pools_ctx {
	struct page_pool_info *out, cur;
	int max, *n;
};

static void pool_attr(uint16_t type, const unsigned char *d, size_t len, void *ctx)
{
	struct page_pool_info *p = &((struct pools_ctx *)ctx)->cur;
	uint64_t v = attr_uint(d, len);

	switch (type) {
	case PP_NETDEV_A_PAGE_POOL_ID: p->id = v; break;
	case PP_NETDEV_A_PAGE_POOL_IFINDEX: p->ifindex = (uint32_t)v; break;
	case PP_NETDEV_A_PAGE_POOL_NAPI_ID: p->napi_id = v; break;
	case PP_NETDEV_A_PAGE_POOL_INFLIGHT: p->inflight = v; break;
	case PP_NETDEV_A_PAGE_POOL_INFLIGHT_MEM: p->inflight_mem = v; break;
	case PP_NETDEV_A_PAGE_POOL_DETACH_TIME: p->detach_time = v; break;
	}
}

static int pools_msg(const struct nlmsghdr *h, void *ctx)
{
	struct pools_ctx *c = ctx;
	int ret;

	if (h->nlmsg_type == NLMSG_DONE)
		return 1;
	if (h->nlmsg_type == NLMSG_ERROR) {
		ret = error_of(h, NULL, 0);
		return ret ? ret : 0;
	}
	if (h->nlmsg_type < NLMSG_MIN_TYPE || h->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return 0;
	memset(&c->cur, 0, sizeof(c->cur));
	ret = for_each_attr((const unsigned char *)h + NLMSG_HDRLEN + GENL_HDRLEN,
			    h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, pool_attr, c);
	if (ret)
		return ret;
	if (*c->n < c->max)
		c->out[*c->n] = c->cur;
	(*c->n)++;
	return 0;
}

int pp_parse_page_pools(const void *buf, size_t len, struct page_pool_info *out, int max,
			int *n)
{
	struct pools_ctx c = { .out = out, .max = max, .n = n };

	return for_each_msg(buf, len, pools_msg, &c);
}

/* --- syscalls ------------------------------------------------------------------ */

int xdp_pass_load(void)
{
	static char log[4096];
	struct bpf_insn insns[2] = {
		/* r0 = XDP_PASS */
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_XDP;
	attr.insn_cnt = 2;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.log_level = 1;
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = sizeof(log);
	log[0] = '\0';
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (fd < 0) {
		int err = errno;

		log[strcspn(log, "\n")] = '\0';
		return ppcst_fail(-err, "bpf(BPF_PROG_LOAD, XDP_PASS): %s%s%s", strerror(err),
				  log[0] ? ": " : "", log);
	}
	return fd;
}

/* A received datagram to $PP_CAPTURE_ENV/WHAT-N.bin. */
static void capture(const char *what, const void *buf, size_t len)
{
	static int n;
	char name[96];

	snprintf(name, sizeof(name), "%s-%d.bin", what, n++);
	ppcst_capture(PP_CAPTURE_ENV, name, buf, len);
}

static int nl_open(int proto)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto), one = 1;

	if (fd < 0)
		return ppcst_fail(-errno, "netlink socket: %s", strerror(errno));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

/* One datagram into BUF within NL_TIMEOUT_MS; its length or -errno. */
static ssize_t nl_recv(int fd, void *buf, size_t len, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, NL_TIMEOUT_MS) != 1)
		return ppcst_fail(-ETIMEDOUT, "%s: no netlink reply in %d ms", what, NL_TIMEOUT_MS);
	n = recv(fd, buf, len, 0);
	if (n < 0)
		return ppcst_fail(-errno, "%s: netlink recv: %s", what, strerror(errno));
	capture(what, buf, (size_t)n);
	return n;
}

static int nl_send(int fd, const void *msg, size_t len, const char *what)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (!len)
		return ppcst_fail(-EOVERFLOW, "%s: message does not fit", what);
	if (sendto(fd, msg, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) != (ssize_t)len)
		return ppcst_fail(-errno, "%s: netlink send: %s", what, strerror(errno));
	return 0;
}

int xdp_attach(int ifindex, int prog_fd)
{
	unsigned char msg[256];
	static unsigned char reply[8192];
	char ext[256];
	int fd = nl_open(NETLINK_ROUTE), ret;
	const char *what = prog_fd < 0 ? "xdp-detach" : "xdp-attach";

	if (fd < 0)
		return fd;
	ret = nl_send(fd, msg, pp_msg_setlink_xdp(msg, sizeof(msg), ifindex, prog_fd,
						  XDP_FLAGS_DRV_MODE, 1), what);
	while (!ret) {
		ssize_t n = nl_recv(fd, reply, sizeof(reply), what);

		if (n < 0) {
			ret = (int)n;
			break;
		}
		ret = pp_parse_ack(reply, (size_t)n, 1, ext, sizeof(ext));
		if (ret < 0)
			ppcst_fail(ret, "RTM_SETLINK IFLA_XDP (ifindex %d): %s%s%s", ifindex,
				   strerror(-ret), ext[0] ? ": " : "", ext);
		if (ret <= 0)
			break;
		ret = 0;
	}
	close(fd);
	return ret;
}

int page_pools_list(struct page_pool_info *out, int max)
{
	unsigned char msg[128];
	static unsigned char reply[NL_BUF];
	uint16_t family = 0;
	int fd = nl_open(NETLINK_GENERIC), ret, n = 0;
	ssize_t len;

	if (fd < 0)
		return fd;
	ret = nl_send(fd, msg, pp_msg_getfamily(msg, sizeof(msg), PP_GENL_FAMILY, 1),
		      "genl-getfamily");
	if (!ret) {
		len = nl_recv(fd, reply, sizeof(reply), "genl-getfamily");
		ret = len < 0 ? (int)len : pp_parse_family_id(reply, (size_t)len, &family);
		if (ret)
			ppcst_fail(-ENOENT, "no \"%s\" generic netlink family: %s", PP_GENL_FAMILY,
				   strerror(-ret));
		if (ret)
			ret = -ENOENT;
	}
	if (!ret)
		ret = nl_send(fd, msg, pp_msg_page_pool_dump(msg, sizeof(msg), family, 2),
			      "page-pool-dump");
	while (!ret) {
		len = nl_recv(fd, reply, sizeof(reply), "page-pool-dump");
		if (len < 0) {
			ret = (int)len;
			break;
		}
		ret = pp_parse_page_pools(reply, (size_t)len, out, max, &n);
		if (ret < 0) {
			ppcst_fail(ret == -EOPNOTSUPP ? -ENOENT : ret,
				   "page-pool-get dump (netdev genl): %s", strerror(-ret));
			if (ret == -EOPNOTSUPP)
				ret = -ENOENT;
		}
	}
	close(fd);
	return ret < 0 ? ret : n;
}

int page_pools_of_ifindex(unsigned ifindex, uint64_t *ids, int max, uint64_t *inflight)
{
	struct page_pool_info p[PAGE_POOLS_MAX];
	int n = page_pools_list(p, PAGE_POOLS_MAX), found = 0;

	*inflight = 0;
	for (int i = 0; i < n && i < PAGE_POOLS_MAX; i++)
		if (p[i].ifindex == ifindex) {
			if (found < max)
				ids[found] = p[i].id;
			*inflight += p[i].inflight;
			found++;
		}
	return n < 0 ? n : found;
}

int page_pools_left(const uint64_t *ids, int nr, uint64_t *inflight, uint64_t *detached)
{
	struct page_pool_info p[PAGE_POOLS_MAX];
	int n = page_pools_list(p, PAGE_POOLS_MAX), left = 0;

	*inflight = 0;
	*detached = 0;
	for (int i = 0; i < n && i < PAGE_POOLS_MAX; i++)
		for (int k = 0; k < nr; k++)
			if (p[i].id == ids[k]) {
				left++;
				*inflight += p[i].inflight;
				*detached += !!p[i].detach_time;
			}
	return n < 0 ? n : left;
}
