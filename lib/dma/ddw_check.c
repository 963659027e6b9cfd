// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA-window rules of lib/dma/ddw_check.h.  The log formats are the dev_info()
 * strings of arch/powerpc/platforms/pseries/iommu.c (Linux 6.12): query_ddw(),
 * create_ddw() and the end of enable_ddw().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dma/ddw_check.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_reader.h"
#include "kmsg/kmsg_scanner.h"
#include "base/error.h"
#include "dma/tce.h"

#define QUERY_TAG "ibm,query-pe-dma-windows("
#define CREATE_TAG "ibm,create-pe-dma-window("
#define RESULT_TAG "lsa_required: "

/* dev_info() prints "<driver> <device>: <message>": the word before ": ". */
static bool dev_before(const char *line, const char *msg, char *dev, size_t len)
{
	const char *end = msg - 2, *start;

	if (msg - line < 3 || end[0] != ':' || end[1] != ' ')
		return false;
	for (start = end; start > line && start[-1] != ' '; start--)
		;
	if (start == end || (size_t)(end - start) >= len)
		return false;
	memcpy(dev, start, (size_t)(end - start));
	dev[end - start] = 0;
	return true;
}

/* The attempt of DEV still waiting for its result line, else a new one. */
static struct ddw_attempt *open_attempt(struct ddw_log *log, const char *dev)
{
	struct ddw_attempt *grown;

	for (int i = log->nr - 1; i >= 0; i--)
		if (!strcmp(log->a[i].dev, dev)) {
			if (!log->a[i].has_result)
				return &log->a[i];
			break;
		}
	grown = realloc(log->a, (size_t)(log->nr + 1) * sizeof(*grown));
	if (!grown)
		return NULL;
	log->a = grown;
	memset(&grown[log->nr], 0, sizeof(*grown));
	strcpy(grown[log->nr].dev, dev);
	return &grown[log->nr++];
}

/*
 * One line: the query and create calls both print "(token) cfg_addr buid_hi
 * buid_lo", the create call then page shift and window shift, both their
 * return code; the closing line whether the device maps directly.
 */
static int parse_line(const char *line, struct ddw_log *log)
{
	enum { OTHER, QUERY, CREATE, RESULT } kind = OTHER;
	const char *m;
	char dev[sizeof(log->a->dev)];
	struct ddw_attempt *a;
	unsigned tok, cfg, hi, lo, ps, ws, lsa_req, lsa_en, direct;
	int rc;

	if ((m = strstr(line, QUERY_TAG)) &&
	    sscanf(m, QUERY_TAG "%x) %x %x %x returned %d", &tok, &cfg, &hi, &lo, &rc) == 5)
		kind = QUERY;
	else if ((m = strstr(line, CREATE_TAG)) &&
		 sscanf(m, CREATE_TAG "%x) %x %x %x %x %x returned %d",
			&tok, &cfg, &hi, &lo, &ps, &ws, &rc) == 7)
		kind = CREATE;
	else if ((m = strstr(line, RESULT_TAG)) &&
		 sscanf(m, RESULT_TAG "%x, lsa_enabled: %x, direct mapping: %x",
			&lsa_req, &lsa_en, &direct) == 3)
		kind = RESULT;
	if (kind == OTHER || !dev_before(line, m, dev, sizeof(dev)))
		return 0;
	a = open_attempt(log, dev);
	if (!a)
		return -ENOMEM;
	if (kind == RESULT) {
		a->has_result = true;
		a->direct = direct != 0;
		a->lsa_required = lsa_req != 0;
		a->lsa_enabled = lsa_en != 0;
		return 0;
	}
	a->has_buid = true;
	a->buid = (uint64_t)hi << 32 | lo;
	a->cfg_addr = cfg;
	if (kind == CREATE) {
		a->has_create = true;
		a->page_shift = ps;
		a->window_shift = ws;
		a->create_rc = rc;
	}
	return 0;
}

int ddw_log_parse(const char *text, struct ddw_log *log)
{
	const char *p = text;
	char *line = NULL;
	int ret = 0;

	memset(log, 0, sizeof(*log));
	while (!ret && *p) {
		size_t n = strcspn(p, "\r\n");
		char *grown = realloc(line, n + 1);

		if (!grown) {
			ret = -ENOMEM;
			break;
		}
		line = grown;
		memcpy(line, p, n);
		line[n] = 0;
		ret = parse_line(line, log);
		p += n;
		p += strspn(p, "\r\n");
	}
	free(line);
	if (ret)
		ddw_log_free(log);
	return ret;
}

