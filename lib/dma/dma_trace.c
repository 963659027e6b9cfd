// SPDX-License-Identifier: GPL-2.0
/*
 * The dma trace events' parser: lib/dma/dma_trace.h.
 *
 * Lines (include/trace/events/dma.h, 6.12):
 *   TASK-PID [CPU] FLAGS TIME: dma_map_page: DEV dir=D dma_addr=HEX size=DEC phys_addr=HEX attrs=
 *   ...: dma_alloc: DEV dir=D dma_addr=HEX size=DEC virt_addr=P flags=F attrs=
 *   ...: dma_map_sg: DEV dir=D nents=N/N ents=N/N[ [TRUNCATED]] dma_addrs={0xA,..}
 *        sizes={0xS,..} phys_addrs={0xP,..} attrs=
 */
#include "dma/dma_trace.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void dma_trace_init(struct dma_trace *t)
{
	memset(t, 0, offsetof(struct dma_trace, partial));
	t->partial[0] = '\0';
}

static struct dma_trace_dev *dev_slot(struct dma_trace *t, const char *name, size_t len)
{
	struct dma_trace_dev *d;

	for (int i = 0; i < t->nr; i++)
		if (strlen(t->devs[i].name) == len && !strncmp(t->devs[i].name, name, len))
			return &t->devs[i];
	if (t->nr == DMA_TRACE_MAX_DEVS || len >= sizeof(d->name)) {
		t->overflow = true;
		return NULL;
	}
	d = &t->devs[t->nr++];
	memset(d, 0, sizeof(*d));
	memcpy(d->name, name, len);
	d->dma_lo = d->phys_lo = UINT64_MAX;
	return d;
}

const struct dma_trace_dev *dma_trace_dev(const struct dma_trace *t, const char *name)
{
	for (int i = 0; i < t->nr; i++)
		if (!strcmp(t->devs[i].name, name))
			return &t->devs[i];
	return NULL;
}

/* The value after " KEY" (KEY ends in '=') in TEXT, or NULL. */
static const char *field(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = strstr(text, key); p; p = strstr(p + 1, key))
		if (p > text && p[-1] == ' ')
			return p + klen;
	return NULL;
}

/* A number at *P in BASE (16 takes an optional 0x); false if none. */
static bool number(const char **p, int base, uint64_t *out)
{
	char *end;

	if (!(**p >= '0' && **p <= '9') && !(base == 16 && strchr("abcdefABCDEF", **p) && **p))
		return false;
	errno = 0;
	*out = strtoull(*p, &end, base);
	if (errno || end == *p)
		return false;
	*p = end;
	return true;
}

/* Where the memory behind a mapping starts: how far over RAM the buffers lie. */
static void phys_note(struct dma_trace_dev *d, uint64_t phys)
{
	if (phys < d->phys_lo)
		d->phys_lo = phys;
	if (phys > d->phys_hi)
		d->phys_hi = phys;
}

static void segment(struct dma_trace_dev *d, uint64_t dma, uint64_t size)
{
	uint64_t end = dma + size, *last;

	if (end < dma)		/* wraps: a damaged line, not an address range */
		end = UINT64_MAX;
	d->segments++;
	d->bytes += size;
	if (dma % DMA_TRACE_PAGE)
		d->unaligned++;
	if (dma % DMA_TRACE_PAGE + size > DMA_TRACE_PAGE)
		d->multipage++;
	if (dma < d->dma_lo)
		d->dma_lo = dma;
	if (end > d->dma_hi)
		d->dma_hi = end;
	last = (dma % DMA_TRACE_PAGE + size + DMA_TRACE_PAGE - 1) / DMA_TRACE_PAGE >
	       DMA_TRACE_LARGE_PAGES ? &d->last_large : &d->last_small;
	if (*last && dma + DMA_TRACE_WRAP_DROP < *last)
		d->wraps++;
	*last = dma;
}

