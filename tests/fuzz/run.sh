#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs libFuzzer targets one after the other, each for SECONDS, and tells per
# target how many inputs it ran and whether it crashed (make fuzz, and
# tests/test_fuzz.sh with --tap).
#
#   tests/fuzz/run.sh [--tap] SECONDS WORKDIR PROG...
#
# A target's seeds are named on the " * seeds:" line of its source,
# tests/fuzz/<name>.c: directories and single files, from the top of the
# tree, read and never written. WORKDIR/corpus/<name> is the writable corpus
# (it grows from run to run), WORKDIR/crashes/ gets the inputs that crashed,
# leaked or hung (libFuzzer's crash-, leak-, timeout-, oom- files),
# WORKDIR/log/<name>.log libFuzzer's output. Exit 0: no target crashed;
# 1: one did; 2: bad usage.
set -euo pipefail

me=tests/fuzz/run.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
die() { echo "$me: $*" >&2; exit 2; }

tap=0
if [ "${1:-}" = --tap ]; then
	tap=1
	shift
fi
[ $# -ge 3 ] || die "usage: $me [--tap] SECONDS WORKDIR PROG..."
seconds=$1 work=$2
shift 2
case $seconds in
'' | *[!0-9]* | 0*) die "SECONDS=$seconds: not a number of seconds" ;;
esac
mkdir -p "$work/corpus" "$work/crashes" "$work/log" "$work/files"
# The targets that parse files write each input into a private directory
# under $TMPDIR (tests/fuzz/fuzz_util.h): in memory that is some 30 times
# faster than on a disk's file system. A directory of this run's holds
# theirs, so that what a crashed target leaves goes too.
tmp=${TMPDIR:-/tmp}
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
	tmp=/dev/shm
fi
TMPDIR=$(mktemp -d "$tmp/ppcst-fuzz-run.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

n=0 total=0 crashed=0
if [ $tap = 1 ]; then
	echo "TAP version 13"
	echo "1..$#"
fi
for prog in "$@"; do
	n=$((n + 1))
	name=${prog##*/}
	src=$top/tests/fuzz/$name.c
	[ -x "$prog" ] || die "$prog: not built"
	line=$(sed -n 's/^ \* seeds: //p' "$src" | head -n 1)
	[ -n "$line" ] || die "$src: no ' * seeds:' line"
	# libFuzzer takes corpus directories only: single seed files are
	# linked into one of the target's own.
	seeds=()
	files=$work/files/$name
	rm -rf "$files"
	mkdir -p "$files"
	for s in $line; do
		if [ -d "$top/$s" ]; then
			seeds+=("$top/$s")
		elif [ -f "$top/$s" ]; then
			ln -s "$top/$s" "$files/${s//\//_}"
		else
			die "$src: seed $s not found"
		fi
	done
	[ -z "$(ls -A "$files")" ] || seeds+=("$files")
	corpus=$work/corpus/$name
	log=$work/log/$name.log
	mkdir -p "$corpus"
	rc=0
	# -close_fd_mask=3: the parsers' own messages (one per rejected input)
	# would cost more than the parsing; libFuzzer and the sanitizers keep
	# writing to the log. -timeout: an input that takes this long is a hang.
	"$prog" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
		-close_fd_mask=3 -artifact_prefix="$work/crashes/$name-" \
		"$corpus" "${seeds[@]}" > "$log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	execs=${execs:-0}
	total=$((total + execs))
	if [ $rc = 0 ]; then
		if [ $tap = 1 ]; then
			echo "ok $n $name - $execs execs"
		else
			echo "$name: $execs execs, no crash"
		fi
		continue
	fi
	crashed=$((crashed + 1))
	artifact=$(sed -n 's/.*Test unit written to //p' "$log" | tail -n 1)
	what=$(grep -m 1 -E '^(SUMMARY: |==[0-9]+== ?ERROR: |ALARM: |==[0-9]+== ERROR: libFuzzer)' "$log" || true)
	if [ $tap = 1 ]; then
		echo "not ok $n $name - $execs execs, crash: ${artifact:-no input saved (exit $rc)}"
		echo "# ${what:-exit $rc}"
		echo "# log: $log"
	else
		echo "$name: $execs execs, CRASH: ${artifact:-no input saved (exit $rc)}"
		echo "  ${what:-exit $rc}"
		echo "  log: $log"
	fi
done
summary="fuzz: $# targets, $total execs, $crashed crashes"
if [ $tap = 1 ]; then
	echo "# $summary"
else
	echo "$summary"
fi
[ $crashed = 0 ]
