// SPDX-License-Identifier: GPL-2.0
#include "sysfs.h"

#include "cleanup.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clock.h"

int ppcst_sysfs_read(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!len)
		return ppcst_fail(-EINVAL, "%s: no buffer", path);
	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	/* sysfs hands out an attribute in one read; debugfs files are small. */
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int err = errno;

		close(fd);
		return ppcst_fail(-err, "%s: %s", path, strerror(err));
	}
	close(fd);
	buf[n] = 0;
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = 0;
	return 0;
}

int ppcst_sysfs_read_u64(const char *path, uint64_t *val)
{
	char buf[64], *end;
	int ret = ppcst_sysfs_read(path, buf, sizeof(buf));

	if (ret)
		return ret;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || *end)
		return ppcst_fail(-EINVAL, "%s: \"%s\" is not a number", path, buf);
	return 0;
}

int ppcst_sysfs_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(val);
	ssize_t n;

	if (fd < 0)
		return ppcst_fail(-errno, "%s: %s", path, strerror(errno));
	n = write(fd, val, len);
	if (n != (ssize_t)len) {
		int err = n < 0 ? errno : EIO;

		close(fd);
		return ppcst_fail(-err, "%s: writing \"%s\": %s", path, val, strerror(err));
	}
	if (close(fd))
		return ppcst_fail(-errno, "%s: writing \"%s\": %s", path, val, strerror(errno));
	return 0;
}

void ppcst_capture(const char *dir_env, const char *name, const void *buf, size_t len)
{
	const char *dir = getenv(dir_env);
	char path[PATH_MAX];
	int fd;

	if (!dir || snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		fprintf(stderr, "%s: %s\n", path, fd < 0 ? strerror(errno) : "short write");
	if (fd >= 0)
		close(fd);
}

int ppcst_sysfs_find_entry(const char *dir, const char *attr, const char *value, char *name,
		     size_t len)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ret = -ENODEV;

	if (!d)
		return ppcst_fail(-errno, "%s: %s", dir, strerror(errno));
	while (ret && (e = readdir(d))) {
		char path[PATH_MAX], got[256];

		if (e->d_name[0] == '.' ||
		    snprintf(path, sizeof(path), "%s/%s/%s", dir, e->d_name, attr) >=
			    (int)sizeof(path) ||
		    ppcst_sysfs_read(path, got, sizeof(got)) || strcmp(got, value))
			continue;
		if (snprintf(name, len, "%s", e->d_name) < (int)len)
			ret = 0;
	}
	closedir(d);
	return ret;
}

bool is_root(void)
{
	return geteuid() == 0;
}

/* DIR/NAME into OUT; a path that does not fit is an error, not truncated. */
static int join(char *out, size_t len, const char *dir, const char *name)
{
	if (snprintf(out, len, "%s/%s", dir, name) >= (int)len)
		return ppcst_fail(-ENAMETOOLONG, "%s/%s: path too long", dir, name);
	return 0;
}

/* Last path component of symlink DIR/NAME into OUT ("" if no link). */
static void link_base(const char *dir, const char *name, char *out, size_t len)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	const char *base;

	out[0] = 0;
	if (join(path, sizeof(path), dir, name))
		return;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = 0;
	base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	/* A name that does not fit is no name we know (drivers, groups). */
	if (strlen(base) < len)
		memcpy(out, base, strlen(base) + 1);
}

static int read_attr_u64(const char *dir, const char *name, uint64_t *val)
{
	char path[PATH_MAX];

	return join(path, sizeof(path), dir, name) ?: ppcst_sysfs_read_u64(path, val);
}

