#!/usr/bin/env bash
# `make validate`: does the suite catch the bugs it exists for? For every
# known-bug patch in vm/kernel/known-bugs/ (each names its test in a
# "Caught-by: TEST" line), build that kernel (cached, vm/kbuild.sh --patch),
# run its test in the testbed on it and on the clean kernel, and print the
# matrix: bug x test -> caught / missed, with the test's time to its verdict.
#
#   bench/validate.sh [PATCH...]      (default: every vm/kernel/known-bugs/*.patch)
#
# Exit 0 when every bug is caught and the clean kernel passes every test,
# 1 otherwise (missed bugs are listed plainly), 3 when the testbed broke.
set -uo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
[ $# -gt 0 ] || set -- vm/kernel/known-bugs/*.patch
results=$PPCST_TOP/results/validate-$(date +%Y%m%d-%H%M%S)
mkdir -p "$results"
clean=$(vm/kbuild.sh) || { echo "validate: the clean kernel did not build" >&2; exit 3; }

# Runs TEST on KERNEL into DIR; prints "<verdict> <seconds>": pass, fail or
# untestable (the testbed broke, or everything skipped), and the test's time.
run() {
	local kernel=$1 test=$2 dir=$3 rc secs t0=$SECONDS
	KERNEL=$kernel vm/run-vm.sh -t "$test" --results "$dir" > "$dir.log" 2>&1
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
	esac
}

declare -A clean_verdict=()
rows=() missed=() worst=0
for patch in "$@"; do
	bug=$(basename "$patch" .patch)
	test=$(sed -n 's/^Caught-by: *\([a-z_0-9]*\).*/\1/p' "$patch" | head -n 1)
	if [ -z "$test" ]; then
		echo "validate: $patch has no 'Caught-by: TEST' line" >&2
		exit 2
	fi
	if [ -z "${clean_verdict[$test]:-}" ]; then
		clean_verdict[$test]=$(run "$clean" "$test" "$results/clean-$test")
	fi
	if kernel=$(vm/kbuild.sh --patch "$patch" 2> "$results/$bug.kbuild.log"); then
		read -r verdict secs < <(run "$kernel" "$test" "$results/$bug")
	else
		verdict=untestable secs=-
	fi
	case $verdict in
	fail) caught=caught ;;
	pass) caught=MISSED; missed+=("$bug ($test passed on it)"); worst=1 ;;
	*) caught=untestable; missed+=("$bug (the testbed could not run $test on it)"); worst=1 ;;
	esac
	read -r cv _ <<< "${clean_verdict[$test]}"
	[ "$cv" = pass ] || worst=1
	rows+=("$(printf '%-28s %-16s %-11s %-11s %s' "$bug" "$test" "$cv" "$caught" "$secs")")
done
printf '%-28s %-16s %-11s %-11s %s\n' "known bug" test "clean" "buggy" "time to verdict"
printf '%s\n' "${rows[@]}"
if [ ${#missed[@]} -gt 0 ]; then
	echo "missed:"
	printf '  %s\n' "${missed[@]}"
fi
for t in "${!clean_verdict[@]}"; do
	read -r cv _ <<< "${clean_verdict[$t]}"
	[ "$cv" = pass ] || echo "the clean kernel does not pass $t ($cv): see $results/clean-$t"
done
echo "results in $results"
exit $worst
