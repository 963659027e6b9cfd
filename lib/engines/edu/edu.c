// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's edu device as a DMA engine: lib/engines/edu/edu.h.
 */
#include <errno.h>
#include <stdio.h>

#include "base/clock.h"
#include "engines/edu/edu.h"

#define EDU_REG_IDENT 0x00
#define EDU_REG_LIVENESS 0x04	/* reads back the bitwise NOT of what was written */
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_CNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1
#define EDU_DMA_TO_RAM 0x2	/* from the device's buffer to the bus address */
/* How often a running DMA is looked at. */
#define EDU_POLL_MS 5

int edu_ident_decode(uint32_t raw, uint32_t *value, bool *big_endian)
{
	uint32_t swapped = __builtin_bswap32(raw);

	/* The low half is the ident in the right order only: 0x00ed swapped
	 * is 0xed00. */
	if ((raw & EDU_IDENT_MASK) == EDU_IDENT) {
		*value = raw;
		*big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
		return 0;
	}
	if ((swapped & EDU_IDENT_MASK) == EDU_IDENT) {
		*value = swapped;
		*big_endian = __BYTE_ORDER__ != __ORDER_BIG_ENDIAN__;
		return 0;
	}
	return ppcst_fail(-ENODEV, "ident register reads 0x%08x: no edu device in either byte "
			  "order", raw);
}

static bool swap_needed(const struct edu *e)
{
	return e->big_endian != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
}

/* MMIO of 4 (or, WIDE, 8) bytes: the barriers order the accesses with
 * memory the device DMAs to. */
static uint64_t reg_read(const struct edu *e, unsigned reg, bool wide)
{
	volatile uint8_t *at = e->bar + reg;
	uint64_t v;

	__sync_synchronize();
	v = wide ? *(volatile uint64_t *)at : *(volatile uint32_t *)at;
	__sync_synchronize();
	if (!swap_needed(e))
		return v;
	return wide ? __builtin_bswap64(v) : __builtin_bswap32((uint32_t)v);
}

static void reg_write(const struct edu *e, unsigned reg, uint64_t v, bool wide)
{
	volatile uint8_t *at = e->bar + reg;

	if (swap_needed(e))
		v = wide ? __builtin_bswap64(v) : __builtin_bswap32((uint32_t)v);
	__sync_synchronize();
	if (wide)
		*(volatile uint64_t *)at = v;
	else
		*(volatile uint32_t *)at = (uint32_t)v;
	__sync_synchronize();
}

int edu_init(struct edu *e, volatile void *bar, size_t len)
{
	const uint32_t probe = 0x5a5a1234u;
	int ret;

	if (len <= EDU_REG_DMA_CMD + sizeof(uint64_t))
		return ppcst_fail(-ENODEV, "BAR 0 of %zu bytes is too small for an edu", len);
	e->bar = bar;
	e->bar_len = len;
	ret = edu_ident_decode(*(volatile uint32_t *)e->bar, &e->version, &e->big_endian);
	if (ret)
		return ret;
	reg_write(e, EDU_REG_LIVENESS, probe, false);
	if (reg_read(e, EDU_REG_LIVENESS, false) != ~probe)
		return ppcst_fail(-EIO, "edu liveness register does not answer (0x%08x for 0x%08x)",
				  (uint32_t)reg_read(e, EDU_REG_LIVENESS, false), probe);
	return 0;
}

int edu_dma_start(struct edu *e, bool to_device, uint64_t iova, uint32_t off, uint32_t len)
{
	uint64_t cmd = EDU_DMA_RUN;

	if (!len || len > EDU_BUF_SIZE || off > EDU_BUF_SIZE - len)
		return ppcst_fail(-EINVAL, "edu DMA of %u bytes at buffer offset %u: outside its "
				  "%u-byte buffer", len, off, EDU_BUF_SIZE);
	if (reg_read(e, EDU_REG_DMA_CMD, true) & EDU_DMA_RUN)
		return ppcst_fail(-EBUSY, "edu: a DMA is still running");
	if (to_device) {
		reg_write(e, EDU_REG_DMA_SRC, iova, true);
		reg_write(e, EDU_REG_DMA_DST, EDU_BUF_ADDR + off, true);
	} else {
		reg_write(e, EDU_REG_DMA_SRC, EDU_BUF_ADDR + off, true);
		reg_write(e, EDU_REG_DMA_DST, iova, true);
		cmd |= EDU_DMA_TO_RAM;
	}
	reg_write(e, EDU_REG_DMA_CNT, len, true);
	reg_write(e, EDU_REG_DMA_CMD, cmd, true);
	return 0;
}

