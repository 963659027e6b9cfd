// SPDX-License-Identifier: GPL-2.0
/*
 * Device-tree reader for the pseries DMA state; see dt.h.  Formats follow
 * the kernel (arch/powerpc/platforms/pseries/iommu.c, kernel/prom_parse.c,
 * mm/drmem.c, mm/numa.c) and QEMU's spapr device tree.
 */
#include "dma/dt.h"
#include "base/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The defaults of_n_addr_cells()/of_n_size_cells() fall back to. */
#define ROOT_ACELLS_DEFAULT 1
#define ROOT_SCELLS_DEFAULT 1
/* More cells than this cannot be a real address or size; of_read_number()
 * keeps the low 64 bits, so up to 4 cells are accepted like it does. */
#define MAX_CELLS 4
/* The DRCONF_MEM_ASSIGNED flag of an LMB (asm/drmem.h). */
#define DRCONF_MEM_ASSIGNED 0x8
/* A property file larger than this is not a device-tree property we read;
 * refusing it bounds the allocation on a corrupt tree. */
#define MAX_PROP_LEN (16u << 20)

static uint32_t be32_at(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* of_read_number(): NCELLS big-endian cells, low 64 bits kept. */
static uint64_t cells_at(const uint8_t *p, uint32_t ncells)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < ncells; i++)
		v = v << 32 | be32_at(p + 4 * i);
	return v;
}

/* Cursor over a property's cells: every read is bounds-checked. */
struct cells {
	const uint8_t *p;
	size_t len, off;
	const char *what;
};

static int take(struct cells *c, uint32_t ncells, uint64_t *v)
{
	size_t need = (size_t)ncells * 4;

	if (ncells > MAX_CELLS)
		return ppcst_fail(-EINVAL, "%s: %u cells per number", c->what, ncells);
	if (c->len - c->off < need)
		return ppcst_fail(-EINVAL, "%s: truncated (%zu bytes, need %zu at offset %zu)",
			    c->what, c->len, need, c->off);
	*v = cells_at(c->p + c->off, ncells);
	c->off += need;
	return 0;
}

static int take32(struct cells *c, uint32_t *v)
{
	uint64_t x;
	int ret = take(c, 1, &x);

	*v = (uint32_t)x;
	return ret;
}

static struct cells cells_of(const void *p, size_t len, const char *what)
{
	return (struct cells){ .p = p, .len = p ? len : 0, .what = what };
}

/* A property made of whole cells, at least MIN of them. */
static int check_cells(const char *what, size_t len, size_t min)
{
	if (len % 4)
		return ppcst_fail(-EINVAL, "%s: %zu bytes is not a whole number of cells",
			    what, len);
	if (len / 4 < min)
		return ppcst_fail(-EINVAL, "%s: %zu cells, need at least %zu",
			    what, len / 4, min);
	return 0;
}

int dt_decode_ddw_applicable(const void *p, size_t len,
			     struct dt_ddw_applicable *out)
{
	/* The kernel reads exactly DDW_APPLICABLE_SIZE cells. */
	struct cells c = cells_of(p, len, DT_PROP_DDW_APPLICABLE);
	int ret = check_cells(c.what, len, 3);

	if (!ret)
		ret = take32(&c, &out->query);
	if (!ret)
		ret = take32(&c, &out->create);
	if (!ret)
		ret = take32(&c, &out->remove);
	return ret;
}

int dt_decode_ddw_extensions(const void *p, size_t len,
			     struct dt_ddw_extensions *out)
{
	struct cells c = cells_of(p, len, DT_PROP_DDW_EXTENSIONS);
	/* Slots 1..3 in ddw_read_ext() numbering, filled in order. */
	struct {
		bool *has;
		uint32_t *val;
	} slot[] = {
		{ &out->has_reset, &out->reset_token },
		{ &out->has_query_out, &out->query_out },
		{ &out->has_limited_addr, &out->limited_addr },
	};
	int ret = check_cells(c.what, len, 1);

