// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_edu: data through DMA windows at bus addresses the test chooses.
 * A DMA engine lent to vfio-pci (lib/engines/engine.h: any device a
 * registered driver supports; in the testbed QEMU's edu) copies a buffer
 * from one IOVA to another, and the copy must equal the original. The
 * windows are the ones a VFIO user has with the sPAPR TCE v2 IOMMU (a
 * pseries guest's PE through H_PUT_TCE, tce_exchange_pseries): the default
 * 32-bit window and a second one it creates (ibm,create-pe-dma-window).
 *
 * Every map the device reads is read-only (VFIO_DMA_MAP_FLAG_READ, a
 * DMA_TO_DEVICE TCE) and every map it writes is write-only, so both kinds of
 * TCE carry the data; the pattern differs in every byte of every page, so a
 * TCE that points at a wrong page cannot pass.
 *
 *   default_window   a buffer of several TCE pages, from an unaligned
 *                    offset, through the default window
 *   second_window    VFIO_IOMMU_SPAPR_TCE_CREATE a window of 4K TCEs (in
 *                    the testbed at QEMU's bus address 0x0800000000000000),
 *                    the same round trip through it
 *   window_recreate  the second window removed (an IOVA in it no longer
 *                    maps: ENXIO) and created again, the default window
 *                    removed and created again, maps in the windows that
 *                    stayed intact throughout, round trips through the new
 *                    ones
 *   window_edges     the last TCE of each window and the boundary between
 *                    two TCEs, the device reading them and writing them
 *   phb_unplug       (testbed) the edu's PHB hot-unplugged by the host while
 *                    the container holds both windows with maps in them:
 *                    the kernel asks for the device back (its request
 *                    channel), the test closes it and nothing else, the
 *                    PHB goes; then the container is closed, the PHB
 *                    plugged in again and a round trip must work
 *
 * The device: $PPCST_VFIO_DEVICE (DDDD:BB:DD.F, a DMA engine a registered
 * driver supports; the only device the test touches on a real machine),
 * else in the testbed the first such device, the edu of
 * vm/profiles/vfio-edu.profile. Its previous driver gets it back at the end,
 * also after a failure or SIGTERM (the cleanup stack).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"

#include "base/cleanup.h"
#include "base/clock.h"
#include "hotplug/dlpar.h"
#include "engines/engine.h"
#include "testbed/hostreq_client.h"
#include "hotplug/hotplug_progress.h"
#include "kmsg/kmsg_window.h"
#include "base/error.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "base/kconfig.h"
#include "harness/fixture.h"
#include "testbed/testbed.h"
#include "engines/vfio_spapr.h"

#define DEVICE_ENV "PPCST_VFIO_DEVICE"
/* 4K TCEs in every window: the suite's kernel has 4K pages, and a larger
 * TCE needs memory backed by pages at least as large. */
#define TCE_SHIFT 12
#define TCE_SIZE (1ULL << TCE_SHIFT)
/* The second window: 4 GiB of 4K TCEs. QEMU's spapr-pci-host-bridge puts it
 * at dma64_win_addr, by default 0x0800000000000000. */
#define SECOND_WINDOW_SIZE (1ULL << 32)
#define QEMU_DDW_START 0x0800000000000000ULL
/* The registered memory: room for the buffers of one round trip pair. */
#define ARENA_PAGES 16
#define REGION_PAGES 4
/*
 * The testbed's edu (vm/profiles/vfio-edu.profile: keep them equal): its PHB
 * index and QEMU ids, and the device as the host plugs it in again
 * (dma_mask: 63 bits reach both windows and fit QMP's integers).
 */
#define TB_EDU_PHB_INDEX 4
#define TB_EDU_PHB_ID "ppcst-eduphb"
#define TB_EDU_DEV "{\"driver\": \"edu\", \"bus\": \"" TB_EDU_PHB_ID ".0\", " \
	"\"id\": \"ppcst-edu\", \"dma_mask\": 9223372036854775807}"
/* One copy: the edu's two DMAs, each run 100 ms of virtual time after it
 * starts by QEMU, take seconds on a busy TCG host, never this long. */
#define COPY_TIMEOUT_MS 60000

FIXTURE(vfio) {
	struct kmsg_window kmsg;
	char addr[32];
	struct pci_dev_info dev;	/* the engine's vendor:device */
	struct vfio_spapr v;
	struct dma_engine engine;
	uint8_t *arena;		/* ARENA_PAGES TCE pages, registered */
	unsigned seed;
};

FIXTURE_SETUP(vfio)
{
	/* /dev/kmsg, driver binding and /dev/vfio all need root. */
	FIXTURE_SETUP_COMMON(&self->kmsg);
}

FIXTURE_TEARDOWN(vfio)
{
	/* Newest first: the BAR unmapped, the device, group and container
	 * closed (its windows and maps go with it), then the device back to
	 * its old driver. */
	TEARDOWN_BEGIN();
	if (self->arena)
		munmap(self->arena, ARENA_PAGES * TCE_SIZE);
	TEARDOWN_END(&self->kmsg);
}

/*
 * The DMA engine to use, into *DEV, and its driver: $PPCST_VFIO_DEVICE,
 * which a registered driver must support, else in the testbed the first
 * device one supports.
 */
static const struct dma_engine_driver *pick_device(struct pci_dev_info *dev)
{
	const char *named = getenv(DEVICE_ENV);

	if (named) {
		if (pci_get(named, dev)) {
			ppcst_fail(-EINVAL, "%s=%s: %s", DEVICE_ENV, named, ppcst_last_error());
			return NULL;
		}
	} else if (!testbed_guest()) {
		ppcst_fail(-ENODEV, "no device named: set %s=DDDD:BB:DD.F to a DMA engine (%s)",
			   DEVICE_ENV, dma_engine_supported());
		return NULL;
	} else if (dma_engine_find_device(dev)) {
		ppcst_fail(-ENODEV, "%s; profile vfio-edu has QEMU's edu", ppcst_last_error());
		return NULL;
	}
	return dma_engine_probe(dev);
}

/* The kernel options the test needs: the first one missing, or NULL. */
static const char *missing_option(void)
{
	static const char *const opts[] = {
		"CONFIG_SPAPR_TCE_IOMMU", "CONFIG_VFIO", "CONFIG_VFIO_PCI",
		"CONFIG_VFIO_IOMMU_SPAPR_TCE",
	};
	const char *missing = kconfig_first_missing(opts, ARRAY_SIZE(opts), false);

	if (missing)
		return missing;
	/* No config to read: the driver and the container device tell. */
	if (access(SYSFS_PCI_DRIVERS "/" VFIO_PCI_DRIVER, F_OK))
		return "CONFIG_VFIO_PCI";
	if (access(VFIO_CONTAINER_PATH, F_OK))
		return "CONFIG_VFIO";
	return NULL;
}

/*
 * The DMA engine lent to vfio-pci, its group in a container with the sPAPR
 * TCE v2 IOMMU, its BAR mapped and its driver initialised on it, the
 * buffers registered. False when the test skipped or failed; the teardown
 * undoes what was done either way.
 */
static bool acquire(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self)
{
	const char *missing = missing_option();
	const struct dma_engine_driver *driver;
	volatile void *bar;
	size_t bar_len;
	int ret;

	if (missing)
		SKIP(return false, "%s not set", missing);
	driver = pick_device(&self->dev);
	if (!driver)
		SKIP(return false, "%s", ppcst_last_error());
	snprintf(self->addr, sizeof(self->addr), "%s", self->dev.addr);
	ret = pci_lend(self->addr, VFIO_PCI_DRIVER);
	EXPECT_OK(ret)
		return false;
	ret = vfio_spapr_open(&self->v, self->addr);
	if (ret == -EBUSY)
		SKIP(return false, "%s", ppcst_last_error());
	EXPECT_OK(ret)
		return false;
	ret = vfio_spapr_map_bar(&self->v, VFIO_PCI_BAR0_REGION_INDEX + driver->bar, &bar,
				 &bar_len) ?:
	      dma_engine_init(&self->engine, driver, bar, bar_len);
	EXPECT_OK_MSG(ret, "%s", self->addr);
	if (ret)
		return false;
	if (!self->arena) {
		self->arena = mmap(NULL, ARENA_PAGES * TCE_SIZE, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		EXPECT_NE(MAP_FAILED, self->arena) {
			self->arena = NULL;
			return false;
		}
		memset(self->arena, 0, ARENA_PAGES * TCE_SIZE);
	}
	ret = vfio_spapr_register(&self->v, self->arena, ARENA_PAGES * TCE_SIZE);
	EXPECT_OK(ret)
		return false;
	self->seed = (unsigned)ppcst_now_ms();
	ksft_print_msg("%s (DMA engine %s: %s; copies of up to %llu bytes) in IOMMU group %d "
		       "through vfio-pci; default window 0x%x+0x%x, up to %u more of page sizes "
		       "0x%llx\n", self->addr, driver->name, self->engine.about,
		       (unsigned long long)self->engine.max_memcpy_size, self->v.group_id,
		       self->v.info.dma32_window_start, self->v.info.dma32_window_size,
		       self->v.info.ddw.max_dynamic_windows_supported,
		       (unsigned long long)self->v.info.ddw.pgsizes);
	return true;
}

/* Buffer REGION (REGION_PAGES TCE pages) of the arena. */
static uint8_t *region(FIXTURE_DATA(vfio) *self, unsigned index)
{
	return self->arena + (size_t)index * REGION_PAGES * TCE_SIZE;
}

/* Byte I of the round trip with SEED: differs from byte to byte and page
 * to page, so neither a stale buffer nor a page off matches. */
static uint8_t pattern(unsigned seed, size_t i)
{
	return (uint8_t)(((seed + i) * 0x9e3779b1u) >> 24 ^ (i >> TCE_SHIFT));
}

static void map(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self, uint8_t *cpu,
		uint64_t iova, size_t len, uint32_t flags)
{
	ASSERT_OK(vfio_spapr_map(&self->v, cpu, iova, len, flags));
}

static void unmap(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self, uint64_t iova,
		  size_t len)
{
	ASSERT_OK(vfio_spapr_unmap(&self->v, iova, len));
}

/*
 * LEN bytes from SRC (mapped read-only at SRC_IOVA) by the DMA engine, in
 * the pieces it takes, to DST (mapped write-only at DST_IOVA); the copy
 * must be intact. WHAT names the round trip in what is printed.
 */
static void round_trip(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
		       const char *what, uint8_t *src, uint64_t src_iova, uint8_t *dst,
		       uint64_t dst_iova, size_t len)
{
	unsigned copies, slowest;
	size_t bad = len;

	self->seed++;
	for (size_t i = 0; i < len; i++) {
		src[i] = pattern(self->seed, i);
		dst[i] = (uint8_t)~src[i];
	}
	ASSERT_OK_MSG(dma_engine_memcpy(&self->engine, src_iova, dst_iova, len, COPY_TIMEOUT_MS,
					&copies, &slowest), "%s", what);
	for (size_t i = 0; i < len && bad == len; i++)
		if (src[i] != dst[i])
			bad = i;
	EXPECT_EQ(len, bad) TH_LOG("FAIL: %s: byte %zu differs (0x%02x, not 0x%02x): the device "
				   "read IOVA 0x%llx and wrote IOVA 0x%llx", what, bad, dst[bad],
				   src[bad], (unsigned long long)(src_iova + bad),
				   (unsigned long long)(dst_iova + bad));
	if (bad == len)
		ksft_print_msg("%s: %zu bytes intact, device read IOVA 0x%llx-0x%llx, wrote "
			       "0x%llx-0x%llx (%u copies, slowest %u ms)\n", what, len,
			       (unsigned long long)src_iova, (unsigned long long)(src_iova + len - 1),
			       (unsigned long long)dst_iova, (unsigned long long)(dst_iova + len - 1),
			       copies, slowest);
}

/*
 * MAP_LEN bytes of TCE pages mapped at SRC_IOVA (read-only) and at DST_IOVA
 * (write-only), a round trip of LEN bytes from OFF into them, both unmapped
 * again.
 */
static void mapped_trip(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			const char *what, uint64_t src_iova, uint64_t dst_iova, size_t map_len,
			size_t off, size_t len)
{
	map(_metadata, self, region(self, 0), src_iova, map_len, VFIO_DMA_MAP_FLAG_READ);
	map(_metadata, self, region(self, 1), dst_iova, map_len, VFIO_DMA_MAP_FLAG_WRITE);
	round_trip(_metadata, self, what, region(self, 0) + off, src_iova + off,
		   region(self, 1) + off, dst_iova + off, len);
	unmap(_metadata, self, src_iova, map_len);
	unmap(_metadata, self, dst_iova, map_len);
}

/* A buffer of REGION_PAGES TCE pages each way, the data from an unaligned
 * offset across every TCE of them but the start of the first and the end
 * of the last. */
static void multi_page_trip(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			    const char *what, uint64_t src_iova, uint64_t dst_iova)
{
	mapped_trip(_metadata, self, what, src_iova, dst_iova, REGION_PAGES * TCE_SIZE, 0x123,
		    (REGION_PAGES - 1) * TCE_SIZE + 0x321);
}

static void print_window(const char *what, uint64_t start, uint64_t size)
{
	ksft_print_msg("%s: bus address 0x%016llx, 0x%llx bytes, %llu TCEs of %llu bytes\n", what,
		       (unsigned long long)start, (unsigned long long)size,
		       (unsigned long long)(size >> TCE_SHIFT), TCE_SIZE);
}

static bool second_window(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			  uint64_t *start);
static void trip_through(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			 const char *what, uint64_t src_iova, uint64_t dst_iova);

/*
 * Waits for the removal CHILD carries out; when the kernel asks for the
 * device back (REQ signalled), gives it back and nothing else. The child's
 * verdict: 0 once the PHB went.
 */
static int removal_wait(FIXTURE_DATA(vfio) *self, pid_t child, int req)
{
	/* The child's removal is bounded by its progress (hotplug_step_wait):
	 * this only guards against a child that never returns. */
	const int64_t deadline = ppcst_now_ms() + (HOTPLUG_STEP_CAP_S + 60) * 1000LL;
	const int64_t start = ppcst_now_ms();
	struct pollfd p = { .fd = req, .events = POLLIN };
	int status;

	for (;;) {
		pid_t done = waitpid(child, &status, WNOHANG);

		if (done == child)
			return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
		if (ppcst_now_ms() > deadline) {
			kill(child, SIGKILL);
			waitpid(child, &status, 0);
			return -ETIMEDOUT;
		}
		if (self->v.device >= 0 && poll(&p, 1, 1000) == 1) {
			/* The driver first: it may still read the BAR. */
			dma_engine_remove(&self->engine);
			vfio_spapr_close_device(&self->v);
			ksft_print_msg("the kernel asked for %s back %.0f s into the removal: its fd "
				       "closed, the container keeps its windows and maps\n",
				       self->addr, (ppcst_now_ms() - start) / 1e3);
		} else if (self->v.device < 0) {
			ppcst_sleep_ms(1000);
		}
	}
}

TEST_F_TIMEOUT(vfio, phb_unplug, CASE_TIMEOUT)
{
	const size_t map_len = REGION_PAGES * TCE_SIZE;
	uint64_t def, def_size, start;
	unsigned index;
	pid_t child;
	int req, ret;

	if (!host_requests_available())
		SKIP(return, "QEMU testbed only: the host unplugs the edu's PHB through QMP");
	if (!acquire(_metadata, self) || !second_window(_metadata, self, &start))
		return;
	def = self->v.info.dma32_window_start;
	def_size = self->v.info.dma32_window_size;
	/* Maps in both windows that stay while the PHB goes. */
	map(_metadata, self, region(self, 2), def + def_size / 4, map_len, VFIO_DMA_MAP_FLAG_READ);
	map(_metadata, self, region(self, 3), start + SECOND_WINDOW_SIZE / 2, map_len,
	    VFIO_DMA_MAP_FLAG_WRITE);
	trip_through(_metadata, self, "default window -> second window, before the unplug",
		     def + def_size / 4, start + SECOND_WINDOW_SIZE / 2);
	ASSERT_OK(vfio_spapr_watch_request(&self->v, &req));
	ksft_print_msg("unplugging PHB %s (index %u) under %s at %.1f s uptime\n", TB_EDU_PHB_ID,
		       TB_EDU_PHB_INDEX, self->addr, ppcst_uptime_s());
	fflush(stdout);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		/* Our copies of the device, its BAR and the group would hold the
		 * device the removal waits for. */
		vfio_spapr_close_device(&self->v);
		close(self->v.group);
		close(self->v.container);
		ret = dlpar_host_remove(TB_EDU_PHB_ID);
		if (ret)
			printf("# removal: %s\n", ppcst_last_error());
		fflush(stdout);
		_exit(-ret & 0xff);
	}
	ret = removal_wait(self, child, req);
	ASSERT_EQ(0, ret) TH_LOG("FAIL: PHB %s did not go away (%s)", TB_EDU_PHB_ID,
				 strerror(-ret));
	ksft_print_msg("PHB %s gone at %.1f s uptime; closing the container that held its "
		       "windows\n", TB_EDU_PHB_ID, ppcst_uptime_s());
	/* The group and container, then the lending of a device that is gone. */
	ksft_print_msg("(undoing the lending of %s fails: it is gone)\n", self->addr);
	cleanup_run();
	index = dlpar_tb_phb_for_add(TB_EDU_PHB_INDEX, false);
	ASSERT_NE(0, index) TH_LOG("no free PHB index left to plug the edu in again");
	if (index != TB_EDU_PHB_INDEX)
		ksft_print_msg("PHB index %u keeps %d hotplug slot(s) of the removed PHB "
			       "(docs/findings/rpaphp-stale-slots.md): plugging in at index %u\n",
			       TB_EDU_PHB_INDEX, dlpar_tb_phb_slots(TB_EDU_PHB_INDEX), index);
	ASSERT_EQ(0, dlpar_host_add_phb_dev(index, TB_EDU_PHB_ID, TB_EDU_DEV, self->dev.vendor,
					    self->dev.device, self->addr, sizeof(self->addr),
					    HOTPLUG_STEP_SLICE_S))
		TH_LOG_ERROR_MSG("the edu did not come back");
	ksft_print_msg("edu back as %s on PHB index %u\n", self->addr, index);
	if (!acquire(_metadata, self) || !second_window(_metadata, self, &start))
		return;
	multi_page_trip(_metadata, self, "default window after the re-plug",
			self->v.info.dma32_window_start + self->v.info.dma32_window_size / 4,
			self->v.info.dma32_window_start + self->v.info.dma32_window_size / 2);
	multi_page_trip(_metadata, self, "second window after the re-plug",
			start + SECOND_WINDOW_SIZE / 4, start + SECOND_WINDOW_SIZE / 2);
}

TEST_F_TIMEOUT(vfio, default_window, CASE_TIMEOUT)
{
	uint64_t start, size;

	if (!acquire(_metadata, self))
		return;
	start = self->v.info.dma32_window_start;
	size = self->v.info.dma32_window_size;
	print_window("default window", start, size);
	ASSERT_LE(8 * REGION_PAGES * TCE_SIZE, size) TH_LOG("the default window is too small");
	/* Inside the window, away from its edges (window_edges has those). */
	multi_page_trip(_metadata, self, "default window", start + size / 4, start + size / 2);
}

/*
 * Creates the second window, checks where the platform put it and prints
 * it; its bus address into *START. False (skip or failure) without one.
 */
static bool second_window(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			  uint64_t *start)
{
	const struct vfio_iommu_spapr_tce_info *info = &self->v.info;
	uint64_t end32 = (uint64_t)info->dma32_window_start + info->dma32_window_size;
	int ret;

	if (!(info->flags & VFIO_IOMMU_SPAPR_INFO_DDW) || !info->ddw.max_dynamic_windows_supported)
		SKIP(return false, "the platform offers no second DMA window "
		     "(no VFIO_IOMMU_SPAPR_INFO_DDW: ibm,ddw-applicable missing?)");
	if (!(info->ddw.pgsizes & TCE_SIZE))
		SKIP(return false, "the second window takes no 4K TCEs (page sizes 0x%llx)",
		     (unsigned long long)info->ddw.pgsizes);
	ret = vfio_spapr_create_window(&self->v, TCE_SHIFT, SECOND_WINDOW_SIZE, start);
	EXPECT_OK(ret)
		return false;
	print_window("second window", *start, SECOND_WINDOW_SIZE);
	EXPECT_TRUE(*start >= end32 || *start + SECOND_WINDOW_SIZE <= info->dma32_window_start)
		TH_LOG("FAIL: the second window at 0x%llx overlaps the default window",
		       (unsigned long long)*start);
	EXPECT_EQ(0, *start & (TCE_SIZE - 1))
		TH_LOG("FAIL: the second window at 0x%llx is not TCE-aligned",
		       (unsigned long long)*start);
	if (testbed_guest())
		EXPECT_EQ(QEMU_DDW_START, *start)
			TH_LOG("FAIL: QEMU puts the second window at 0x%016llx, the kernel says "
			       "0x%016llx", QEMU_DDW_START, (unsigned long long)*start);
	return !_metadata->exit_code;
}

TEST_F_TIMEOUT(vfio, second_window, CASE_TIMEOUT)
{
	uint64_t start;

	if (!acquire(_metadata, self) || !second_window(_metadata, self, &start))
		return;
	multi_page_trip(_metadata, self, "second window", start + SECOND_WINDOW_SIZE / 4,
			start + SECOND_WINDOW_SIZE / 2);
}

/* A map at IOVA, in a window just removed, must fail with ENXIO (no
 * window holds it: tce_iommu_find_table). */
static void expect_no_window(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			     const char *what, uint64_t iova)
{
	int ret = vfio_spapr_map(&self->v, region(self, 2), iova, TCE_SIZE, VFIO_DMA_MAP_FLAG_READ);

	EXPECT_EQ(-ENXIO, ret) TH_LOG("FAIL: a map at 0x%llx in the removed %s: %s (want ENXIO)",
				      (unsigned long long)iova, what,
				      ret ? ppcst_last_error() : "it succeeded");
	if (ret == -ENXIO)
		ksft_print_msg("a map at IOVA 0x%llx in the removed %s: ENXIO, as it must\n",
			       (unsigned long long)iova, what);
}

/*
 * The maps of REGION_PAGES at STAY_SRC/STAY_DST a window keeps while
 * another one goes and comes: a round trip through them, then unmapped.
 */
static void trip_through(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
			 const char *what, uint64_t src_iova, uint64_t dst_iova)
{
	round_trip(_metadata, self, what, region(self, 2), src_iova, region(self, 3), dst_iova,
		   REGION_PAGES * TCE_SIZE);
}

TEST_F_TIMEOUT(vfio, window_recreate, CASE_TIMEOUT)
{
	const size_t map_len = REGION_PAGES * TCE_SIZE;
	uint64_t start, again, def, def_size, def_src, def_dst, src, dst;
	int ret;

	if (!acquire(_metadata, self))
		return;
	def = self->v.info.dma32_window_start;
	def_size = self->v.info.dma32_window_size;
	def_src = def + def_size / 4;
	def_dst = def + def_size / 2;
	/* Maps the default window keeps while the second one goes and comes. */
	map(_metadata, self, region(self, 2), def_src, map_len, VFIO_DMA_MAP_FLAG_READ);
	map(_metadata, self, region(self, 3), def_dst, map_len, VFIO_DMA_MAP_FLAG_WRITE);
	if (!second_window(_metadata, self, &start))
		return;
	src = start + SECOND_WINDOW_SIZE / 4;
	dst = start + SECOND_WINDOW_SIZE / 2;
	multi_page_trip(_metadata, self, "second window", src, dst);
	ASSERT_OK(vfio_spapr_remove_window(&self->v, start));
	ksft_print_msg("second window at 0x%016llx removed\n", (unsigned long long)start);
	expect_no_window(_metadata, self, "second window", src);
	trip_through(_metadata, self, "default window, its maps kept while the second went",
		     def_src, def_dst);
	ASSERT_EQ(0, vfio_spapr_create_window(&self->v, TCE_SHIFT, SECOND_WINDOW_SIZE, &again))
		TH_LOG("FAIL: the second window could not be created again: %s",
		       ppcst_last_error());
	print_window("second window again", again, SECOND_WINDOW_SIZE);
	EXPECT_EQ(start, again) TH_LOG("the platform put it elsewhere the second time");
	multi_page_trip(_metadata, self, "second window again", again + SECOND_WINDOW_SIZE / 4,
			again + SECOND_WINDOW_SIZE / 2);
	trip_through(_metadata, self, "default window, its maps kept while the second came back",
		     def_src, def_dst);

	/* The default window: only when the second is gone, the kernel will
	 * not make window 0 (ibm,reset-pe-dma-window) beside a DDW. */
	ASSERT_OK(vfio_spapr_remove_window(&self->v, again));
	ret = vfio_spapr_remove_window(&self->v, def);
	if (ret) {
		ksft_print_msg("the kernel keeps its default window: %s\n", ppcst_last_error());
		return;
	}
	ksft_print_msg("default window at 0x%016llx removed\n", (unsigned long long)def);
	expect_no_window(_metadata, self, "default window", def_src);
	ASSERT_EQ(0, vfio_spapr_create_window(&self->v, TCE_SHIFT, def_size, &again))
		TH_LOG("FAIL: the default window could not be created again: %s",
		       ppcst_last_error());
	print_window("default window again", again, def_size);
	EXPECT_EQ(def, again) TH_LOG("FAIL: the default window came back elsewhere");
	ASSERT_EQ(0, vfio_spapr_create_window(&self->v, TCE_SHIFT, SECOND_WINDOW_SIZE, &start))
		TH_LOG("FAIL: no second window beside the re-created default one: %s",
		       ppcst_last_error());
	print_window("second window beside it", start, SECOND_WINDOW_SIZE);
	map(_metadata, self, region(self, 2), again + def_size / 4, map_len,
	    VFIO_DMA_MAP_FLAG_READ);
	map(_metadata, self, region(self, 3), start + SECOND_WINDOW_SIZE / 2, map_len,
	    VFIO_DMA_MAP_FLAG_WRITE);
	trip_through(_metadata, self, "re-created default window -> new second window",
		     again + def_size / 4, start + SECOND_WINDOW_SIZE / 2);
}

/*
 * The edges of the window at START of SIZE bytes: the device reads, then
 * writes, the data at its end - across the boundary between its last two
 * TCEs up to the last byte of its last TCE - against a buffer in its
 * middle.
 */
static void edges(struct __test_metadata *_metadata, FIXTURE_DATA(vfio) *self,
		  const char *what, uint64_t start, uint64_t size)
{
	const size_t map_len = 2 * TCE_SIZE, off = TCE_SIZE / 2;
	const uint64_t last = start + size - map_len, middle = start + size / 2;
	char name[128];

	ksft_print_msg("%s: last TCE at IOVA 0x%llx, data 0x%llx-0x%llx crosses into it\n", what,
		       (unsigned long long)(start + size - TCE_SIZE),
		       (unsigned long long)(last + off), (unsigned long long)(start + size - 1));
	for (int writes = 0; writes < 2; writes++) {
		snprintf(name, sizeof(name), "%s, device %s its last TCEs", what,
			 writes ? "writes" : "reads");
		mapped_trip(_metadata, self, name, writes ? middle : last, writes ? last : middle,
			    map_len, off, map_len - off);
	}
}

TEST_F_TIMEOUT(vfio, window_edges, CASE_TIMEOUT)
{
	uint64_t start;

	if (!acquire(_metadata, self))
		return;
	edges(_metadata, self, "default window", self->v.info.dma32_window_start,
	      self->v.info.dma32_window_size);
	if (!second_window(_metadata, self, &start))
		return;
	edges(_metadata, self, "second window", start, SECOND_WINDOW_SIZE);
}

int main(int argc, char **argv)
{
	const char *named = getenv(DEVICE_ENV);
	struct pci_dev_info info;

	/* Bad input: a device that is not there, or that no driver supports. */
	if (named && (pci_get(named, &info) || !dma_engine_probe(&info))) {
		fprintf(stderr, "vfio_edu: %s=%s: %s\n", DEVICE_ENV, named, ppcst_last_error());
		return 2;
	}
	return test_harness_run(argc, argv);
}
