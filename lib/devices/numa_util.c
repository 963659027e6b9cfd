// SPDX-License-Identifier: GPL-2.0
#include "devices/numa_util.h"
#include "base/error.h"
#include "devices/memory.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <numa.h>
#include <numaif.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int numa_node_of_block(int block)
{
	char path[128];
	struct dirent *de;
	DIR *d;
	int node = -ENOENT;

	/* The block directory links to its node as "nodeN". */
	snprintf(path, sizeof(path), "%s/memory%d", SYSFS_MEMORY, block);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "node", 4) &&
		    sscanf(de->d_name + 4, "%d", &node) == 1)
			break;
	closedir(d);
	return node;
}

int numa_node_of_phys(uint64_t phys)
{
	uint64_t bs;
	int ret = memblock_size(&bs);

	return ret ? ret : numa_node_of_block((int)(phys / bs));
}

void *numa_buf_alloc(size_t size, int node)
{
	enum { BITS = 8 * sizeof(unsigned long) };
	unsigned long mask[16] = { 0 };
	long page = sysconf(_SC_PAGESIZE);
	char *buf;

	/* Not libnuma's node bounds: it reads them once at start-up, and the
	 * node of memory onlined since (kmem, hot-plug) is not among them. */
	if (node < 0 || node >= (int)(16 * BITS)) {
		errno = EINVAL;
		return NULL;
	}
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return NULL;
	mask[node / BITS] = 1UL << (node % BITS);
	/* Bind strictly, so a full node fails instead of spilling elsewhere. */
	if (mbind(buf, size, MPOL_BIND, mask, 16 * BITS, 0)) {
		int e = errno;

		munmap(buf, size);
		errno = e;
		return NULL;
	}
	for (size_t off = 0; off < size; off += (size_t)page)
		buf[off] = 0;
	return buf;
}

void numa_buf_free(void *buf, size_t size)
{
	if (buf)
		munmap(buf, size);
}

long numa_pages_on_node(void *buf, size_t size, int node)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long n = (size + (size_t)page - 1) / (size_t)page;
	void **pages = calloc(n, sizeof(*pages));
	int *status = calloc(n, sizeof(*status));
	long on = 0;

	if (!pages || !status) {
		on = -ENOMEM;
		goto out;
	}
	for (unsigned long i = 0; i < n; i++)
		pages[i] = (char *)buf + i * (size_t)page;
	/* nodes == NULL: move_pages() only reports each page's node. */
	if (numa_move_pages(0, n, pages, NULL, status, 0)) {
		on = -errno;
		goto out;
	}
	for (unsigned long i = 0; i < n; i++)
		on += status[i] == node;
out:
	free(pages);
	free(status);
	return on;
}

int numa_direct_io_verify(const char *dev, int node, size_t bytes, unsigned seed)
{
	size_t pages = bytes / (size_t)sysconf(_SC_PAGESIZE);
	uint64_t *out = numa_buf_alloc(bytes, node);
	uint64_t *in = numa_buf_alloc(bytes, node);
	long on_out, on_in;
	int fd = -1, ret;

	if (!out || !in) {
		ret = ppcst_fail(-ENOMEM, "cannot place %zu bytes on node %d: %s", bytes, node,
				 strerror(errno));
		goto out;
	}
	on_out = numa_pages_on_node(out, bytes, node);
	on_in = numa_pages_on_node(in, bytes, node);
	if (on_out != (long)pages || on_in != (long)pages) {
		ret = ppcst_fail(-ENOMEM, "buffers not on node %d: %ld and %ld of %zu pages", node,
				 on_out, on_in, pages);
		goto out;
	}
	for (size_t i = 0; i < bytes / 8; i++)
		out[i] = (uint64_t)seed << 40 ^ i * 0x9e3779b97f4a7c15ULL;
	memset(in, 0, bytes);
	fd = open(dev, O_RDWR | O_DIRECT | O_CLOEXEC);
	if (fd < 0 || pwrite(fd, out, bytes, 0) != (ssize_t)bytes || fsync(fd) ||
	    pread(fd, in, bytes, 0) != (ssize_t)bytes) {
		ret = ppcst_fail(-EIO, "%s: O_DIRECT I/O failed: %s", dev, strerror(errno));
		goto out;
	}
	ret = 0;
	for (size_t i = 0; i < bytes / 8; i++)
		if (in[i] != out[i]) {
			ret = ppcst_fail(-EIO, "%s: byte %zu read back differs from what was "
					 "written", dev, i * 8);
			break;
		}
out:
	if (fd >= 0)
		close(fd);
	if (out)
		numa_buf_free(out, bytes);
	if (in)
		numa_buf_free(in, bytes);
	return ret;
}
