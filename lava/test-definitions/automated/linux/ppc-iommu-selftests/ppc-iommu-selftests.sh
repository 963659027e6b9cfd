#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The run step of ppc-iommu-selftests.yaml: runs the installed suite here
# (run_all.sh --native) and reports every test and subtest of its
# summary.json as a LAVA test case. The names and results come from
# ppcst_report --lava (lib/report/lava.c: LAVA's characters only), never
# from the TAP text. Without lava-test-case (outside LAVA) the cases are
# printed, one "NAME RESULT" line each.
#   ppc-iommu-selftests.sh -d SUITE_DIR -o RESULTS_DIR [TEST...]
# Exit: 0 the run was reported (its verdicts are the test cases), 1 it
# could not be (the case ppc-iommu-selftests-run says fail), 2 bad usage.
set -u
me=ppc-iommu-selftests.sh
suite=
out=
while getopts d:o: opt; do
	case $opt in
	d) suite=$OPTARG ;;
	o) out=$OPTARG ;;
	*) echo "$me: usage: $me -d SUITE_DIR -o RESULTS_DIR [TEST...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$suite" ] || [ -z "$out" ]; then
	echo "$me: usage: $me -d SUITE_DIR -o RESULTS_DIR [TEST...]" >&2
	exit 2
fi

case_result() { # NAME RESULT
	if command -v lava-test-case >/dev/null 2>&1; then
		lava-test-case "$1" --result "$2"
	else
		echo "$1 $2"
	fi
}

run_failed() {
	echo "$me: $*" >&2
	case_result ppc-iommu-selftests-run fail
	exit 1
}

if ! [ -x "$suite/run_all.sh" ] || ! [ -x "$suite/ppcst_report" ]; then
	run_failed "no installed suite in $suite (run_all.sh, ppcst_report)"
fi
n=$#
for t do
	set -- "$@" -t "$t"
done
shift "$n"
rm -rf "$out"
mkdir -p "$out" || run_failed "cannot make $out"
# The run's own exit code is the verdict of its tests, which the cases carry;
# its TAP goes to the log (stderr), the cases alone to stdout.
"$suite/run_all.sh" --native --results "$out" "$@" < /dev/null >&2
cases=$out/lava-cases.txt
"$suite/ppcst_report" --lava "$out/summary.json" > "$cases" ||
	run_failed "no summary of the run in $out (ppcst_report --lava said why above)"
while read -r name result; do
	case_result "$name" "$result"
done < "$cases"
