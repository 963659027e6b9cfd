// SPDX-License-Identifier: GPL-2.0
/*
 * ndctl/daxctl output and pmem platform facts: lib/devices/pmem.h.
 */
#include "base/json_lite.h"
#include "devices/pmem.h"
#include "base/sysfs.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* --- ndctl / daxctl -------------------------------------------------- */

static void fill_ns(const struct json_lite_doc *d, int obj, struct pmem_ns *ns)
{
	int daxregion = json_lite_get(d, obj, "daxregion");

	memset(ns, 0, sizeof(*ns));
	json_lite_member_text(d, obj, "dev", ns->dev, sizeof(ns->dev));
	json_lite_member_text(d, obj, "mode", ns->mode, sizeof(ns->mode));
	json_lite_member_text(d, obj, "uuid", ns->uuid, sizeof(ns->uuid));
	json_lite_member_text(d, obj, "chardev", ns->chardev, sizeof(ns->chardev));
	json_lite_member_text(d, obj, "blockdev", ns->blockdev, sizeof(ns->blockdev));
	json_lite_member_text(d, obj, "state", ns->state, sizeof(ns->state));
	ns->size = json_lite_member_u64(d, obj, "size");
	/* create-namespace nests the dax device: daxregion.devices[0]. */
	if (!ns->chardev[0] && daxregion >= 0)
		json_lite_member_text(d, json_lite_elem(d, json_lite_get(d, daxregion, "devices"), 0), "chardev",
			ns->chardev, sizeof(ns->chardev));
}

int pmem_parse_regions(const char *json, struct pmem_region *r, int max)
{
	struct json_lite_doc d;
	int regions, n = 0;

	/* ndctl prints nothing at all when there is no region. */
	if (!strpbrk(json, "{["))
		return 0;
	if (json_lite_parse(json, &d))
		return -EINVAL;
	regions = d.t[0].type == JSON_LITE_OBJECT ? json_lite_get(&d, 0, "regions") : 0;
	if (regions < 0 || d.t[regions].type != JSON_LITE_ARRAY) {
		json_lite_free(&d);
		return ppcst_fail(-EINVAL, "ndctl: no array of regions");
	}
	for (int i = 0, reg; n < max && (reg = json_lite_elem(&d, regions, i)) >= 0; i++) {
		int nss = json_lite_get(&d, reg, "namespaces"), ns;

		memset(&r[n], 0, sizeof(r[n]));
		json_lite_member_text(&d, reg, "dev", r[n].dev, sizeof(r[n].dev));
		json_lite_member_text(&d, reg, "type", r[n].type, sizeof(r[n].type));
		r[n].size = json_lite_member_u64(&d, reg, "size");
		r[n].available = json_lite_member_u64(&d, reg, "available_size");
		for (int k = 0; r[n].nr_ns < PMEM_MAX_NS && (ns = json_lite_elem(&d, nss, k)) >= 0; k++)
			fill_ns(&d, ns, &r[n].ns[r[n].nr_ns++]);
		if (!r[n].dev[0]) {
			json_lite_free(&d);
			return ppcst_fail(-EINVAL, "ndctl: a region without \"dev\"");
		}
		n++;
	}
	json_lite_free(&d);
	return n;
}

int pmem_parse_namespace(const char *json, struct pmem_ns *ns)
{
	struct json_lite_doc d;

	if (json_lite_parse(json, &d))
		return -EINVAL;
	if (d.t[0].type != JSON_LITE_OBJECT) {
		json_lite_free(&d);
		return ppcst_fail(-EINVAL, "ndctl: not a namespace object");
	}
	fill_ns(&d, 0, ns);
	json_lite_free(&d);
	return ns->dev[0] ? 0 : ppcst_fail(-EINVAL, "ndctl: a namespace without \"dev\"");
}

static void fill_dax(const struct json_lite_doc *d, int obj, struct pmem_dax *x)
{
	int maps = json_lite_get(d, obj, "mappings"), m, node = json_lite_get(d, obj, "target_node");
	uint64_t v;

	memset(x, 0, sizeof(*x));
	json_lite_member_text(d, obj, "chardev", x->chardev, sizeof(x->chardev));
	json_lite_member_text(d, obj, "mode", x->mode, sizeof(x->mode));
	x->size = json_lite_member_u64(d, obj, "size");
	x->target_node = json_lite_u64(d, node, &v) ? (int)v : -1;
	x->has_memblocks = json_lite_get(d, obj, "total_memblocks") >= 0;
	x->online_memblocks = json_lite_member_u64(d, obj, "online_memblocks");
	x->total_memblocks = json_lite_member_u64(d, obj, "total_memblocks");
	x->movable = json_lite_true(d, json_lite_get(d, obj, "movable"));
	/* One mapping per range; devdax on pmem has one. */
	for (int i = 0; (m = json_lite_elem(d, maps, i)) >= 0; i++) {
		uint64_t start = json_lite_member_u64(d, m, "start"), end = json_lite_member_u64(d, m, "end");

		if (!x->has_mapping || start < x->start)
			x->start = start;
		if (!x->has_mapping || end > x->end)
			x->end = end;
		x->has_mapping = true;
	}
}

