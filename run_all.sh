#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The native runner of the ppc-iommu selftests (kselftest's runner.sh): runs
# each test on this machine with its timeout, its environment and its slice
# of the kernel log, prints TAP 13, and leaves per test a folder
# JOBDIR/NAME/ (output.log, kmsg.txt, kmsg.json, result.json); the report
# (summary.json, junit.xml, the "N passed" line, the exit code) is
# ppcst_report's, from those folders. Off a pseries machine --vm hands the
# run to the QEMU testbed's planner (vm/run-vm.sh). Runs on the host and
# inside the ppc64le guest (busybox + bash): busybox-compatible tools only.
set -euo pipefail

me=run_all.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite=ppc-iommu
# kselftest's exit code for "skipped" (KSFT_SKIP).
ksft_skip=4

usage() {
	cat <<EOF
usage: $me [MODE] [OPTIONS]
       $me --scan FILE

Modes (default: --native on a pseries machine, else --vm):
  --native              run the tests here
  --vm                  run them in the QEMU pseries testbed (vm/run-vm.sh);
                        every other option is passed on to it

Options:
  -t, --test NAME       run only NAME (repeatable); default: every test
  -l, --list            print the test names, one per line, and exit
  --timeout N           per-test timeout in seconds, for every test
  --timeout NAME=N      per-test timeout for NAME (beats --timeout N)
  --results DIR         write results into DIR (default results/<run-id>):
                        DIR/native/NAME/ per test, DIR/summary.json, junit.xml
  --job-dir DIR         (the planner's) the tests' folders into DIR/NAME/,
                        no report files
  --bisect              exit as git bisect run wants: 0 good, 1 bad, 125 skip
  --scan FILE           judge a saved kernel log with kmsg_scan
  -h, --help            this text
Testbed options (with --vm): --profile NAME (repeatable), --kernel VMLINUX,
  --ksrc DIR, -j N, --list-profiles

Exit: 0 all passed (skips allowed), 1 a test failed, 4 everything skipped,
2 usage or setup error. With --bisect: 0, 1, or 125 when nothing passed or
the runner could not run a test.
EOF
}

usage_error() {
	echo "$me: $*" >&2
	exit 2
}

# --- options -----------------------------------------------------------
mode=
bisect=0
list=0
results=
job_dir=
scan_file=
selected=()
cli_timeout=
declare -A cli_timeout_of=()
vm_args=()	# what --vm passes on: everything but --vm itself
vm_only=

need_arg() {
	[ "$2" -gt 1 ] || usage_error "$1 needs an argument"
}

is_count() {
	case $1 in
	'' | *[!0-9]* | 0*) return 1 ;;
	esac
}

while [ $# -gt 0 ]; do
	opt=$1
	[ "$opt" = --vm ] || vm_args+=("$opt")
	case $opt in
	--native | --vm)
		[ -z "$mode" ] || [ "$mode" = "${opt#--}" ] ||
			usage_error "--native and --vm exclude each other"
		mode=${opt#--} ;;
	-t | --test)
		need_arg "$opt" $#
		selected+=("$2") ;;
	-l | --list) list=1 ;;
	--timeout)
		need_arg "$opt" $#
		case $2 in
		?*=*)
			is_count "${2#*=}" || usage_error "--timeout $2: not a number of seconds"
			cli_timeout_of[${2%%=*}]=${2#*=} ;;
		*)
			is_count "$2" || usage_error "--timeout $2: not a number of seconds"
			cli_timeout=$2 ;;
		esac ;;
	--results)
		need_arg "$opt" $#
		results=$2 ;;
	--bisect) bisect=1 ;;
	--job-dir)
		need_arg "$opt" $#
		job_dir=$2 ;;
	--scan)
		need_arg "$opt" $#
		scan_file=$2 ;;
	--profile | --kernel | --ksrc | -j)
		need_arg "$opt" $#
		vm_only=$opt ;;
	--list-profiles) vm_only=$opt ;;
	-h | --help)
		usage
		exit 0 ;;
	*) usage_error "unknown option '$opt' (see --help)" ;;
	esac
	case $opt in
	-t | --test | --timeout | --results | --job-dir | --scan | \
	--profile | --kernel | --ksrc | -j)
		vm_args+=("$2")
		shift ;;
	esac
	shift
done

# --- where things are --------------------------------------------------
# An installed tree (make install) has everything beside this script; the
# source tree has the target programs in build/target and the tools this
# script runs (ppcst_settings, ppcst_report, kmsg_scan) in build/host.
# PPCST_BINDIR: where the programs are instead (the planner runs the tests
# that own QEMU from build/host).
if [ -f "$here/Makefile" ]; then
	bindir=$here/build/target
	tooldir=$here/build/host
