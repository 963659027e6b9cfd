// SPDX-License-Identifier: GPL-2.0
/*
 * Verified disk I/O with fio: lib/devices/disk_io.h.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/disk_io.h"
#include "base/proc.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "testbed/testbed.h"

#define SYSFS_BLOCK "/sys/block"

/* Whether /dev/NAME or one of its partitions appears as the first word of a
 * line of FILE (/proc/mounts, /proc/swaps). */
static bool listed_in(const char *file, const char *name)
{
	char line[1024], dev[PATH_MAX];
	size_t len = (size_t)snprintf(dev, sizeof(dev), "/dev/%s", name);
	FILE *f = fopen(file, "re");
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, dev, len);
	fclose(f);
	return found;
}

/* Whether NAME is held by another block device (dm, md, bcache). */
static bool has_holders(const char *name)
{
	char path[PATH_MAX];
	struct dirent *d;
	bool held = false;
	DIR *dir;

	snprintf(path, sizeof(path), "%s/%s/holders", SYSFS_BLOCK, name);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!held && (d = readdir(dir)))
		held = d->d_name[0] != '.';
	closedir(dir);
	return held;
}

/* The operator's disk: a whole, unused block device. */
static int check_named(const char *dev)
{
	const char *name = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
	char path[PATH_MAX];
	struct stat st;

	if (strncmp(dev, "/dev/", 5) || stat(dev, &st) || !S_ISBLK(st.st_mode))
		return ppcst_fail(-EINVAL, "%s=%s: not a block device (want /dev/NAME)",
				  SCRATCH_DISK_ENV, dev);
	snprintf(path, sizeof(path), "%s/%s", SYSFS_BLOCK, name);
	if (access(path, F_OK))
		return ppcst_fail(-EINVAL, "%s=%s: not a whole disk (no %s)", SCRATCH_DISK_ENV, dev,
				  path);
	if (listed_in("/proc/mounts", name) || listed_in("/proc/swaps", name) ||
	    has_holders(name)) {
		return ppcst_fail(-EINVAL, "%s=%s is mounted, swap or held by another device: "
				  "refusing to overwrite it", SCRATCH_DISK_ENV, dev);
	}
	return 0;
}

int scratch_disk_check_env(void)
{
	const char *dev = getenv(SCRATCH_DISK_ENV);

	return dev ? check_named(dev) : 0;
}

int scratch_disk_pick(char *dev, size_t devlen, char *pci, size_t pcilen)
{
	const char *named = getenv(SCRATCH_DISK_ENV);
	char name[64], path[PATH_MAX];
	int ret;

	if (named) {
		ret = check_named(named);
		if (ret)
			return ret;
		snprintf(name, sizeof(name), "%s", strrchr(named, '/') + 1);
	} else if (!testbed_guest()) {
		return ppcst_fail(-ENODEV, "no scratch disk: set %s=/dev/NAME to a disk whose data "
				  "may be destroyed", SCRATCH_DISK_ENV);
	} else if (ppcst_sysfs_find_entry(SYSFS_BLOCK, "serial", TESTBED_DISK_SERIAL, name, sizeof(name))) {
		return ppcst_fail(-ENODEV, "no disk with serial %s (CONFIG_VIRTIO_BLK, or a profile "
				  "without the scratch disk)", TESTBED_DISK_SERIAL);
	}
	snprintf(dev, devlen, "/dev/%s", name);
	snprintf(path, sizeof(path), "%s/%s/device", SYSFS_BLOCK, name);
	if (pci_parent(path, pci, pcilen))
		pci[0] = '\0';
	return 0;
}

/* Copies the lines of OUT that start (after blanks) with one of the PREFIXES
 * into BUF, joined with "; ", each cut at STOP (a character, or '\n'). */
static void pick_lines(const char *out, const char *const *prefixes, char stop, char *buf,
		       size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (const char *line = out; *line; ) {
		const char *eol = strchrnul(line, '\n'), *text = line + strspn(line, " \t");
		const char *cut = memchr(text, stop, (size_t)(eol - text));

		for (const char *const *p = prefixes; *p; p++)
			if (!strncmp(text, *p, strlen(*p)) && used < len)
				used += (size_t)snprintf(buf + used, len - used, "%s%.*s",
							 used ? "; " : "",
							 (int)((cut ? cut : eol) - text), text);
		line = *eol ? eol + 1 : eol;
	}
}

/* fio lays its buffers out max-block apart: 255.5 KiB puts all but the first
 * off a page boundary (at multiples of 0xe00 into a page). */
#define UNALIGNED_BLOCKS "--bsrange=512-261632"

int fio_verify(const struct fio_verify_job *job, char *summary, size_t summary_len)
{
	static const char *const bandwidth[] = { "WRITE: bw=", "READ: bw=", NULL };
	/* fio's own words for a bad block or a failed I/O. */
	static const char *const trouble[] = { "verify:", "crc32c:", "fio: ", "error:", NULL };
	char filename[PATH_MAX + 16], size[32], out[32768], why[512], policy[64] = "";
	const char *argv[] = {
		"fio", "--name=ppcst-verify", filename, size,
		/* O_DIRECT: the device DMAs into the very buffers fio checks. */
		"--direct=1", "--ioengine=libaio", "--iodepth=8",
		/* Every block written once, in random order and sizes, each
		 * with a checksum and a header naming its offset. */
		"--rw=randwrite", job->unaligned ? UNALIGNED_BLOCKS : "--bsrange=4k-256k",
		"--verify=crc32c",
		"--do_verify=1", "--verify_fatal=1",
		/* No state files: the suite's directory may be read-only. */
		"--verify_state_save=0",
		/* Where the buffers the device DMAs into live (pmem_hotplug). */
		job->numa_mem_policy ? policy : NULL, NULL,
	};
	const struct proc_opts opts = {
		.timeout_ms = job->timeout_s * 1000, .log_path = job->log,
		.buf = out, .buf_size = sizeof(out),
	};
	struct proc_result res;
	int ret;

	if (job->numa_mem_policy)
		snprintf(policy, sizeof(policy), "--numa_mem_policy=%s", job->numa_mem_policy);
	snprintf(filename, sizeof(filename), "--filename=%s", job->dev);
	snprintf(size, sizeof(size), "--size=%llu", job->bytes);
	ret = proc_run(argv, &opts, &res);
	if (ret < 0)
		return ppcst_fail(-res.exec_errno, "cannot run fio: %s",
				  strerror(res.exec_errno));
	pick_lines(out, bandwidth, ',', summary, summary_len);
	if (ret) {
		char how[128];

		pick_lines(out, trouble, '\n', why, sizeof(why));
		ppcst_fail(-EIO, "fio %s: %s", proc_describe(&res, how, sizeof(how)),
			   why[0] ? why : "no message (see the log)");
		return 1;
	}
	return 0;
}
