#!/usr/bin/env bash
# `make validate`: does the suite catch the bugs it exists for, and do the
# fixes of the bugs it found hold?
#
# - A known-bug patch (vm/kernel/known-bugs/) re-creates a bug on the default
#   kernel: its test must pass on the clean kernel and fail on the patched one.
# - A fix (vm/kernel/fixes/, header "Fix candidate: ...") repairs a bug of the
#   default kernel: its test must fail on the clean kernel and pass on the
#   patched one ("fix X: without -> fail, with -> pass").
#
# Each patch names its test in a "Caught-by: TEST" line, and may name the
# testbed profile it runs on in a "Profile: NAME" line (default: settings').
# Every kernel is built first, one after the other (cached, vm/kbuild.sh
# --patch: the first patched kernel recompiles only what its patch touches),
# then the runs go -j at a time (each a guest of one CPU), and the matrix says,
# per patch, the verdicts and the test's time to its verdict.
#
#   [KERNEL=VMLINUX] bench/validate.sh [--buggy-only] [-j N] [PATCH...]
#     default: every known-bug patch and fix; KERNEL: the clean kernel, else
#     vm/kbuild.sh builds it; -j: runs at once (default: the host's cores)
#     --buggy-only: the rows that prove the checks can fail - each known-bug
#     kernel, and each fix without and with it - but not the clean kernel on
#     a known bug's test (CI: `make run_tests` runs that in the same run)
#
# Exit 0 when every bug is caught, every fix holds and the clean kernel
# passes every known-bug test, 1 otherwise (listed plainly), 2 bad usage,
# 3 when the clean kernel did not build.
set -uo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
buggy_only=0 jobs=$(nproc)
while [ $# -gt 0 ]; do
	case $1 in
	--buggy-only) buggy_only=1; shift ;;
	-j) [[ ${2:-} =~ ^[1-9][0-9]?$ ]] || { echo "validate: -j needs a number of runs (1 to 99)" >&2; exit 2; }
	    jobs=$2; shift 2 ;;
	-h|--help) sed -n '2,27s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "validate: unknown option '$1' (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- vm/kernel/known-bugs/*.patch vm/kernel/fixes/*.patch

# A header line "KEY: value" of PATCH (before its diff).
header() {
	sed -n '/^--- /q; s/^'"$2"': *\([A-Za-z0-9_.-]*\).*/\1/p' "$1" | head -n 1
}
# Every patch checked before anything is built.
for patch in "$@"; do
	[ -r "$patch" ] || { echo "validate: cannot read $patch" >&2; exit 2; }
	[ -n "$(header "$patch" Caught-by)" ] ||
		{ echo "validate: $patch has no 'Caught-by: TEST' line" >&2; exit 2; }
done

results=$PPCST_TOP/results/validate-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
t_start=$SECONDS
# KERNEL=VMLINUX: the clean kernel built already (vm/kbuild.sh waits for any
# other build of the cache's default tree to finish).
clean=${KERNEL:-$(vm/kbuild.sh)} || { echo "validate: the clean kernel did not build" >&2; exit 3; }

# Runs TEST on KERNEL (on PROFILE if not empty) into DIR; writes "<verdict>
# <seconds>" to DIR.verdict: pass, fail or untestable (the testbed broke, or
# everything skipped), and the test's time.
run() {
	local kernel=$1 test=$2 profile=$3 dir=$4 rc secs t0=$SECONDS
	KERNEL=$kernel vm/run-vm.sh -t "$test" ${profile:+--profile "$profile"} --results "$dir" \
		> "$dir.log" 2>&1
	rc=$?
	secs=$(find "$dir" -name summary.json -exec python3 -c '
import json, sys
t = [x["seconds"] for f in sys.argv[1:] for x in json.load(open(f))["tests"]]
print("%.0f s" % max(t) if t and max(t) > 0 else "-")' {} + 2>/dev/null)
	# A verdict of the testbed (a wedged guest: guest-oops, test-timeout) has no test
	# time: the run's wall time, boot included, stands for it.
	[ "${secs:--}" != - ] || secs="$((SECONDS - t0)) s, wall"
	case $rc in
	0) echo "pass $secs" ;;
	1) echo "fail $secs" ;;
	*) echo "untestable $secs" ;;
	esac > "$dir.verdict"
}

