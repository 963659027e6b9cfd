#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the ppc-iommu selftests and writes TAP 13, per-test logs and kernel-log
# slices, summary.json and junit.xml. Runs on the host and inside the ppc64le
# guest (busybox + bash), so only busybox-compatible tools are used.
set -euo pipefail

me=run_all.sh
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
suite=ppc-iommu
# kselftest's exit code for "skipped" (KSFT_SKIP).
ksft_skip=4

usage() {
	cat <<EOF
usage: $me [MODE] [OPTIONS]
       $me --report-from-tap FILE --results DIR [--bisect]
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
  --results DIR         write results into DIR (default results/<run-id>)
  --bisect              exit as git bisect run wants: 0 good, 1 bad, 125 skip
  --report-from-tap FILE  write summary.json and junit.xml into --results DIR
                        from a finished TAP stream of this runner
  --scan FILE           judge a saved kernel log with kmsg_scan
  -h, --help            this text
Testbed options (with --vm): --profile NAME, --kernel VMLINUX, --ksrc DIR,
  --list-profiles

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
tap_in=
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
	--report-from-tap)
		need_arg "$opt" $#
		tap_in=$2 ;;
	--scan)
		need_arg "$opt" $#
		scan_file=$2 ;;
	--profile | --kernel | --ksrc)
		need_arg "$opt" $#
		vm_only=$opt ;;
	--list-profiles) vm_only=$opt ;;
	-h | --help)
		usage
		exit 0 ;;
	*) usage_error "unknown option '$opt' (see --help)" ;;
	esac
	case $opt in
	-t | --test | --timeout | --results | --report-from-tap | --scan | \
	--profile | --kernel | --ksrc)
		vm_args+=("$2")
		shift ;;
	esac
	shift
done

# --- where things are --------------------------------------------------
# An installed tree (make install) has everything beside this script; the
# source tree has the target programs in build/target and host tools in
# build/host.
# PPCST_BINDIR: where the programs are instead (vm/run-vm.sh runs the tests
# that own QEMU from build/host).
if [ -n "${PPCST_BINDIR:-}" ]; then
	bindir=$PPCST_BINDIR
	scanner_default=$here/build/host/kmsg_scan
	[ -f "$here/Makefile" ] || scanner_default=$here/kmsg_scan
elif [ -f "$here/Makefile" ]; then
	bindir=$here/build/target
	scanner_default=$here/build/host/kmsg_scan
else
	bindir=$here
	scanner_default=$here/kmsg_scan
fi
# PPCST_KMSG_SCAN overrides the scanner; set but empty, no kernel-log slices.
scanner=${PPCST_KMSG_SCAN-$scanner_default}
settings=${PPCST_SETTINGS:-$here/settings}

if [ -n "$scan_file" ]; then
	[ -r "$scan_file" ] || usage_error "--scan $scan_file: cannot read it"
	[ -x "$scanner" ] || usage_error "kmsg_scan not found at '$scanner' (make)"
	exec "$scanner" "$scan_file"
fi

# --- settings ------------------------------------------------------------
# kselftest's "timeout=N" plus our keys; see the settings file itself.
timeout_default=
grace=10
tests=()
declare -A timeout_of=() env_of=() profile_of=() host_of=()

settings_error() {
	usage_error "$settings:$1: $2"
}