int pci_get(const char *addr, struct pci_dev_info *info)
{
	char dir[PATH_MAX], path[PATH_MAX], buf[32];
	uint64_t v = 0;
	int ret;

	memset(info, 0, sizeof(*info));
	if (strlen(addr) >= sizeof(info->addr))
		return ppcst_fail(-EINVAL, "\"%s\" is not a PCI address", addr);
	strcpy(info->addr, addr);
	ret = join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr);
	ret = ret ?: read_attr_u64(dir, "vendor", &v);
	info->vendor = (uint32_t)v;
	ret = ret ?: read_attr_u64(dir, "device", &v);
	info->device = (uint32_t)v;
	ret = ret ?: read_attr_u64(dir, "class", &v);
	info->class_code = (uint32_t)v;
	if (ret)
		return ret;
	link_base(dir, "driver", info->driver, sizeof(info->driver));
	/* devspec only exists with CONFIG_OF; a missing one is not an error. */
	if (join(path, sizeof(path), dir, "devspec") ||
	    ppcst_sysfs_read(path, info->devspec, sizeof(info->devspec)))
		info->devspec[0] = 0;
	link_base(dir, "iommu_group", buf, sizeof(buf));
	info->iommu_group = buf[0] ? atoi(buf) : -1;
	info->numa_node = join(path, sizeof(path), dir, "numa_node") ||
			  ppcst_sysfs_read(path, buf, sizeof(buf)) ? -1 : atoi(buf);
	return 0;
}

int pci_list(struct pci_dev_info **devs, int *nr)
{
	DIR *d = opendir(SYSFS_PCI_DEVICES);
	struct dirent *de;
	int ret = 0;

	*devs = NULL;
	*nr = 0;
	if (!d)
		return ppcst_fail(-errno, "%s: %s", SYSFS_PCI_DEVICES, strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct pci_dev_info *grown;

		if (de->d_name[0] == '.')
			continue;
		grown = realloc(*devs, (size_t)(*nr + 1) * sizeof(**devs));
		if (!grown) {
			ret = ppcst_fail(-ENOMEM, "out of memory");
			break;
		}
		*devs = grown;
		ret = pci_get(de->d_name, &grown[*nr]);
		if (!ret)
			(*nr)++;
	}
	closedir(d);
	if (ret) {
		free(*devs);
		*devs = NULL;
		*nr = 0;
	}
	return ret;
}

static int pci_write(const char *addr, const char *attr, const char *val)
{
	char dir[PATH_MAX], path[PATH_MAX];

	return join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) ?:
	       join(path, sizeof(path), dir, attr) ?: ppcst_sysfs_write(path, val);
}

static bool pci_exists(const char *addr)
{
	char dir[PATH_MAX];

	return !join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) && !access(dir, F_OK);
}

static bool is_pci_addr(const char *s, size_t len)
{
	static const char shape[] = "hhhh:hh:hh.h";

	if (len != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; i < len; i++)
		if (shape[i] == 'h' ? !isxdigit((unsigned char)s[i]) : s[i] != shape[i])
			return false;
	return true;
}

int pci_parent(const char *sysfs_dev, char *addr, size_t len)
{
	char real[PATH_MAX];
	char *end;

	if (!realpath(sysfs_dev, real))
		return ppcst_fail(-errno, "%s: %s", sysfs_dev, strerror(errno));
	/* The last PCI-looking component: bridges come before the device. */
	while ((end = strrchr(real, '/'))) {
		if (is_pci_addr(end + 1, strlen(end + 1))) {
			if (strlen(end + 1) >= len)
				return ppcst_fail(-ENAMETOOLONG, "%s: address too long", sysfs_dev);
			strcpy(addr, end + 1);
			return 0;
		}
		*end = '\0';
	}
	return ppcst_fail(-ENODEV, "%s is not on PCI", sysfs_dev);
}

uint64_t pci_dma_mask_bits(const char *addr)
{
	char path[PATH_MAX];
	uint64_t bits = 0;

	if (snprintf(path, sizeof(path), "%s/%s/dma_mask_bits", SYSFS_PCI_DEVICES,
		     addr) < (int)sizeof(path))
		ppcst_sysfs_read_u64(path, &bits);
	return bits;
}

