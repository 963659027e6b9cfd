// SPDX-License-Identifier: GPL-2.0
/*
 * DMA windows over time: lib/dma/ddw_state.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dma/ddw_state.h"
#include "base/error.h"
#include "devices/pci.h"

int ddw_state_take(const char *root, struct dt_state *st)
{
	int ret = dt_scan(root, st);

	if (ret)
		dt_free(st);
	return ret;
}

void ddw_window_text(const struct dt_ddw_window *w, char *buf, size_t len)
{
	snprintf(buf, len, "LIOBN 0x%x at 0x%llx, 2^%u bytes, %u-bit pages", w->liobn,
		 (unsigned long long)w->dma_base, w->window_shift, w->tce_shift);
}

struct diff {
	const char *ref_name;
	void (*report)(const char *line, void *ctx);
	void *ctx;
	int n;
};

__attribute__((format(printf, 2, 3)))
static void differs(struct diff *d, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->n++;
	d->report(line, d->ctx);
}

static bool same_window(const struct dt_ddw_window *a, const struct dt_ddw_window *b)
{
	return a->liobn == b->liobn && a->dma_base == b->dma_base &&
	       a->tce_shift == b->tce_shift && a->window_shift == b->window_shift;
}

static void compare_ddw(struct diff *d, const char *pe, const char *what, bool had,
			const struct dt_ddw_window *was, bool has,
			const struct dt_ddw_window *now)
{
	char a[128], b[128];

	if (had)
		ddw_window_text(was, a, sizeof(a));
	if (has)
		ddw_window_text(now, b, sizeof(b));
	if (had && !has)
		differs(d, "%s: %s DDW lost (%s: %s)", pe, what, d->ref_name, a);
	else if (!had && has)
		differs(d, "%s: new %s DDW %s (%s had none)", pe, what, b, d->ref_name);
	else if (had && !same_window(was, now))
		differs(d, "%s: %s DDW is %s, %s's was %s", pe, what, b, d->ref_name, a);
}

static const struct dt_pe *pe_at(const struct dt_state *st, const char *path)
{
	for (int i = 0; i < st->nr_pes; i++)
		if (!strcmp(st->pes[i].path, path))
			return &st->pes[i];
	return NULL;
}

int ddw_state_compare(const struct dt_state *ref, const struct dt_state *now,
		      const char *ref_name, void (*report)(const char *line, void *ctx),
		      void *ctx)
{
	struct diff d = { .ref_name = ref_name, .report = report, .ctx = ctx };

	for (int i = 0; i < now->nr_pes; i++)
		if (now->pes[i].has_direct64 && now->pes[i].has_dma64)
			differs(&d, "%s: two DDWs, a direct and a dynamic one (a stale window "
				"kept beside a new one)", now->pes[i].path);
	for (int i = 0; i < ref->nr_pes; i++) {
		const struct dt_pe *was = &ref->pes[i], *pe = pe_at(now, was->path);

		if (!pe) {
			differs(&d, "%s: PE gone (%s: %s)", was->path, ref_name,
				dt_dma_class_name(was->cls));
			continue;
		}
		if (pe->cls != was->cls)
			differs(&d, "%s: DMA mode %s, %s's was %s", pe->path, dt_dma_class_name(pe->cls),
				ref_name, dt_dma_class_name(was->cls));
		compare_ddw(&d, pe->path, "direct", was->has_direct64, &was->direct64,
			    pe->has_direct64, &pe->direct64);
		compare_ddw(&d, pe->path, "dynamic", was->has_dma64, &was->dma64,
			    pe->has_dma64, &pe->dma64);
	}
	for (int j = 0; j < now->nr_pes; j++)
		if (!pe_at(ref, now->pes[j].path) &&
		    (now->pes[j].has_direct64 || now->pes[j].has_dma64))
			differs(&d, "%s: PE with a DDW that %s did not have", now->pes[j].path,
				ref_name);
	return d.n;
}

int ddw_dev_dma(const char *addr, struct ddw_dev_dma *out)
{
	struct pci_dev_info info;
	struct dt_state st;
	const struct dt_pci_dev *d;
	int ret;

	memset(out, 0, sizeof(*out));
	if (pci_get(addr, &info) || !info.devspec[0])
		return ppcst_fail(-ENODEV, "%s is not a PCI device with a device-tree node", addr);
	snprintf(out->node, sizeof(out->node), "%s", info.devspec);
	ret = ddw_state_take(NULL, &st);
	if (ret)
		return ret;
	d = dt_find_dev(&st, out->node);
	if (d) {
		const struct dt_pe *pe = d->pe >= 0 ? &st.pes[d->pe] : NULL;

		out->in_tree = true;
		out->cls = dt_dev_class(&st, d);
		if (pe && pe->has_default)
			out->default_liobn = pe->default_win.liobn;
		if (pe)
			out->ddw_liobn = pe->has_direct64 ? pe->direct64.liobn :
					 pe->has_dma64 ? pe->dma64.liobn : 0;
	}
	dt_free(&st);
	return 0;
}

bool ddw_state_has_liobn(const struct dt_state *st, uint32_t liobn)
{
	for (int i = 0; i < st->nr_pes; i++)
		if ((st->pes[i].has_direct64 && st->pes[i].direct64.liobn == liobn) ||
		    (st->pes[i].has_dma64 && st->pes[i].dma64.liobn == liobn))
			return true;
	return false;
}

void ddw_pe_print(const struct dt_pe *pe, FILE *out)
{
	char w[128];

	fprintf(out, "# PE %s: %s%s\n", pe->path, dt_dma_class_name(pe->cls),
		pe->has_applicable ? ", offers DDW" : "");
	if (pe->has_default)
		fprintf(out, "#     default window: LIOBN 0x%x at 0x%llx, 0x%llx bytes\n",
			pe->default_win.liobn, (unsigned long long)pe->default_win.bus_addr,
			(unsigned long long)pe->default_win.size);
	if (pe->has_direct64) {
		ddw_window_text(&pe->direct64, w, sizeof(w));
		fprintf(out, "#     direct DDW: %s\n", w);
	}
	if (pe->has_dma64) {
		ddw_window_text(&pe->dma64, w, sizeof(w));
		fprintf(out, "#     dynamic DDW: %s\n", w);
	}
}

bool ddw_state_liobn_present(uint32_t liobn)
{
	struct dt_state st;
	bool found;

	if (ddw_state_take(NULL, &st))
		return false;
	found = ddw_state_has_liobn(&st, liobn);
	dt_free(&st);
	return found;
}
