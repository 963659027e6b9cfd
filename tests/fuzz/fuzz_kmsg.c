// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the kernel-log scanner (lib/kmsg/kmsg_scanner.c) on arbitrary bytes.
 *
 * Untrusted source: the kernel log itself. /dev/kmsg records and the saved
 * console captures run_all.sh --scan reads carry whatever a faulty kernel,
 * driver, firmware or guest user (/dev/kmsg is writable) printed, terminal
 * escapes and cut-off lines included.
 *
 * seeds: tests/data/kmsg
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_scanner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kmsg_allowlist allow;
	static FILE *null;
	struct kmsg_scanner s;
	struct kmsg_report r;
	/* Reads end anywhere: the chunk size varies with the input (1..251),
	 * deterministically, so lines split across feeds are covered. */
	size_t chunk = size % 251 + 1;

	if (!null) {
		/* An allowlisted finding takes another path than a failing one:
		 * a fail one (IOMMU warnings) and the shipped allowlist's
		 * example, a warn one. */
		null = fopen("/dev/null", "w");
		if (!null ||
		    kmsg_allowlist_add(&allow, "at arch/powerpc/kernel/iommu\\.c:") ||
		    kmsg_allowlist_add(&allow, "ibm,create-pe-dma-window\\([0-9a-f]+\\) .* returned -3"))
			abort();
	}
	kmsg_scanner_init(&s, &allow);
	/* A test's window expects a start sequence number (kmsg_window_scan),
	 * a saved log does not: both ways. */
	if (size & 1)
		kmsg_scanner_expect_seq(&s, size);
	for (size_t off = 0; off < size; off += chunk)
		kmsg_scanner_feed(&s, (const char *)data + off,
				  size - off < chunk ? size - off : chunk);
	if (size & 2)
		kmsg_scanner_write_text(&s, null);
	if (kmsg_scanner_finish(&s, &r))
		abort();	/* only a signature table that does not compile */
	kmsg_report_print(&r, null);
	kmsg_report_free(&r);
	return 0;
}