int pci_unbind(const char *addr)
{
	char dir[PATH_MAX], drv[64];
	int ret = join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr);

	if (ret)
		return ret;
	link_base(dir, "driver", drv, sizeof(drv));
	return drv[0] ? pci_write(addr, "driver/unbind", addr) : 0;
}

int pci_bind(const char *addr, const char *driver)
{
	char dir[PATH_MAX], path[PATH_MAX];
	/* An empty write clears driver_override; "\n" is what the kernel
	 * documents for that. */
	int ret = pci_write(addr, "driver_override", driver ? driver : "\n");

	if (ret || !driver)
		return ret;
	ret = join(dir, sizeof(dir), SYSFS_PCI_DRIVERS, driver) ?:
	      join(path, sizeof(path), dir, "bind");
	if (ret)
		return ret;
	/* A device just hot-added is in sysfs before the PCI core lets drivers
	 * match it (pci_bus_add_device() sets match_driver after device_add):
	 * until then bind says ENODEV, and once it does, the core's own probe
	 * may bind it to DRIVER first through the override (then EBUSY). Under
	 * TCG on a busy host that gap lasted seconds (iommu_ddw_basic's
	 * hot-added pci-testdev: one run each way). */
	for (double t0 = ppcst_now_s();; ppcst_sleep_ms(100)) {
		struct pci_dev_info info;

		ret = ppcst_sysfs_write(path, addr);
		if (ret == -EBUSY && !pci_get(addr, &info) && !strcmp(info.driver, driver))
			return 0;
		if (ret != -ENODEV || ppcst_now_s() - t0 >= PCI_BIND_WAIT_S || !pci_exists(addr))
			return ret;
	}
}

int pci_lend(const char *addr, const char *driver)
{
	char dir[PATH_MAX], override[PATH_MAX], old[256], path[PATH_MAX];
	struct pci_dev_info info;
	int ret = pci_get(addr, &info);

	if (ret)
		return ret;
	if (!strcmp(info.driver, driver))
		return ppcst_fail(-EBUSY, "%s is bound to %s already: someone else's", addr, driver);
	ret = join(dir, sizeof(dir), SYSFS_PCI_DEVICES, addr) ?:
	      join(override, sizeof(override), dir, "driver_override") ?:
	      ppcst_sysfs_read(override, old, sizeof(old));
	if (ret)
		return ret;
	/* Pushed first, so it runs last: the old driver gets its device back. */
	if (info.driver[0] &&
	    (snprintf(path, sizeof(path), "%s/%s/bind", SYSFS_PCI_DRIVERS, info.driver) >=
		     (int)sizeof(path) ||
	     cleanup_push_write(path, addr) < 0))
		return ppcst_fail(-ENOSPC, "cleanup stack: no room to give %s back to %s", addr,
				  info.driver);
	/* "(null)" is how the kernel shows no override; "\n" clears one. */
	if (cleanup_push_write(override, strcmp(old, "(null)") ? old : "\n") < 0 ||
	    snprintf(path, sizeof(path), "%s/%s/unbind", SYSFS_PCI_DRIVERS, driver) >=
		    (int)sizeof(path) ||
	    cleanup_push_write(path, addr) < 0)
		return ppcst_fail(-ENOSPC, "cleanup stack: no room for the unbinding of %s", addr);
	return pci_unbind(addr) ?: pci_bind(addr, driver);
}

int pci_remove(const char *addr)
{
	return pci_write(addr, "remove", "1");
}

int pci_rescan(void)
{
	return ppcst_sysfs_write("/sys/bus/pci/rescan", "1");
}

static int cmp_liobn(const void *a, const void *b)
{
	const struct tce_table_usage *x = a, *y = b;

	return x->liobn < y->liobn ? -1 : x->liobn > y->liobn;
}

const char *tce_tables_dir(void)
{
	return access(DEBUGFS_IOMMU, F_OK) ? DEBUGFS_ROOT : DEBUGFS_IOMMU;
}

