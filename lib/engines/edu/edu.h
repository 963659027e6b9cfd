/* SPDX-License-Identifier: GPL-2.0 */
/*
 * QEMU's edu device (hw/misc/edu.c, docs/specs/edu.rst), the DMA engines'
 * first driver (lib/engines/engine.h): a DMA engine a test controls: it copies up to EDU_BUF_SIZE bytes between bus addresses
 * the test chooses and a buffer of its own, so data can be sent through any
 * IOVA of any DMA window and compared on its way back.
 *
 * Its registers are DEVICE_NATIVE_ENDIAN: big-endian on a ppc64 target
 * whatever the guest's endianness; edu_init() tells the order from the
 * identification register rather than assuming it.
 *
 * Functions return 0 or -errno with ppcst_last_error() saying what failed.
 */
#ifndef PPCST_EDU_H
#define PPCST_EDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "engines/engine.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
/* Register 0x00: 0xRRrr00ed, major and minor version, the ident. */
#define EDU_IDENT_MASK 0xffffu
#define EDU_IDENT 0x00edu
/* The device's own DMA buffer, in its address space (not the BAR). */
#define EDU_BUF_ADDR 0x40000u
#define EDU_BUF_SIZE 4096u

struct edu {
	volatile uint8_t *bar;
	size_t bar_len;
	bool big_endian;	/* register byte order */
	uint32_t version;	/* the ident register, decoded */
};

/*
 * The ident register as read in the CPU's order (RAW) decoded: its value
 * into *VALUE and whether the device's registers are big-endian. -ENODEV
 * when neither order reads as an edu.
 */
int edu_ident_decode(uint32_t raw, uint32_t *value, bool *big_endian);

/* Takes the mapped BAR 0 (LEN bytes) of an edu: ident, byte order, and its
 * liveness register answering. */
int edu_init(struct edu *e, volatile void *bar, size_t len);

/*
 * Starts one DMA of LEN bytes (1..EDU_BUF_SIZE) between bus address IOVA
 * and the device's buffer at offset OFF: TO_DEVICE, the device reads IOVA;
 * else it writes there. -EBUSY while a DMA is still running.
 */
int edu_dma_start(struct edu *e, bool to_device, uint64_t iova, uint32_t off, uint32_t len);

/* Whether the DMA started last has ended, waiting up to TIMEOUT_MS for it
 * (QEMU runs a DMA 100 ms of virtual time after it is started).
 * Async-signal-safe: the driver's remove() waits with it. */
bool edu_dma_ended(const struct edu *e, unsigned timeout_ms);

/*
 * QEMU's edu as a DMA engine driver (lib/engines/engine.h). A copy from one
 * IOVA to another is two DMAs through the device's buffer: IOVA -> buffer
 * started by memcpy_start(), buffer -> IOVA started by memcpy_wait() once
 * the first ended. So one copy moves at most the buffer, EDU_BUF_SIZE
 * bytes, and a start copies once (max_memcpy_count 1): the device has one
 * DMA in flight and no descriptors to repeat.
 */
extern const struct dma_engine_driver edu_engine;

#endif