[ -r "$settings" ] || usage_error "cannot read settings file '$settings'"
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line%$'\r'}
	case $line in
	'' | '#'*) continue ;;
	*=*) ;;
	*) settings_error $lineno "not key=value: '$line'" ;;
	esac
	key=${line%%=*}
	value=${line#*=}
	case $key in
	timeout | grace | timeout.*)
		is_count "$value" || settings_error $lineno "$key: '$value' is not a number of seconds" ;;
	esac
	case $key in
	timeout) timeout_default=$value ;;
	grace) grace=$value ;;
	test) tests+=("$value") ;;
	timeout.?*) timeout_of[${key#timeout.}]=$value ;;
	# The testbed machine profile a test needs (read by vm/run-vm.sh).
	profile.?*) profile_of[${key#profile.}]=$value ;;
	# A test that owns QEMU: --vm runs it on the host (read by vm/run-vm.sh).
	host.?*)
		[ "$value" = yes ] || settings_error $lineno "$key: '$value' is not 'yes'"
		host_of[${key#host.}]=$value ;;
	env.?*.*)
		var=${key##*.}
		case $var in
		[A-Za-z_]*) ;;
		*) settings_error $lineno "$key: '$var' is not a variable name" ;;
		esac
		case $var in
		*[!A-Za-z0-9_]*) settings_error $lineno "$key: '$var' is not a variable name" ;;
		esac
		t=${key#env.}
		t=${t%.*}
		env_of[$t]+="$var=$value"$'\n' ;;
	*) settings_error $lineno "unknown key '$key'" ;;
	esac
done < "$settings"
[ -n "$timeout_default" ] || usage_error "$settings: no timeout=N line"

known_test() {
	local t
	for t in "${tests[@]}"; do
		[ "$t" = "$1" ] && return 0
	done
	return 1
}

for t in "${!timeout_of[@]}" "${!env_of[@]}" "${!profile_of[@]}" "${!host_of[@]}"; do
	known_test "$t" || usage_error "$settings: '$t' is not a test of the test= lines"
done
for t in "${selected[@]}" "${!cli_timeout_of[@]}"; do
	known_test "$t" || usage_error "unknown test '$t' (see --list)"
done
[ ${#selected[@]} -gt 0 ] || selected=("${tests[@]}")

timeout_for() {
	local t=${cli_timeout_of[$1]:-${cli_timeout:-${timeout_of[$1]:-}}}
	echo "${t:-$timeout_default}"
}

if [ $list = 1 ]; then
	printf '%s\n' "${selected[@]}"
	exit 0
fi

# --- report: one code path for native runs and for TAP from the guest --------
# Turns a finished TAP stream of this runner into summary.json and junit.xml.
# Each test is "# selftests: ppc-iommu: NAME", its own output nested as "# ...",
# a "# ppcst-result: ..." line with the details, then "ok"/"not ok N ...".
# A stream that ends inside a test (the guest kernel died) fails that test.
# From the testbed, the stream and the results folder are the guest's work,
# and the guest runs the kernel under test: nothing read from them names a
# file outside the folder, follows a link, or lands in the JSON unchecked.

# A test name that may name files: letters, digits, _ . -, no leading dot.
is_file_name() {
	case $1 in
	'' | .* | *[!A-Za-z0-9_.-]*) return 1 ;;
	esac
}

json_str() {
	local s=$1
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	s=${s//$'\n'/\\n}
	s=${s//[$'\001'-$'\037']/}
	printf '"%s"' "$s"
}

xml_str() {
	local s=$1
	s=${s//&/&amp;}
	s=${s//</&lt;}
	s=${s//>/&gt;}
	s=${s//\"/&quot;}
	s=${s//[$'\001'-$'\037']/ }
	printf '%s' "$s"
}

# A test's log for junit <system-out>: the last 64 KiB, only printable ASCII
# and newlines and tabs, so that no log content can make the XML invalid.
xml_log() {
	tail -c 65536 "$1" | tr -d '\000-\010\013-\037\177-\377' |
		sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'
}

# Milliseconds as seconds with 3 decimals, for JSON and XML.
fmt_ms() {
	printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000))
}

r_name=() r_result=() r_exit=() r_ms=() r_kmsg=() r_reason=()
n_pass=0 n_fail=0 n_skip=0 n_timeout=0 n_error=0 planned=0

add_result() {	# name result exit ms kmsg reason
	r_name+=("$1") r_result+=("$2") r_exit+=("$3") r_ms+=("$4") r_kmsg+=("$5") r_reason+=("$6")
	case $2 in
	pass) n_pass=$((n_pass + 1)) ;;
	skip) n_skip=$((n_skip + 1)) ;;
	timeout) n_timeout=$((n_timeout + 1)) ;;
	error) n_error=$((n_error + 1)) ;;
	*) n_fail=$((n_fail + 1)) ;;
	esac
}

parse_tap() {
	local tapf=$1 out=$2 line cur='' rest desc reason result kv fields
	local m_result='' m_exit='' m_ms='' m_kmsg='' log_copy=''
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		case $line in
		1..*)
			planned=${line#1..}
			is_count "$planned" || planned=0 ;;
		"# selftests: $suite: "*)
			cur=${line#"# selftests: $suite: "}
			m_result='' m_exit='' m_ms='' m_kmsg=''
			# A guest's TAP has the test's output only nested in the stream.
			log_copy=
			# Not a name of ours, or something (a link too) already there: no file.
			if is_file_name "$cur" && [ ! -e "$out/$cur.log" ] && [ ! -L "$out/$cur.log" ]; then
				log_copy=$out/$cur.log
				: > "$log_copy"
			fi ;;
		"# ppcst-result: "*)
			read -r -a fields <<< "${line#"# ppcst-result: "}"
			# Numbers as numbers, a result from the known ones, or nothing.
			for kv in "${fields[@]}"; do
				case $kv in
				result=pass | result=fail | result=skip | result=timeout | result=error)
					m_result=${kv#*=} ;;
				exit=* | ms=* | kmsg_findings=*)
					case ${kv#*=} in '' | *[!0-9]* | ?????????*) continue ;; esac
					case $kv in
					exit=*) m_exit=$((10#${kv#*=})) ;;
					ms=*) m_ms=$((10#${kv#*=})) ;;
					*) m_kmsg=$((10#${kv#*=})) ;;
					esac ;;
				esac
			done ;;
		"ok "* | "not ok "*)
			rest=${line#not }
			rest=${rest#ok }
			rest=${rest#* }
			desc=${rest%% # *}
			reason=
			[ "$desc" = "$rest" ] || reason=${rest#* # }
			desc=${desc#"selftests: $suite: "}
			if [ -n "$m_result" ] && [ "$desc" = "$cur" ]; then
				result=$m_result
			else
				case $line:$reason in
				ok*:SKIP*) result=skip ;;
				ok*) result=pass ;;
				*:TIMEOUT*) result=timeout ;;
				*:ERROR*) result=error ;;
				*) result=fail ;;
				esac
				m_exit='' m_ms='' m_kmsg=''
			fi
			case $reason in
			SKIP) reason='' ;;
			"SKIP "*) reason=${reason#SKIP } ;;
			esac
			add_result "$desc" "$result" "$m_exit" "${m_ms:-0}" "$m_kmsg" "$reason"
			cur='' log_copy='' ;;
		"# timeout set to "* | "# ppcst: "*) ;;	# the runner's, not the test's output
		"# "*)
			[ -z "$log_copy" ] || printf '%s\n' "${line#"# "}" >> "$log_copy" ;;
		esac
	done < "$tapf"
	if [ -n "$cur" ]; then
		add_result "$cur" fail "" "${m_ms:-0}" "" "no result: the run ended during this test"
	fi
}

# Renames NEW to DEST, whatever is at DEST: a link or a folder there is
# removed first, so the rename never lands in it (busybox mv has no -T).
replace_file() {
	if [ -L "$2" ] || [ -d "$2" ]; then
		rm -rf "$2"
	fi
	mv -f "$1" "$2"
}

write_reports() {
	local out=$1 i sep='' total_ms=0 n=${#r_name[@]} name result log
	local json=$out/summary.json junit=$out/junit.xml json_tmp junit_tmp
	# New files of our own (mktemp: O_EXCL), renamed over whatever is there.
	json_tmp=$(mktemp "$out/.summary.XXXXXX") && junit_tmp=$(mktemp "$out/.junit.XXXXXX") ||
		setup_error "cannot write into $out"
	for ((i = 0; i < n; i++)); do
		total_ms=$((total_ms + r_ms[i]))
	done
	{
		printf '{\n  "suite": "%s",\n  "run_id": %s,\n' "$suite" "$(json_str "$(basename "$out")")"
		printf '  "planned": %d,\n  "seconds": %s,\n' "$planned" "$(fmt_ms $total_ms)"
		printf '  "totals": {"pass": %d, "fail": %d, "skip": %d, "timeout": %d, "error": %d},\n' \
			$n_pass $n_fail $n_skip $n_timeout $n_error
		printf '  "tests": ['
		for ((i = 0; i < n; i++)); do
			printf '%s\n    {"name": %s, "result": "%s", "exit_code": %s, "seconds": %s, "kmsg_findings": %s, "reason": %s}' \
				"$sep" "$(json_str "${r_name[i]}")" "${r_result[i]}" "${r_exit[i]:-null}" \
				"$(fmt_ms "${r_ms[i]}")" "${r_kmsg[i]:-null}" "$(json_str "${r_reason[i]}")"
			sep=,
		done
		printf '\n  ]\n}\n'
	} > "$json_tmp"
	replace_file "$json_tmp" "$json"
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<testsuites name="%s" tests="%d" failures="%d" errors="%d" skipped="%d" time="%s">\n' \
			"$suite" "$n" $((n_fail + n_timeout)) $n_error $n_skip "$(fmt_ms $total_ms)"
		printf '  <testsuite name="%s" tests="%d" failures="%d" errors="%d" skipped="%d" time="%s">\n' \
			"$suite" "$n" $((n_fail + n_timeout)) $n_error $n_skip "$(fmt_ms $total_ms)"
		for ((i = 0; i < n; i++)); do
			name=$(xml_str "${r_name[i]}")
			result=${r_result[i]}
			printf '    <testcase classname="%s" name="%s" time="%s">\n' "$suite" "$name" "$(fmt_ms "${r_ms[i]}")"
			case $result in
			fail | timeout)
				printf '      <failure type="%s" message="%s"/>\n' "$result" "$(xml_str "${r_reason[i]}")" ;;
			error)
				printf '      <error message="%s"/>\n' "$(xml_str "${r_reason[i]}")" ;;
			skip)
				printf '      <skipped message="%s"/>\n' "$(xml_str "${r_reason[i]}")" ;;
			esac
			log=$out/${r_name[i]}.log
			if is_file_name "${r_name[i]}" && [ -f "$log" ] && [ ! -L "$log" ]; then
				printf '      <system-out>'
				xml_log "$log"
				printf '</system-out>\n'
			fi
			printf '    </testcase>\n'
		done
		printf '  </testsuite>\n</testsuites>\n'
	} > "$junit_tmp"
	replace_file "$junit_tmp" "$junit"
}

