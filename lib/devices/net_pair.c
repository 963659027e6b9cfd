// SPDX-License-Identifier: GPL-2.0
/*
 * The wired NIC pair and its verified traffic: lib/devices/net_pair.h.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "devices/net_pair.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "testbed/testbed.h"

#define SYSFS_NET "/sys/class/net"
#define NETNS_PATH "/run/netns/" NET_PAIR_NETNS
#define STREAM_PORT 5299
/* The held stream's port, on the NIC under test's address. */
#define HELD_PORT 5298
#define HELD_RCVBUF (16 << 20)
#define CHUNK (64 * 1024)
/* Seconds each ip command and each cleanup step may take: a guard against a
 * hang, not a judgment of speed. "link set up" fills the NIC's receive ring,
 * a map (and on a default window a TCE hcall) per buffer, traced: under TCG
 * on a busy host that outran 10 s (the peer's "link set eth0 up: failed" of
 * a dma-default-window run, killed with no output). */
#define IP_TIMEOUT_S 120

/* iproute2's ip, by absolute path: cleanup actions cannot search PATH. */
static const char *ip_path(void)
{
	static const char *const where[] = { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" };

	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++)
		if (!access(where[i], X_OK))
			return where[i];
	return NULL;
}

static bool iface_exists(const char *name)
{
	char path[PATH_MAX];

	return snprintf(path, sizeof(path), "%s/%s", SYSFS_NET, name) < (int)sizeof(path) &&
	       !access(path, F_OK);
}

int net_pair_check_env(void)
{
	const char *dut = getenv(NET_DEVICE_ENV), *peer = getenv(NET_PEER_ENV);

	if (!dut && !peer)
		return 0;
	if (!dut || !peer || !strcmp(dut, peer))
		return ppcst_fail(-EINVAL, "%s and %s must name two different interfaces",
				  NET_DEVICE_ENV, NET_PEER_ENV);
	if (strlen(dut) >= IF_NAMESIZE || !iface_exists(dut) ||
	    strlen(peer) >= IF_NAMESIZE || !iface_exists(peer)) {
		return ppcst_fail(-EINVAL, "%s=%s / %s=%s: no such interface (see %s)", NET_DEVICE_ENV,
				  dut, NET_PEER_ENV, peer, SYSFS_NET);
	}
	return 0;
}

int net_pair_pick(struct net_pair *np)
{
	return net_pair_pick_mac(np, TESTBED_NIC_MAC);
}

int net_pair_pick_mac(struct net_pair *np, const char *dut_mac)
{
	char path[PATH_MAX];
	int ret = net_pair_check_env();

	memset(np, 0, sizeof(*np));
	if (ret)
		return ret;
	if (getenv(NET_DEVICE_ENV)) {
		snprintf(np->dut, sizeof(np->dut), "%s", getenv(NET_DEVICE_ENV));
		snprintf(np->peer, sizeof(np->peer), "%s", getenv(NET_PEER_ENV));
	} else if (!testbed_guest()) {
		return ppcst_fail(-ENODEV, "no NIC pair: set %s and %s to two interfaces cabled to "
				  "each other", NET_DEVICE_ENV, NET_PEER_ENV);
	} else if (ppcst_sysfs_find_entry(SYSFS_NET, "address", dut_mac, np->dut, sizeof(np->dut)) ||
		   ppcst_sysfs_find_entry(SYSFS_NET, "address", TESTBED_PEER_MAC, np->peer,
				    sizeof(np->peer))) {
		return ppcst_fail(-ENODEV, "no NICs with MAC %s and %s (CONFIG_VIRTIO_NET, or a "
				  "profile without the NIC pair)", dut_mac, TESTBED_PEER_MAC);
	}
	if (!ip_path())
		return ppcst_fail(-ENODEV, "iproute2's ip not found");
	snprintf(path, sizeof(path), "%s/%s/device", SYSFS_NET, np->dut);
	if (pci_parent(path, np->dut_pci, sizeof(np->dut_pci)))
		np->dut_pci[0] = '\0';
	/* Now: once wired, the peer is in its namespace, out of our sysfs. */
	snprintf(path, sizeof(path), "%s/%s/device", SYSFS_NET, np->peer);
	if (pci_parent(path, np->peer_pci, sizeof(np->peer_pci)))
		np->peer_pci[0] = '\0';
	return 0;
}

