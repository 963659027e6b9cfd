#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The "make check" runner: every harness program in $CHECK_BINDIR (the
# sanitizer builds of tests/test_*.c) and every tests/test_*.sh, each under a
# timeout, their TAP nested kselftest style. The final plain line counts the
# individual subtests of the nested TAP, so one failing case in a program of
# twenty shows as one failure.
set -euo pipefail

me=run_checks.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bindir=${CHECK_BINDIR:-$top/build/host/check}
# Seconds per program; the shell tests drive real runs with real timeouts. A
# shell test that boots many guests says how long it may take in a line
# "# check-timeout: N" of its own (the bound of its cases added up).
limit=${CHECK_TIMEOUT:-300}

case $limit in
'' | *[!0-9]* | 0*) echo "$me: CHECK_TIMEOUT=$limit: not a number of seconds" >&2; exit 2 ;;
esac
[ $# = 0 ] || { echo "$me: takes no arguments (CHECK_BINDIR, CHECK_TIMEOUT)" >&2; exit 2; }
[ -d "$bindir" ] || { echo "$me: no $bindir (make check builds it)" >&2; exit 2; }

progs=()
# Only the programs of today's tests/test_*.c: a build folder keeps the
# binary of a test that was renamed or removed, and it would still run.
for f in "$bindir"/test_*; do
	[ -f "$f" ] && [ -x "$f" ] && [ -f "$top/tests/${f##*/}.c" ] && progs+=("$f")
done
for f in "$top"/tests/test_*.sh; do
	[ -f "$f" ] && progs+=("$f")
done

pass=0 fail=0 skip=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

echo "TAP version 13"
echo "1..${#progs[@]}"
n=0
for f in "${progs[@]}"; do
	n=$((n + 1))
	name=${f#"$top"/}
	echo "# selftests: check: $name"
	rc=0
	budget=$limit
	# --kill-after: a program that ignores SIGTERM must not stall make check.
	if [[ $f == *.sh ]]; then
		own=$(sed -n 's/^# check-timeout: \([1-9][0-9]*\)$/\1/p' "$f" | head -n 1)
		budget=${own:-$limit}
		timeout --kill-after=10 "$budget" bash "$f" > "$out" 2>&1 < /dev/null || rc=$?
	else
		timeout --kill-after=10 "$budget" "$f" > "$out" 2>&1 < /dev/null || rc=$?
	fi
	sed 's/^/# /' "$out"
	# Subtests: the program's own top-level TAP lines (nested ones start with '#').
	own_fail=0
	while IFS= read -r line; do
		case $line in
		"ok "*" # SKIP"*) skip=$((skip + 1)) ;;
		"ok "*) pass=$((pass + 1)) ;;
		"not ok "*) own_fail=$((own_fail + 1)) ;;
		esac
	done < "$out"
	case $rc in
	0) echo "ok $n $name" ;;
	4) echo "ok $n $name # SKIP" ;;
	*)
		# A program that died before printing a failing case counts as one.
		[ $own_fail -gt 0 ] || own_fail=1
		if [ $rc = 124 ] || [ $rc = 137 ]; then
			echo "not ok $n $name # TIMEOUT $budget seconds"
		else
			echo "not ok $n $name # exit=$rc"
		fi ;;
	esac
	fail=$((fail + own_fail))
done

echo "$pass passed, $fail failed, $skip skipped"
if [ $((pass + fail + skip)) = 0 ]; then
	echo "$me: nothing ran" >&2
	exit 1
fi
[ $fail = 0 ]