# The exit code for the totals, and the plain line CI greps for.
finish() {
	local rc
	echo "$n_pass passed, $((n_fail + n_timeout + n_error)) failed, $n_skip skipped"
	if [ -n "${interrupted:-}" ]; then
		echo "$me: interrupted by SIG$interrupted" >&2
		rc=$((128 + $(kill -l "$interrupted")))
	elif [ $((n_fail + n_timeout)) -gt 0 ]; then
		rc=1
	elif [ $bisect = 1 ] && { [ $n_error -gt 0 ] || [ $n_pass = 0 ]; }; then
		rc=125	# nothing to judge the kernel by: git bisect skip
	elif [ $n_error -gt 0 ]; then
		rc=1
	elif [ $n_pass = 0 ]; then
		rc=$ksft_skip
	else
		rc=0
	fi
	exit $rc
}

# Testbed trouble: a git bisect step must be skipped, not judged.
setup_error() {
	echo "$me: $*" >&2
	if [ $bisect = 1 ]; then
		exit 125
	fi
	exit 2
}

if [ -n "$tap_in" ]; then
	[ -n "$results" ] || usage_error "--report-from-tap needs --results DIR"
	[ -r "$tap_in" ] || usage_error "--report-from-tap $tap_in: cannot read it"
	mkdir -p "$results" || setup_error "cannot create $results"
	parse_tap "$tap_in" "$results"
	write_reports "$results"
	finish