/* Runs ip with ARGS (NULL-terminated, after "ip"). */
static int run_ip(const char *const *args)
{
	const char *argv[16] = { ip_path() };
	const struct proc_opts opts = { .timeout_ms = IP_TIMEOUT_S * 1000 };
	char out[512], cmd[256], how[96];
	struct proc_opts with_buf = opts;
	struct proc_result res;
	size_t n = 1, used = 0;

	for (; args[n - 1] && n < sizeof(argv) / sizeof(argv[0]) - 1; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	with_buf.buf = out;
	with_buf.buf_size = sizeof(out);
	if (!proc_run(argv, &with_buf, &res))
		return 0;
	for (size_t i = 0; argv[i]; i++)
		used += (size_t)snprintf(cmd + used, used < sizeof(cmd) ? sizeof(cmd) - used : 0,
					 "%s%s", i ? " " : "", argv[i]);
	out[strcspn(out, "\n")] = '\0';
	/* How it ended too: a timeout on a busy host is no kernel failure to
	 * guess at from an empty message. */
	return ppcst_fail(-EIO, "%s: %s: %s", cmd, proc_describe(&res, how, sizeof(how)),
			  out[0] ? out : "no output");
}

/* Pushes "ip ARGS" as an undo step. */
static int push_ip_undo(const char *const *args)
{
	const char *argv[16] = { ip_path() };
	size_t n = 1;

	for (; args[n - 1] && n < sizeof(argv) / sizeof(argv[0]) - 1; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	if (cleanup_push_exec(IP_TIMEOUT_S, argv) < 0)
		return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
	return 0;
}

/* Undo for the device under test: its address off, link down - unless it
 * is gone (pagepool_dlpar removes it), when there is nothing to undo. A
 * shell does the test: cleanup actions must be async-signal-safe. */
static int push_dut_undo(const char *dut)
{
	const char *const argv[] = {
		"/bin/sh", "-c", "[ ! -e " SYSFS_NET "/$1 ] || { \"$0\" addr flush dev \"$1\" && "
		"\"$0\" link set \"$1\" down; }", ip_path(), dut, NULL,
	};

	if (cleanup_push_exec(IP_TIMEOUT_S, argv) < 0)
		return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
	return 0;
}

int net_pair_wire(const struct net_pair *np)
{
	const char *dut = np->dut, *peer = np->peer, *ns = NET_PAIR_NETNS;
	int ret;

	/* A namespace left by a killed run holds the peer: take it back. */
	if (!access(NETNS_PATH, F_OK))
		run_ip((const char *[]){ "netns", "del", ns, NULL });
	/* Undo, run newest first: the peer comes home when its namespace is
	 * deleted, then the device under test loses its address. */
	ret = push_dut_undo(dut) ?:
	      run_ip((const char *[]){ "netns", "add", ns, NULL }) ?:
	      push_ip_undo((const char *[]){ "netns", "del", ns, NULL }) ?:
	      run_ip((const char *[]){ "link", "set", peer, "netns", ns, NULL }) ?:
	      /* Home at once: a namespace outlives "netns del" while a socket
	       * of it lives on (an orphaned TCP connection to a NIC that went
	       * away retransmits for minutes), and keeps the peer with it. */
	      push_ip_undo((const char *[]){ "-n", ns, "link", "set", peer, "netns", "1", NULL }) ?:
	      run_ip((const char *[]){ "-n", ns, "addr", "add", NET_PAIR_PEER_ADDR "/24", "dev",
				       peer, NULL }) ?:
	      run_ip((const char *[]){ "-n", ns, "link", "set", peer, "up", NULL }) ?:
	      run_ip((const char *[]){ "addr", "flush", "dev", dut, NULL }) ?:
	      run_ip((const char *[]){ "addr", "add", NET_PAIR_DUT_ADDR "/24", "dev", dut, NULL }) ?:
	      run_ip((const char *[]){ "link", "set", dut, "up", NULL });
	return ret;
}

/* The stream's content: 8 bytes per index, hard to produce by accident
 * (splitmix64), so a misplaced or stale buffer never matches. */
static uint64_t pattern_word(uint64_t index)
{
	uint64_t z = index + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void fill_chunk(uint64_t *buf, uint64_t offset, size_t len)
{
	for (size_t i = 0; i < len / 8; i++)
		buf[i] = pattern_word(offset / 8 + i);
}

static double now_s(void)
{
	return ppcst_now_ms() / 1e3;
}

static void set_timeouts(int fd, unsigned timeout_s)
{
	struct timeval tv = { .tv_sec = timeout_s };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

int net_pattern_send(int fd, unsigned long long bytes)
{
	static uint64_t buf[CHUNK / 8];

	for (unsigned long long off = 0; off < bytes; ) {
		size_t len = bytes - off < CHUNK ? (size_t)(bytes - off) : CHUNK;
		size_t sent = 0;

		fill_chunk(buf, off, len);
		while (sent < len) {
			ssize_t n = send(fd, (char *)buf + sent, len - sent, MSG_NOSIGNAL);

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return n < 0 ? -errno : -EPIPE;
			sent += (size_t)n;
		}
		off += len;
	}
	return 0;
}

int net_pattern_receive(int fd, unsigned long long bytes, struct net_stream_result *r)
{
	static uint64_t got[CHUNK / 8], want[CHUNK / 8];
	unsigned long long off = 0;

	for (;;) {
		size_t have = 0;
		ssize_t n = 1;

		while (have < CHUNK && n > 0) {
			n = recv(fd, (char *)got + have, CHUNK - have, 0);
			if (n < 0 && errno == EINTR)
				n = 1;
			else if (n > 0)
				have += (size_t)n;
		}
		if (n < 0)
			return -errno;
		fill_chunk(want, off, have);
		for (size_t i = 0; i < have; i++)
			if (((char *)got)[i] != ((char *)want)[i]) {
				r->corrupt = true;
				r->bad_offset = off + i;
				return 0;
			}
		off += have;
		r->bytes = off;
		if (!n || off > bytes)
			return 0;
	}
}

static struct sockaddr_in inet_addr_of(const char *ip, unsigned short port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &sa.sin_addr);
	return sa;
}

/* The peer's end, in a child inside the peer's namespace: listens, says so
 * on READY, then sends or checks, and reports on READY. Never returns. */
static void peer_end(int ready, unsigned long long bytes, bool sends, unsigned timeout_s)
{
	struct sockaddr_in sa = inet_addr_of(NET_PAIR_PEER_ADDR, STREAM_PORT);
	struct net_stream_result r = { 0 };
	int ns = open(NETNS_PATH, O_RDONLY | O_CLOEXEC), one = 1, lfd, fd, ret = -1;

	if (ns < 0 || setns(ns, CLONE_NEWNET))
		_exit(3);
	lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	set_timeouts(lfd, timeout_s);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 1))
		_exit(4);
	if (write(ready, "L", 1) != 1)
		_exit(5);
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (fd >= 0) {
		set_timeouts(fd, timeout_s);
		ret = sends ? net_pattern_send(fd, bytes) : net_pattern_receive(fd, bytes, &r);
		close(fd);
	}
	if (ret || write(ready, &r, sizeof(r)) != sizeof(r))
		_exit(6);
	_exit(0);
}

/* Waits for LEN bytes on FD for up to TIMEOUT_S. */
static int read_within(int fd, void *buf, size_t len, unsigned timeout_s)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, (int)timeout_s * 1000) != 1)
		return -ETIMEDOUT;
	return read(fd, buf, len) == (ssize_t)len ? 0 : -EIO;
}

