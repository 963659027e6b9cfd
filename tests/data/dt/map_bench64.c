// SPDX-License-Identifier: GPL-2.0
/*
 * Guest helper for capture-booted.sh: one short DMA_MAP_BENCHMARK run with
 * dma_bits=64 on the device bound to dma_map_benchmark.  Its only purpose is
 * that the kernel's dma_set_mask(64) makes pseries create a DDW, which then
 * shows up in /proc/device-tree.  The ioctl layout is the kernel's
 * include/linux/map_benchmark.h (not exported as a uapi header).
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct map_benchmark {
	uint64_t avg_map_100ns, map_stddev, avg_unmap_100ns, unmap_stddev;
	uint32_t threads, seconds;
	int32_t node;
	uint32_t dma_bits, dma_dir, dma_trans_ns, granule;
	uint8_t expansion[76];
};
#define DMA_MAP_BENCHMARK _IOWR('d', 1, struct map_benchmark)

int main(void)
{
	struct map_benchmark mb;
	int fd = open("/sys/kernel/debug/dma_map_benchmark", O_RDWR);

	if (fd < 0) {
		perror("/sys/kernel/debug/dma_map_benchmark");
		return 1;
	}
	memset(&mb, 0, sizeof(mb));
	mb.threads = 1;
	mb.seconds = 1;
	mb.node = -1;
	mb.dma_bits = 64;
	mb.granule = 1;
	if (ioctl(fd, DMA_MAP_BENCHMARK, &mb) < 0) {
		perror("DMA_MAP_BENCHMARK");
		return 1;
	}
	printf("map %llu unmap %llu (100ns)\n",
	       (unsigned long long)mb.avg_map_100ns,
	       (unsigned long long)mb.avg_unmap_100ns);
	return 0;
}