bool edu_dma_ended(const struct edu *e, unsigned timeout_ms)
{
	const int64_t deadline = ppcst_now_ms() + timeout_ms;

	for (;;) {
		/* The time first: a DMA that ends during the last sleep counts. */
		bool late = ppcst_now_ms() > deadline;

		if (!(reg_read(e, EDU_REG_DMA_CMD, true) & EDU_DMA_RUN))
			return true;
		if (late)
			return false;
		ppcst_sleep_ms(EDU_POLL_MS);
	}
}

/* --- the driver ---------------------------------------------------------- */

/* The engine's state: the device and the copy under way. */
struct edu_engine {
	struct edu edu;
	uint64_t src, dst;	/* the copy's: its first DMA reads SRC, its second writes DST */
	uint32_t len;
};
_Static_assert(sizeof(struct edu_engine) <= DMA_ENGINE_PRIV_MAX, "edu's state outgrows the engine");

static struct edu_engine *edu_of(struct dma_engine *e)
{
	return (struct edu_engine *)e->priv;
}

static int edu_engine_init(struct dma_engine *e)
{
	struct edu *edu = &edu_of(e)->edu;
	int ret = edu_init(edu, e->bar, e->bar_len);

	if (ret)
		return ret;
	snprintf(e->about, sizeof(e->about), "edu %x.%x, %s-endian registers",
		 edu->version >> 24, (edu->version >> 16) & 0xff,
		 edu->big_endian ? "big" : "little");
	return 0;
}

/* How long remove() waits for a DMA left running by a copy that timed out:
 * the edu cannot be stopped, only waited for, before its IOVAs go. */
#define EDU_REMOVE_WAIT_MS 30000

static void edu_engine_remove(struct dma_engine *e)
{
	const struct edu *edu = &edu_of(e)->edu;

	/* All ones: the device is going (its PHB unplugged) or frozen, and
	 * nothing of it runs. */
	if (reg_read(edu, EDU_REG_DMA_CMD, true) == UINT64_MAX)
		return;
	edu_dma_ended(edu, EDU_REMOVE_WAIT_MS);
}

static int edu_engine_memcpy_start(struct dma_engine *e, uint64_t src, uint64_t dst,
				   uint64_t size, uint64_t count)
{
	struct edu_engine *state = edu_of(e);

	(void)count;	/* 1: max_memcpy_count */
	state->src = src;
	state->dst = dst;
	state->len = (uint32_t)size;
	return edu_dma_start(&state->edu, true, src, 0, state->len);
}

/* Waits for the DMA of the copy that reads (or, TO_RAM, writes) until DEADLINE. */
static int dma_wait(const struct edu_engine *state, bool to_ram, int64_t deadline,
		    unsigned timeout_ms)
{
	int64_t left = deadline - ppcst_now_ms();

	if (edu_dma_ended(&state->edu, left > 0 ? (unsigned)left : 0))
		return 0;
	return ppcst_fail(-ETIMEDOUT, "edu: its DMA of %u bytes %s 0x%llx still running %u ms "
			  "into the copy", state->len, to_ram ? "to" : "from",
			  (unsigned long long)(to_ram ? state->dst : state->src), timeout_ms);
}

static int edu_engine_memcpy_wait(struct dma_engine *e, unsigned timeout_ms)
{
	struct edu_engine *state = edu_of(e);
	const int64_t deadline = ppcst_now_ms() + timeout_ms;

	return dma_wait(state, false, deadline, timeout_ms) ?:
	       edu_dma_start(&state->edu, false, state->dst, 0, state->len) ?:
	       dma_wait(state, true, deadline, timeout_ms);
}

static const struct dma_engine_id edu_ids[] = {
	{ EDU_VENDOR, EDU_DEVICE },
	{ 0, 0 },
};

const struct dma_engine_driver edu_engine = {
	.name = "edu",
	.ids = edu_ids,
	.bar = 0,
	.max_memcpy_size = EDU_BUF_SIZE,
	.max_memcpy_count = 1,
	.init = edu_engine_init,
	.remove = edu_engine_remove,
	.memcpy_start = edu_engine_memcpy_start,
	.memcpy_wait = edu_engine_memcpy_wait,
};
