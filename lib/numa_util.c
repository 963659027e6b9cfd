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
	long page = sysconf(_SC_PAGESIZE);
	char *buf;

	if (numa_available() < 0 || node < 0 || node > numa_max_node()) {
		errno = EINVAL;
		return NULL;
	}
	/* numa_alloc_onnode() is only a preference; bind strictly so a full
	 * node fails instead of silently spilling elsewhere. */
	buf = numa_alloc_onnode(size, node);
	if (!buf)
		return NULL;
	struct bitmask *mask = numa_allocate_nodemask();

	numa_bitmask_setbit(mask, (unsigned int)node);
	numa_tonodemask_memory(buf, size, mask);
	numa_bitmask_free(mask);
	for (size_t off = 0; off < size; off += (size_t)page)
		buf[off] = 0;
	return buf;
}

void numa_buf_free(void *buf, size_t size)
{
	if (buf)
		numa_free(buf, size);
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