int ddw_log_read_kmsg(int fd, struct ddw_log *log)
{
	struct kmsg_scanner s;
	struct kmsg_report r;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	memset(log, 0, sizeof(*log));
	if (!f)
		return ppcst_fail(-errno, "open_memstream: %s", strerror(errno));
	/* The scanner decodes the record format; its text is what we parse. */
	kmsg_scanner_init(&s, NULL);
	ret = kmsg_read_records(fd, &s) ? ppcst_fail(-errno, "/dev/kmsg: %s", strerror(errno)) : 0;
	if (!ret && kmsg_scanner_write_text(&s, f))
		ret = ppcst_fail(-EIO, "kernel log text: write failed");
	if (fclose(f) && !ret)
		ret = ppcst_fail(-errno, "kernel log text: %s", strerror(errno));
	if (!kmsg_scanner_finish(&s, &r))
		kmsg_report_free(&r);
	if (!ret)
		ret = ddw_log_parse(text, log);
	free(text);
	return ret;
}

int ddw_log_read_boot(struct ddw_log *log)
{
	int fd = kmsg_open_start();
	int ret;

	memset(log, 0, sizeof(*log));
	if (fd < 0)
		return ppcst_fail(-errno, "/dev/kmsg: %s", strerror(errno));
	ret = ddw_log_read_kmsg(fd, log);
	close(fd);
	return ret;
}

void ddw_log_keep(struct ddw_log *log, const char *dev)
{
	int n = 0;

	for (int i = 0; i < log->nr; i++)
		if (!strcmp(log->a[i].dev, dev))
			log->a[n++] = log->a[i];
	log->nr = n;
}

void ddw_log_free(struct ddw_log *log)
{
	free(log->a);
	memset(log, 0, sizeof(*log));
}

bool ddw_page_shift_valid(uint32_t shift)
{
	/* 4K 64K 2M 16M 32M 64M 128M 256M 16G */
	static const uint32_t lopar[] = { 12, 16, 21, 24, 25, 26, 27, 28, 34 };

	for (size_t i = 0; i < sizeof(lopar) / sizeof(lopar[0]); i++)
		if (shift == lopar[i])
			return true;
	return false;
}

uint64_t ddw_memory_needed(const struct dt_state *st)
{
	uint64_t max = dt_memory_max(st);

	if (st->has_drmem && st->drmem.max_end > max)
		max = st->drmem.max_end;
	for (int i = 0; i < st->nr_mem; i++)
		if (st->mem[i].base + st->mem[i].size > max)
			max = st->mem[i].base + st->mem[i].size;
	return max;
}

/* arch/powerpc/include/asm/book3s/64/mmu-hash.h H_MAX_PHYSMEM_BITS, 6.12:
 * a DDW of this size maps pmem wherever it lies and is never split. */
#define DDW_MAX_PHYSMEM_BITS 51
/* arch/powerpc/platforms/pseries/iommu.c MIN_DDW_VPMEM_DMA_WINDOW. */
#define DDW_MIN_VPMEM_DYNAMIC (2ULL << 30)

uint64_t ddw_split_offset(const struct dt_state *st, const struct dt_pe *pe)
{
	uint64_t need = ddw_memory_needed(st), ram = 1;

	if (!pe->has_direct64 || pe->has_default || !st->nr_pmems ||
	    pe->direct64.window_shift >= DDW_MAX_PHYSMEM_BITS)
		return 0;
	/* 1 << order_base_2(max_ram), as the kernel rounds it. */
	while (ram < need && ram < (1ULL << 62))
		ram <<= 1;
	if ((1ULL << pe->direct64.window_shift) < DDW_MIN_VPMEM_DYNAMIC + ram)
		return 0;
	return ram;
}

/* Bytes of a window of 2^SHIFT bytes, saturated (a 2^64 window exists). */
static uint64_t window_bytes(uint32_t shift)
{
	return shift >= 64 ? UINT64_MAX : 1ULL << shift;
}

bool ddw_rule_window_exists(const struct dt_pe *pe, bool wants64)
{
	if (!pe->has_applicable || !wants64 || pe->has_direct64 || pe->has_dma64)
		return true;
	ppcst_fail(0, "%s: offers DDW (" DT_PROP_DDW_APPLICABLE ") and a device "
		   "on it asked for 64-bit DMA, but has no DDW (no " DT_PROP_DIRECT64
		   " or " DT_PROP_DMA64 "): %s", pe->path,
		   pe->has_default ? "left in the 32-bit default window" : "no window at all");
	return false;
}

