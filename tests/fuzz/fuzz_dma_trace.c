// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the dma trace event parser (lib/dma/dma_trace.c) on
 * arbitrary text fed in arbitrary pieces, as trace_pipe hands it out.
 *
 * Untrusted source: the guest kernel's tracefs output. Its device names come
 * from drivers, a faulty kernel prints what it likes, and a reader that falls
 * behind gets lines cut at any byte; the summary passes between processes
 * and must stay consistent whatever it read.
 *
 * seeds: tests/data/dma_trace
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dma/dma_trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dma_trace t;
	/* Reads end anywhere: the piece size varies with the input (1..251). */
	size_t chunk = size % 251 + 1;

	dma_trace_init(&t);
	for (size_t off = 0; off < size; off += chunk)
		dma_trace_feed(&t, (const char *)data + off, size - off < chunk ? size - off : chunk);
	dma_trace_finish(&t);
	if (t.nr < 0 || t.nr > DMA_TRACE_MAX_DEVS || t.partial_len)
		abort();
	for (int i = 0; i < t.nr; i++) {
		const struct dma_trace_dev *d = &t.devs[i];

		if (!memchr(d->name, '\0', sizeof(d->name)) || !d->name[0] ||
		    dma_trace_dev(&t, d->name) != d)
			abort();
		if (d->segments < d->maps || d->unaligned > d->segments ||
		    d->multipage > d->segments || d->sg_merged > d->sg_lists ||
		    d->sg_lists > d->maps)
			abort();
		if (d->maps && d->dma_lo > d->dma_hi)
			abort();
	}
	return 0;
}
