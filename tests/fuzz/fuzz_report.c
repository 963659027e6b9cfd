// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: report_parse_result() and report_parse_kmsg()
 * (lib/report/report.c) on arbitrary text, and their contract: 0 with fields in
 * range, or -EINVAL with a reason and the test untouched.
 *
 * Untrusted source: the guest. In the testbed the runner in the guest,
 * running the kernel under test, writes result.json and kmsg.json into the
 * job folder the host reads; anything in the guest can write them instead.
 *
 * seeds: tests/fuzz/seeds/report
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "fuzz_util.h"
#include "report/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct report_test t, blank;
	const char *text = (const char *)data;
	int ret;

	memset(&t, 0, sizeof(t));
	t.exit_code = t.kmsg_findings = t.kmsg_failing = -7;
	blank = t;
	/* The test name the runner's seeds carry. */
	ret = report_parse_result(text, size, "iommu_ddw_basic", &t);
	if (ret) {
		if (ret != -EINVAL || !ppcst_last_error()[0] || memcmp(&t, &blank, sizeof(t)))
			abort();
	} else {
		if ((unsigned)t.result > REPORT_ERROR || t.exit_code < -1 || t.exit_code > 255)
			abort();
		fuzz_check_text(t.reason, sizeof(t.reason), true);
	}
	t = blank;
	ret = report_parse_kmsg(text, size, &t);
	if (ret) {
		if (ret != -EINVAL || memcmp(&t, &blank, sizeof(t)))
			abort();
	} else if (t.kmsg_findings < 0 || t.kmsg_failing < 0 || t.kmsg_failing > t.kmsg_findings) {
		abort();
	}
	return 0;
}