int net_stream_verified(unsigned long long bytes, bool from_peer, unsigned timeout_s,
			struct net_stream_result *r)
{
	struct sockaddr_in here = inet_addr_of(NET_PAIR_DUT_ADDR, 0);
	struct sockaddr_in there = inet_addr_of(NET_PAIR_PEER_ADDR, STREAM_PORT);
	struct net_stream_result peer_r = { 0 };
	int pipefd[2], fd = -1, status, ret;
	bool timed_out, killed;
	char ready;
	double t0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	bytes &= ~7ULL;
	if (pipe2(pipefd, O_CLOEXEC))
		return ppcst_fail(-errno, "pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		ret = ppcst_fail(-errno, "fork: %s", strerror(errno));
		goto out_pipe;
	}
	if (!pid) {
		setpgid(0, 0);
		close(pipefd[0]);
		peer_end(pipefd[1], bytes, from_peer, timeout_s);
	}
	close(pipefd[1]);
	pipefd[1] = -1;
	ret = read_within(pipefd[0], &ready, 1, IP_TIMEOUT_S);
	if (ret) {
		ppcst_fail(ret, "the peer's end did not start listening in %s", NET_PAIR_NETNS);
		goto out_child;
	}
	t0 = now_s();
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	set_timeouts(fd, timeout_s);
	if (fd < 0 || bind(fd, (struct sockaddr *)&here, sizeof(here)) ||
	    connect(fd, (struct sockaddr *)&there, sizeof(there))) {
		ret = ppcst_fail(-errno, "connect %s -> %s:%d: %s", NET_PAIR_DUT_ADDR,
				 NET_PAIR_PEER_ADDR, STREAM_PORT, strerror(errno));
		goto out_child;
	}
	ret = from_peer ? net_pattern_receive(fd, bytes, r) : net_pattern_send(fd, bytes);
	if (ret)
		ppcst_fail(ret, "stream %s the peer: %s", from_peer ? "from" : "to", strerror(-ret));
	close(fd);
	fd = -1;
	if (!from_peer) {
		/* The peer checked: its verdict comes back on the pipe - also when
		 * it stopped reading at a bad byte and closed, which broke our
		 * send off (EPIPE, ECONNRESET): then the bad byte is the news. */
		int got = read_within(pipefd[0], &peer_r, sizeof(peer_r), timeout_s);

		if (!got && (!ret || peer_r.corrupt)) {
			*r = peer_r;
			ret = 0;
		} else if (!ret) {
			ret = ppcst_fail(got, "no verdict from the peer's end");
		}
	}
	r->seconds = now_s() - t0;
	if (!ret)
		ret = r->corrupt || r->bytes != bytes;
out_child:
	if (fd >= 0)
		close(fd);
	proc_reap_group(pid, timeout_s * 1000, PROC_GRACE_MS, &status, &timed_out, &killed);
out_pipe:
	close(pipefd[0]);
	if (pipefd[1] >= 0)
		close(pipefd[1]);
	return ret;
}

