// SPDX-License-Identifier: GPL-2.0
/*
 * The pmem a test works on: lib/devices/pmem_target.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "devices/pmem_target.h"
#include "base/proc.h"
#include "testbed/testbed.h"

static int list_regions(const char *ndctl, struct pmem_region *r, int max)
{
	static char out[65536];
	const char *const argv[] = { ndctl, "list", "-RNi", NULL };
	int n;

	if (proc_run_tool(argv, PMEM_TOOL_TIMEOUT_S, out, sizeof(out)))
		return -1;
	n = pmem_parse_regions(out, r, max);
	if (n < 0)
		ppcst_fail(n, "ndctl list -RNi: %s", ppcst_last_error());
	return n;
}

static const struct pmem_ns *find_ns(const struct pmem_region *r, int nr, const char *dev,
				     const struct pmem_region **in)
{
	for (int i = 0; i < nr; i++)
		for (int k = 0; k < r[i].nr_ns; k++)
			if (!strcmp(r[i].ns[k].dev, dev)) {
				*in = &r[i];
				return &r[i].ns[k];
			}
	return NULL;
}

int pmem_pick_target(struct pmem_target *t, const char *ndctl, bool flush_ok)
{
	static struct pmem_region r[16];
	const char *want_ns = getenv(PMEM_NAMESPACE_ENV), *want_region = getenv(PMEM_REGION_ENV);
	const char *destroy = getenv(PMEM_DESTROY_ENV);
	const struct pmem_region *in = NULL;
	const struct pmem_ns *ns;
	int nr = list_regions(ndctl, r, 16);

	memset(t, 0, sizeof(*t));
	if (nr < 0)
		return -1;
	if (!nr)
		return ppcst_fail(1, "no pmem region (ndctl list -R is empty: CONFIG_PAPR_SCM, "
				  "or no ibm,pmemory for this partition)");
	if (!want_ns && !want_region && !testbed_guest())
		return ppcst_fail(1, "set %s=regionN or %s=namespaceX.Y: on a real partition "
				  "only what you name is touched", PMEM_REGION_ENV, PMEM_NAMESPACE_ENV);
	if (want_ns) {
		ns = find_ns(r, nr, want_ns, &in);
		if (!ns)
			return ppcst_fail(-1, "%s=%s: no such namespace", PMEM_NAMESPACE_ENV, want_ns);
		snprintf(t->region, sizeof(t->region), "%s", in->dev);
		t->ns = *ns;
		if (!strcmp(ns->mode, "devdax"))
			return 0;
		if (!destroy || strcmp(destroy, "1"))
			return ppcst_fail(1, "%s is %s and may hold data: set %s=1 to let "
					  "pmem_hotplug reconfigure it to devdax (its data is lost)",
					  ns->dev, ns->mode, PMEM_DESTROY_ENV);
		snprintf(t->restore_mode, sizeof(t->restore_mode), "%s", ns->mode);
		return 0;
	}
	/* A region: the named one, or (testbed) each in turn. */
	for (int i = 0; i < nr; i++) {
		if (want_region && strcmp(want_region, r[i].dev))
			continue;
		if (strcmp(r[i].type, "pmem"))
			continue;
		/* Bounded: gcc cannot tell that dev is NUL-terminated within the struct. */
		snprintf(t->region, sizeof(t->region), "%.*s", PMEM_NAME_MAX - 1, r[i].dev);
		for (int k = 0; k < r[i].nr_ns; k++)
			if (!strcmp(r[i].ns[k].mode, "devdax") && r[i].ns[k].chardev[0]) {
				t->ns = r[i].ns[k];
				return 0;
			}
		if (r[i].available && flush_ok) {
			t->create = true;
			return 0;
		}
	}
	if (want_region && !t->region[0])
		return ppcst_fail(-1, "%s=%s: no such pmem region", PMEM_REGION_ENV, want_region);
	return ppcst_fail(1, "%s", flush_ok ?
			  "no devdax namespace and no free space in any pmem region" :
			  "platform fault: the CPU rejects dcbstps, so the kernel would oops writing a "
			  "namespace info block, and no devdax namespace exists (the testbed's comes "
			  "from vm/pmem-image.sh)");
}
