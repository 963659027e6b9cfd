// SPDX-License-Identifier: GPL-2.0
/*
 * ppcst_report: the results report of a run, from the per-test folders the
 * runner wrote (lib/report/report.h has their files and the report's format).
 *
 *   ppcst_report --jobdir DIR [--out DIR] [--profile NAME] [--run-id ID]
 *                [--kernel TEXT] [--qemu TEXT] [--wall-ms N] [--bisect] TEST...
 *   ppcst_report --html DIR
 *   ppcst_report --lava SUMMARY
 *
 * Reads DIR/TEST/ for each TEST, writes summary.json and junit.xml into
 * --out (run id: --run-id, else the name of the --out folder; without --out
 * no files: a job of the planner's, whose run has its own report; --wall-ms:
 * the run's elapsed milliseconds, its wall_seconds), prints "P
 * passed, F failed, S skipped" and exits as run_all.sh does: 0 all passed
 * (skips allowed), 1 a test failed, timed out or could not run, 4
 * everything skipped; with --bisect 125 instead when a test could not run
 * or nothing passed. 2: bad usage or the report could not be written (125
 * with --bisect: a step that cannot be judged is skipped).
 *
 * With --out it writes report.html too (lib/report/report_html.h), the page of the
 * run; one it cannot write is a warning, the verdict stands. --html DIR
 * (re)writes only DIR/report.html, from DIR/summary.json and the tests'
 * folders of a finished run (the planner's or this tool's): 0, or 2.
 *
 * --lava SUMMARY prints a run's summary.json as LAVA test cases, one
 * "NAME RESULT" line per test and per subtest (lib/report/lava.h), for
 * lava/test-definitions/ to hand to lava-test-case: 0, or 2 (a summary
 * it refuses, with the why).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/error.h"
#include "report/report.h"
#include "report/lava.h"
#include "report/report_html.h"
#include "report/summary.h"

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ppcst_report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (usage: ppcst_report --jobdir DIR [--out DIR] [--profile NAME] [--run-id ID]"
	      " [--kernel TEXT] [--qemu TEXT] [--wall-ms N] [--bisect] TEST...; or --html DIR;"
	      " or --lava SUMMARY)\n",
	      stderr);
	return 2;
}

static bool is_dir(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

/* --lava: 0, or 2 with the why. */
static int print_lava_cases(const char *path)
{
	struct summary s;
	int ret;

	if (summary_read(path, &s)) {
		fprintf(stderr, "ppcst_report: %s\n", ppcst_last_error());
		return 2;
	}
	ret = lava_cases_print(stdout, &s);
	summary_free(&s);
	if (ret) {
		fprintf(stderr, "ppcst_report: %s: %s\n", path, ppcst_last_error());
		return 2;
	}
	return fflush(stdout) ? 2 : 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "jobdir", required_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "profile", required_argument, NULL, 'p' },
		{ "run-id", required_argument, NULL, 'r' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "bisect", no_argument, NULL, 'b' },
		{ "wall-ms", required_argument, NULL, 'w' },
		{ "html", required_argument, NULL, 'H' },
		{ "lava", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *jobdir = NULL, *out = NULL, *profile = NULL;
	struct report_run run = { .wall_ms = -1 };
	struct report_totals tot;
	struct report_test *tests;
	char out_abs[PATH_MAX];
	bool bisect = false;
	size_t n;
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': jobdir = optarg; break;
		case 'o': out = optarg; break;
		case 'p': profile = optarg; break;
		case 'r': run.run_id = optarg; break;
		case 'k': run.kernel = optarg; break;
		case 'q': run.qemu = optarg; break;
		case 'b': bisect = true; break;
		case 'H':
			if (argc != 3)
				return usage_error("--html DIR takes nothing else");
			if (!is_dir(optarg))
				return usage_error("--html %s: not a folder", optarg);
			if (report_html_write(optarg)) {
				fprintf(stderr, "ppcst_report: %s\n", ppcst_last_error());
				return 2;
			}
			return 0;
		case 'L':
			if (argc != 3)
				return usage_error("--lava SUMMARY takes nothing else");
			return print_lava_cases(optarg);
		case 'w':
			if (!*optarg || strspn(optarg, "0123456789") != strlen(optarg) ||
			    strlen(optarg) > 12)
				return usage_error("--wall-ms %s: not a number of milliseconds", optarg);
			run.wall_ms = strtoll(optarg, NULL, 10);
			break;
		case 'h':
			puts("usage: ppcst_report --jobdir DIR [--out DIR] [--profile NAME] [--run-id ID]\n"
			     "                    [--kernel TEXT] [--qemu TEXT] [--wall-ms N] [--bisect] TEST...\n"
			     "       ppcst_report --html DIR\n"
			     "       ppcst_report --lava SUMMARY\n"
			     "Writes summary.json, junit.xml and report.html of the tests' folders DIR/TEST/;\n"
			     "--html: report.html alone, of a finished run's folder;\n"
			     "--lava: a summary.json's tests and subtests, one \"NAME RESULT\" line each, for lava-test-case.");
			return 0;
		default:
			return usage_error("unknown option or missing argument: '%s'", argv[optind - 1]);
		}
	}
	if (!jobdir)
		return usage_error("--jobdir is needed");
	if (optind == argc)
		return usage_error("no TEST given");
	if (!is_dir(jobdir))
		return usage_error("--jobdir %s: not a folder", jobdir);
	if (out && (!is_dir(out) || !realpath(out, out_abs)))
		return usage_error("--out %s: not a folder", out);
	if (profile && !report_is_name(profile))
		return usage_error("--profile '%s': not letters, digits, _ - . (no leading dot)", profile);
	if (out && !run.run_id)
		run.run_id = strcmp(out_abs, "/") ? strrchr(out_abs, '/') + 1 : out_abs;
	if (profile) {
		run.profiles = &profile;
		run.n_profiles = 1;
	}

	n = (size_t)(argc - optind);
	run.planned = (unsigned)n;
	tests = calloc(n, sizeof(*tests));
	if (!tests)
		return usage_error("out of memory");
	for (size_t i = 0; i < n; i++) {
		if ((ret = report_read_test(jobdir, argv[optind + (int)i], profile, &tests[i]))) {
			fprintf(stderr, "ppcst_report: %s\n", ppcst_last_error());
			while (i--)
				report_test_free(&tests[i]);
			free(tests);
			return ret == -EINVAL ? 2 : bisect ? 125 : 2;
		}
	}
	ret = out ? report_write(out, &run, tests, n) : 0;
	/* The page is for people: without it the verdict stands. */
	if (out && !ret && report_html_write(out))
		fprintf(stderr, "ppcst_report: report.html: %s\n", ppcst_last_error());
	report_count(tests, n, &tot);
	for (size_t i = 0; i < n; i++)
		report_test_free(&tests[i]);
	free(tests);
	if (ret) {
		fprintf(stderr, "ppcst_report: %s\n", ppcst_last_error());
		return bisect ? 125 : 2;
	}
	report_print_line(stdout, &tot);
	return report_exit_code(&tot, bisect);
}