/* Looks for CHARDEV among the objects of array ARR, also one level down in
 * "devices" (daxctl list -R). */
static int find_dax(const struct json_lite_doc *d, int arr, const char *chardev, struct pmem_dax *x)
{
	for (int i = 0, o; (o = json_lite_elem(d, arr, i)) >= 0; i++) {
		int devs = json_lite_get(d, o, "devices");

		if (devs >= 0) {
			if (!find_dax(d, devs, chardev, x))
				return 0;
			continue;
		}
		fill_dax(d, o, x);
		if (x->chardev[0] && (!chardev || !strcmp(chardev, x->chardev)))
			return 0;
	}
	return -ENOENT;
}

int pmem_parse_dax(const char *json, const char *chardev, struct pmem_dax *x)
{
	struct json_lite_doc d;
	int ret;

	if (json_lite_parse(json, &d))
		return -EINVAL;
	if (d.t[0].type == JSON_LITE_OBJECT) {
		fill_dax(&d, 0, x);
		ret = x->chardev[0] && (!chardev || !strcmp(chardev, x->chardev)) ? 0 : -ENOENT;
	} else {
		ret = find_dax(&d, 0, chardev, x);
	}
	json_lite_free(&d);
	if (ret)
		return ppcst_fail(ret, "daxctl: no device %s in its output", chardev ? chardev : "");
	return 0;
}

/* --- platform -------------------------------------------------------- */

int pmem_flush_insn_works(void)
{
#if defined(__powerpc64__)
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return ppcst_fail(-errno, "fork: %s", strerror(errno));
	if (pid == 0) {
		static char line[128] __attribute__((aligned(128)));

		signal(SIGILL, SIG_DFL);
		line[0] = 1;
		/* dcbstps line: dcbf 0,rB with L=6 (PPC_RAW_DCBSTPS, 0x7cc000ac). */
		__asm__ volatile(".long 0x7cc000ac | (%0 << 11)" : : "r"(line) : "memory");
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return ppcst_fail(-errno, "waitpid: %s", strerror(errno));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
#else
	return -ENOTSUP;
#endif
}

#define LRDR_PATH "/proc/device-tree/rtas/ibm,lrdr-capacity"
#define OFDT_PATH "/proc/ppc64/ofdt"

static int read_raw(const char *path, unsigned char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	n = read(fd, buf, len);
	close(fd);
	if (n < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	return (int)n;
}

int pmem_set_lrdr_max(uint64_t max_addr, uint64_t *old)
{
	unsigned char prop[64], ph[4];
	char cmd[160];
	int len = read_raw(LRDR_PATH, prop, sizeof(prop)), hlen, fd;
	uint32_t phandle;
	ssize_t n;

	if (len < 0)
		return len;
	if (len < 8)
		return ppcst_fail(-EINVAL, "%s: %d bytes, want at least 8", LRDR_PATH, len);
	hlen = read_raw("/proc/device-tree/rtas/phandle", ph, sizeof(ph));
	if (hlen != 4)
		return hlen < 0 ? hlen : ppcst_fail(-EINVAL, "/rtas has no 4-byte phandle");
	phandle = (uint32_t)ph[0] << 24 | (uint32_t)ph[1] << 16 | (uint32_t)ph[2] << 8 | ph[3];
	*old = 0;
	for (int i = 0; i < 8; i++) {
		*old = *old << 8 | prop[i];
		prop[i] = (unsigned char)(max_addr >> (56 - 8 * i));
	}
	/* "update_property PHANDLE NAME LENGTH VALUE", the value raw, one write
	 * (arch/powerpc/platforms/pseries/reconfig.c). */
	hlen = snprintf(cmd, sizeof(cmd), "update_property %u ibm,lrdr-capacity %d ", phandle, len);
	memcpy(cmd + hlen, prop, (size_t)len);
	fd = open(OFDT_PATH, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", OFDT_PATH, strerror(errno));
	n = write(fd, cmd, (size_t)(hlen + len));
	close(fd);
	if (n != hlen + len)
		return ppcst_fail(n < 0 ? -errno : -EIO, "%s: update_property: %s", OFDT_PATH,
				  n < 0 ? strerror(errno) : "short write");
	return 0;
}
