// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg_scan: judge a kernel log with the suite's signature table
 * (lib/kmsg/kmsg_signatures.c), in the guest or on the host.
 *
 *   kmsg_scan [--allowlist FILE] [--result FILE] [--findings FILE] FILE|-
 *                                            scan a saved log: dmesg text with
 *                                            or without [timestamps], /dev/kmsg
 *                                            records, or a QEMU console capture
 *   kmsg_scan --cursor                       print the seq of the next /dev/kmsg record
 *   kmsg_scan [--allowlist FILE] --since SEQ [--dump FILE] [--result FILE]
 *             [--findings FILE]
 *                                            scan /dev/kmsg from record SEQ to
 *                                            its current end (never waits);
 *                                            --dump writes that slice as
 *                                            "[seconds] message" lines
 *
 * --result FILE writes the counts of the last line below as JSON for the
 * results report (lib/report/report.h, kmsg.json): {"lines": L, "findings": N,
 * "failing": F}. --findings FILE writes the findings themselves with their
 * excerpts (kmsg-findings.json, lib/kmsg/kmsg_findings.h kmsg_report_write_json), for the
 * page of the run (report.html). Files are written new and renamed over FILE, never through
 * a link (lib/base/safe_file.h).
 *
 * Allowlist: --allowlist FILE, else $PPCST_KMSG_ALLOWLIST, else kmsg_allowlist
 * beside this binary if it exists. One POSIX extended regex per line, matched
 * against the trigger message of a finding; '#' starts a comment line.
 *
 * Output on stdout, stable (run_all.sh and summary.json parse it):
 *
 *   # kmsg: <signature> (<fail|warn>[, allowlisted]) at <seq|line> <N>: <message>
 *   # <excerpt line, as logged>            (zero or more)
 *   #   (in the excerpt of <signature> above)   when already shown
 *   #   [excerpt cut]                      when no end marker was found
 *   # kmsg: <signature>: <N> more not shown
 *   # kmsg: <N> finding(s), <F> failing    (when there were findings;
 *                                          N counts those not shown)
 *   # kmsg_scan: <source>: <L> lines, <N> findings, <F> failing
 *
 * --cursor prints just the number. Exit status: 0 no failing finding (warn
 * and allowlisted ones may be printed), 1 failing findings, 2 usage or I/O
 * error (one line on stderr).
 */
#include "kmsg/kmsg_allowlist.h"
#include "kmsg/kmsg_findings.h"
#include "kmsg/kmsg_reader.h"
#include "kmsg/kmsg_scanner.h"
#include "kmsg/kmsg_verdict.h"
#include "base/error.h"
#include "base/safe_file.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out,
		"usage: kmsg_scan [--allowlist FILE] [--result FILE] [--findings FILE] FILE|-\n"
		"       kmsg_scan --cursor\n"
		"       kmsg_scan [--allowlist FILE] --since SEQ [--dump FILE] [--result FILE]\n"
		"                 [--findings FILE]\n"
		"Scan a kernel log for oopses, warnings, lockups and pseries IOMMU errors.\n"
		"Exit: 0 clean (warnings allowed), 1 failing findings, 2 usage or I/O error.\n");
}

static int __attribute__((format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("kmsg_scan: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 2;
}

static int print_cursor(void)
{
	uint64_t seq;
	int fd = kmsg_open_cursor(&seq);

	if (fd < 0)
		return die("/dev/kmsg: %s", strerror(errno));
	close(fd);
	printf("%" PRIu64 "\n", seq);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "allowlist", required_argument, NULL, 'a' },
		{ "cursor", no_argument, NULL, 'c' },
		{ "since", required_argument, NULL, 's' },
		{ "dump", required_argument, NULL, 'd' },
		{ "result", required_argument, NULL, 'r' },
		{ "findings", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *allow_path = NULL, *dump_path = NULL, *since = NULL, *source;
	const char *result_path = NULL, *findings_path = NULL;
	struct kmsg_allowlist allow;
	struct kmsg_scanner s;
	struct kmsg_report r;
	struct kmsg_verdict v;
	bool cursor = false;
	int opt, fd, ret;

	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'a': allow_path = optarg; break;
		case 'c': cursor = true; break;
		case 's': since = optarg; break;
		case 'd': dump_path = optarg; break;
		case 'r': result_path = optarg; break;
		case 'f': findings_path = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (cursor) {
		if (allow_path || since || dump_path || result_path || findings_path || optind != argc)
			return die("--cursor takes no other argument");
		return print_cursor();
	}
	if (since ? optind != argc : optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	if (dump_path && !since)
		return die("--dump needs --since");

	if (allow_path ? kmsg_allowlist_load(&allow, allow_path)
		       : kmsg_allowlist_load_default(&allow))
		return die("%s", ppcst_last_error());

	if (!since) {
		source = argv[optind];
		fd = strcmp(source, "-") ? open(source, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
		ret = fd < 0 ? die("%s: %s", source, strerror(errno)) :
			       kmsg_scan_log_verdict(fd, source, &allow, stdout, &v,
						     findings_path);
		if (fd > STDIN_FILENO)
			close(fd);
		kmsg_allowlist_free(&allow);
		if (fd >= 0 && ret >= 0 && result_path && kmsg_verdict_write_json(result_path, &v))
			ret = -1;
		return ret < 0 ? die("%s", ppcst_last_error()) : ret;
	}

	kmsg_scanner_init(&s, &allow);
	{
		char *end;
		unsigned long long seq;

		errno = 0;
		seq = strtoull(since, &end, 10);
		if (errno || end == since || *end || since[0] == '-') {
			kmsg_allowlist_free(&allow);
			return die("--since %s: not a sequence number", since);
		}
		source = "/dev/kmsg";
		fd = kmsg_open_start();
		kmsg_scanner_expect_seq(&s, seq);
	}
	ret = fd < 0 ? -1 : kmsg_read_records(fd, &s);
	if (ret) {
		ret = die("%s: %s", source, strerror(errno));
	} else if (dump_path) {
		char tmp[PATH_MAX];
		FILE *out = safe_create(dump_path, tmp, sizeof(tmp));

		/* A failed write leaves the stream's error flag: safe_commit sees it. */
		if (out)
			kmsg_scanner_write_text(&s, out);
		if (!out || safe_commit(out, tmp, dump_path))
			ret = die("--dump: %s", ppcst_last_error());
	}
	if (fd > STDIN_FILENO)
		close(fd);
	if (ret) {
		kmsg_scanner_finish(&s, &r);
		kmsg_report_free(&r);
	} else if ((ret = kmsg_scanner_verdict(&s, source, stdout, &v, findings_path)) < 0 ||
		   (result_path && kmsg_verdict_write_json(result_path, &v))) {
		ret = die("%s", ppcst_last_error());
	}
	kmsg_allowlist_free(&allow);
	return ret;
}
