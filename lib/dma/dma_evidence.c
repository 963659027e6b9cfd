// SPDX-License-Identifier: GPL-2.0
/*
 * Which window a device's data crossed: lib/dma/dma_evidence.h.
 */
#include "dma/dma_evidence.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dma/ddw_state.h"
#include "base/error.h"
#include "base/sysfs.h"
#include "devices/pci.h"
#include "base/json_lite.h"
#include "base/results_file.h"

#define MIB (1024.0 * 1024.0)

const char *dma_window_kind_name(enum dma_window_kind kind)
{
	switch (kind) {
	case DMA_WINDOW_DEFAULT:
		return "32-bit default window";
	case DMA_WINDOW_DDW_DIRECT:
		return "direct DDW";
	case DMA_WINDOW_DDW_DYNAMIC:
		return "dynamic DDW";
	}
	return "?";
}

static const char *page_size_text(unsigned shift)
{
	switch (shift) {
	case 12: return "4K";
	case 16: return "64K";
	case 21: return "2M";
	case 24: return "16M";
	case 28: return "256M";
	default: return "odd-sized";
	}
}

void dma_window_text(const struct dma_window *w, char *buf, size_t len)
{
	snprintf(buf, len, "%s (LIOBN 0x%x, 0x%llx-0x%llx, %s TCEs)", dma_window_kind_name(w->kind),
		 w->liobn, (unsigned long long)w->start, (unsigned long long)w->end,
		 page_size_text(w->tce_shift));
}

static void add_ddw(struct dma_windows *out, enum dma_window_kind kind,
		    const struct dt_ddw_window *d)
{
	struct dma_window *w = &out->w[out->nr++];

	w->kind = kind;
	w->liobn = d->liobn;
	w->start = d->dma_base;
	w->end = d->window_shift < 64 ? d->dma_base + (1ULL << d->window_shift) : UINT64_MAX;
	w->tce_shift = d->tce_shift;
}

int dma_windows_of(const char *addr, struct dma_windows *out)
{
	struct pci_dev_info info;
	const struct dt_pci_dev *d;
	const struct dt_pe *pe;
	struct dt_state st;
	int ret;

	memset(out, 0, sizeof(*out));
	out->expected = -1;
	if (pci_get(addr, &info) || !info.devspec[0])
		return ppcst_fail(-ENODEV, "%s is not a PCI device with a device-tree node", addr);
	out->mask_bits = (unsigned)pci_dma_mask_bits(addr);
	ret = ddw_state_take(NULL, &st);
	if (ret)
		return ret;
	d = dt_find_dev(&st, info.devspec);
	pe = d && d->pe >= 0 ? &st.pes[d->pe] : NULL;
	if (!pe) {
		dt_free(&st);
		return ppcst_fail(-ENODEV, "%s (%s): no PE with DMA windows in the device tree",
				  addr, info.devspec);
	}
	if (pe->has_default) {
		struct dma_window *w = &out->w[out->nr++];

		w->kind = DMA_WINDOW_DEFAULT;
		w->liobn = pe->default_win.liobn;
		w->start = pe->default_win.bus_addr;
		w->end = pe->default_win.bus_addr + pe->default_win.size;
		/* PAPR default windows are built of 4K TCEs. */
		w->tce_shift = 12;
	}
	if (pe->has_direct64)
		add_ddw(out, DMA_WINDOW_DDW_DIRECT, &pe->direct64);
	if (pe->has_dma64)
		add_ddw(out, DMA_WINDOW_DDW_DYNAMIC, &pe->dma64);
	dt_free(&st);
	dma_windows_set_mask(out, out->mask_bits);
	return 0;
}

void dma_windows_set_mask(struct dma_windows *ws, unsigned mask_bits)
{
	ws->mask_bits = mask_bits;
	ws->expected = -1;
	/* The kernel points a device at its DDW when its mask reaches beyond
	 * 32 bits (dma_iommu_dma_supported / enable_ddw), else at the default. */
	for (int i = 0; i < ws->nr; i++) {
		if (ws->w[i].kind != DMA_WINDOW_DEFAULT && mask_bits > 32)
			ws->expected = i;
		else if (ws->w[i].kind == DMA_WINDOW_DEFAULT && ws->expected < 0)
			ws->expected = i;
	}
}

bool dma_bypasses_iommu(const char *sysfs, const char *addr)
{
	char dir[512], path[800], features[128];
	struct dirent *de;
	DIR *d;
	bool bypass = false;

	snprintf(dir, sizeof(dir), "%s/bus/pci/devices/%s", sysfs, addr);
	d = opendir(dir);
	if (!d)
		return false;
	while ((de = readdir(d)) && !bypass) {
		if (strncmp(de->d_name, "virtio", strlen("virtio")))
			continue;
		snprintf(path, sizeof(path), "%s/%s/features", dir, de->d_name);
		if (ppcst_sysfs_read(path, features, sizeof(features)))
			continue;
		/* One '0'/'1' per feature bit, bit 0 first (virtio_bus features_show). */
		if (strlen(features) <= VIRTIO_F_ACCESS_PLATFORM_BIT ||
		    features[VIRTIO_F_ACCESS_PLATFORM_BIT] != '1') {
			bypass = true;
			ppcst_fail(-EXDEV, "%s (%s) lacks VIRTIO_F_ACCESS_PLATFORM: Linux hands it "
				   "physical addresses and QEMU reads guest RAM directly, crossing "
				   "no DMA window (QEMU: disable-legacy=on,iommu_platform=on)",
				   addr, de->d_name);
		}
	}
	closedir(d);
	return bypass;
}