fi

# --- mode ------------------------------------------------------------------
is_pseries() {
	{ [ -r /proc/device-tree/compatible ] &&
		tr '\0' '\n' < /proc/device-tree/compatible | grep -q '^IBM,pSeries$'; } ||
		grep -q '^platform[[:space:]]*: pSeries' /proc/cpuinfo 2>/dev/null
}

if [ -z "$mode" ]; then
	if is_pseries; then mode=native; else mode=vm; fi
fi
if [ "$mode" = vm ]; then
	[ -x "$here/vm/run-vm.sh" ] ||
		usage_error "no QEMU testbed here ($here/vm/run-vm.sh): use --native, or run from the source tree"
	exec "$here/vm/run-vm.sh" "${vm_args[@]}"
fi
[ -z "$vm_only" ] || usage_error "$vm_only only goes with --vm"
# The programs are built for a pseries kernel; anywhere else they would
# misreport (an x86 shell running ppc64le binaries says "ELF: not found").
# PPCST_NATIVE_ANYWHERE=1: the suite's own tests of this runner, and the
# testbed's host tests (vm/run-vm.sh), which run off pseries on purpose.
if [ -z "${PPCST_NATIVE_ANYWHERE:-}" ] && ! is_pseries; then
	setup_error "not a pseries machine: use --vm"
