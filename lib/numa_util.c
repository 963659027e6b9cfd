// SPDX-License-Identifier: GPL-2.0
#include "numa_util.h"
#include "sysfs.h"

#include <dirent.h>
#include <errno.h>
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
