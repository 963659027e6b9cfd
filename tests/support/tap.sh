# shellcheck shell=bash
# The TAP of the suite's shell tests that check commands (tests/test_run_all.sh,
# tests/test_ppcst_settings.sh, tests/test_report.sh): source it, then
#
#   check DESCRIPTION COMMAND...     one subtest: ok when COMMAND succeeds
#   tap_end                          the plan; exit 0 when none failed
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

tap_end() {
	echo "1..$n"
	[ "$failed" = 0 ]
}
