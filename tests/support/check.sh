# shellcheck shell=bash
# Shared by the suite's shell tests that check commands one by one
# (tests/test_run_all.sh, tests/test_report.sh): source it, then
#
#   check DESCRIPTION COMMAND...
#
# runs COMMAND and prints "ok N DESCRIPTION" if it succeeds, else "not ok N
# DESCRIPTION" and counts it in $failed; $n counts the checks, for the plan
# the test prints at its end ("1..$n").
n=0
failed=0

check() {
	local what=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n $what"
	else
		echo "not ok $n $what"
		failed=$((failed + 1))
	fi
}