/* Starts ARGV in the background with a cleanup entry that stops it. */
static int start_undoable(struct proc *p, int *undo, const char *const *argv, const char *log)
{
	if (proc_start(p, argv, log))
		return ppcst_fail(-errno, "cannot start %s: %s", argv[0], strerror(errno));
	*undo = cleanup_push("stop iperf3", proc_stop_cleanup, p, sizeof(*p));
	if (*undo < 0) {
		struct proc_result res;

		proc_stop(p, 0, &res);
		return ppcst_fail(-errno, "cleanup stack: %s", strerror(errno));
	}
	return 0;
}

static void stop_undoable(struct proc *p, int undo)
{
	struct proc_result res;

	proc_stop(p, PROC_GRACE_MS, &res);
	cleanup_drop(undo);
}

/* iperf3's port, and how long its server may take to listen: under TCG, in a
 * guest busy with a removal or beside a host build, the 0.5 s once thought
 * enough was not (the client found nothing and ended at once: "iperf3
 * ended before the removal"). */
#define IPERF3_PORT 5201
#define IPERF3_LISTEN_TIMEOUT_MS 60000

/* Whether PID's network namespace has a TCP socket listening on PORT: its
 * /proc/PID/net/tcp ("sl local rem st ..."; st 0A is LISTEN). */
static bool listening(pid_t pid, unsigned port)
{
	char path[64], line[256];
	unsigned lport, st;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/net/tcp", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, " %*u: %*x:%x %*x:%*x %x", &lport, &st) == 2 &&
			lport == port && st == 0x0A;
	fclose(f);
	return found;
}