bool ddw_rule_create_ok(const struct ddw_attempt *a)
{
	if (!a->has_create || !a->create_rc)
		return true;
	ppcst_fail(0, "%s: ibm,create-pe-dma-window returned %d "
		   "(page shift %u, window shift %u)", a->dev, a->create_rc,
		   a->page_shift, a->window_shift);
	return false;
}

bool ddw_rule_direct_covers(const char *what, uint32_t window_shift, uint64_t needed)
{
	if (window_bytes(window_shift) >= needed)
		return true;
	ppcst_fail(0, "%s of 2^%u bytes (0x%llx) does not cover the "
		   "partition's memory up to 0x%llx", what, window_shift,
		   (unsigned long long)window_bytes(window_shift), (unsigned long long)needed);
	return false;
}

bool ddw_rule_direct_backed(const struct ddw_attempt *a, const struct dt_pe *pe)
{
	if (!a->has_result || !a->direct || pe->has_direct64)
		return true;
	ppcst_fail(0, "%s: the kernel reports \"direct mapping: 1\" but %s has no "
		   DT_PROP_DIRECT64 ": DMA would bypass the IOMMU with no window behind it",
		   a->dev, pe->path);
	return false;
}

bool ddw_pe_offers_limited(const struct dt_pe *pe)
{
	return pe->has_extensions && pe->extensions.has_limited_addr &&
	       pe->extensions.limited_addr == 1;
}

bool ddw_rule_limited_enabled(const struct ddw_attempt *a, const struct dt_pe *pe)
{
	if (!a->has_result || !a->lsa_required || !ddw_pe_offers_limited(pe) || a->lsa_enabled)
		return true;
	ppcst_fail(0, "%s: its mask is below 64 bits and %s offers limited addressing "
		   "(" DT_PROP_DDW_EXTENSIONS " entry 3 = 1), but the kernel reports "
		   "\"lsa_enabled: 0\"", a->dev, pe->path);
	return false;
}

uint64_t ddw_limited_overrun(const struct dt_ddw_window *w, unsigned mask_bits)
{
	uint64_t size = window_bytes(w->window_shift);
	uint64_t end = w->dma_base > UINT64_MAX - size ? UINT64_MAX : w->dma_base + size;
	uint64_t reach = window_bytes(mask_bits);

	return end > reach ? end - reach : 0;
}

bool ddw_rule_limited_window(const struct dt_ddw_window *w, unsigned mask_bits)
{
	uint64_t reach = window_bytes(mask_bits);

	if (w->dma_base < DDW_LIMITED_MIN_BASE) {
		ppcst_fail(0, "limited-address DDW (LIOBN 0x%x) at 0x%llx, inside the 32-bit "
			   "window's 4 GiB", w->liobn, (unsigned long long)w->dma_base);
		return false;
	}
	if (w->dma_base >= reach) {
		ppcst_fail(0, "limited-address DDW (LIOBN 0x%x) at 0x%llx, beyond what the "
			   "device's %u-bit mask reaches (0x%llx)", w->liobn,
			   (unsigned long long)w->dma_base, mask_bits, (unsigned long long)reach);
		return false;
	}
	if (w->window_shift > mask_bits) {
		ppcst_fail(0, "limited-address DDW (LIOBN 0x%x) of 2^%u bytes for a %u-bit mask: "
			   "enable_ddw() caps it at 2^%u (dev_max_ddw)", w->liobn,
			   w->window_shift, mask_bits, mask_bits);
		return false;
	}
	return true;
}

bool ddw_rule_clear_of_mmio32(const struct dt_ddw_window *w, const struct dt_phb *phb)
{
	const struct dt_pci_range *r;
	uint64_t size = window_bytes(w->window_shift);
	uint64_t end = w->dma_base > UINT64_MAX - size ? UINT64_MAX : w->dma_base + size;

	if (phb->mmio32 < 0)
		return true;
	r = &phb->ranges[phb->mmio32];
	if (end <= r->bus_addr || w->dma_base >= r->bus_addr + r->size)
		return true;
	ppcst_fail(0, "%s: DDW (LIOBN 0x%x) at bus 0x%llx..0x%llx overlaps the "
		   "32-bit MMIO window 0x%llx..0x%llx", phb->path, w->liobn,
		   (unsigned long long)w->dma_base, (unsigned long long)end,
		   (unsigned long long)r->bus_addr,
		   (unsigned long long)(r->bus_addr + r->size));
	return false;
}

