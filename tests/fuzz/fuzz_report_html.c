// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the readers of report.html (lib/report/report_html.c)
 * on arbitrary text, each input read as each of the four files of a test's
 * folder (report_html_put_file), and their contract: whatever the text, the
 * page's part is printable ASCII (and newlines and tabs) whose every tag is
 * one of the page's own - what the guest wrote comes out escaped.
 *
 * Untrusted source: the guest. In the testbed the tests in the guest,
 * running the kernel under test, write kmsg-findings.json,
 * dma-evidence.jsonl, tce-usage.csv and cycles.csv into the job folder the
 * host reads for the page; anything in the guest can write them instead.
 *
 * gnuplot is kept out of reach (PATH): a plot is a process per input, and
 * what it would get is only the numbers and names the page made itself.
 *
 * seeds: tests/data/report_html/run/dma-dynamic/iommu_ddw_basic tests/data/report_html/run/pagepool-e1000e/pagepool_dlpar
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "report/report_html.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {
	"kmsg-findings.json", "dma-evidence.jsonl", "tce-usage.csv", "cycles.csv",
};

/* The tags the readers write (svg and its inside come from gnuplot). */
static const char *const page_tags[] = {
	"h4", "h5", "p", "em", "b", "pre", "table", "tr", "th", "td", "small",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("PATH", "/nonexistent", 1);
	return 0;
}

/* Every '<' of the page's part opens or closes one of page_tags. */
static void check_tags(const char *out)
{
	for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<')) {
		const char *name = p + 1 + (p[1] == '/');
		size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		size_t i;

		for (i = 0; i < sizeof(page_tags) / sizeof(page_tags[0]); i++)
			if (strlen(page_tags[i]) == len && !strncmp(name, page_tags[i], len) &&
			    (name[len] == '>' || name[len] == ' '))
				break;
		if (i == sizeof(page_tags) / sizeof(page_tags[0]))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *text = malloc(size + 1), *out = NULL;
		size_t len = 0;
		FILE *f;

		if (!text)
			return 0;
		memcpy(text, data, size);
		text[size] = '\0';
		if (!(f = open_memstream(&out, &len)))
			abort();
		if (report_html_put_file(f, files[i], text))
			abort();
		fclose(f);
		fuzz_check_text(out, len + 1, true);
		check_tags(out);
		free(out);
		free(text);
	}
	return 0;
}
