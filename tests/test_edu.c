// SPDX-License-Identifier: GPL-2.0
/*
 * lib/edu: the ident register in either byte order (QEMU's edu registers
 * are DEVICE_NATIVE_ENDIAN: big-endian on ppc64, read by a little-endian
 * guest), and what is refused before the device is touched.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "engines/edu/edu.h"
#include "harness/fixture.h"

FIXTURE(edu) {
	uint32_t value;
	bool big_endian;
};

FIXTURE_SETUP(edu)
{
	self->value = 0;
	self->big_endian = false;
}

FIXTURE_TEARDOWN(edu)
{
}

/* What a CPU of the other byte order reads from a register holding V. */
static uint32_t other_order(uint32_t v)
{
	return __builtin_bswap32(v);
}

TEST_F(edu, ident_in_the_cpus_order)
{
	ASSERT_EQ(0, edu_ident_decode(0x010000edu, &self->value, &self->big_endian));
	EXPECT_EQ(0x010000edu, self->value);
	EXPECT_EQ(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__, self->big_endian);
}

TEST_F(edu, ident_in_the_other_order)
{
	/* A ppc64le guest reading QEMU 10's edu on a ppc64 target: 0xed000001. */
	ASSERT_EQ(0, edu_ident_decode(other_order(0x010000edu), &self->value, &self->big_endian));
	EXPECT_EQ(0x010000edu, self->value);
	EXPECT_EQ(__BYTE_ORDER__ != __ORDER_BIG_ENDIAN__, self->big_endian);
}

TEST_F(edu, other_version_same_ident)
{
	ASSERT_EQ(0, edu_ident_decode(other_order(0x020300edu), &self->value, &self->big_endian));
	EXPECT_EQ(0x020300edu, self->value);
}

TEST_F(edu, no_edu_in_either_order)
{
	/* An unassigned BAR reads all ones; another device its own ident. */
	EXPECT_EQ(-ENODEV, edu_ident_decode(0xffffffffu, &self->value, &self->big_endian));
	EXPECT_ERROR_HAS("0xffffffff");
	EXPECT_EQ(-ENODEV, edu_ident_decode(0x12345678u, &self->value, &self->big_endian));
}

TEST_F(edu, bar_too_small_is_refused_unread)
{
	struct edu e;

	/* No BAR at all: a read would fault, so the size must be checked first. */
	EXPECT_EQ(-ENODEV, edu_init(&e, NULL, 0x80));
	EXPECT_ERROR_HAS("too small");
}

TEST_F(edu, dma_outside_its_buffer_is_refused_unstarted)
{
	/* No BAR: the range is checked before any register is written (QEMU
	 * would copy past its 4K buffer). */
	struct edu e = { .bar = NULL, .bar_len = 0 };

	EXPECT_EQ(-EINVAL, edu_dma_start(&e, true, 0x1000, 0, 0));
	EXPECT_EQ(-EINVAL, edu_dma_start(&e, true, 0x1000, 0, EDU_BUF_SIZE + 1));
	EXPECT_EQ(-EINVAL, edu_dma_start(&e, false, 0x1000, 1, EDU_BUF_SIZE));
	EXPECT_EQ(-EINVAL, edu_dma_start(&e, false, 0x1000, EDU_BUF_SIZE, 1));
	EXPECT_ERROR_HAS("outside its");
}

TEST_HARNESS_MAIN
