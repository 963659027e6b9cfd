// SPDX-License-Identifier: GPL-2.0
/*
 * DMA engines as drivers: lib/engines/engine.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cleanup.h"
#include "base/clock.h"
#include "engines/engine.h"

/*
 * The registry: one line per driver, NAME for the `NAME_engine` that its
 * folder lib/engines/NAME/ defines (the Makefile builds every folder).
 * A static table, as the VFIO selftests' driver_ops[], and not drivers
 * registering themselves from a constructor: libppcst.a is an archive, and
 * the linker leaves out a member nothing refers to, so a self-registering
 * driver would silently be missing from every program.
 */
#define DMA_ENGINE_DRIVERS(driver) \
	driver(edu)

#define DECLARE_DRIVER(name) extern const struct dma_engine_driver name##_engine;
DMA_ENGINE_DRIVERS(DECLARE_DRIVER)
#define DRIVER_ENTRY(name) &name##_engine,
static const struct dma_engine_driver *const registry[] = { DMA_ENGINE_DRIVERS(DRIVER_ENTRY) };
#define REGISTRY_LEN (sizeof(registry) / sizeof(registry[0]))

const char *dma_engine_supported(void)
{
	static char list[256];
	size_t at = 0;

	list[0] = '\0';
	for (size_t i = 0; i < REGISTRY_LEN; i++)
		for (const struct dma_engine_id *id = registry[i]->ids; id->vendor; id++)
			if (at < sizeof(list))
				at += (size_t)snprintf(list + at, sizeof(list) - at, "%s%s %04x:%04x",
						       at ? ", " : "", registry[i]->name, id->vendor,
						       id->device);
	return list;
}

static const struct dma_engine_driver *match(const struct pci_dev_info *dev)
{
	for (size_t i = 0; i < REGISTRY_LEN; i++)
		for (const struct dma_engine_id *id = registry[i]->ids; id->vendor; id++)
			if (id->vendor == dev->vendor && id->device == dev->device)
				return registry[i];
	return NULL;
}

const struct dma_engine_driver *dma_engine_probe(const struct pci_dev_info *dev)
{
	const struct dma_engine_driver *driver = match(dev);

	if (!driver)
		ppcst_fail(-ENODEV, "%s is %04x:%04x, which no DMA engine driver supports "
			   "(supported: %s)", dev->addr, dev->vendor, dev->device, dma_engine_supported());
	return driver;
}

static bool supported(const struct pci_dev_info *dev, const void *ctx)
{
	(void)ctx;
	return match(dev) != NULL;
}

int dma_engine_find_device(struct pci_dev_info *dev)
{
	int ret = pci_find(supported, NULL, dev);

	if (ret == -ENODEV)
		return ppcst_fail(ret, "%s is one a DMA engine driver supports (supported: %s)",
				  ppcst_last_error(), dma_engine_supported());
	return ret;
}

/* The cleanup stack's entry: the engine's driver is done with after it. */
static void remove_action(void *arg)
{
	struct dma_engine *e = *(struct dma_engine **)arg;

	e->remove_entry = -1;
	e->driver->remove(e);
	e->driver = NULL;
}

int dma_engine_init(struct dma_engine *e, const struct dma_engine_driver *driver,
		    volatile void *bar, size_t len)
{
	int ret;

	*e = (struct dma_engine){
		.bar = bar,
		.bar_len = len,
		.max_memcpy_size = driver->max_memcpy_size,
		.max_memcpy_count = driver->max_memcpy_count,
		.remove_entry = -1,
	};
	ret = driver->init(e);
	if (ret)
		return ret;
	e->driver = driver;
	if (driver->remove) {
		char what[64];

		snprintf(what, sizeof(what), "DMA engine %s left idle", driver->name);
		e->remove_entry = cleanup_push(what, remove_action, &e, sizeof(e));
		if (e->remove_entry < 0)
			return ppcst_fail(-errno, "%s: no room on the cleanup stack for its "
					  "removal", driver->name);
	}
	return 0;
}

void dma_engine_remove(struct dma_engine *e)
{
	/* A zeroed engine, never initialised, has no driver and no entry. */
	if (e->driver && e->remove_entry >= 0) {
		cleanup_drop(e->remove_entry);
		remove_action(&e);
	}
	e->driver = NULL;
}

int dma_engine_memcpy_start(struct dma_engine *e, uint64_t src, uint64_t dst, uint64_t size,
			    uint64_t count)
{
	int ret;

	if (!size || size > e->max_memcpy_size || !count || count > e->max_memcpy_count)
		return ppcst_fail(-EINVAL, "%s: a copy of %llu bytes %llu times: it takes 1 to "
				  "%llu bytes, 1 to %llu times", e->driver->name,
				  (unsigned long long)size, (unsigned long long)count,
				  (unsigned long long)e->max_memcpy_size,
				  (unsigned long long)e->max_memcpy_count);
	if (e->copy_running)
		return ppcst_fail(-EBUSY, "%s: a copy is still running", e->driver->name);
	ret = e->driver->memcpy_start(e, src, dst, size, count);
	e->copy_running = !ret;
	return ret;
}

int dma_engine_memcpy_wait(struct dma_engine *e, unsigned timeout_ms)
{
	int ret = e->driver->memcpy_wait(e, timeout_ms);

	/* A copy that timed out may still be running: remove() waits for it. */
	e->copy_running = ret == -ETIMEDOUT;
	return ret;
}

uint64_t dma_engine_piece(const struct dma_engine *e, uint64_t left)
{
	return left < e->max_memcpy_size ? left : e->max_memcpy_size;
}

int dma_engine_memcpy(struct dma_engine *e, uint64_t src, uint64_t dst, uint64_t len,
		      unsigned timeout_ms, unsigned *copies, unsigned *slowest_ms)
{
	uint64_t n;
	int64_t start, ms;
	int ret;

	*copies = 0;
	*slowest_ms = 0;
	for (uint64_t off = 0; off < len; off += n) {
		n = dma_engine_piece(e, len - off);
		start = ppcst_now_ms();
		ret = dma_engine_memcpy_start(e, src + off, dst + off, n, 1) ?:
		      dma_engine_memcpy_wait(e, timeout_ms);
		if (ret)
			return ret;
		ms = ppcst_now_ms() - start;
		if (ms > *slowest_ms)
			*slowest_ms = (unsigned)ms;
		++*copies;
	}
	return 0;
}