else
	bindir=$here
	tooldir=$here
fi
bindir=${PPCST_BINDIR:-$bindir}
# PPCST_KMSG_SCAN overrides the scanner; set but empty, no kernel-log slices.
scanner=${PPCST_KMSG_SCAN-$tooldir/kmsg_scan}

if [ -n "$scan_file" ]; then
	[ -r "$scan_file" ] || usage_error "--scan $scan_file: cannot read it"
	[ -x "$scanner" ] || usage_error "kmsg_scan not found at '$scanner' (make)"
	exec "$scanner" "$scan_file"
fi

# Testbed trouble: a git bisect step must be skipped, not judged.
setup_error() {
	echo "$me: $*" >&2
	if [ $bisect = 1 ]; then
		exit 125
	fi
	exit 2
}

# --- mode ------------------------------------------------------------------
is_pseries() {
	{ [ -r /proc/device-tree/compatible ] &&
		tr '\0' '\n' < /proc/device-tree/compatible | grep -q '^IBM,pSeries$'; } ||
		grep -q '^platform[[:space:]]*: pSeries' /proc/cpuinfo 2>/dev/null
}

if [ -z "$mode" ]; then
	if is_pseries; then mode=native; else mode=vm; fi
fi
# --list is the runner's, whatever the mode.
if [ "$mode" = vm ] && [ $list = 0 ]; then
	[ -x "$here/vm/run-vm.sh" ] ||
		usage_error "no QEMU testbed here ($here/vm/run-vm.sh): use --native, or run from the source tree"
	exec "$here/vm/run-vm.sh" "${vm_args[@]}"
fi
[ -z "$vm_only" ] || [ "$mode" = vm ] || usage_error "$vm_only only goes with --vm"
# The programs are built for a pseries kernel; anywhere else they would
# misreport (an x86 shell running ppc64le binaries says "ELF: not found").
# PPCST_NATIVE_ANYWHERE=1: the suite's own tests of this runner, and the
# testbed's host tests (vm/run-vm.sh), which run off pseries on purpose.
if [ "$mode" = native ] && [ -z "${PPCST_NATIVE_ANYWHERE:-}" ] && ! is_pseries; then
	setup_error "not a pseries machine: use --vm"
fi

# --- settings: read by ppcst_settings, the suite's one parser of them --------
for tool in ppcst_settings ppcst_report; do
	[ -x "$tooldir/$tool" ] || usage_error "$tool not found in $tooldir (make)"
done
# PPCST_SETTINGS: another settings file (the suite's own tests).
settings() {
	"$tooldir/ppcst_settings" ${PPCST_SETTINGS:+--file "$PPCST_SETTINGS"} "$@"
}
# Its errors are one line of its own: exit 2 without a second.
all_tests=$(settings tests) || exit 2
grace=$(settings grace) || exit 2
mapfile -t tests <<< "$all_tests"

known_test() {
	local t
	for t in "${tests[@]}"; do
		[ "$t" = "$1" ] && return 0
	done
	return 1
}

for t in "${selected[@]}" "${!cli_timeout_of[@]}"; do
	known_test "$t" || usage_error "unknown test '$t' (see --list)"