/* The window of WS holding [LO, HI), or NULL. */
static const struct dma_window *holding(const struct dma_windows *ws, uint64_t lo, uint64_t hi)
{
	for (int i = 0; i < ws->nr; i++)
		if (lo >= ws->w[i].start && hi <= ws->w[i].end)
			return &ws->w[i];
	return NULL;
}

int dma_evidence_judge(const char *addr, const struct dma_windows *ws,
		       const struct dma_watch_result *r, char *summary, size_t len)
{
	const struct dma_trace_dev *d = dma_trace_dev(&r->trace, addr);
	const struct dma_window *want = ws->expected >= 0 ? &ws->w[ws->expected] : NULL;
	const struct dma_window *got;
	const struct dma_watch_tce *tce;
	char wtext[160], tcetext[160] = "";
	int n;

	snprintf(summary, len, "%s: nothing traced", addr);
	if (!want)
		return ppcst_fail(1, "%s: its PE has no DMA window it could use (mask %u bits)",
				  addr, ws->mask_bits);
	if (!d || !d->maps)
		return ppcst_fail(1, "%s: no DMA mapping traced during the load: its data crossed "
				  "no window (a device that bypasses the DMA API?)", addr);
	got = holding(ws, d->dma_lo, d->dma_hi);
	tce = dma_watch_tce(r, got ? got->liobn : want->liobn);
	if (tce)
		snprintf(tcetext, sizeof(tcetext), "; LIOBN 0x%llx TCEs %llu -> peak %llu of %llu",
			 (unsigned long long)tce->liobn, (unsigned long long)tce->base,
			 (unsigned long long)tce->peak, (unsigned long long)tce->it_size);
	dma_window_text(got ? got : want, wtext, sizeof(wtext));
	n = snprintf(summary, len,
		     "%s: %s %s: %lu maps (%lu segments, %lu scatter-gather lists, %lu of them "
		     "merged, %lu unaligned, %lu multi-page), %.1f MiB, bus 0x%llx-0x%llx, memory 0x%llx-0x%llx%s",
		     addr, got ? "crossed" : "expected", wtext, d->maps, d->segments, d->sg_lists,
		     d->sg_merged, d->unaligned, d->multipage, d->bytes / MIB, (unsigned long long)d->dma_lo,
		     (unsigned long long)d->dma_hi, (unsigned long long)d->phys_lo,
		     (unsigned long long)d->phys_hi, tcetext);
	if (got && got->kind != DMA_WINDOW_DDW_DIRECT && (size_t)n < len)
		snprintf(summary + n, len - (size_t)n, "; its allocator went round %lu times",
			 d->wraps);
	if (!got)
		return ppcst_fail(1, "%s was given bus addresses 0x%llx-0x%llx, outside every "
				  "window of its PE (it should have used its %s)", addr,
				  (unsigned long long)d->dma_lo, (unsigned long long)d->dma_hi, wtext);
	if (got != want)
		return ppcst_fail(1, "%s: its data crossed its %s, not the %s its %u-bit mask "
				  "points at", addr, dma_window_kind_name(got->kind),
				  dma_window_kind_name(want->kind), ws->mask_bits);
	/* The DMA API's promise to a driver: no bus address beyond its mask,
	 * also inside the window it should use (a limited-address DDW may
	 * reach past the mask). After the window: a wrong window says more. */
	if (ws->mask_bits && ws->mask_bits < 64 && d->dma_hi - 1 > (1ULL << ws->mask_bits) - 1)
		return ppcst_fail(1, "%s was given bus addresses up to 0x%llx, beyond its %u-bit "
				  "mask", addr, (unsigned long long)(d->dma_hi - 1), ws->mask_bits);
	if (got->kind == DMA_WINDOW_DDW_DIRECT || ws->brief_maps)
		return 0;
	if (!r->nr_tables)
		return ppcst_fail(1, "%s: its %s is mapped TCE by TCE, and its TCE usage cannot be "
				  "read: %s", addr, dma_window_kind_name(got->kind), r->tce_error);
	if (!tce)
		return ppcst_fail(1, "%s: no TCE table of LIOBN 0x%x in debugfs", addr, got->liobn);
	if (tce->peak <= tce->base)
		return ppcst_fail(1, "%s: the TCE usage of LIOBN 0x%x never rose during the load "
				  "(%llu in use before, at most %llu meanwhile in %lu samples)", addr,
				  got->liobn, (unsigned long long)tce->base,
				  (unsigned long long)tce->peak, r->samples);
	return 0;
}

