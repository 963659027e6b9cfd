// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: kmsg_allowlist_load() (lib/kmsg/kmsg_allowlist.c) on arbitrary file
 * text, then the loaded patterns matched against a short log.
 *
 * Untrusted source: the allowlist file is the operator's, edited by hand and
 * taken from $PPCST_KMSG_ALLOWLIST or beside the binaries in an installed
 * tree; a typo must end as one error line, never as a crash.
 *
 * seeds: kmsg_allowlist tests/fuzz/seeds/kmsg_allowlist
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_scanner.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Findings of both severities, so that allowlisted() runs on each. */
static const char log_text[] =
	"[    1.000000] iommu_alloc failed, tbl 00000000c0ffee00 vaddr 0000000000000000 npages 1\n"
	"[    2.000000] ------------[ cut here ]------------\n"
	"[    2.000001] WARNING: CPU: 0 PID: 1 at arch/powerpc/kernel/iommu.c:300 iommu_range_alloc+0x0/0x10\n"
	"[    2.000002] ---[ end trace 0000000000000000 ]---\n"
	"[    3.000000] ibm,create-pe-dma-window(2027) 0 8000000 20000000 18 21 returned -3\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kmsg_allowlist al;
	struct kmsg_scanner s;
	struct kmsg_report r;
	char path[PATH_MAX];

	fuzz_write_file("kmsg_allowlist", data, size, path);
	if (kmsg_allowlist_load(&al, path)) {
		/* The contract: a loaded nothing and a message. */
		if (al.n || al.re || !ppcst_last_error()[0])
			abort();
		return 0;
	}
	kmsg_scanner_init(&s, &al);
	kmsg_scanner_feed(&s, log_text, strlen(log_text));
	if (kmsg_scanner_finish(&s, &r))
		abort();
	kmsg_report_free(&r);
	kmsg_allowlist_free(&al);
	return 0;
}