	memset(out, 0, sizeof(*out));
	if (!ret)
		ret = take32(&c, &out->count);
	if (ret)
		return ret;
	if (out->count > len / 4 - 1)
		return ppcst_fail(-EINVAL, "%s: count %u but only %zu cells follow",
			    c.what, out->count, len / 4 - 1);
	for (size_t i = 0; i < sizeof(slot) / sizeof(slot[0]) && i < out->count; i++) {
		ret = take32(&c, slot[i].val);
		if (ret)
			return ret;
		*slot[i].has = true;
	}
	return 0;
}

int dt_decode_dma_window(const void *p, size_t len, uint32_t addr_cells,
			 uint32_t size_cells, struct dt_dma_window *out)
{
	struct cells c = cells_of(p, len, DT_PROP_DMA_WINDOW);
	int ret = check_cells(c.what, len, 1);

	if (!ret)
		ret = take32(&c, &out->liobn);
	if (!ret)
		ret = take(&c, addr_cells, &out->bus_addr);
	if (!ret)
		ret = take(&c, size_cells, &out->size);
	return ret;
}

int dt_decode_ddw_window(const void *p, size_t len, struct dt_ddw_window *out)
{
	/*
	 * struct dynamic_dma_window_prop is not packed: the kernel writes
	 * sizeof() = 24 bytes, 4 of them padding between liobn and the
	 * 8-byte-aligned dma_base (seen in a booted 6.12 guest's tree).
	 */
	struct cells c = cells_of(p, len, "DDW window info");
	uint32_t pad;
	int ret = len == 24 ? 0 :
		ppcst_fail(-EINVAL, "DDW window info: %zu bytes, expected 24", len);

	if (!ret)
		ret = take32(&c, &out->liobn);
	if (!ret)
		ret = take32(&c, &pad);
	if (!ret)
		ret = take(&c, 2, &out->dma_base);
	if (!ret)
		ret = take32(&c, &out->tce_shift);
	if (!ret)
		ret = take32(&c, &out->window_shift);
	if (!ret && (out->tce_shift >= 64 || out->window_shift >= 64 ||
		     out->tce_shift > out->window_shift))
		ret = ppcst_fail(-EINVAL, "DDW window info: tce_shift %u window_shift %u",
			   out->tce_shift, out->window_shift);
	return ret;
}

int dt_decode_lrdr_capacity(const void *p, size_t len,
			    struct dt_lrdr_capacity *out)
{
	/* max address (2 cells), then optionally minimum LMB size (2) and
	 * maximum processors (1): the kernel reads only the first u64. */
	struct cells c = cells_of(p, len, "ibm,lrdr-capacity");
	int ret = check_cells(c.what, len, 2);

	memset(out, 0, sizeof(*out));
	if (!ret)
		ret = take(&c, 2, &out->max_addr);
	if (!ret && len / 4 >= 5) {
		ret = take(&c, 2, &out->min_lmb_size);
		if (!ret)
			ret = take32(&c, &out->max_procs);
		out->has_min_lmb = !ret;
	}
	return ret;
}