bool tce_table_present(uint32_t liobn)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_IOMMU, liobn);
	if (!access(path, F_OK))
		return true;
	snprintf(path, sizeof(path), "%s/%08x", DEBUGFS_ROOT, liobn);
	return !access(path, F_OK);
}

int tce_snapshot_take(const char *debugfs, struct tce_snapshot *snap)
{
	static const struct {
		const char *name;
		size_t off;
	} field[] = {
		{ "weight", offsetof(struct tce_table_usage, weight) },
		{ "it_size", offsetof(struct tce_table_usage, it_size) },
		{ "it_page_shift", offsetof(struct tce_table_usage, it_page_shift) },
		{ "it_reserved_start", offsetof(struct tce_table_usage, it_reserved_start) },
		{ "it_reserved_end", offsetof(struct tce_table_usage, it_reserved_end) },
	};
	const char *top = debugfs ? debugfs : DEBUGFS_IOMMU;
	DIR *d = opendir(top);
	struct dirent *de;
	int ret = 0;

	memset(snap, 0, sizeof(*snap));
	if (!d)
		return ppcst_fail(-errno, "%s: %s (CONFIG_IOMMU_DEBUGFS, debugfs mounted?)",
			    top, strerror(errno));
	while (!ret && (de = readdir(d))) {
		struct tce_table_usage *t, *grown;
		char dir[PATH_MAX];

		/* Without CONFIG_IOMMU_API the kernel has no debugfs "iommu"
		 * directory and puts the LIOBN directories in the debugfs root
		 * among everything else: take only the LIOBN-named ones. */
		if (!de->d_name[0] || de->d_name[strspn(de->d_name, "0123456789abcdef")])
			continue;
		grown = realloc(snap->t, (size_t)(snap->nr + 1) * sizeof(*t));
		if (!grown) {
			ret = ppcst_fail(-ENOMEM, "out of memory");
			break;
		}
		snap->t = grown;
		t = &grown[snap->nr];
		memset(t, 0, sizeof(*t));
		/* The directory is the LIOBN as "%08lx". */
		t->liobn = strtoull(de->d_name, NULL, 16);
		ret = join(dir, sizeof(dir), top, de->d_name);
		for (size_t i = 0; !ret && i < sizeof(field) / sizeof(field[0]); i++)
			ret = read_attr_u64(dir, field[i].name,
					    (uint64_t *)((char *)t + field[i].off));
		if (!ret)
			snap->nr++;
	}
	closedir(d);
	if (ret)
		tce_snapshot_free(snap);
	else
		qsort(snap->t, (size_t)snap->nr, sizeof(*snap->t), cmp_liobn);
	return ret;
}

void tce_snapshot_free(struct tce_snapshot *snap)
{
	free(snap->t);
	memset(snap, 0, sizeof(*snap));
}

int tce_snapshot_diff(const struct tce_snapshot *before,
		      const struct tce_snapshot *after,
		      void (*report)(const struct tce_table_usage *before,
				     const struct tce_table_usage *after,
				     void *ctx),
		      void *ctx)
{
	int i = 0, j = 0, diffs = 0;

	/* Merge walk over the two LIOBN-sorted lists. */
	while (i < before->nr || j < after->nr) {
		const struct tce_table_usage *b = i < before->nr ? &before->t[i] : NULL;
		const struct tce_table_usage *a = j < after->nr ? &after->t[j] : NULL;

		if (b && (!a || b->liobn < a->liobn)) {
			a = NULL;
			i++;
		} else if (a && (!b || a->liobn < b->liobn)) {
			b = NULL;
			j++;
		} else {
			i++;
			j++;
			if (a->weight <= b->weight)
				continue;
		}
		diffs++;
		if (report)
			report(b, a, ctx);
	}
	return diffs;
}

/* Scan a "CONFIG_X=..." stream for NAME: 1 if y/m, else 0. */
static int kconfig_scan(FILE *f, const char *name)
{
	char line[512];
	size_t n = strlen(name);
	int found = 0;

	/* Read to the end: a gzip left with unread output dies of SIGPIPE, and
	 * pclose() then calls the whole read a failure. */
	while (fgets(line, sizeof(line), f))
		if (!found && !strncmp(line, name, n) && line[n] == '=')
			found = line[n + 1] == 'y' || line[n + 1] == 'm';
	return found;
}

