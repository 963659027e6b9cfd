/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device-tree reader for the pseries DMA state: PHBs, PE nodes, PCI device
 * nodes, the DDW properties the kernel adds at run time, memory and pmem.
 *
 * Everything works on a directory laid out like /proc/device-tree (one
 * directory per node, one file of raw big-endian bytes per property), so the
 * suite's own tests run the same code on trees extracted from recorded blobs.
 *
 * Decoders take the raw property bytes and bound-check every length: a
 * malformed property yields -EINVAL and ppcst_last_error() (lib/base/error.h) says
 * what was wrong.
 */
#ifndef PPCST_DT_H
#define PPCST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define DT_ROOT_DEFAULT "/proc/device-tree"

/* The property names, spelled once (arch/powerpc/platforms/pseries/iommu.c). */
#define DT_PROP_DMA_WINDOW	"ibm,dma-window"
#define DT_PROP_DMA_WINDOW_SAVED "ibm,dma-window-saved"
#define DT_PROP_DDW_APPLICABLE	"ibm,ddw-applicable"
#define DT_PROP_DDW_EXTENSIONS	"ibm,ddw-extensions"
#define DT_PROP_DIRECT64	"linux,direct64-ddr-window-info"
#define DT_PROP_DMA64		"linux,dma64-ddr-window-info"

/*
 * Read property NAME of node NODE ("/" or "/pci@800000020000000") below ROOT
 * into a malloc'ed buffer.  0, -ENOENT if absent, other -errno on failure.
 */
int dt_read_prop(const char *root, const char *node, const char *name,
		 void **data, size_t *len);
bool dt_has_prop(const char *root, const char *node, const char *name);

/* ibm,ddw-applicable: RTAS tokens of the three DDW calls. */
struct dt_ddw_applicable {
	uint32_t query, create, remove;
};

/*
 * ibm,ddw-extensions: cell 0 is the number of extensions that follow; the
 * kernel knows 1 = ibm,reset-pe-dma-windows token, 2 = query output size
 * (1: the query returns 6 cells, a 64-bit largest block), 3 = limited
 * addressing mode.  Extensions beyond count are absent.
 */
struct dt_ddw_extensions {
	uint32_t count;
	bool has_reset;
	uint32_t reset_token;
	bool has_query_out;
	uint32_t query_out;
	bool has_limited_addr;
	uint32_t limited_addr;
};

/* ibm,dma-window: LIOBN, bus address and size of the default window. */
struct dt_dma_window {
	uint32_t liobn;
	uint64_t bus_addr;
	uint64_t size;
};

/* struct dynamic_dma_window_prop: the DDW the kernel created. */
struct dt_ddw_window {
	uint32_t liobn;
	uint64_t dma_base;
	uint32_t tce_shift;	/* log2 of the IOMMU page size */
	uint32_t window_shift;	/* log2 of the window size */
};

/* /rtas/ibm,lrdr-capacity (QEMU spapr_dt_rtas, kernel numa.c). */
struct dt_lrdr_capacity {
	uint64_t max_addr;	/* highest possible memory address + 1 */
	bool has_min_lmb;	/* the two optional trailing fields */
	uint64_t min_lmb_size;
	uint32_t max_procs;
};

/* A range of the PHB "ranges" property: PCI bus address -> CPU address. */
struct dt_pci_range {
	uint32_t space;		/* DT_PCI_SPACE_* of phys.hi */
	bool prefetchable;
	uint64_t bus_addr;
	uint64_t cpu_addr;
	uint64_t size;
};

#define DT_PCI_SPACE_CONFIG 0
#define DT_PCI_SPACE_IO 1
#define DT_PCI_SPACE_MEM32 2
#define DT_PCI_SPACE_MEM64 3

int dt_decode_ddw_applicable(const void *p, size_t len,
			     struct dt_ddw_applicable *out);
int dt_decode_ddw_extensions(const void *p, size_t len,
			     struct dt_ddw_extensions *out);
int dt_decode_dma_window(const void *p, size_t len, uint32_t addr_cells,
			 uint32_t size_cells, struct dt_dma_window *out);
int dt_decode_ddw_window(const void *p, size_t len, struct dt_ddw_window *out);
int dt_decode_lrdr_capacity(const void *p, size_t len,
			    struct dt_lrdr_capacity *out);