bool ddw_rule_page_shift(const struct dt_ddw_window *w)
{
	if (ddw_page_shift_valid(w->tce_shift) && w->tce_shift <= w->window_shift)
		return true;
	ppcst_fail(0, "DDW (LIOBN 0x%x): TCE page shift %u is %s (window shift %u)",
		   w->liobn, w->tce_shift,
		   ddw_page_shift_valid(w->tce_shift) ? "larger than the window"
		   : "no LoPAR I/O page size", w->window_shift);
	return false;
}

bool ddw_rule_mmio32_reserved(const struct dt_ddw_window *w, const struct dt_phb *phb,
			      const struct tce_table_usage *t)
{
	const struct dt_pci_range *r;
	uint64_t first, end, want_start, want_end;

	if (phb->mmio32 < 0 || !t->it_size || w->tce_shift >= 64)
		return true;
	r = &phb->ranges[phb->mmio32];
	first = w->dma_base >> w->tce_shift;
	end = first + t->it_size;
	/* As iommu_init_table() is told: the resource's first and last byte. */
	want_start = r->cpu_addr >> w->tce_shift;
	want_end = (r->cpu_addr + r->size - 1) >> w->tce_shift;
	if (want_start < first)
		want_start = first;
	if (want_end > end)
		want_end = end;
	if (want_start >= want_end ||
	    (t->it_reserved_start <= want_start && t->it_reserved_end >= want_end))
		return true;
	ppcst_fail(0, "%s: dynamic DDW (LIOBN 0x%x, TCEs 0x%llx..0x%llx) covers the 32-bit MMIO "
		   "range 0x%llx..0x%llx (TCEs 0x%llx..0x%llx), but its table reserves only "
		   "TCEs 0x%llx..0x%llx", phb->path, w->liobn, (unsigned long long)first,
		   (unsigned long long)end, (unsigned long long)r->cpu_addr,
		   (unsigned long long)(r->cpu_addr + r->size), (unsigned long long)want_start,
		   (unsigned long long)want_end, (unsigned long long)t->it_reserved_start,
		   (unsigned long long)t->it_reserved_end);
	return false;
}

bool ddw_rule_tce_baseline(const struct tce_table_usage *before,
			   const struct tce_table_usage *after)
{
	uint64_t base = before ? before->weight
			       : after->it_reserved_end - after->it_reserved_start;

	if (after->weight <= base)
		return true;
	ppcst_fail(0, "LIOBN 0x%llx: %llu TCEs in use, baseline %llu%s: %llu leaked",
		   (unsigned long long)after->liobn, (unsigned long long)after->weight,
		   (unsigned long long)base, before ? "" : " (new table: its reserved entries)",
		   (unsigned long long)(after->weight - base));
	return false;
}

/* The PHB a PE node is, or lies below. */
static const struct dt_phb *phb_of_pe(const struct dt_state *st, const struct dt_pe *pe)
{
	for (int i = 0; i < st->nr_phbs; i++) {
		size_t n = strlen(st->phbs[i].path);

		if (!strncmp(pe->path, st->phbs[i].path, n) &&
		    (pe->path[n] == 0 || pe->path[n] == '/'))
			return &st->phbs[i];
	}
	return NULL;
}

/* Index of the PE an enable_ddw() run was about: through the caller's device
 * table, else through the BUID it printed; -1 if unknown. */
static int pe_of_attempt(const struct dt_state *st, const struct ddw_dev *devs,
			 int nr_devs, const struct ddw_attempt *a)
{
	for (int i = 0; i < nr_devs; i++)
		if (!strcmp(devs[i].addr, a->dev)) {
			const struct dt_pci_dev *d = dt_find_dev(st, devs[i].node);

			if (d)
				return d->pe;
		}
	for (int i = 0; a->has_buid && i < st->nr_phbs; i++)
		if (st->phbs[i].buid == a->buid)
			return st->phbs[i].pe;
	return -1;
}

struct verdict {
	void (*report)(const char *line, void *ctx);
	void *ctx;
	int broken;
};

/* A broken rule left its line in ppcst_last_error(). */
static void judge(struct verdict *v, bool ok)
{
	if (ok)
		return;
	v->broken++;
	v->report(ppcst_last_error(), v->ctx);
}

static void check_window(struct verdict *v, const struct dt_state *st,
			 const struct dt_pe *pe, const struct dt_ddw_window *w)
{
	const struct dt_phb *phb = phb_of_pe(st, pe);

	if (phb)
		judge(v, ddw_rule_clear_of_mmio32(w, phb));
	judge(v, ddw_rule_page_shift(w));
}