done
[ ${#selected[@]} -gt 0 ] || selected=("${tests[@]}")

if [ $list = 1 ]; then
	printf '%s\n' "${selected[@]}"
	exit 0
fi

# JSON string of $1, for result.json.
json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	s=${s//[$'\001'-$'\037']/}
	printf '"%s"' "$s"
}

# --- native run --------------------------------------------------------------
command -v setsid > /dev/null || setup_error "setsid not found (util-linux or busybox)"
# Every test's folder goes into the job folder: the planner's, or
# RESULTS/native when this runner is the whole run, with the run's report.
if [ -n "$job_dir" ]; then
	[ -z "$results" ] || usage_error "--job-dir and --results exclude each other"
	report_dir=
else
	results=${results:-$here/results/$(date +%Y%m%d-%H%M%S)-$(printf '%04x' $RANDOM)}
	job_dir=$results/native
	report_dir=$results
fi
{ mkdir -p "$job_dir" 2>/dev/null && [ -w "$job_dir" ]; } || setup_error "cannot write to results folder '$job_dir'"
job_dir=$(cd "$job_dir" && pwd)
tapfile=$job_dir/run.tap
: > "$tapfile"
if [ -n "$scanner" ] && [ ! -x "$scanner" ]; then
	setup_error "kmsg_scan not found at '$scanner' (make; or PPCST_KMSG_SCAN= to run without kernel-log slices)"
fi

timeout_for() {
	local t=${cli_timeout_of[$1]:-${cli_timeout:-}}
	[ -n "$t" ] || t=$(settings timeout "$1")
	echo "$t"
}

tap() {
	printf '%s\n' "$1"
	printf '%s\n' "$1" >> "$tapfile"
}

# Wall clock in milliseconds, into $now (bash 5 EPOCHREALTIME, else seconds).
now=0
clock() {
	local t=${EPOCHREALTIME:-}
	if [ -n "$t" ]; then
		t=${t/[.,]/}
		now=$((10#$t / 1000))
	else
		now=$((SECONDS * 1000))
	fi
}

# The processes of session $1, into $pids. A test runs in a session of its
# own because the kselftest harness puts every test case into a process
# group of its own (setpgrp), which a process-group kill would miss.
# Zombies are skipped: they are dead already, just not reaped by init.
own_sid=
pids=()
session_pids() {
	local f line rest fields
	pids=()
	for f in /proc/[0-9]*/stat; do
		{ IFS= read -r line < "$f"; } 2>/dev/null || continue
		rest=${line##*) }
		read -r -a fields <<< "$rest"
		[ "${fields[3]}" = "$1" ] || continue
		case ${fields[0]} in Z | X) continue ;; esac
		pids+=("${f//[!0-9]/}")
	done
}

# SIGTERM to every process of session $1, SIGKILL to what is left after the
# grace period. Sets $left to how many processes were there.
left=0
end_session() {
	local sid=$1 deadline killed=0
	# setsid forks instead when it is a group leader: never end our own session.
	[ "$sid" != "$own_sid" ] || return 0
	session_pids "$sid"
	left=${#pids[@]}
	[ "$left" -gt 0 ] || return 0
	kill -TERM "${pids[@]}" 2>/dev/null || true
	clock
	deadline=$((now + grace * 1000))
	while session_pids "$sid" && [ ${#pids[@]} -gt 0 ]; do
		clock
		if [ $now -ge $deadline ]; then
			if [ $killed = 1 ]; then
				# Only a process stuck in the kernel survives SIGKILL.
				note "pids ${pids[*]} survive SIGKILL; going on"
				return 0
			fi
			note "still there after ${grace} s grace, SIGKILL: pids ${pids[*]}"
			kill -KILL "${pids[@]}" 2>/dev/null || true
			killed=1
			deadline=$((now + 5000))
		fi
		sleep "$tick"
	done
}
read -r own_line < /proc/$$/stat
read -r -a own_fields <<< "${own_line##*) }"
own_sid=${own_fields[3]}

# The poll interval while a test runs: busybox and coreutils both take
# fractions, a minimal sleep might not.
tick=0.1
sleep $tick 2>/dev/null || tick=1

# A signal to us ends the running test the same way as a timeout (its
# cleanups get SIGTERM and the grace), then the reports are written.
running=
interrupted=
trap 'interrupted=INT' INT
trap 'interrupted=TERM' TERM
trap 'interrupted=HUP' HUP

# A skip's reason without its TAP directive: "SKIP why" -> "why".
skip_reason() {
	local r=${1#SKIP}
	echo "${r# }"
}

# What the runner itself has to say about a test: into its log and, nested,
# into the TAP stream.
note() {
	printf '%s\n' "run_all.sh: $1" >> "$log"
	tap "# run_all.sh: $1"
}

run_test() {
	local num=$1 name=$2 t bin start rc=0 result exit_code=null reason='' cursor='' env
	local dir=$job_dir/$name fifo printer timed_out=0 findings_out kmsg_rc
	t=$(timeout_for "$name") && env=$(settings env "$name") ||
		setup_error "cannot read $name's timeout or environment from the settings"
	bin=$bindir/$name
	# A folder of its own, new: whatever was there (a link too) goes first.
	rm -rf "$dir"
	mkdir "$dir"
	log=$dir/output.log
	: > "$log"
	tap "# selftests: $suite: $name"
	tap "# timeout set to $t"
	# For the testbed's host side (vmrun): which test runs, and how long it may
	# (the markers: lib/testbed/testbed_protocol.h).
	tap "# ppcst: begin $name timeout=$t"
	clock
	start=$now

	if [ ! -x "$bin" ]; then
		result=error reason="ERROR not found or not executable: $bin"
	else
		if [ -z "$scanner" ]; then
			note "kmsg: PPCST_KMSG_SCAN is empty: no kernel-log slice"
		elif [ ! -r /dev/kmsg ]; then
			note "kmsg: /dev/kmsg not readable (needs root): no kernel-log slice"
		elif ! cursor=$("$scanner" --cursor 2>> "$log"); then
			note "kmsg: $scanner --cursor failed: no kernel-log slice"
			cursor=
		fi

		fifo=$dir/.output.fifo
		mkfifo "$fifo"
		tee -a "$log" < "$fifo" | sed 's/^/# /' | tee -a "$tapfile" &
		printer=$!
		(
			cd "$bindir"
			export PPCST_RESULTS="$dir" PPCST_TEST="$name"
			while IFS= read -r kv; do
				[ -z "$kv" ] || export "${kv?}"
			done <<< "$env"
			exec setsid "$bin"
		) > "$fifo" 2>&1 < /dev/null &
		running=$!
		clock
		local deadline=$((now + t * 1000))
		while kill -0 "$running" 2>/dev/null; do
			clock
			if [ $now -ge $deadline ] || [ -n "$interrupted" ]; then
				[ -n "$interrupted" ] || timed_out=1
				note "$([ $timed_out = 1 ] && echo "timeout after $t s" || echo "SIG$interrupted to run_all.sh"): SIGTERM to the test's session"
				end_session "$running" 2>/dev/null
				break
			fi
			sleep "$tick"
		done
		# (2>: bash reports "Killed" for a test that needed SIGKILL; the log says it.)
		wait "$running" 2>/dev/null || rc=$?
		# Whatever the test left behind goes now, before the next test.
		end_session "$running" 2>/dev/null
		running=
		if [ $timed_out = 0 ] && [ "$left" -gt 0 ]; then
			note "$name left $left process(es) behind; ended them"
		fi
		wait "$printer" || true
		rm -f "$fifo"

		if [ $timed_out = 1 ]; then
			result=timeout reason="TIMEOUT $t seconds"
		elif [ -n "$interrupted" ]; then
			result=error reason="ERROR interrupted by SIG$interrupted"
		elif [ $rc = 0 ]; then
			result=pass exit_code=0
		elif [ $rc = $ksft_skip ]; then
			result=skip exit_code=$rc
			reason=$(sed -n 's/^ok [0-9]* .* # SKIP *//p' "$log" | head -n 1)
			reason="SKIP${reason:+ $reason}"
		elif [ $rc -gt 128 ]; then
			result=fail reason="killed by signal $((rc - 128))"
		else
			result=fail exit_code=$rc reason="exit=$rc"
		fi

		if [ -n "$cursor" ]; then
			kmsg_rc=0
			# Its counts go into kmsg.json, its findings with their excerpts into
			# kmsg-findings.json, for the report and its page.
			findings_out=$("$scanner" --since "$cursor" --dump "$dir/kmsg.txt" \
				--result "$dir/kmsg.json" --findings "$dir/kmsg-findings.json" 2>> "$log") || kmsg_rc=$?
			if [ -n "$findings_out" ]; then
				printf '%s\n' "$findings_out" >> "$log"
				printf '%s\n' "$findings_out" | sed 's/^/# /' | tee -a "$tapfile"
			fi
			case $kmsg_rc in
			0) ;;
			1)
				# Warnings count as findings; only failing ones fail the test.
				if [ $result = pass ] || [ $result = skip ]; then
					result=fail reason="kernel log: failing finding(s), see kmsg.txt"
				fi ;;
			*) note "kmsg: $scanner --since $cursor failed (exit $kmsg_rc)" ;;
			esac
		fi
	fi

	tap "# ppcst: end $name"
	clock
	printf '{"test": "%s", "result": "%s", "exit_code": %s, "ms": %d, "reason": %s}\n' \
		"$name" "$result" "$exit_code" $((now - start)) "$(json_str "$(skip_reason "$reason")")" \
		> "$dir/result.json"
	case $result in
	pass) tap "ok $num selftests: $suite: $name" ;;
	skip) tap "ok $num selftests: $suite: $name # $reason" ;;
	*) tap "not ok $num selftests: $suite: $name # $reason" ;;
	esac
}

tap "TAP version 13"
tap "1..${#selected[@]}"
tap "# results: $job_dir"
num=0
clock
run_start=$now
for name in "${selected[@]}"; do
	[ -z "$interrupted" ] || break
	num=$((num + 1))
	run_test $num "$name"
done

# The report: the "N passed" line and the exit code, and the run's files
# when this runner is the whole run. A signal to us wins.
rc=0
clock
"$tooldir/ppcst_report" --jobdir "$job_dir" ${report_dir:+--out "$report_dir" --run-id "$(basename "$report_dir")"} \
	--wall-ms $((now - run_start)) --profile native $([ $bisect = 1 ] && echo --bisect) "${selected[@]}" || rc=$?
case $interrupted in
'') exit $rc ;;
*)
	echo "$me: interrupted by SIG$interrupted" >&2
	exit $((128 + $(kill -l "$interrupted"))) ;;
esac
