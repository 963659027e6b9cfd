/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DMA map/unmap load through the kernel's DMA map benchmark
 * (CONFIG_DMA_MAP_BENCHMARK, kernel/dma/map_benchmark.c): a PCI driver without
 * an ID table, so it binds only through driver_override, that creates
 * debugfs "dma_map_benchmark" for the one device bound to it; its ioctl sets
 * the device's DMA mask to dma_bits (64 bits makes pseries create a DDW),
 * maps and unmaps a buffer in kernel threads for some seconds and returns
 * the average latencies.
 *
 * Lending a device: only a driverless one, and on a real partition only
 * the one the operator names; the binding and the old driver_override are
 * undone by the cleanup stack (lib/base/cleanup.h), also on SIGTERM.
 */
#ifndef PPCST_MAP_BENCH_H
#define PPCST_MAP_BENCH_H

#include <stddef.h>
#include <stdint.h>

#define MAP_BENCH_DRIVER "dma_map_benchmark"
#define MAP_BENCH_DEBUGFS "/sys/kernel/debug/dma_map_benchmark"
/* The operator's choice of device to lend on a real partition. */
#define MAP_BENCH_DEVICE_ENV "PPCST_DDW_DEVICE"
/* QEMU's pci-testdev: no Linux driver claims it, so the testbed lends it. */
#define PCI_TESTDEV_VENDOR 0x1b36
#define PCI_TESTDEV_DEVICE 0x0005

struct map_bench_result {
	uint64_t avg_map_ns, map_stddev_ns;
	uint64_t avg_unmap_ns, unmap_stddev_ns;
};

/*
 * Whether $PPCST_DDW_DEVICE is usable: unset, or a PCI address that exists.
 * 0, or -EINVAL with a one-line reason in ppcst_last_error() (bad input).
 */
int map_bench_check_env(void);

/*
 * The device to lend into ADDR: $PPCST_DDW_DEVICE, else in the testbed a
 * driverless pci-testdev.  0, or -ENODEV with the skip reason in ppcst_last_error() (no
 * device, or the named one has a driver).
 */
int map_bench_pick(char *addr, size_t addrlen);

/*
 * Bind driverless device ADDR to dma_map_benchmark; the cleanup stack gets
 * "unbind" and "restore driver_override".  0 or -errno (ppcst_last_error()).
 */
int map_bench_lend(const char *addr);

/*
 * One DMA_MAP_BENCHMARK ioctl: THREADS threads map and unmap one page
 * bidirectionally for SECONDS with a DMA mask of DMA_BITS.  0, or -errno
 * (the ioctl's) with ppcst_last_error() saying what failed.
 */
int map_bench_run(unsigned dma_bits, unsigned threads, unsigned seconds,
		  struct map_bench_result *res);

#endif