int dt_decode_pci_ranges(const void *p, size_t len, uint32_t parent_acells,
			 uint32_t size_cells, struct dt_pci_range **out)
{
	struct cells c = cells_of(p, len, "ranges");
	size_t entry = 3 + (size_t)parent_acells + size_cells;
	struct dt_pci_range *r;
	int ret = check_cells(c.what, len, entry);
	size_t n = len / 4 / entry;

	*out = NULL;
	if (ret)
		return ret;
	if (parent_acells > MAX_CELLS || size_cells > MAX_CELLS)
		return ppcst_fail(-EINVAL, "ranges: %u address / %u size cells",
			    parent_acells, size_cells);
	if ((len / 4) % entry)
		return ppcst_fail(-EINVAL, "ranges: %zu cells is not a multiple of %zu",
			    len / 4, entry);
	r = calloc(n, sizeof(*r));
	if (!r)
		return ppcst_fail(-ENOMEM, "ranges: out of memory");
	for (size_t i = 0; i < n && !ret; i++) {
		uint32_t hi;

		ret = take32(&c, &hi);
		if (!ret)
			ret = take(&c, 2, &r[i].bus_addr);
		if (!ret)
			ret = take(&c, parent_acells, &r[i].cpu_addr);
		if (!ret)
			ret = take(&c, size_cells, &r[i].size);
		/* phys.hi: npt000ss bbbbbbbb dddddfff rrrrrrrr */
		r[i].space = (hi >> 24) & 3;
		r[i].prefetchable = hi & 0x40000000;
	}
	if (ret) {
		free(r);
		return ret;
	}
	*out = r;
	return (int)n;
}

static char *join(const char *root, const char *node, const char *name)
{
	char *s;

	if (asprintf(&s, "%s%s%s%s", root, node, name ? "/" : "",
		     name ? name : "") < 0)
		return NULL;
	return s;
}

int dt_read_prop(const char *root, const char *node, const char *name,
		 void **data, size_t *len)
{
	char *path = join(root, node, name);
	struct stat sb;
	uint8_t *buf = NULL;
	size_t got = 0;
	int fd, ret = 0;

	*data = NULL;
	*len = 0;
	if (!path)
		return ppcst_fail(-ENOMEM, "out of memory");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = ppcst_fail(-errno, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > MAX_PROP_LEN) {
		ret = ppcst_fail(-EINVAL, "%s: not a property file", path);
		goto out;
	}
	/* +1: room for a NUL so string properties can be checked in place. */
	buf = calloc(1, (size_t)sb.st_size + 1);
	if (!buf) {
		ret = ppcst_fail(-ENOMEM, "%s: out of memory", path);
		goto out;
	}
	while (got < (size_t)sb.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = ppcst_fail(n ? -errno : -EIO, "%s: short read", path);
			goto out;
		}
		got += (size_t)n;
	}
	*data = buf;
	*len = got;
	buf = NULL;
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	free(path);
	return ret;
}

bool dt_has_prop(const char *root, const char *node, const char *name)
{
	char *path = join(root, node, name);
	bool ret = path && access(path, F_OK) == 0;

	free(path);
	return ret;
}

/*
 * Read a property and run a decoder on it.  1 if decoded, 0 if absent,
 * -errno (message prefixed with the node) if malformed.
 */
#define DECODE(st, node, name, call)					\
	({								\
		void *data_;						\
		size_t len_;						\
		int r_ = dt_read_prop((st)->root, node, name, &data_, &len_); \
		if (r_ == -ENOENT) {					\
			r_ = 0;						\
		} else if (!r_) {					\
			const void *p = data_;				\
			size_t len = len_;				\
			r_ = (call);					\
			r_ = r_ < 0 ? node_fail(node, r_) : 1;		\
		}							\
		free(data_);						\
		r_;							\
	})

/* Prefixes the callee's message with the node it was reading. */
static int node_fail(const char *node, int err)
{
	return ppcst_fail(err, "%s: %s", node, ppcst_last_error());
}

/* A one-cell property as a number; DEF if absent. */
static int read_u32(struct dt_state *st, const char *node, const char *name,
		    uint32_t def, uint32_t *out)
{
	int ret;

	*out = def;
	ret = DECODE(st, node, name,
		     ({ struct cells c = cells_of(p, len, name);
			check_cells(name, len, 1) ?: take32(&c, out); }));
	return ret < 0 ? ret : 0;
}

