/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A NIC's page_pool, made and watched from user space without libbpf or
 * ynl: a pass-through XDP program (two BPF instructions through the bpf()
 * syscall) attached with rtnetlink RTM_SETLINK/IFLA_XDP - some drivers
 * (vmxnet3 in 6.12) take their receive buffers from a DMA-mapping page_pool
 * only while XDP is on - and the kernel's page pools listed through the
 * "netdev" generic netlink family (NETDEV_CMD_PAGE_POOL_GET, 6.8 and later):
 * id, interface, pages in flight, and whether the pool outlived its device.
 *
 * The message builders and parsers are pure (the suite's tests run them on
 * recorded kernel replies, tests/data/pagepool/); the rest does the syscalls.
 * Functions return 0 (or a count) or -errno with ppcst_last_error() saying
 * why.
 */
#ifndef PPCST_PAGEPOOL_H
#define PPCST_PAGEPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* uapi linux/netdev.h of 6.12; the cross toolchain's headers predate it. */
#define PP_GENL_FAMILY "netdev"
#define PP_NETDEV_CMD_PAGE_POOL_GET 5
#define PP_NETDEV_A_PAGE_POOL_ID 1
#define PP_NETDEV_A_PAGE_POOL_IFINDEX 2
#define PP_NETDEV_A_PAGE_POOL_NAPI_ID 3
#define PP_NETDEV_A_PAGE_POOL_INFLIGHT 4
#define PP_NETDEV_A_PAGE_POOL_INFLIGHT_MEM 5
#define PP_NETDEV_A_PAGE_POOL_DETACH_TIME 6

/* $PPCST_NL_CAPTURE=DIR: every netlink reply received is also written to
 * DIR/<what>-<n>.bin (recordings for tests/data/pagepool/). */
#define PP_CAPTURE_ENV "PPCST_NL_CAPTURE"

struct page_pool_info {
	uint64_t id;
	uint32_t ifindex;	/* 0: none reported (the device is gone: the pool
				 * was moved to the loopback, which is not shown) */
	uint64_t napi_id;
	uint64_t inflight;	/* pages handed out and not yet returned */
	uint64_t inflight_mem;	/* bytes */
	uint64_t detach_time;	/* 0: its driver has not destroyed it yet */
};

/* --- pure: messages into BUF; the length, 0 if LEN is too small ---------- */
size_t pp_msg_setlink_xdp(void *buf, size_t len, int ifindex, int prog_fd, uint32_t xdp_flags,
			  uint32_t seq);
size_t pp_msg_getfamily(void *buf, size_t len, const char *family, uint32_t seq);
size_t pp_msg_page_pool_dump(void *buf, size_t len, uint16_t family_id, uint32_t seq);

/*
 * The acknowledgement of request SEQ in one datagram: 0 (an ACK), -errno (an
 * error; MSG gets the kernel's extack message, or ""), or 1 (no reply to SEQ
 * here). -EBADMSG: malformed.
 */
int pp_parse_ack(const void *buf, size_t len, uint32_t seq, char *msg, size_t msglen);
/* The id of the family in a CTRL_CMD_NEWFAMILY reply: 0, -errno (an error
 * reply), -ENOENT (no id in it), -EBADMSG. */
int pp_parse_family_id(const void *buf, size_t len, uint16_t *id);
/*
 * One datagram of a page-pool dump: appends the pools to OUT (up to MAX,
 * *N counts them, also those beyond MAX). 1: NLMSG_DONE seen; 0: more to
 * come; -errno: an error reply or -EBADMSG.
 */
int pp_parse_page_pools(const void *buf, size_t len, struct page_pool_info *out, int max,
			int *n);

/* --- syscalls --------------------------------------------------------------- */
/* A BPF_PROG_TYPE_XDP program returning XDP_PASS: its fd. */
int xdp_pass_load(void);
/* Attach PROG_FD (-1: detach) in the driver's own (native) mode. */
int xdp_attach(int ifindex, int prog_fd);
/* Every page pool of the kernel into OUT (up to MAX); the count. -ENOENT: no
 * "netdev" genl family or no page-pool dump (kernel before 6.8). */
int page_pools_list(struct page_pool_info *out, int max);
/* The most pools the two below look at (page_pools_list). */
#define PAGE_POOLS_MAX 64
/* The pools of IFINDEX: their ids into IDS (up to MAX), their pages in flight
 * summed into *INFLIGHT; how many (also beyond MAX), or -errno. */
int page_pools_of_ifindex(unsigned ifindex, uint64_t *ids, int max, uint64_t *inflight);
/* Of the pools IDS, how many still exist (or -errno); their pages in flight
 * and how many of them are detached from their device. */
int page_pools_left(const uint64_t *ids, int nr, uint64_t *inflight, uint64_t *detached);

#endif
