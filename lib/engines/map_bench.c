// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA map benchmark driver as a load generator: lib/engines/map_bench.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/types.h>
#include <sys/ioctl.h>

/*
 * The ioctl's ABI is the kernel's include/linux/map_benchmark.h, which is
 * not exported to uapi: read it from the kernel source the kselftest harness
 * comes from (-isystem $(KSRC)/tools/testing/selftests), as the kernel's own
 * tools/testing/selftests/dma/dma_map_benchmark.c does.
 */
#include <../../../include/linux/map_benchmark.h>

#include "engines/map_bench.h"
#include "base/error.h"
#include "devices/pci.h"
#include "testbed/testbed.h"

int map_bench_check_env(void)
{
	const char *addr = getenv(MAP_BENCH_DEVICE_ENV);
	struct pci_dev_info info;

	if (!addr)
		return 0;
	if (pci_get(addr, &info))
		return ppcst_fail(-EINVAL, "%s=%s: no such PCI device (want DDDD:BB:DD.F from %s)",
				  MAP_BENCH_DEVICE_ENV, addr, SYSFS_PCI_DEVICES);
	return 0;
}

static bool lendable_testdev(const struct pci_dev_info *dev, const void *ctx)
{
	(void)ctx;
	return dev->vendor == PCI_TESTDEV_VENDOR && dev->device == PCI_TESTDEV_DEVICE &&
	       !dev->driver[0];
}

int map_bench_pick(char *addr, size_t addrlen)
{
	const char *named = getenv(MAP_BENCH_DEVICE_ENV);
	struct pci_dev_info info;
	int ret;

	if (named) {
		if (pci_get(named, &info))
			return ppcst_fail(-ENODEV, "%s=%s: %s", MAP_BENCH_DEVICE_ENV, named,
					  ppcst_last_error());
		if (info.driver[0])
			return ppcst_fail(-ENODEV, "%s=%s is bound to %s: name a driverless device",
					  MAP_BENCH_DEVICE_ENV, named, info.driver);
	} else if (!testbed_guest()) {
		return ppcst_fail(-ENODEV, "no device to lend: set %s=DDDD:BB:DD.F to a "
				  "driverless PCI device", MAP_BENCH_DEVICE_ENV);
	} else if ((ret = pci_find(lendable_testdev, NULL, &info))) {
		return ret != -ENODEV ? ret :
		       ppcst_fail(ret, "no driverless PCI device to lend (pci-testdev %04x:%04x)",
				  PCI_TESTDEV_VENDOR, PCI_TESTDEV_DEVICE);
	}
	snprintf(addr, addrlen, "%s", info.addr);
	return 0;
}

int map_bench_lend(const char *addr)
{
	struct pci_dev_info info;
	int ret = pci_get(addr, &info);

	if (ret)
		return ret;
	/* Never take a device away from its driver. */
	if (info.driver[0])
		return ppcst_fail(-EBUSY, "%s is bound to %s: only a driverless device is lent",
				  addr, info.driver);
	/* The driver serves one device: a second probe fails in debugfs. */
	if (!access(MAP_BENCH_DEBUGFS, F_OK))
		return ppcst_fail(-EBUSY, "%s exists: another device is bound to %s",
				  MAP_BENCH_DEBUGFS, MAP_BENCH_DRIVER);
	return pci_lend(addr, MAP_BENCH_DRIVER);
}

int map_bench_run(unsigned dma_bits, unsigned threads, unsigned seconds,
		  struct map_bench_result *res)
{
	struct map_benchmark mb = {
		.threads = threads,
		.seconds = seconds,
		.node = -1,		/* NUMA_NO_NODE */
		.dma_bits = dma_bits,
		.dma_dir = DMA_MAP_BIDIRECTIONAL,
		.granule = 1,
	};
	int fd = open(MAP_BENCH_DEBUGFS, O_RDWR | O_CLOEXEC);
	int ret = 0;

	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", MAP_BENCH_DEBUGFS, strerror(errno));
	if (ioctl(fd, DMA_MAP_BENCHMARK, &mb))
		ret = ppcst_fail(-errno, "DMA_MAP_BENCHMARK dma_bits=%u threads=%u seconds=%u: %s",
				 dma_bits, threads, seconds, strerror(errno));
	close(fd);
	/* The driver reports in units of 100 ns. */
	res->avg_map_ns = mb.avg_map_100ns * 100;
	res->map_stddev_ns = mb.map_stddev * 100;
	res->avg_unmap_ns = mb.avg_unmap_100ns * 100;
	res->unmap_stddev_ns = mb.unmap_stddev * 100;
	return ret;
}