/* A 1- or 2-cell number property (sizes QEMU writes either way). */
static int read_num(struct dt_state *st, const char *node, const char *name,
		    uint64_t *out)
{
	return DECODE(st, node, name,
		      ({ struct cells c = cells_of(p, len, name);
			 check_cells(name, len, 1) ?:
			 len > 8 ? ppcst_fail(-EINVAL, "%s: %zu bytes", name, len) :
			 take(&c, (uint32_t)(len / 4), out); }));
}

static char *parent_of(const char *node)
{
	const char *slash = strrchr(node, '/');

	return strndup(node, slash && slash != node ? (size_t)(slash - node) : 1);
}

/* of_n_addr_cells()/of_n_size_cells(): search from the parent upwards. */
static int n_cells(struct dt_state *st, const char *node, const char *name,
		   uint32_t def, uint32_t *out)
{
	char *p = parent_of(node);
	int ret = 0;

	if (!p)
		return ppcst_fail(-ENOMEM, "out of memory");
	for (;;) {
		ret = read_u32(st, p, name, UINT32_MAX, out);
		if (ret || *out != UINT32_MAX || !strcmp(p, "/"))
			break;
		char *up = parent_of(p);

		free(p);
		p = up;
		if (!p)
			return ppcst_fail(-ENOMEM, "out of memory");
	}
	free(p);
	if (!ret && *out == UINT32_MAX)
		*out = def;
	if (!ret && *out > MAX_CELLS)
		ret = ppcst_fail(-EINVAL, "%s: %s = %u", node, name, *out);
	return ret;
}

/* The cell sizes of_parse_dma_window() uses for NODE's window. */
static int dma_window_cells(struct dt_state *st, const char *node,
			    uint32_t *acells, uint32_t *scells)
{
	int ret = read_u32(st, node, "ibm,#dma-address-cells", UINT32_MAX, acells);

	if (!ret && *acells == UINT32_MAX)
		ret = read_u32(st, node, "#address-cells", UINT32_MAX, acells);
	if (!ret && *acells == UINT32_MAX)
		ret = n_cells(st, node, "#address-cells", ROOT_ACELLS_DEFAULT, acells);
	if (!ret)
		ret = read_u32(st, node, "ibm,#dma-size-cells", UINT32_MAX, scells);
	if (!ret && *scells == UINT32_MAX)
		ret = n_cells(st, node, "#size-cells", ROOT_SCELLS_DEFAULT, scells);
	return ret;
}

/* Append one zeroed element to a growing array; NULL on ENOMEM. */
static void *push(void *arrp, int *n, size_t size)
{
	void **arr = arrp;
	char *grown = realloc(*arr, (size_t)(*n + 1) * size);

	if (!grown) {
		ppcst_fail(-ENOMEM, "out of memory");
		return NULL;
	}
	*arr = grown;
	memset(grown + (size_t)*n * size, 0, size);
	return grown + (size_t)(*n)++ * size;
}

static enum dt_dma_class classify(const struct dt_pe *pe)
{
	/* Same precedence as the kernel's find_existing_ddw(): a DDW wins
	 * over the default window, which may also still be there. */
	if (pe->has_direct64)
		return DT_DMA_DDW_DIRECT;
	if (pe->has_dma64)
		return DT_DMA_DDW_DYNAMIC;
	if (pe->has_default)
		return DT_DMA_DEFAULT;
	return DT_DMA_NONE;
}