/*
 * Decode PCI "ranges" (3 child address cells, PARENT_ACELLS cpu address
 * cells, SIZE_CELLS size cells) into a malloc'ed array.  Returns the number
 * of entries or -EINVAL.
 */
int dt_decode_pci_ranges(const void *p, size_t len, uint32_t parent_acells,
			 uint32_t size_cells, struct dt_pci_range **out);

/* How a PE node's (and so its devices') DMA is set up. */
enum dt_dma_class {
	DT_DMA_NONE,		/* no window at all */
	DT_DMA_DEFAULT,		/* only the 32-bit default window */
	DT_DMA_DDW_DIRECT,	/* DDW mapping all RAM 1:1 */
	DT_DMA_DDW_DYNAMIC,	/* DDW used as an IOMMU window (TCEs on demand) */
};
const char *dt_dma_class_name(enum dt_dma_class c);

/* A node holding DMA-window properties: a PHB or a PE below one. */
struct dt_pe {
	char *path;
	bool has_default, has_saved_default, has_applicable, has_extensions;
	bool has_direct64, has_dma64;
	struct dt_dma_window default_win;
	struct dt_dma_window saved_default_win;
	struct dt_ddw_applicable applicable;
	struct dt_ddw_extensions extensions;
	struct dt_ddw_window direct64;
	struct dt_ddw_window dma64;
	enum dt_dma_class cls;
};

struct dt_phb {
	char *path;
	uint64_t buid;		/* first reg entry: what RTAS calls take */
	struct dt_pci_range *ranges;
	int nr_ranges;
	int mmio32;		/* index into ranges, -1 if none */
	int pe;			/* index into dt_state.pes, -1: no DMA props */
};

struct dt_pci_dev {
	char *path;
	uint32_t vendor, device, class_code;
	int phb;		/* index into dt_state.phbs */
	int pe;			/* nearest PE at or above, -1 if none */
};

struct dt_mem_range {
	uint64_t base, size;
};

/* ibm,dynamic-reconfiguration-memory (v1 or v2 ibm,dynamic-memory). */
struct dt_drmem {
	uint64_t lmb_size;
	uint64_t nr_lmbs, nr_assigned;
	uint64_t max_end;	/* end of the highest LMB (drmem_lmb_memory_max) */
	int version;		/* 1 or 2 */
};

/* An ibm,pmemory node (papr_scm region).  Its physical address is not in
 * the tree: the guest binds it with H_SCM_BIND_MEM at run time. */
struct dt_pmem {
	char *path;
	uint32_t drc_index;	/* reg and ibm,my-drc-index */
	uint64_t block_size, nr_blocks;
	bool has_metadata_size;
	uint32_t metadata_size;
	char *guid;		/* ibm,unit-guid, NULL if absent */
	uint32_t *assoc;	/* ibm,associativity cells after the count */
	int nr_assoc;
};

struct dt_state {
	char *root;
	uint32_t root_acells, root_scells;
	struct dt_phb *phbs;
	int nr_phbs;
	struct dt_pe *pes;
	int nr_pes;
	struct dt_pci_dev *devs;
	int nr_devs;
	struct dt_mem_range *mem;	/* reg of every device_type "memory" node */
	int nr_mem;
	bool has_lrdr, has_drmem;
	struct dt_lrdr_capacity lrdr;
	struct dt_drmem drmem;
	struct dt_pmem *pmems;
	int nr_pmems;
};

/*
 * Walk the tree at ROOT (NULL: DT_ROOT_DEFAULT).  0 on success; -errno with
 * ppcst_last_error() naming the node and property when anything is malformed.
 * dt_free() releases a state whether or not dt_scan() succeeded.
 */
int dt_scan(const char *root, struct dt_state *st);
void dt_free(struct dt_state *st);

/* Lookups by node path; NULL if absent. */
const struct dt_phb *dt_find_phb(const struct dt_state *st, const char *path);
const struct dt_pci_dev *dt_find_dev(const struct dt_state *st,
				     const char *path);
/* DMA class of a device through its PE; DT_DMA_NONE without one. */
enum dt_dma_class dt_dev_class(const struct dt_state *st,
			       const struct dt_pci_dev *dev);
/* Highest memory address + 1 the partition may ever have, as the kernel's
 * ddw_memory_hotplug_max() sees it; 0 if the tree does not say. */
uint64_t dt_memory_max(const struct dt_state *st);

#endif
