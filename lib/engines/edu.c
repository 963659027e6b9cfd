// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's edu device as a DMA engine: lib/engines/edu.h.
 */
#include <errno.h>

#include "base/clock.h"
#include "engines/edu.h"

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

int edu_dma(struct edu *e, bool to_device, uint64_t iova, uint32_t off, uint32_t len,
	    unsigned timeout_ms, unsigned *ms)
{
	int64_t start = ppcst_now_ms(), now;
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
	for (;;) {
		now = ppcst_now_ms();
		if (!(reg_read(e, EDU_REG_DMA_CMD, true) & EDU_DMA_RUN))
			break;
		if (now - start > (int64_t)timeout_ms)
			return ppcst_fail(-ETIMEDOUT, "edu DMA of %u bytes %s 0x%llx still running "
					  "after %u ms", len, to_device ? "from" : "to",
					  (unsigned long long)iova, timeout_ms);
		ppcst_sleep_ms(EDU_POLL_MS);
	}
	if (ms)
		*ms = (unsigned)(ppcst_now_ms() - start);
	return 0;
}