/* Decode NODE's DMA properties; 1 and a new st->pes entry if it has any. */
static int scan_pe(struct dt_state *st, const char *node)
{
	struct dt_pe pe = { 0 };
	uint32_t ac, sc;
	int r[6];

	if (!dt_has_prop(st->root, node, DT_PROP_DMA_WINDOW) &&
	    !dt_has_prop(st->root, node, DT_PROP_DMA_WINDOW_SAVED) &&
	    !dt_has_prop(st->root, node, DT_PROP_DIRECT64) &&
	    !dt_has_prop(st->root, node, DT_PROP_DMA64))
		return 0;
	int ret = dma_window_cells(st, node, &ac, &sc);

	if (ret)
		return ret;
	/* Stop at the first malformed property so its message survives. */
	r[0] = DECODE(st, node, DT_PROP_DMA_WINDOW,
		      dt_decode_dma_window(p, len, ac, sc, &pe.default_win));
	r[1] = r[0] < 0 ? r[0] : DECODE(st, node, DT_PROP_DMA_WINDOW_SAVED,
		      dt_decode_dma_window(p, len, ac, sc, &pe.saved_default_win));
	r[2] = r[1] < 0 ? r[1] : DECODE(st, node, DT_PROP_DDW_APPLICABLE,
		      dt_decode_ddw_applicable(p, len, &pe.applicable));
	r[3] = r[2] < 0 ? r[2] : DECODE(st, node, DT_PROP_DDW_EXTENSIONS,
		      dt_decode_ddw_extensions(p, len, &pe.extensions));
	r[4] = r[3] < 0 ? r[3] : DECODE(st, node, DT_PROP_DIRECT64,
		      dt_decode_ddw_window(p, len, &pe.direct64));
	r[5] = r[4] < 0 ? r[4] : DECODE(st, node, DT_PROP_DMA64,
		      dt_decode_ddw_window(p, len, &pe.dma64));
	if (r[5] < 0)
		return r[5];
	pe.has_default = r[0];
	pe.has_saved_default = r[1];
	pe.has_applicable = r[2];
	pe.has_extensions = r[3];
	pe.has_direct64 = r[4];
	pe.has_dma64 = r[5];
	pe.cls = classify(&pe);
	pe.path = strdup(node);

	struct dt_pe *slot = pe.path ? push(&st->pes, &st->nr_pes, sizeof(pe)) : NULL;

	if (!slot) {
		free(pe.path);
		return ppcst_fail(-ENOMEM, "out of memory");
	}
	*slot = pe;
	return 1;
}

static int scan_phb(struct dt_state *st, const char *node)
{
	struct dt_phb *phb = push(&st->phbs, &st->nr_phbs, sizeof(*phb));
	uint32_t sc;
	int ret;

	if (!phb)
		return -ENOMEM;
	phb->mmio32 = -1;
	phb->pe = -1;
	phb->path = strdup(node);
	if (!phb->path)
		return ppcst_fail(-ENOMEM, "out of memory");
	ret = DECODE(st, node, "reg",
		     ({ struct cells c = cells_of(p, len, "reg");
			take(&c, st->root_acells, &phb->buid); }));
	if (ret < 0)
		return ret;
	ret = read_u32(st, node, "#size-cells", 2, &sc);
	if (!ret)
		ret = DECODE(st, node, "ranges",
			     phb->nr_ranges = dt_decode_pci_ranges(p, len,
						st->root_acells, sc, &phb->ranges));
	if (ret < 0)
		return ret;
	if (phb->nr_ranges < 0)
		phb->nr_ranges = 0;
	for (int i = 0; i < phb->nr_ranges; i++)
		if (phb->ranges[i].space == DT_PCI_SPACE_MEM32) {
			phb->mmio32 = i;
			break;
		}
	return 0;
}

