// SPDX-License-Identifier: GPL-2.0
/*
 * DLPAR of PHBs and slots: lib/hotplug/dlpar.h.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hotplug/dlpar.h"
#include "hotplug/hotplug_progress.h"
#include "dma/dt.h"
#include "base/error.h"
#include "testbed/hostreq_client.h"
#include "base/proc.h"
#include "devices/pci.h"

#define SLOTS_DIR "/sys/bus/pci/slots"

int dlpar_drmgr_slot(const char *connector, const char *slot, const char *op,
		     unsigned timeout_s)
{
	char drmgr[PATH_MAX], out[2048], how[96];
	const char *const argv[] = { drmgr, "-c", connector, op, "-s", slot, "-n", NULL };
	const struct proc_opts opts = {
		.timeout_ms = timeout_s * 1000, .buf = out, .buf_size = sizeof(out),
	};
	struct proc_result res;

	if (!proc_find_tool("drmgr", drmgr, sizeof(drmgr)))
		return ppcst_fail(-ENOENT, "drmgr not found (powerpc-utils)");
	if (!proc_run(argv, &opts, &res))
		return 0;
	out[strcspn(out, "\n")] = '\0';
	return ppcst_fail(-EIO, "drmgr -c %s %s -s %s: %s: %s", connector, op, slot,
			  proc_describe(&res, how, sizeof(how)), out);
}

int dlpar_host_add_phb(unsigned index, const char *id, const char *dev, unsigned timeout_s)
{
	char phb[160];
	int ret;

	snprintf(phb, sizeof(phb), "{\"driver\": \"spapr-pci-host-bridge\", \"index\": %u, "
		 "\"id\": \"%s\"}", index, id);
	ret = host_request("device_add", phb, timeout_s, NULL, 0);
	return ret ? ret : host_request("device_add", dev, timeout_s, NULL, 0);
}

/* One look at a removal: 0 once QEMU deleted the device (JSON id in ctx),
 * 1 while the host's wait for it ran out. */
static int host_deleted(void *ctx)
{
	int ret = host_request("wait-device-deleted", ctx, HOTPLUG_STEP_SLICE_S, NULL, 0);

	return ret == -EIO || ret == -ETIMEDOUT ? 1 : ret;
}

int dlpar_host_remove(const char *id)
{
	char arg[96];
	double took;
	int ret;

	snprintf(arg, sizeof(arg), "{\"id\": \"%s\"}", id);
	ret = host_request("device_del", arg, HOTPLUG_STEP_SLICE_S, NULL, 0);
	return ret ? ret : hotplug_step_wait("the removal", host_deleted, arg, &took);
}

unsigned dlpar_tb_phb_index(const char *node)
{
	const char *at = strrchr(node, '@');
	unsigned long long buid = at ? strtoull(at + 1, NULL, 16) : 0;

	return buid > DLPAR_TB_PHB_BUID_BASE &&
	       buid <= DLPAR_TB_PHB_BUID_BASE + DLPAR_TB_PHB_INDEX_MAX ?
		(unsigned)(buid - DLPAR_TB_PHB_BUID_BASE) : 0;
}

static bool phb_present(unsigned index)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), DT_ROOT_DEFAULT "/pci@%llx",
		 DLPAR_TB_PHB_BUID_BASE + index);
	return !access(path, F_OK);
}

int dlpar_tb_phb_slots(unsigned index)
{
	char path[PATH_MAX];
	int n = 0;

	for (unsigned devfn = 0; devfn < DLPAR_TB_SLOTS_PER_PHB; devfn++) {
		snprintf(path, sizeof(path), SLOTS_DIR "/C%u",
			 index * DLPAR_TB_SLOT_NAME_STRIDE + devfn);
		n += !access(path, F_OK);
	}
	return n;
}

unsigned dlpar_tb_phb_for_add(unsigned removed, bool same)
{
	if (same || (!phb_present(removed) && !dlpar_tb_phb_slots(removed)))
		return removed;
	for (unsigned i = 1; i <= DLPAR_TB_PHB_INDEX_MAX; i++)
		if (!phb_present(i) && !dlpar_tb_phb_slots(i))
			return i;
	return 0;
}

struct new_pci {
	const struct pci_dev_info *before;
	int nr_before;
	uint32_t vendor, device;
	char *addr;
	size_t len;
};

/* hotplug_step_wait's look: the device is there (0), for up to a slice (1). */
static int new_pci_there(void *arg)
{
	struct new_pci *w = arg;

	for (unsigned s = 0; s < HOTPLUG_STEP_SLICE_S; s++) {
		struct pci_dev_info *now;
		int nr;
		bool found = false;

		if (!pci_list(&now, &nr)) {
			for (int i = 0; i < nr && !found; i++) {
				bool old = false;

				for (int j = 0; j < w->nr_before && !old; j++)
					old = !strcmp(now[i].addr, w->before[j].addr);
				found = !old && now[i].vendor == w->vendor && now[i].device == w->device;
				if (found)
					snprintf(w->addr, w->len, "%s", now[i].addr);
			}
			free(now);
		}
		if (found)
			return 0;
		sleep(1);
	}
	return 1;
}

int dlpar_host_add_phb_dev(unsigned index, const char *id, const char *dev, uint32_t vendor,
			   uint32_t device, char *addr, size_t len, unsigned timeout_s)
{
	struct new_pci w = { NULL, 0, vendor, device, addr, len };
	struct pci_dev_info *before;
	double took;
	int ret;

	if ((ret = pci_list(&before, &w.nr_before)))
		return ret;
	w.before = before;
	ret = dlpar_host_add_phb(index, id, dev, timeout_s);
	if (!ret)
		ret = hotplug_step_wait("the new PCI device", new_pci_there, &w, &took);
	free(before);
	return ret;
}
