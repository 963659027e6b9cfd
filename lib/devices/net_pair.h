/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Verified network traffic through a NIC's DMA window: the NIC under test and
 * a peer NIC wired to it, the peer moved into a network namespace of its own
 * (ip netns) so that traffic between their addresses crosses both devices
 * rather than the loopback. Load comes from real iperf3 (both directions at
 * once); the bytes are checked by a stream of our own, a pattern every byte of
 * which the receiver verifies (TCP checksums prove nothing here: virtio and
 * most NICs offload them).
 *
 * On a real partition only the interfaces the operator names:
 * $PPCST_NET_DEVICE (under test) and $PPCST_NET_PEER (cabled to it), both
 * taken down and re-addressed for the test; in the testbed the two NICs with
 * TESTBED_NIC_MAC and TESTBED_PEER_MAC. The cleanup stack undoes it all.
 */
#ifndef PPCST_NET_PAIR_H
#define PPCST_NET_PAIR_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/proc.h"

#define NET_DEVICE_ENV "PPCST_NET_DEVICE"
#define NET_PEER_ENV "PPCST_NET_PEER"
#define NET_PAIR_NETNS "ppcst-peer"
/* A private /24 the pair has to itself. */
#define NET_PAIR_DUT_ADDR "192.168.227.1"
#define NET_PAIR_PEER_ADDR "192.168.227.2"

struct net_pair {
	char dut[IF_NAMESIZE];	/* the interface under test */
	char peer[IF_NAMESIZE];
	char dut_pci[32];	/* its PCI address, "" if not on PCI */
	char peer_pci[32];	/* the peer's */
};

/* Bad input in the environment (main()): 0, or -EINVAL with ppcst_last_error(). */
int net_pair_check_env(void);
/* 0; -ENODEV with the skip reason in ppcst_last_error() (no pair); -EINVAL (bad env). */
int net_pair_pick(struct net_pair *np);
/* The same with another NIC under test in the testbed: the one with DUT_MAC. */
int net_pair_pick_mac(struct net_pair *np, const char *dut_mac);
/*
 * Moves the peer into namespace NET_PAIR_NETNS, addresses both ends and
 * brings them up; the cleanup stack gets the undo. 0 or -errno
 * (ppcst_last_error(): the ip command that failed).
 */
int net_pair_wire(const struct net_pair *np);

struct net_stream_result {
	unsigned long long bytes;	/* received intact, in order */
	double seconds;
	bool corrupt;			/* a byte differed at bad_offset */
	unsigned long long bad_offset;
};

/*
 * One TCP stream of BYTES pattern bytes between the wired pair: to the peer
 * (the NIC under test reads them from memory) or from it (the NIC writes
 * them to memory), every byte checked by the receiver. 0: all arrived
 * intact; 1: corrupt or short (see R); -errno: the stream could not run
 * (ppcst_last_error()). Bounded by TIMEOUT_S.
 */
int net_stream_verified(unsigned long long bytes, bool from_peer, unsigned timeout_s,
			struct net_stream_result *r);

/*
 * The two ends of a checked stream on any connected socket (the stream above
 * uses them; tests feed them damaged data). Send: BYTES (a multiple of 8) of
 * the pattern, 0 or -errno. Receive: until EOF, stopping at the first byte
 * that differs (R->corrupt, R->bad_offset); R->bytes counts the intact ones;
 * 0, or -errno if reading failed.
 */
int net_pattern_send(int fd, unsigned long long bytes);
int net_pattern_receive(int fd, unsigned long long bytes, struct net_stream_result *r);

/* iperf3 load over the pair: a one-shot server in the peer's namespace and
 * a client sending both ways for SECONDS; output appended to LOG. */
struct iperf3_load {
	struct proc server, client;
	int undo_server, undo_client;	/* their cleanup stack entries */
};
int iperf3_load_start(struct iperf3_load *load, unsigned seconds, const char *log);
/*
 * Waits for the client (up to its run time plus a margin), then ends the
 * server. 0: iperf3 ran to the end; 1: it failed (ppcst_last_error()).
 */
int iperf3_load_finish(struct iperf3_load *load, unsigned seconds);
/* Ends client and server now, whatever they were doing (the link under them
 * went away): no verdict. */
void iperf3_load_abort(struct iperf3_load *load);

/*
 * A receiver that stops reading: a TCP stream from the peer to the NIC under
 * test whose receiving socket (in a child process, the holder) never reads,
 * so what the NIC received - its receive buffers, page_pool pages for a
 * driver that uses one - sits in the socket's queue until the holder closes
 * it. The sender is a child in the peer's namespace. Both are on the cleanup
 * stack.
 */
struct net_held_stream {
	struct proc holder, sender;
	int ctl;			/* socketpair end to the holder */
	int undo_holder, undo_sender;
};

/* Starts both ends and waits until the stream is connected (TIMEOUT_S). */
int net_held_stream_start(struct net_held_stream *h, unsigned timeout_s);
/* Bytes waiting unread in the held socket (SIOCINQ), or -errno. */
long long net_held_stream_queued(struct net_held_stream *h);
/*
 * The holder closes the socket - every buffer in its queue is freed in the
 * holder's context - and exits; then the sender is stopped. 0: the holder
 * exited 0 within TIMEOUT_S; 1: it did not (HOW says how it ended: "killed
 * by signal 9 (...)" when the kernel oopsed under it); -errno.
 */
int net_held_stream_release(struct net_held_stream *h, unsigned timeout_s, char *how,
			    size_t howlen);

#endif
