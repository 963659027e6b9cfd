/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NUMA helpers over libnuma: which node memory belongs to, buffers bound to
 * a node, and where a buffer's pages actually landed.  Used to aim DMA at
 * hot-plugged or pmem-backed (kmem) nodes.
 */
#ifndef PPCST_NUMA_UTIL_H
#define PPCST_NUMA_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Node of memory block BLOCK (its memoryN/nodeM link); -errno if none. */
int numa_node_of_block(int block);
/* Node of the block holding physical address PHYS. */
int numa_node_of_phys(uint64_t phys);

/* SIZE bytes bound (MPOL_BIND) to NODE and touched so they are placed;
 * NULL with errno set if the node has no memory or libnuma is unusable. */
void *numa_buf_alloc(size_t size, int node);
void numa_buf_free(void *buf, size_t size);
/* Count the pages of BUF that are on NODE; -errno on failure.  Pages not
 * yet faulted in count as elsewhere. */
long numa_pages_on_node(void *buf, size_t size, int node);

/*
 * A verified O_DIRECT pass over the first BYTES of block device DEV whose
 * buffers live on NODE (DMA into that memory): write a pattern made from
 * SEED from one buffer, read it back into another, compare. 0; -ENOMEM (the
 * buffers could not be placed), -EIO (the I/O failed or the data differs),
 * with ppcst_last_error() saying which.
 */
int numa_direct_io_verify(const char *dev, int node, size_t bytes, unsigned seed);

#endif