int dma_proof_begin(struct dma_proof *p, const char *label, const char *const *addrs, int nr)
{
	int ret;

	memset(p, 0, sizeof(*p));
	if (nr > DMA_PROOF_MAX_DEVS)
		return ppcst_fail(-E2BIG, "more than %d devices to prove", DMA_PROOF_MAX_DEVS);
	for (int i = 0; i < nr; i++) {
		if (dma_bypasses_iommu("/sys", addrs[i]))
			return 1;
		snprintf(p->addr[i], sizeof(p->addr[i]), "%s", addrs[i]);
		ret = dma_windows_of(addrs[i], &p->ws[i]);
		if (ret)
			return ret;
		p->nr++;
	}
	ret = dma_watch_start(&p->watch, label);
	p->watching = !ret;
	return ret;
}

int dma_proof_end(struct dma_proof *p)
{
	int ret;

	if (!p->watching)
		return ppcst_fail(-ENOENT, "the load was not watched");
	p->watching = false;
	p->result = malloc(sizeof(*p->result));
	if (!p->result)
		return ppcst_fail(-ENOMEM, "no memory for the dma trace summary");
	ret = dma_watch_stop(&p->watch, p->result);
	if (ret) {
		dma_proof_free(p);
		return ret;
	}
	return 0;
}

/* Machine names of the kinds, for the page (dma_window_kind_name is prose). */
static const char *kind_id(enum dma_window_kind kind)
{
	return kind == DMA_WINDOW_DEFAULT ? "default" :
	       kind == DMA_WINDOW_DDW_DIRECT ? "ddw-direct" : "ddw-dynamic";
}

static void put_window(FILE *f, const struct dma_window *w)
{
	if (!w) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"kind\": \"%s\", \"liobn\": %u, \"start\": %llu, \"end\": %llu, "
		"\"tce_shift\": %u}", kind_id(w->kind), w->liobn, (unsigned long long)w->start,
		(unsigned long long)w->end, w->tce_shift);
}

/* Judgement RET of device I with SUMMARY into dma-evidence.jsonl. */
static void record_judgement(const struct dma_proof *p, int i, int ret, const char *summary)
{
	const struct dma_windows *ws = &p->ws[i];
	const struct dma_trace_dev *d = dma_trace_dev(&p->result->trace, p->addr[i]);
	const struct dma_window *got = d && d->maps ? holding(ws, d->dma_lo, d->dma_hi) : NULL;
	const struct dma_window *want = ws->expected >= 0 ? &ws->w[ws->expected] : NULL;
	const struct dma_watch_tce *tce = NULL;
	char why[512];
	FILE *f;

	snprintf(why, sizeof(why), "%s", ret ? ppcst_last_error() : "");
	f = results_file_append("dma-evidence.jsonl", NULL);
	if (!f)
		goto out;
	if (got || want)
		tce = dma_watch_tce(p->result, got ? got->liobn : want->liobn);
	fprintf(f, "{\"watch\": %lld, \"label\": ", (long long)p->watch.started_ms);
	json_lite_put_str(f, p->watch.label);
	fputs(", \"device\": ", f);
	json_lite_put_str(f, p->addr[i]);
	fprintf(f, ", \"proven\": %s, \"why\": ", ret ? "false" : "true");
	json_lite_put_str(f, ret ? why : NULL);
	fputs(", \"expected\": ", f);
	put_window(f, want);
	fputs(", \"crossed\": ", f);
	put_window(f, got);
	fprintf(f, ", \"maps\": %lu, \"bytes\": %llu, \"bus_lo\": %llu, \"bus_hi\": %llu, "
		"\"tce\": ", d ? d->maps : 0, d ? (unsigned long long)d->bytes : 0,
		d ? (unsigned long long)d->dma_lo : 0, d ? (unsigned long long)d->dma_hi : 0);
	if (tce)
		fprintf(f, "{\"liobn\": %llu, \"base\": %llu, \"peak\": %llu, \"entries\": %llu}",
			(unsigned long long)tce->liobn, (unsigned long long)tce->base,
			(unsigned long long)tce->peak, (unsigned long long)tce->it_size);
	else
		fputs("null", f);
	fprintf(f, ", \"samples\": %lu, \"summary\": ", p->result->samples);
	json_lite_put_str(f, summary);
	fputs("}\n", f);
	fclose(f);
out:
	/* The judgement's why stays the caller's to print, whatever the record met. */
	if (ret)
		ppcst_fail(ret, "%s", why);
}

int dma_proof_judge(struct dma_proof *p, int i, char *summary, size_t len)
{
	int ret;

	if (!p->result)
		return ppcst_fail(-ENOENT, "the load was not watched");
	ret = dma_evidence_judge(p->addr[i], &p->ws[i], p->result, summary, len);
	record_judgement(p, i, ret, summary);
	return ret;
}

void dma_proof_free(struct dma_proof *p)
{
	free(p->result);
	p->result = NULL;
}
