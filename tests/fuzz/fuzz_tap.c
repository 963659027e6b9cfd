// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: tap_parse() (lib/report/tap.c) on arbitrary bytes, and its
 * contract: bounded, printable texts, never more than TAP_MAX_POINTS.
 *
 * Untrusted source: a test program's output.log. In the testbed the guest,
 * running the kernel under test, writes it; a crashed program or a dying
 * kernel cuts it anywhere, and anything in the guest can write into it.
 *
 * seeds: tests/data/tap
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "report/tap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tap_doc doc;
	size_t counted = 0;

	/* The reader takes a length, no terminator: the bytes as they are. */
	if (tap_parse((const char *)data, size, &doc))
		abort();	/* only out of memory */
	if (doc.n > TAP_MAX_POINTS || (doc.truncated && doc.n != TAP_MAX_POINTS) || doc.plan < -1)
		abort();
	fuzz_check_text(doc.bail, sizeof(doc.bail), false);
	fuzz_check_text(doc.plan_reason, sizeof(doc.plan_reason), false);
	for (size_t i = 0; i < doc.n; i++) {
		fuzz_check_text(doc.points[i].desc, sizeof(doc.points[i].desc), false);
		fuzz_check_text(doc.points[i].reason, sizeof(doc.points[i].reason), false);
		if (doc.points[i].number > 999999999)
			abort();
	}
	for (int r = TAP_PASS; r <= TAP_TODO; r++)
		counted += tap_count(&doc, (enum tap_result)r);
	if (counted != doc.n)
		abort();
	tap_doc_free(&doc);
	return 0;
}