# The kernels, one after the other (they share one patched tree), and the
# runs they need: "KERNEL TEST PROFILE NAME", NAME the run's folder.
declare -A queued=()
runs=()
# Fields apart by US (0x1f): not whitespace to read, so an empty PROFILE
# stays a field of its own.
sep=$'\x1f'
queue() { # KERNEL TEST PROFILE NAME
	[ -z "${queued[$4]:-}" ] || return 0
	queued[$4]=1
	runs+=("$1$sep$2$sep$3$sep$4")
}
for patch in "$@"; do
	bug=$(basename "$patch" .patch)
	test=$(header "$patch" Caught-by)
	profile=$(header "$patch" Profile)
	key="$test${profile:+-$profile}"
	if grep -q '^Fix candidate:' "$patch" || [ $buggy_only = 0 ]; then
		queue "$clean" "$test" "$profile" "clean-$key"
	fi
	if kernel=$(vm/kbuild.sh --patch "$patch" 2> "$results/$bug.kbuild.log"); then
		queue "$kernel" "$test" "$profile" "$bug"
	else
		echo "untestable - (the kernel did not build: $results/$bug.kbuild.log)" > "$results/$bug.verdict"
	fi
done
t_built=$SECONDS

running=0
for r in "${runs[@]}"; do
	IFS=$sep read -r kernel test profile name <<< "$r"
	if [ $running -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
	run "$kernel" "$test" "$profile" "$results/$name" &
	running=$((running + 1))
done
wait

rows=() fixes=() missed=() worst=0
for patch in "$@"; do
	bug=$(basename "$patch" .patch)
	test=$(header "$patch" Caught-by)
	profile=$(header "$patch" Profile)
	on="$test${profile:+ --profile $profile}"
	key="$test${profile:+-$profile}"
	# A run that left no verdict (it never ran) is no verdict at all.
	verdict=untestable secs=-
	[ ! -r "$results/$bug.verdict" ] || read -r verdict secs < "$results/$bug.verdict"
	cv=- csecs=
	[ ! -r "$results/clean-$key.verdict" ] || read -r cv csecs < "$results/clean-$key.verdict"
	if grep -q '^Fix candidate:' "$patch"; then
		# A fix: the clean kernel has the bug, the patched one must not.
		fixes+=("$(printf 'fix %s (%s): without -> %s (%s), with -> %s (%s)' "$bug" "$on" \
			"$cv" "$csecs" "$verdict" "$secs")")
		if [ "$cv" != fail ]; then
			missed+=("fix $bug: its test does not fail without it ($cv): it shows no bug")
			worst=1
		fi
		if [ "$verdict" != pass ]; then
			missed+=("fix $bug: $on still $verdict with it")
			worst=1
		fi
		continue
	fi
	case $verdict in
	fail) caught=caught ;;
	pass) caught=MISSED; missed+=("$bug ($on passed on it)"); worst=1 ;;
	*) caught=untestable; missed+=("$bug (the testbed could not run $on on it)"); worst=1 ;;
	esac
	if [ $buggy_only = 0 ] && [ "$cv" != pass ]; then
		missed+=("the clean kernel does not pass $on ($cv): see $results/clean-$key")
		worst=1
	fi
	rows+=("$(printf '%-28s %-16s %-11s %-11s %s' "$bug" "$test" "$cv" "$caught" "$secs")")
done
if [ ${#rows[@]} -gt 0 ]; then
	printf '%-28s %-16s %-11s %-11s %s\n' "known bug" test "clean" "buggy" "time to verdict"
	printf '%s\n' "${rows[@]}"
fi
[ ${#fixes[@]} -eq 0 ] || printf '%s\n' "${fixes[@]}"
if [ ${#missed[@]} -gt 0 ]; then
	echo "missed:"
	printf '  %s\n' "${missed[@]}"
fi
echo "validate: kernels ready in $((t_built - t_start)) s, ${#runs[@]} runs ($jobs at once) in $((SECONDS - t_built)) s"
echo "results in $results"
exit $worst