int iperf3_load_start(struct iperf3_load *load, unsigned seconds, const char *log)
{
	char t[16];
	int64_t deadline;
	const char *const server[] = { ip_path(), "netns", "exec", NET_PAIR_NETNS, "iperf3",
				       "-s", "-1", "-B", NET_PAIR_PEER_ADDR, NULL };
	const char *const client[] = { "iperf3", "-c", NET_PAIR_PEER_ADDR, "-B",
				       NET_PAIR_DUT_ADDR, "--bidir", "-t", t, NULL };
	int ret;

	memset(load, 0, sizeof(*load));
	snprintf(t, sizeof(t), "%u", seconds);
	ret = start_undoable(&load->server, &load->undo_server, server, log);
	if (ret)
		return ret;
	/* The client starts once the server listens (in the peer's namespace,
	 * which `ip netns exec` entered before it ran iperf3: the same pid). */
	deadline = ppcst_now_ms() + IPERF3_LISTEN_TIMEOUT_MS;
	while (!listening(load->server.pid, IPERF3_PORT)) {
		struct proc_result res;

		if (ppcst_now_ms() >= deadline || !proc_running(&load->server, &res)) {
			stop_undoable(&load->server, load->undo_server);
			return ppcst_fail(-ETIMEDOUT, "iperf3 -s: not listening on port %d within "
					  "%d s (see the log)", IPERF3_PORT,
					  IPERF3_LISTEN_TIMEOUT_MS / 1000);
		}
		ppcst_sleep_ms(100);
	}
	ret = start_undoable(&load->client, &load->undo_client, client, log);
	if (ret)
		stop_undoable(&load->server, load->undo_server);
	return ret;
}

void iperf3_load_abort(struct iperf3_load *load)
{
	if (load->client.pid)
		stop_undoable(&load->client, load->undo_client);
	if (load->server.pid)
		stop_undoable(&load->server, load->undo_server);
}

int iperf3_load_finish(struct iperf3_load *load, unsigned seconds)
{
	int status = 0, ret = 0;
	bool timed_out = false, killed;

	if (proc_reap_group(load->client.pid, (seconds + 30) * 1000, PROC_GRACE_MS, &status,
			    &timed_out, &killed) || timed_out)
		ret = ppcst_fail(1, "iperf3 -c did not finish within %u s", seconds + 30);
	else if (!WIFEXITED(status) || WEXITSTATUS(status))
		ret = ppcst_fail(1, "iperf3 -c failed (wait status 0x%x; see the log)", status);
	load->client.pid = 0;
	cleanup_drop(load->undo_client);
	stop_undoable(&load->server, load->undo_server);
	return ret;
}

/* The holder, in the root namespace: listens, accepts the sender, then
 * answers CTL: 'q' -> the queued bytes (long long), 'r' -> closes the socket
 * and exits 0. Never returns. */
static void holder_end(int ctl, unsigned timeout_s)
{
	struct sockaddr_in sa = inet_addr_of(NET_PAIR_DUT_ADDR, HELD_PORT);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), fd;
	char cmd;

	if (lfd < 0)
		_exit(3);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* Room for many receive buffers: the accepted socket inherits it. */
	setsockopt(lfd, SOL_SOCKET, SO_RCVBUFFORCE, &(int){ HELD_RCVBUF }, sizeof(int));
	set_timeouts(lfd, timeout_s);
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 1) ||
	    write(ctl, "L", 1) != 1)
		_exit(4);
	fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	close(lfd);
	if (fd < 0 || write(ctl, "A", 1) != 1)
		_exit(5);
	while (read(ctl, &cmd, 1) == 1) {
		long long queued = -1;
		int inq;

		if (cmd == 'r') {
			close(fd);
			_exit(0);
		}
		if (!ioctl(fd, SIOCINQ, &inq))
			queued = inq;
		if (write(ctl, &queued, sizeof(queued)) != sizeof(queued))
			_exit(6);
	}
	_exit(7);
}

