// SPDX-License-Identifier: GPL-2.0
/*
 * The NIC by its MAC: lib/hotplug/nic.h.
 */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "dma/ddw_state.h"
#include "base/error.h"
#include "hotplug/nic.h"
#include "hotplug/hotplug_progress.h"

/* The PHB node of device-tree path NODE ("/pci@800000020000001/..."). */
static void phb_of(const char *node, char *phb, size_t len)
{
	const char *e = strchr(node + 1, '/');

	snprintf(phb, len, "%.*s", e ? (int)(e - node) : (int)strlen(node), node);
}

int nic_find(struct nic *n, const char *mac)
{
	char path[PATH_MAX], link[PATH_MAX];
	struct ddw_dev_dma dma;
	ssize_t l;
	int ret;

	memset(n, 0, sizeof(*n));
	if (net_pair_pick_mac(&n->np, mac))
		return 1;
	n->ifindex = if_nametoindex(n->np.dut);
	snprintf(path, sizeof(path), "/sys/class/net/%s/device/driver", n->np.dut);
	l = readlink(path, link, sizeof(link) - 1);
	if (l > 0) {
		link[l] = '\0';
		snprintf(n->driver, sizeof(n->driver), "%s", strrchr(link, '/') + 1);
	}
	ret = n->np.dut_pci[0] ? ddw_dev_dma(n->np.dut_pci, &dma) : -ENODEV;
	if (ret == -ENODEV)
		return ppcst_fail(-1, "%s is not a PCI device with a device-tree node", n->np.dut);
	if (ret)
		return -1;
	snprintf(n->node, sizeof(n->node), "%s", dma.node);
	phb_of(n->node, n->phb, sizeof(n->phb));
	n->cls = dma.cls;
	n->liobn = dma.default_liobn;
	return 0;
}

struct nic_wanted {
	struct nic *n;
	const char *mac;
};

/* One look for the NIC: 0 there and probed, 1 not yet, -1 an error. */
static int nic_probed(void *ctx)
{
	struct nic_wanted *w = ctx;
	double t0 = ppcst_now_s();

	while (ppcst_now_s() - t0 < HOTPLUG_STEP_SLICE_S) {
		int ret = nic_find(w->n, w->mac);

		/* The driver has probed once the interface has its driver link. */
		if (!ret && w->n->driver[0])
			return 0;
		if (ret < 0)
			return -1;
		ppcst_sleep_ms(250);
	}
	return 1;
}

double nic_wait(struct nic *n, const char *mac)
{
	struct nic_wanted w = { n, mac };
	double took;

	return hotplug_step_wait("the NIC's return (an interface with its MAC, probed)",
				 nic_probed, &w, &took) ? -1 : took;
}

bool nic_iface_gone(const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "/sys/class/net/%s", name);
	return access(path, F_OK) != 0;
}