int ddw_check_partition(const struct dt_state *st, const struct ddw_dev *devs,
			int nr_devs, const struct ddw_log *log,
			void (*report)(const char *line, void *ctx), void *ctx)
{
	struct verdict v = { .report = report, .ctx = ctx };
	char what[300];
	uint64_t needed = ddw_memory_needed(st);

	for (int i = 0; i < st->nr_pes; i++) {
		const struct dt_pe *pe = &st->pes[i];
		bool wants64 = false;

		for (int j = 0; j < nr_devs && !wants64; j++) {
			const struct dt_pci_dev *d = dt_find_dev(st, devs[j].node);

			wants64 = devs[j].wants64 && d && d->pe == i;
		}
		/* enable_ddw() only runs for a mask above 32 bits; a query
		 * alone is the boot-time table set-up asking what PEs offer. */
		for (int j = 0; j < log->nr && !wants64; j++)
			wants64 = (log->a[j].has_create || log->a[j].has_result) &&
				  pe_of_attempt(st, devs, nr_devs, &log->a[j]) == i;
		judge(&v, ddw_rule_window_exists(pe, wants64));
		if (pe->has_direct64) {
			check_window(&v, st, pe, &pe->direct64);
			snprintf(what, sizeof(what), "%s: direct window", pe->path);
			judge(&v, ddw_rule_direct_covers(what, pe->direct64.window_shift,
							 needed));
		}
		if (pe->has_dma64)
			check_window(&v, st, pe, &pe->dma64);
	}
	for (int i = 0; i < log->nr; i++) {
		const struct ddw_attempt *a = &log->a[i];
		int pe = pe_of_attempt(st, devs, nr_devs, a);

		judge(&v, ddw_rule_create_ok(a));
		/* What the kernel asked for when it meant to map all memory. */
		if (a->has_create && a->has_result && a->direct) {
			snprintf(what, sizeof(what), "%s: requested direct window", a->dev);
			judge(&v, ddw_rule_direct_covers(what, a->window_shift, needed));
		}
		if (pe >= 0) {
			judge(&v, ddw_rule_direct_backed(a, &st->pes[pe]));
			judge(&v, ddw_rule_limited_enabled(a, &st->pes[pe]));
		}
	}
	return v.broken;
}

int ddw_check_tables(const struct dt_state *st, const struct tce_snapshot *snap,
		     void (*report)(const char *line, void *ctx), void *ctx)
{
	struct verdict v = { .report = report, .ctx = ctx };

	for (int i = 0; i < st->nr_pes; i++) {
		const struct dt_pe *pe = &st->pes[i];
		const struct dt_phb *phb = phb_of_pe(st, pe);

		if (!pe->has_dma64 || !phb)
			continue;
		for (int k = 0; k < snap->nr; k++)
			if (snap->t[k].liobn == pe->dma64.liobn)
				judge(&v, ddw_rule_mmio32_reserved(&pe->dma64, phb, &snap->t[k]));
	}
	return v.broken;
}

struct tce_verdict {
	void (*report)(const char *line, bool broken, void *ctx);
	void *ctx;
	int broken;
};

static void judge_tce(const struct tce_table_usage *before,
		      const struct tce_table_usage *after, void *ctx)
{
	struct tce_verdict *v = ctx;
	char gone[96];

	if (!after) {
		snprintf(gone, sizeof(gone), "LIOBN 0x%llx is gone (its window was removed)",
			 (unsigned long long)before->liobn);
		v->report(gone, false, v->ctx);
	} else if (!ddw_rule_tce_baseline(before, after)) {
		v->broken++;
		v->report(ppcst_last_error(), true, v->ctx);
	}
}

int ddw_check_tce_baseline(const struct tce_snapshot *before, const struct tce_snapshot *now,
			   void (*report)(const char *line, bool broken, void *ctx), void *ctx)
{
	struct tce_verdict v = { .report = report, .ctx = ctx };

	tce_snapshot_diff(before, now, judge_tce, &v);
	return v.broken;
}

void ddw_attempt_print(const struct ddw_attempt *a, FILE *out)
{
	char create[96] = "";

	if (a->has_create)
		snprintf(create, sizeof(create), " create(page shift %u, window shift %u) rc %d,",
			 a->page_shift, a->window_shift, a->create_rc);
	fprintf(out, "# kernel: %s enable_ddw:%s direct mapping %s\n", a->dev, create,
		a->has_result ? (a->direct ? "1" : "0") : "?");
}