/* The sender, in the peer's namespace: the pattern, until it is stopped. */
static void sender_end(void)
{
	struct sockaddr_in there = inet_addr_of(NET_PAIR_DUT_ADDR, HELD_PORT);
	int ns = open(NETNS_PATH, O_RDONLY | O_CLOEXEC), fd;

	if (ns < 0 || setns(ns, CLONE_NEWNET))
		_exit(3);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	/* Stopped, it resets the connection instead of leaving an orphan that
	 * retransmits to a NIC that is gone (and pins the namespace). */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &(struct linger){ .l_onoff = 1 },
		   sizeof(struct linger));
	if (fd < 0 || connect(fd, (struct sockaddr *)&there, sizeof(there)))
		_exit(4);
	for (;;)
		if (net_pattern_send(fd, 1ULL << 40))
			_exit(0);
}

static int fork_child(struct proc *p, int *undo, const char *what)
{
	p->pid = fork();
	if (p->pid < 0) {
		p->pid = 0;
		return ppcst_fail(-errno, "fork: %s", strerror(errno));
	}
	if (!p->pid)
		return 1;
	setpgid(p->pid, p->pid);
	*undo = cleanup_push(what, proc_stop_cleanup, p, sizeof(*p));
	return 0;
}

int net_held_stream_start(struct net_held_stream *h, unsigned timeout_s)
{
	int sv[2], ret;
	char c;

	memset(h, 0, sizeof(*h));
	h->ctl = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return ppcst_fail(-errno, "socketpair: %s", strerror(errno));
	ret = fork_child(&h->holder, &h->undo_holder, "stop the held stream's holder");
	if (ret > 0) {
		setpgid(0, 0);
		close(sv[0]);
		holder_end(sv[1], timeout_s);
	}
	close(sv[1]);
	h->ctl = sv[0];
	if (ret)
		return ret;
	ret = read_within(h->ctl, &c, 1, IP_TIMEOUT_S);
	if (ret)
		return ppcst_fail(ret, "the held stream's receiver did not listen on %s:%d",
				  NET_PAIR_DUT_ADDR, HELD_PORT);
	ret = fork_child(&h->sender, &h->undo_sender, "stop the held stream's sender");
	if (ret > 0) {
		setpgid(0, 0);
		sender_end();
	}
	if (ret)
		return ret;
	ret = read_within(h->ctl, &c, 1, timeout_s);
	if (ret)
		return ppcst_fail(ret, "the peer's sender did not connect to %s:%d within %u s",
				  NET_PAIR_DUT_ADDR, HELD_PORT, timeout_s);
	return 0;
}

long long net_held_stream_queued(struct net_held_stream *h)
{
	long long queued;
	int ret;

	if (write(h->ctl, "q", 1) != 1)
		return ppcst_fail(-EPIPE, "the held stream's holder is gone");
	ret = read_within(h->ctl, &queued, sizeof(queued), IP_TIMEOUT_S);
	if (ret)
		return ppcst_fail(ret, "no answer from the held stream's holder");
	return queued;
}

int net_held_stream_release(struct net_held_stream *h, unsigned timeout_s, char *how,
			    size_t howlen)
{
	struct proc_result res = { .started = true };
	int ret = 1;

	snprintf(how, howlen, "not started");
	if (h->holder.pid) {
		if (write(h->ctl, "r", 1) != 1)
			snprintf(how, howlen, "the holder was gone before the release");
		if (proc_reap_group(h->holder.pid, timeout_s * 1000, PROC_GRACE_MS, &res.status,
				    &res.timed_out, &res.killed)) {
			snprintf(how, howlen, "could not be reaped (stuck in the kernel)");
			ret = -ETIMEDOUT;
		} else {
			proc_describe(&res, how, howlen);
			ret = !res.timed_out && WIFEXITED(res.status) && !WEXITSTATUS(res.status) ?
			      0 : 1;
		}
		h->holder.pid = 0;
		cleanup_drop(h->undo_holder);
	}
	if (h->sender.pid) {
		struct proc_result sres;

		proc_stop(&h->sender, PROC_GRACE_MS, &sres);
		cleanup_drop(h->undo_sender);
	}
	if (h->ctl >= 0)
		close(h->ctl);
	h->ctl = -1;
	return ret;
}
