// SPDX-License-Identifier: GPL-2.0
/*
 * The checked stream of lib/devices/net_pair.c on damaged data: a relay between the
 * sender and the receiver flips a byte, drops the tail, or swaps two chunks
 * (a stale or misplaced DMA buffer); the receiver must stop at the first
 * wrong byte, and pass an undamaged stream.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "devices/net_pair.h"

#define STREAM_BYTES (1ULL << 20)
#define CHUNK 4096

enum damage { NONE, FLIP, TRUNCATE, SWAP };

FIXTURE(stream) {
	struct net_stream_result r;
	int ret;
};

FIXTURE_VARIANT(stream) {
	enum damage damage;
	unsigned long long at;	/* where the damage starts */
};

FIXTURE_VARIANT_ADD(stream, intact) { .damage = NONE };
FIXTURE_VARIANT_ADD(stream, flipped_byte) { .damage = FLIP, .at = 123457 };
FIXTURE_VARIANT_ADD(stream, truncated) { .damage = TRUNCATE, .at = 65536 * 3 };
FIXTURE_VARIANT_ADD(stream, swapped_chunks) { .damage = SWAP, .at = 8 * CHUNK };

/* Reads all of FD into a malloc'ed buffer. */
static unsigned char *slurp(int fd, size_t *len)
{
	size_t cap = STREAM_BYTES + CHUNK, n = 0;
	unsigned char *buf = malloc(cap);
	ssize_t got;

	while (buf && (got = read(fd, buf + n, cap - n)) > 0)
		n += (size_t)got;
	*len = n;
	return buf;
}

/* Writes until done or until the receiver stops reading (it may, at the
 * first wrong byte). */
static void write_all(int fd, const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return;
		p += n;
		len -= (size_t)n;
	}
}

/* The sender and the relay, in a child: the pattern goes through a
 * socketpair, gets damaged, and comes out on OUT. */
static void damaged_sender(int out, enum damage damage, unsigned long long at)
{
	int sp[2];
	unsigned char *buf, tmp[CHUNK];
	size_t len;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp))
		_exit(1);
	if (!fork()) {
		close(sp[0]);
		_exit(net_pattern_send(sp[1], STREAM_BYTES) ? 1 : 0);
	}
	close(sp[1]);
	buf = slurp(sp[0], &len);
	if (!buf || len != STREAM_BYTES)
		_exit(1);
	switch (damage) {
	case FLIP: buf[at] ^= 0x10; break;
	case TRUNCATE: len = at; break;
	case SWAP:
		memcpy(tmp, buf + at, CHUNK);
		memcpy(buf + at, buf + at + CHUNK, CHUNK);
		memcpy(buf + at + CHUNK, tmp, CHUNK);
		break;
	case NONE: break;
	}
	write_all(out, buf, len);
	_exit(0);
}

FIXTURE_SETUP(stream)
{
	int sp[2], status;
	pid_t pid;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sp));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(sp[0]);
		damaged_sender(sp[1], variant->damage, variant->at);
	}
	close(sp[1]);
	self->ret = net_pattern_receive(sp[0], STREAM_BYTES, &self->r);
	close(sp[0]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
}

FIXTURE_TEARDOWN(stream)
{
}

TEST_F(stream, judged)
{
	ASSERT_EQ(0, self->ret);
	switch (variant->damage) {
	case NONE:
		EXPECT_FALSE(self->r.corrupt);
		EXPECT_EQ(STREAM_BYTES, self->r.bytes);
		break;
	case FLIP:
	case SWAP:
		/* Swapped chunks differ from their first byte on. */
		EXPECT_TRUE(self->r.corrupt);
		EXPECT_EQ(variant->at, self->r.bad_offset);
		break;
	case TRUNCATE:
		EXPECT_FALSE(self->r.corrupt);
		EXPECT_EQ(variant->at, self->r.bytes);
		break;
	}
}

TEST_HARNESS_MAIN