/* The I-th element of array "{0xA,0xB}" at P; false past its end. */
static bool array_at(const char *p, int i, uint64_t *out)
{
	if (!p || *p++ != '{')
		return false;
	for (int k = 0;; k++) {
		if (*p == '}')
			return false;
		if (!number(&p, 16, out))
			return false;
		if (k == i)
			return true;
		if (*p++ != ',')
			return false;
	}
}

static int sg_event(struct dma_trace_dev *d, const char *args)
{
	const char *addrs = field(args, "dma_addrs="), *sizes = field(args, "sizes=");
	const char *phys = field(args, "phys_addrs=");
	uint64_t a, s, ph;
	int n = 0, pieces = 0;

	for (; array_at(addrs, n, &a) && array_at(sizes, n, &s); n++)
		segment(d, a, s);
	if (!n)
		return 0;
	/* nents physical entries, ents bus ones: the IOMMU may merge them. */
	for (; array_at(phys, pieces, &ph); pieces++)
		phys_note(d, ph);
	d->maps++;
	if (pieces > 1)
		d->sg_lists++;
	if (pieces > n)
		d->sg_merged++;
	return 1;
}

int dma_trace_line(struct dma_trace *t, const char *line, size_t len)
{
	static const char *const single[] = {
		"dma_map_page", "dma_map_resource", "dma_alloc", "dma_alloc_pages", "dma_alloc_sgt",
	};
	char text[DMA_TRACE_LINE_MAX];
	const char *ev, *name, *args, *p;
	struct dma_trace_dev *d;
	uint64_t dma, size, phys;
	size_t evlen, nlen;
	bool sg = false, known = false;

	if (len >= sizeof(text)) {
		t->bad++;
		return 0;
	}
	memcpy(text, line, len);
	text[len] = '\0';
	ev = strstr(text, ": dma_");
	if (!ev)
		return 0;
	ev += 2;
	evlen = strcspn(ev, ": ");
	if (ev[evlen] != ':' || ev[evlen + 1] != ' ')
		return 0;
	if (evlen == strlen("dma_map_sg") && !strncmp(ev, "dma_map_sg", evlen))
		sg = known = true;
	for (size_t i = 0; !known && i < sizeof(single) / sizeof(single[0]); i++)
		known = strlen(single[i]) == evlen && !strncmp(ev, single[i], evlen);
	if (!known)
		return 0;
	name = ev + evlen + 2;
	nlen = strcspn(name, " ");
	args = name + nlen;
	if (!nlen || !*args) {
		t->bad++;
		return 0;
	}
	d = dev_slot(t, name, nlen);
	if (!d)
		return 0;
	if (sg) {
		if (!sg_event(d, args)) {
			t->bad++;
			return 0;
		}
		t->events++;
		return 1;
	}
	p = field(args, "dma_addr=");
	if (!p || !number(&p, 16, &dma) || !(p = field(args, "size=")) || !number(&p, 10, &size)) {
		t->bad++;
		return 0;
	}
	/* A failed allocation is logged with address 0: nothing was given. */
	if (!dma && !strncmp(ev, "dma_alloc", strlen("dma_alloc")))
		return 0;
	segment(d, dma, size);
	p = field(args, "phys_addr=");
	if (p && number(&p, 16, &phys))
		phys_note(d, phys);
	d->maps++;
	t->events++;
	return 1;
}

void dma_trace_feed(struct dma_trace *t, const char *buf, size_t len)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t take = nl ? (size_t)(nl - buf) : len;

		if (t->partial_len + take < sizeof(t->partial)) {
			memcpy(t->partial + t->partial_len, buf, take);
			t->partial_len += take;
		} else {
			/* Longer than any dma line: drop it, count it. */
			t->partial_len = sizeof(t->partial);
		}
		if (!nl)
			return;
		if (t->partial_len < sizeof(t->partial))
			dma_trace_line(t, t->partial, t->partial_len);
		else
			t->bad++;
		t->partial_len = 0;
		buf += take + 1;
		len -= take + 1;
	}
}

void dma_trace_finish(struct dma_trace *t)
{
	if (t->partial_len && t->partial_len < sizeof(t->partial))
		dma_trace_line(t, t->partial, t->partial_len);
	t->partial_len = 0;
}