fi

# --- native run --------------------------------------------------------------
command -v setsid > /dev/null || setup_error "setsid not found (util-linux or busybox)"
if [ -z "$results" ]; then
	results=$here/results/$(date +%Y%m%d-%H%M%S)-$(printf '%04x' $RANDOM)
fi
{ mkdir -p "$results" 2>/dev/null && [ -w "$results" ]; } || setup_error "cannot write to results folder '$results'"
results=$(cd "$results" && pwd)
tapfile=$results/run.tap
: > "$tapfile"
if [ -n "$scanner" ] && [ ! -x "$scanner" ]; then
	setup_error "kmsg_scan not found at '$scanner' (make; or PPCST_KMSG_SCAN= to run without kernel-log slices)"
fi

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

# What the runner itself has to say about a test: into its log and, nested,
# into the TAP stream (from which a VM run rebuilds the same log).
note() {
	printf '%s\n' "run_all.sh: $1" >> "$log"
	tap "# run_all.sh: $1"
}

run_test() {
	local num=$1 name=$2 t bin start rc=0 result exit_code='' reason='' kmsg_findings='' cursor=''
	local fifo printer timed_out=0 findings_out kmsg_rc
	t=$(timeout_for "$name")
	bin=$bindir/$name
	log=$results/$name.log
	: > "$log"
	tap "# selftests: $suite: $name"
	tap "# timeout set to $t"
	# For the testbed's host side (vmrun): which test runs, and how long it may
	# (the markers: lib/testbed_protocol.h).
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

		fifo=$results/.$name.fifo
		rm -f "$fifo"
		mkfifo "$fifo"
		tee -a "$log" < "$fifo" | sed 's/^/# /' | tee -a "$tapfile" &
		printer=$!
		(
			cd "$bindir"
			export PPCST_RESULTS="$results" PPCST_TEST="$name"
			while IFS= read -r kv; do
				[ -z "$kv" ] || export "${kv?}"
			done <<< "${env_of[$name]:-}"
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
			findings_out=$("$scanner" --since "$cursor" --dump "$results/$name.kmsg" 2>> "$log") || kmsg_rc=$?
			if [ -n "$findings_out" ]; then
				printf '%s\n' "$findings_out" >> "$log"
				printf '%s\n' "$findings_out" | sed 's/^/# /' | tee -a "$tapfile"
			fi
			# Its last line: "# kmsg_scan: <source>: L lines, N findings, F failing".
			if [[ $findings_out =~ \ ([0-9]+)\ findings,\ ([0-9]+)\ failing ]]; then
				kmsg_findings=${BASH_REMATCH[1]}
			fi
			case $kmsg_rc in
			0) ;;
			1)
				# Warnings count as findings; only failing ones fail the test.
				if [ $result = pass ] || [ $result = skip ]; then
					result=fail reason="kernel log: ${BASH_REMATCH[2]:-some} failing finding(s), see $name.kmsg"
				fi ;;
			*) note "kmsg: $scanner --since $cursor failed (exit $kmsg_rc)" ;;
			esac
		fi
	fi

	tap "# ppcst: end $name"
	clock
	tap "# ppcst-result: result=$result exit=${exit_code} ms=$((now - start)) kmsg_findings=${kmsg_findings}"
	case $result in
	pass) tap "ok $num selftests: $suite: $name" ;;
	skip) tap "ok $num selftests: $suite: $name # $reason" ;;
	*) tap "not ok $num selftests: $suite: $name # $reason" ;;
	esac
}

tap "TAP version 13"
tap "1..${#selected[@]}"
tap "# results: $results"
num=0
for name in "${selected[@]}"; do
	[ -z "$interrupted" ] || break
	num=$((num + 1))
	run_test $num "$name"
done

parse_tap "$tapfile" "$results"
write_reports "$results"
finish