static int scan_dev(struct dt_state *st, const char *node, int phb, int pe)
{
	struct dt_pci_dev *dev;
	int ret;

	if (!dt_has_prop(st->root, node, "vendor-id"))
		return 0;
	dev = push(&st->devs, &st->nr_devs, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->phb = phb;
	dev->pe = pe;
	dev->path = strdup(node);
	if (!dev->path)
		return ppcst_fail(-ENOMEM, "out of memory");
	ret = read_u32(st, node, "vendor-id", 0, &dev->vendor);
	if (!ret)
		ret = read_u32(st, node, "device-id", 0, &dev->device);
	if (!ret)
		ret = read_u32(st, node, "class-code", 0, &dev->class_code);
	return ret;
}

static int scan_memory(struct dt_state *st, const char *node)
{
	int ret = DECODE(st, node, "reg", ({
		struct cells c = cells_of(p, len, "reg");
		size_t entry = 4 * ((size_t)st->root_acells + st->root_scells);
		int r = entry && len % entry ? ppcst_fail(-EINVAL,
			"reg: %zu bytes is not a multiple of %zu", len, entry) : 0;

		while (!r && c.off < len) {
			struct dt_mem_range *m = push(&st->mem, &st->nr_mem, sizeof(*m));

			r = m ? take(&c, st->root_acells, &m->base) : -ENOMEM;
			if (!r)
				r = take(&c, st->root_scells, &m->size);
		}
		r; }));

	return ret < 0 ? ret : 0;
}

/* ibm,dynamic-memory(-v2) after its count cell, into st->drmem. */
static int decode_drmem(struct dt_state *st, const void *p, size_t len, int version)
{
	struct cells c = cells_of(p, len, version == 2 ?
				  "ibm,dynamic-memory-v2" : "ibm,dynamic-memory");
	struct dt_drmem *d = &st->drmem;
	uint32_t n = 0;	/* the loop reads it also when check_cells() failed */
	int ret = check_cells(c.what, len, 1) ?: take32(&c, &n);

	d->version = version;
	for (uint32_t i = 0; i < n && !ret; i++) {
		uint32_t seq = 1, drc, aa, flags, reserved;
		uint64_t base;

		if (version == 2)
			ret = take32(&c, &seq);
		ret = ret ?: take(&c, st->root_acells, &base);
		ret = ret ?: take32(&c, &drc);
		if (version == 1)
			ret = ret ?: take32(&c, &reserved);
		ret = ret ?: take32(&c, &aa);
		ret = ret ?: take32(&c, &flags);
		if (ret)
			break;
		d->nr_lmbs += seq;
		if (flags & DRCONF_MEM_ASSIGNED)
			d->nr_assigned += seq;
		if (seq && base + seq * d->lmb_size > d->max_end)
			d->max_end = base + seq * d->lmb_size;
	}
	return ret;
}

static int scan_drmem(struct dt_state *st, const char *node)
{
	int ret = read_num(st, node, "ibm,lmb-size", &st->drmem.lmb_size);

	if (ret <= 0)
		return ret ? ret : ppcst_fail(-EINVAL, "%s: no ibm,lmb-size", node);
	ret = DECODE(st, node, "ibm,dynamic-memory-v2", decode_drmem(st, p, len, 2));
	if (!ret)
		ret = DECODE(st, node, "ibm,dynamic-memory", decode_drmem(st, p, len, 1));
	if (!ret)
		return ppcst_fail(-EINVAL, "%s: no ibm,dynamic-memory(-v2)", node);
	st->has_drmem = ret > 0;
	return ret < 0 ? ret : 0;
}

static int scan_pmem(struct dt_state *st, const char *node)
{
	struct dt_pmem *pm = push(&st->pmems, &st->nr_pmems, sizeof(*pm));
	int ret;

	if (!pm)
		return -ENOMEM;
	pm->path = strdup(node);
	if (!pm->path)
		return ppcst_fail(-ENOMEM, "out of memory");
	ret = read_u32(st, node, "ibm,my-drc-index", 0, &pm->drc_index);
	ret = ret ?: read_num(st, node, "ibm,block-size", &pm->block_size);
	ret = ret < 0 ? ret : read_num(st, node, "ibm,number-of-blocks", &pm->nr_blocks);
	if (ret >= 0)
		ret = DECODE(st, node, "ibm,metadata-size", ({
			struct cells c = cells_of(p, len, "ibm,metadata-size");
			check_cells(c.what, len, 1) ?: take32(&c, &pm->metadata_size); }));
	pm->has_metadata_size = ret > 0;
	if (ret >= 0)
		ret = DECODE(st, node, "ibm,unit-guid",
			     memchr(p, 0, len) ? ((pm->guid = strdup(p)) ? 0 :
						  ppcst_fail(-ENOMEM, "out of memory")) :
			     ppcst_fail(-EINVAL, "ibm,unit-guid: not a string"));
	if (ret >= 0)
		ret = DECODE(st, node, "ibm,associativity", ({
			struct cells c = cells_of(p, len, "ibm,associativity");
			uint32_t n = 0;
			int r = check_cells(c.what, len, 1) ?: take32(&c, &n);

			if (!r && n > len / 4 - 1)
				r = ppcst_fail(-EINVAL, "ibm,associativity: count %u, %zu cells",
					 n, len / 4 - 1);
			if (!r && n) {
				pm->assoc = calloc(n, sizeof(*pm->assoc));
				r = pm->assoc ? 0 : ppcst_fail(-ENOMEM, "out of memory");
			}
			for (uint32_t i = 0; i < n && !r; i++)
				r = take32(&c, &pm->assoc[i]);
			pm->nr_assoc = (int)n;
			r; }));
	return ret < 0 ? ret : 0;
}

static bool node_is_type(struct dt_state *st, const char *node, const char *type)
{
	void *p;
	size_t len;
	bool ret;

	if (dt_read_prop(st->root, node, "device_type", &p, &len))
		return false;
	/* dt_read_prop() leaves a NUL after the data. */
	ret = !strcmp(p, type);
	free(p);
	return ret;
}

/* Depth-first walk; PHB and PE are the enclosing ones (-1: none). */
static int walk(struct dt_state *st, const char *node, int depth, int phb, int pe)
{
	char *dirpath = join(st->root, node, NULL);
	DIR *d;
	struct dirent *de;
	int ret = 0;

	if (depth > 64)
		return ppcst_fail(-ELOOP, "%s: nested too deep", node);
	if (!dirpath)
		return ppcst_fail(-ENOMEM, "out of memory");
	if (phb < 0 && node_is_type(st, node, "pci")) {
		ret = scan_phb(st, node);
		phb = st->nr_phbs - 1;
	}
	if (!ret && phb >= 0) {
		ret = scan_pe(st, node);
		if (ret > 0) {
			pe = st->nr_pes - 1;
			if (!strcmp(st->phbs[phb].path, node))
				st->phbs[phb].pe = pe;
		}
		if (ret >= 0 && strcmp(st->phbs[phb].path, node))
			ret = scan_dev(st, node, phb, pe);
	}
	if (!ret && node_is_type(st, node, "ibm,pmemory"))
		ret = scan_pmem(st, node);
	if (!ret && depth == 1 && node_is_type(st, node, "memory"))
		ret = scan_memory(st, node);
	if (ret < 0)
		goto out;

	d = opendir(dirpath);
	if (!d) {
		ret = ppcst_fail(-errno, "%s: %s", dirpath, strerror(errno));
		goto out;
	}
	ret = 0;
	while (!ret && (de = readdir(d))) {
		struct stat sb;
		char *child;

		if (de->d_name[0] == '.' ||
		    fstatat(dirfd(d), de->d_name, &sb, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISDIR(sb.st_mode))
			continue;
		if (asprintf(&child, "%s%s%s", node, strcmp(node, "/") ? "/" : "",
			     de->d_name) < 0) {
			ret = ppcst_fail(-ENOMEM, "out of memory");
			break;
		}
		ret = walk(st, child, depth + 1, phb, pe);
		free(child);
	}
	closedir(d);
out:
	free(dirpath);
	return ret < 0 ? ret : 0;
}

int dt_scan(const char *root, struct dt_state *st)
{
	int ret;

	memset(st, 0, sizeof(*st));
	ppcst_fail(0, "%s", "");
	st->root = strdup(root ? root : DT_ROOT_DEFAULT);
	if (!st->root)
		return ppcst_fail(-ENOMEM, "out of memory");
	/* Strip a trailing '/' so node paths ("/x") join without "//". */
	for (size_t n = strlen(st->root); n > 1 && st->root[n - 1] == '/'; n--)
		st->root[n - 1] = 0;
	if (!dt_has_prop(st->root, "/", NULL))
		return ppcst_fail(-ENOENT, "%s: no device tree there", st->root);
	ret = read_u32(st, "/", "#address-cells", ROOT_ACELLS_DEFAULT, &st->root_acells);
	ret = ret ?: read_u32(st, "/", "#size-cells", ROOT_SCELLS_DEFAULT, &st->root_scells);
	if (!ret && (st->root_acells > MAX_CELLS || st->root_scells > MAX_CELLS))
		ret = ppcst_fail(-EINVAL, "/: %u address / %u size cells",
			   st->root_acells, st->root_scells);
	if (!ret) {
		ret = DECODE(st, "/rtas", "ibm,lrdr-capacity",
			     dt_decode_lrdr_capacity(p, len, &st->lrdr));
		st->has_lrdr = ret > 0;
	}
	if (ret >= 0 && dt_has_prop(st->root, "/ibm,dynamic-reconfiguration-memory", NULL))
		ret = scan_drmem(st, "/ibm,dynamic-reconfiguration-memory");
	if (ret >= 0)
		ret = walk(st, "/", 0, -1, -1);
	return ret < 0 ? ret : 0;
}

void dt_free(struct dt_state *st)
{
	for (int i = 0; i < st->nr_phbs; i++) {
		free(st->phbs[i].path);
		free(st->phbs[i].ranges);
	}
	for (int i = 0; i < st->nr_pes; i++)
		free(st->pes[i].path);
	for (int i = 0; i < st->nr_devs; i++)
		free(st->devs[i].path);
	for (int i = 0; i < st->nr_pmems; i++) {
		free(st->pmems[i].path);
		free(st->pmems[i].guid);
		free(st->pmems[i].assoc);
	}
	free(st->phbs);
	free(st->pes);
	free(st->devs);
	free(st->mem);
	free(st->pmems);
	free(st->root);
	memset(st, 0, sizeof(*st));
}

const struct dt_phb *dt_find_phb(const struct dt_state *st, const char *path)
{
	for (int i = 0; i < st->nr_phbs; i++)
		if (!strcmp(st->phbs[i].path, path))
			return &st->phbs[i];
	return NULL;
}

const struct dt_pci_dev *dt_find_dev(const struct dt_state *st, const char *path)
{
	for (int i = 0; i < st->nr_devs; i++)
		if (!strcmp(st->devs[i].path, path))
			return &st->devs[i];
	return NULL;
}

enum dt_dma_class dt_dev_class(const struct dt_state *st,
			       const struct dt_pci_dev *dev)
{
	return dev->pe >= 0 && dev->pe < st->nr_pes ? st->pes[dev->pe].cls
						     : DT_DMA_NONE;
}

uint64_t dt_memory_max(const struct dt_state *st)
{
	uint64_t max = 0;

	/* hot_add_drconf_memory_max(): lrdr-capacity, else the drmem LMBs;
	 * without either the kernel falls back to the end of DRAM. */
	if (st->has_lrdr)
		return st->lrdr.max_addr;
	if (st->has_drmem)
		return st->drmem.max_end;
	for (int i = 0; i < st->nr_mem; i++)
		if (st->mem[i].base + st->mem[i].size > max)
			max = st->mem[i].base + st->mem[i].size;
	return max;
}

const char *dt_dma_class_name(enum dt_dma_class c)
{
	switch (c) {
	case DT_DMA_NONE:
		return "none";
	case DT_DMA_DEFAULT:
		return "default";
	case DT_DMA_DDW_DIRECT:
		return "ddw-direct";
	case DT_DMA_DDW_DYNAMIC:
		return "ddw-dynamic";
	}
	return "?";
}