int kconfig_enabled(const char *name)
{
	struct utsname u;
	char path[PATH_MAX];
	FILE *f;
	int ret;

	if (strncmp(name, "CONFIG_", 7) || strpbrk(name, " \t\n="))
		return ppcst_fail(-EINVAL, "\"%s\" is not a CONFIG_ option name", name);
	/* zlib is not linked: let gzip decompress /proc/config.gz. */
	if (access("/proc/config.gz", R_OK) == 0) {
		f = popen("gzip -dc /proc/config.gz", "r");
		if (f) {
			ret = kconfig_scan(f, name);
			if (pclose(f) == 0)
				return ret;
		}
	}
	if (uname(&u))
		return ppcst_fail(-errno, "uname: %s", strerror(errno));
	f = snprintf(path, sizeof(path), "/boot/config-%s", u.release) < (int)sizeof(path) ?
	    fopen(path, "r") : NULL;
	if (!f)
		return ppcst_fail(-ENOENT, "no kernel config: /proc/config.gz unreadable "
			    "(CONFIG_IKCONFIG_PROC, gzip) and %s: %s", path, strerror(errno));
	ret = kconfig_scan(f, name);
	fclose(f);
	return ret;
}

const char *kconfig_first_missing(const char *const *names, size_t n, bool strict)
{
	for (size_t i = 0; i < n; i++) {
		int on = kconfig_enabled(names[i]);

		if (on == 0 || (on < 0 && strict))
			return names[i];
	}
	return NULL;
}

int memblock_size(uint64_t *bytes)
{
	char buf[64], *end;
	int ret = ppcst_sysfs_read(SYSFS_MEMORY "/block_size_bytes", buf, sizeof(buf));

	if (ret)
		return ret;
	/* Printed as bare hex without "0x" (memory_block_size_bytes). */
	errno = 0;
	*bytes = strtoull(buf, &end, 16);
	if (errno || end == buf || *end || !*bytes)
		return ppcst_fail(-EINVAL, "block_size_bytes: \"%s\"", buf);
	return 0;
}

/* memoryN/state; short enough that it always fits. */
static void state_path(char *path, size_t len, int block)
{
	if (snprintf(path, len, "%s/memory%d/state", SYSFS_MEMORY, block) >= (int)len)
		path[0] = 0;
}

int memblock_state(int block, char *state, size_t len)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_read(path, state, len);
}

int memblock_online_movable(int block)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_write(path, "online_movable");
}

int memblock_offline(int block)
{
	char path[128];

	state_path(path, sizeof(path), block);
	return ppcst_sysfs_write(path, "offline");
}

uint64_t mem_total_kb(void)
{
	char buf[8192], *p;

	if (ppcst_sysfs_read("/proc/meminfo", buf, sizeof(buf)))
		return 0;
	p = strstr(buf, "MemTotal:");
	return p ? strtoull(p + 9, NULL, 10) : 0;
}

bool mem_total_wait(uint64_t want_kb, bool up, unsigned timeout_s)
{
	for (unsigned s = 0; s <= timeout_s; s++) {
		uint64_t kb = mem_total_kb();

		if (up ? kb >= want_kb : kb <= want_kb)
			return true;
		sleep(1);
	}
	return false;
}

void tce_snapshot_print(const char *when, const struct tce_snapshot *snap, FILE *out)
{
	for (int i = 0; i < snap->nr; i++)
		fprintf(out, "# %s: LIOBN 0x%llx %llu of %llu TCEs in use (2^%llu-byte pages)\n",
			when, (unsigned long long)snap->t[i].liobn,
			(unsigned long long)snap->t[i].weight, (unsigned long long)snap->t[i].it_size,
			(unsigned long long)snap->t[i].it_page_shift);
}
