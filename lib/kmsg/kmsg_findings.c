// SPDX-License-Identifier: GPL-2.0
/*
 * The findings of a scan: printed as TAP diagnostics, written as
 * kmsg-findings.json for the page of a run, and freed.
 */
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_signatures.h"
#include "base/json_lite.h"
#include "base/safe_file.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *severity_name(enum kmsg_severity sev)
{
	return sev == KMSG_FAIL ? "fail" : "warn";
}

void kmsg_report_print(const struct kmsg_report *r, FILE *out)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct kmsg_finding *f = &r->findings[i];

		fprintf(out, "# kmsg: %s (%s%s)", f->sig->name,
			severity_name(f->sig->severity),
			f->allowlisted ? ", allowlisted" : "");
		if (r->test)
			fprintf(out, " in %s", r->test);
		fprintf(out, " at %s %" PRIu64 ": %s\n", f->has_seq ? "seq" : "line",
			f->where, f->line);
		if (f->covered_by >= 0)
			fprintf(out, "#   (in the excerpt of %s above)\n",
				r->findings[f->covered_by].sig->name);
		for (size_t j = 0; j < f->excerpt_len; j++)
			fprintf(out, "# %s\n", f->excerpt[j]);
		if (f->excerpt_truncated)
			fprintf(out, "#   [excerpt cut]\n");
	}
	for (size_t k = 0; r->dropped && k < kmsg_signature_count; k++) {
		if (!r->dropped[k])
			continue;
		fprintf(out, "# kmsg: %s: %zu more not shown\n",
			kmsg_signatures[k].name, r->dropped[k]);
	}
	if (r->n)
		fprintf(out, "# kmsg: %zu finding(s), %zu failing\n",
			r->total, r->failing);
}

int kmsg_report_write_json(const char *path, const struct kmsg_report *r)
{
	char tmp[PATH_MAX];
	FILE *f = safe_create(path, tmp, sizeof(tmp));

	if (!f)
		return -EIO;
	fputs("{\"findings\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		const struct kmsg_finding *fi = &r->findings[i];

		fprintf(f, "%s\n  {\"signature\": ", i ? "," : "");
		json_lite_put_str(f, fi->sig->name);
		fprintf(f, ", \"severity\": \"%s\", \"allowlisted\": %s, \"%s\": %" PRIu64
			", \"covered_by\": %ld, \"line\": ", severity_name(fi->sig->severity),
			fi->allowlisted ? "true" : "false", fi->has_seq ? "seq" : "line_no",
			fi->where, fi->covered_by);
		json_lite_put_str(f, fi->line);
		fputs(", \"excerpt\": [", f);
		for (size_t j = 0; j < fi->excerpt_len; j++) {
			fputs(j ? ", " : "", f);
			json_lite_put_str(f, fi->excerpt[j]);
		}
		fprintf(f, "], \"excerpt_cut\": %s}", fi->excerpt_truncated ? "true" : "false");
	}
	fputs("],\n \"not_shown\": [", f);
	for (size_t k = 0, n = 0; r->dropped && k < kmsg_signature_count; k++) {
		if (!r->dropped[k])
			continue;
		fprintf(f, "%s{\"signature\": ", n++ ? ", " : "");
		json_lite_put_str(f, kmsg_signatures[k].name);
		fprintf(f, ", \"count\": %zu}", r->dropped[k]);
	}
	fprintf(f, "],\n \"findings_total\": %zu, \"failing\": %zu}\n", r->total, r->failing);
	return safe_commit(f, tmp, path);
}

bool kmsg_report_has(const struct kmsg_report *r, const char *signature)
{
	const struct kmsg_signature *sig = kmsg_signature_find(signature);

	for (size_t i = 0; sig && i < r->n; i++)
		if (r->findings[i].sig == sig)
			return true;
	return false;
}

void kmsg_report_free(struct kmsg_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->findings[i].line);
		for (size_t j = 0; j < r->findings[i].excerpt_len; j++)
			free(r->findings[i].excerpt[j]);
		free(r->findings[i].excerpt);
	}
	free(r->findings);
	free(r->dropped);
	free(r->test);
	memset(r, 0, sizeof(*r));
}
