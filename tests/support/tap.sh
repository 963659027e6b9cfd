# shellcheck shell=bash
# The TAP of the suite's shell tests that check commands (tests/test_run_all.sh,
# tests/test_ppcst_settings.sh, tests/test_report.sh): source it, then
#
#   check DESCRIPTION COMMAND...     one subtest: ok when COMMAND succeeds
#   tap_end                          the plan; exit 0 when none failed
#   run ARGS...                      the program under test ($under_test, with
#                                    its scratch folder $work): $rc, $out, $err
#   one_line_exit_2 ARGS...          run: exit 2 with one line on stderr
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

run() {
	rc=0
	"$under_test" "$@" > "$work/out" 2> "$work/err" < /dev/null || rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}

one_line_exit_2() {
	run "$@"
	[ "$rc" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [ -n "$err" ]
}
