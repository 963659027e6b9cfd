// SPDX-License-Identifier: GPL-2.0
/*
 * lib/engines/engine: the registry of DMA engine drivers. A device is
 * matched by vendor and device, one no driver supports is refused with
 * every supported vendor:device named, and what one copy may take is
 * honoured: by the split of a longer copy into pieces and by the refusal of
 * a start beyond it before the device is touched (no BAR here: a touch
 * would fault). The devices are real ones' IDs: QEMU's edu (hw/misc/edu.c),
 * QEMU's standard VGA of the same vendor, Intel's DSA (the VFIO selftests'
 * dsa driver, x86 only).
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "base/cleanup.h"
#include "engines/engine.h"
#include "harness/fixture.h"

static const struct pci_dev_info edu_dev = { .addr = "0004:00:00.0", .vendor = 0x1234,
					     .device = 0x11e8 };
static const struct pci_dev_info vga_dev = { .addr = "0000:00:02.0", .vendor = 0x1234,
					     .device = 0x1111 };
static const struct pci_dev_info dsa_dev = { .addr = "0000:6a:01.0", .vendor = 0x8086,
					     .device = 0x0b25 };

FIXTURE(engine) {
	const struct dma_engine_driver *edu;
	struct dma_engine e;	/* the edu's limits, no device */
};

FIXTURE_SETUP(engine)
{
	self->edu = dma_engine_probe(&edu_dev);
	ASSERT_NE(NULL, self->edu) TH_LOG_ERROR();
	memset(&self->e, 0, sizeof(self->e));
	self->e.driver = self->edu;
	self->e.max_memcpy_size = self->edu->max_memcpy_size;
	self->e.max_memcpy_count = self->edu->max_memcpy_count;
	self->e.remove_entry = -1;
}

FIXTURE_TEARDOWN(engine)
{
}

TEST_F(engine, probe_matches_the_edu)
{
	EXPECT_STREQ("edu", self->edu->name);
	EXPECT_EQ(0, self->edu->bar);
}

TEST_F(engine, probe_matches_the_device_not_just_the_vendor)
{
	EXPECT_EQ(NULL, dma_engine_probe(&vga_dev));
	EXPECT_ERROR_HAS("1234:1111");
}

TEST_F(engine, unknown_device_is_refused_naming_the_supported_ones)
{
	EXPECT_EQ(NULL, dma_engine_probe(&dsa_dev));
	EXPECT_ERROR_HAS("0000:6a:01.0 is 8086:0b25");
	EXPECT_ERROR_HAS("supported: edu 1234:11e8");
	EXPECT_NE(NULL, strstr(dma_engine_supported(), "edu 1234:11e8"));
}

TEST_F(engine, edu_advertises_its_buffer_and_one_copy_a_start)
{
	EXPECT_EQ(4096, self->edu->max_memcpy_size);
	EXPECT_EQ(1, self->edu->max_memcpy_count);
}

/* The pieces of LEN bytes: each within the limit, together LEN; their count. */
static unsigned pieces(struct __test_metadata *_metadata, const struct dma_engine *e,
		       uint64_t len)
{
	uint64_t done = 0, n;
	unsigned count = 0;

	while (done < len) {
		n = dma_engine_piece(e, len - done);
		EXPECT_LT(0, n) return count;
		EXPECT_GE(e->max_memcpy_size, n) TH_LOG("piece %u of %llu bytes", count,
							(unsigned long long)n);
		done += n;
		count++;
	}
	EXPECT_EQ(len, done);
	return count;
}

TEST_F(engine, split_honours_the_copy_size)
{
	EXPECT_EQ(1, pieces(_metadata, &self->e, 1));
	EXPECT_EQ(1, pieces(_metadata, &self->e, 4096));
	EXPECT_EQ(2, pieces(_metadata, &self->e, 4097));
	/* vfio_edu's round trip: 3 TCE pages and 0x321 bytes. */
	EXPECT_EQ(4, pieces(_metadata, &self->e, 3 * 4096 + 0x321));
	/* A device that reports a smaller limit in init() gets smaller pieces. */
	self->e.max_memcpy_size = 512;
	EXPECT_EQ(26, pieces(_metadata, &self->e, 3 * 4096 + 0x321));
}

TEST_F(engine, start_beyond_the_limits_is_refused_unstarted)
{
	EXPECT_EQ(-EINVAL, dma_engine_memcpy_start(&self->e, 0x1000, 0x8000, 4097, 1));
	EXPECT_ERROR_HAS("edu: a copy of 4097 bytes 1 times: it takes "
			 "1 to 4096 bytes, 1 to 1 times");
	EXPECT_EQ(-EINVAL, dma_engine_memcpy_start(&self->e, 0x1000, 0x8000, 0, 1));
	EXPECT_EQ(-EINVAL, dma_engine_memcpy_start(&self->e, 0x1000, 0x8000, 4096, 2));
	EXPECT_EQ(-EINVAL, dma_engine_memcpy_start(&self->e, 0x1000, 0x8000, 4096, 0));
	EXPECT_FALSE(self->e.copy_running);
}

static void nothing(void *arg)
{
	(void)arg;
}

TEST_F(engine, remove_of_an_engine_never_initialised_leaves_the_stack_alone)
{
	/* A zeroed engine (a fixture's) has entry 0 in remove_entry: not its own. */
	struct dma_engine zeroed;
	int mine = cleanup_push("the test's own entry", nothing, "", 1);

	memset(&zeroed, 0, sizeof(zeroed));
	ASSERT_LE(0, mine);
	dma_engine_remove(&zeroed);
	EXPECT_EQ(1, cleanup_pending());
	cleanup_drop(mine);
}

TEST_HARNESS_MAIN
