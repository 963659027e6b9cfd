#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks are strings for eval, expanded when they run, on purpose.
# shellcheck disable=SC2016,SC2034
# run_all.sh against small real test programs in a temporary directory laid
# out like an installed tree: they pass, fail, skip, sleep past their timeout,
# ignore SIGTERM, clean up on SIGTERM, and leave children behind. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/support/installed_tree.sh
. "$top/tests/support/installed_tree.sh"
installed_tree "$work/tree"

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$tree/run_all.sh

# The programs. Each records the pids a kill must reach in $PPCST_RESULTS, its
# own folder RESULTS/native/NAME/.
prog pass 'echo "TAP version 13"; echo "1..1"; echo "ok 1 fx.pass $GREETING"'
prog fail 'echo "not ok 1 fx.fail"; exit 1'
prog skip 'echo "ok 1 fx.skip # SKIP no spapr PHB"; exit 4'
prog hang 'sleep 60 & echo $! > "$PPCST_RESULTS/hang.child"; wait'
prog stubborn 'trap "" TERM; echo $$ > "$PPCST_RESULTS/stubborn.pid"; while :; do sleep 0.1; done'
prog tidy 'trap "echo cleaned > \"$PPCST_RESULTS/tidy.done\"; exit 1" TERM; while :; do sleep 0.1; done'
# Like the kselftest harness: the test case in a process group of its own.
printf '#!/bin/bash\nset -m\nsleep 60 & echo $! > "$PPCST_RESULTS/pgrp.child"\nwait\n' > "$tree/pgrp"
chmod +x "$tree/pgrp"
prog leaver 'sleep 60 > /dev/null 2>&1 & echo $! > "$PPCST_RESULTS/leaver.child"'
cat > "$tree/settings" <<'EOF'
# a comment
timeout=2
grace=1
test=pass
test=fail
test=skip
test=hang
test=stubborn
test=tidy
test=pgrp
test=leaver
test=missing
timeout.hang=1
env.pass.GREETING=hello world
EOF

# No kernel-log slices unless a case asks for them.
export PPCST_KMSG_SCAN=
# The fixture programs are shell scripts: run them here, whatever the machine.
export PPCST_NATIVE_ANYWHERE=1
# A pid is gone when /proc has it no more or only as a zombie.
gone() {
	local pid line
	pid=$(cat "$1")
	{ read -r line < "/proc/$pid/stat"; } 2>/dev/null || return 0
	case ${line##*) } in Z* | X*) return 0 ;; esac
	kill -9 "$pid" 2>/dev/null	# ours: leave nothing behind after a failure
	return 1
}

echo "TAP version 13"

check "unknown option: one line, exit 2" one_line_exit_2 --native --bogus
check "unknown test: one line, exit 2" one_line_exit_2 --native -t nosuch
check "bad --timeout: one line, exit 2" one_line_exit_2 --native --timeout 1x
check "--timeout for an unknown test: exit 2" one_line_exit_2 --native --timeout nosuch=5
check "missing option argument: exit 2" one_line_exit_2 --native -t
check "VM option in native mode: exit 2" one_line_exit_2 --native --profile p
check "--native with --vm: exit 2" one_line_exit_2 --native --vm
if ! grep -qs '^platform[[:space:]]*: pSeries' /proc/cpuinfo; then
	PPCST_NATIVE_ANYWHERE= check "--native off pseries: one line, exit 2" one_line_exit_2 --native -t pass
	PPCST_NATIVE_ANYWHERE= run --native -t pass --bisect
	check "--native off pseries with --bisect: exit 125, nothing run" \
		eval '[ $rc = 125 ] && [ "$err" = "run_all.sh: not a pseries machine: use --vm" ] && [ -z "$out" ]'
fi
check "--vm without a testbed here: exit 2" one_line_exit_2 --vm
check "--job-dir with --results: exit 2" one_line_exit_2 --native --job-dir "$work/j" --results "$work/r"
check "--scan of a missing file: exit 2" one_line_exit_2 --scan "$work/nothing"
PPCST_SETTINGS=$work/nothing check "unreadable settings: exit 2" one_line_exit_2 --native --list
printf 'timeout=5\nfrobnicate=1\n' > "$work/bad.settings"
PPCST_SETTINGS=$work/bad.settings check "unknown settings key: exit 2" one_line_exit_2 --list
printf 'timeout=soon\n' > "$work/bad.settings"
PPCST_SETTINGS=$work/bad.settings check "bad settings timeout: exit 2" one_line_exit_2 --list
printf 'timeout=5\ntest=a\ntimeout.b=3\n' > "$work/bad.settings"
PPCST_SETTINGS=$work/bad.settings check "settings timeout for no test: exit 2" one_line_exit_2 --list

# Names that become paths (vm/run-vm.sh checks them before anything runs):
# refused with one line, exit 2 (125 with --bisect), nothing made anywhere.
vm_bad() {	# run the source tree's run_all.sh --vm ARGS from a scratch cwd
	rc=0
	(cd "$work/cwd/a/b" && "$top/run_all.sh" --vm "$@") > "$work/out" 2> "$work/err" < /dev/null || rc=$?
	err=$(cat "$work/err")
	[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [ -n "$err" ]
}
mkdir -p "$work/cwd/a/b"
check "--vm --profile ../../etc/passwd: exit 2, one line" eval 'vm_bad --profile ../../etc/passwd && [ $rc = 2 ]'
check "--vm --profile ../../etc/passwd --bisect: exit 125" eval 'vm_bad --profile ../../etc/passwd --bisect && [ $rc = 125 ]'
check "... and no folder made for it" eval '[ -z "$(find "$work/cwd" -mindepth 3)" ] && [ ! -e "$top/etc" ] && [ ! -e "$top/results/etc" ]'
check "--vm --profile with a space: exit 2" eval 'vm_bad --profile "de fault" && [ $rc = 2 ]'
check "--vm -t ../../x: exit 2" eval 'vm_bad -t ../../x && [ $rc = 2 ]'
check "--vm --kernel '': exit 2" eval 'vm_bad --kernel "" && [ $rc = 2 ]'
check "--vm -j 0: exit 2" eval 'vm_bad -j 0 && [ $rc = 2 ]'
check "--vm --bisect --profile '': exit 125" eval 'vm_bad --bisect --profile "" && [ $rc = 125 ]'
check "--vm --kernel missing: exit 2" eval 'vm_bad --kernel "$work/no-vmlinux" && [ $rc = 2 ]'
check "--vm --ksrc not a directory: exit 2" eval 'vm_bad --ksrc /etc/passwd && [ $rc = 2 ]'
check "--vm --results unwritable: exit 2" eval 'vm_bad --results /proc/version/x && [ $rc = 2 ]'

# Input only the settings and the profiles can judge (planner --check) is
# refused before the host's set-up, the kernel's fetch or build: a fresh
# cache stays unmade and the empty KSRC is never looked at (vm/kbuild.sh
# would fail on it, exit 3), in seconds, not minutes.
mkdir -p "$work/empty-ksrc"
printf 'description = a bad one\nbogus = 1\n' > "$work/bad.profile"
vm_early() {	# vm_early WORD ARGS: refused with one line naming WORD, nothing made
	local word=$1 t0=$SECONDS
	shift
	PPCST_CACHE=$work/fresh-cache KSRC=$work/empty-ksrc vm_bad "$@" &&
		[[ $err == *"$word"* ]] && [ ! -e "$work/fresh-cache" ] && [ $((SECONDS - t0)) -lt 120 ]
}
check "--vm -t nonexistent: exit 2, one line, before any build" eval 'vm_early nonexistent -t nonexistent && [ $rc = 2 ]'
check "--vm --bisect -t nonexistent: exit 125, before any build" eval 'vm_early nonexistent --bisect -t nonexistent && [ $rc = 125 ]'
check "--vm --profile of no profile: exit 2, before any build" eval 'vm_early nosuch_profile --profile nosuch_profile && [ $rc = 2 ]'
check "--vm --profile FILE with a bad key: exit 2, before any build" \
	eval 'vm_early "bad.profile:2: unknown key '"'bogus'"'" --profile "$work/bad.profile" -t vfio_edu && [ $rc = 2 ]'
check "--vm -j 65: exit 2, before any build" eval 'vm_early "-j 65" -j 65 && [ $rc = 2 ]'

run --help
check "--help exits 0 with usage" eval '[ $rc = 0 ] && [[ $out == usage:* ]]'
run --list
check "--list prints the test= lines in order" \
	eval '[ $rc = 0 ] && [ "$(echo $out)" = "pass fail skip hang stubborn tidy pgrp leaver missing" ]'
run --list -t skip -t pass
check "--list with -t prints the selection" eval '[ "$(echo $out)" = "skip pass" ]'

# The whole set: everything but "pass" and "skip" fails in some way.
res=$work/all
start=$SECONDS
run --native --results "$res"
check "a failing run exits 1" eval '[ $rc = 1 ]'
check "the run takes timeouts plus grace, not the sleeps" eval '[ $((SECONDS - start)) -lt 30 ]'
check "final line counts" eval '[ "$(tail -n 1 <<< "$out")" = "2 passed, 6 failed, 1 skipped" ]'
check "TAP header and plan" eval '[ "$(head -n 2 <<< "$out")" = "TAP version 13"$'"'\n'"'"1..9" ]'
check "a test's own TAP is nested with '# '" grep -qx '# ok 1 fx.pass hello world' "$work/out"
check "result lines kselftest style" eval 'grep -qx "ok 1 selftests: ppc-iommu: pass" "$work/out" &&
	grep -qx "not ok 2 selftests: ppc-iommu: fail # exit=1" "$work/out" &&
	grep -qx "ok 3 selftests: ppc-iommu: skip # SKIP no spapr PHB" "$work/out" &&
	grep -qx "not ok 4 selftests: ppc-iommu: hang # TIMEOUT 1 seconds" "$work/out"'
job=$res/native
check "timeout ends the test's children" gone "$job/hang/hang.child"
check "SIGTERM ignored: SIGKILL after the grace" eval 'gone "$job/stubborn/stubborn.pid" &&
	grep -q "SIGKILL" "$job/stubborn/output.log"'
check "timeout sends SIGTERM first: the test cleans up" eval 'grep -qx cleaned "$job/tidy/tidy.done"'
check "children in process groups of their own are ended too" gone "$job/pgrp/pgrp.child"
check "children left behind after exit are ended and noted" eval 'gone "$job/leaver/leaver.child" &&
	grep -q "left 1 process" "$job/leaver/output.log"'
check "missing program is an error" grep -q '^not ok 9 selftests: ppc-iommu: missing # ERROR' "$work/out"
check "per-test logs" eval '[ "$(cat "$job/fail/output.log")" = "$(printf "%s\n" "run_all.sh: kmsg: PPCST_KMSG_SCAN is empty: no kernel-log slice" "not ok 1 fx.fail")" ]'
check "per-test result.json" grep -qx '{"test": "fail", "result": "fail", "exit_code": 1, "ms": [0-9]*, "reason": "exit=1"}' "$job/fail/result.json"
check "the TAP stream is kept" cmp -s "$work/out" <(cat "$job/run.tap"; tail -n 1 "$work/out")

# Well-formed reports with the right content: python3 if the host has it.
if command -v python3 > /dev/null; then
	check "summary.json: parses, results per test" python3 - "$res/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
got = {t["name"]: (t["result"], t["exit_code"]) for t in s["tests"]}
assert got == {"pass": ("pass", 0), "fail": ("fail", 1), "skip": ("skip", 4),
               "hang": ("timeout", None), "stubborn": ("timeout", None),
               "tidy": ("timeout", None), "pgrp": ("timeout", None),
               "leaver": ("pass", 0), "missing": ("error", None)}, got
assert s["totals"] == {"pass": 2, "fail": 1, "skip": 1, "timeout": 4, "error": 1}
assert s["planned"] == 9 and s["profiles"] == ["native"]
# One test after another: the run's elapsed time holds their sum (and the
# runner's own work between them), and each is named for what it is.
assert "seconds" not in s and isinstance(s["wall_seconds"], float)
assert abs(s["job_seconds"] - sum(t["seconds"] for t in s["tests"])) < 0.01
assert s["wall_seconds"] >= s["job_seconds"] - 0.01, (s["wall_seconds"], s["job_seconds"])
for t in s["tests"]:
    assert isinstance(t["seconds"], float) and t["kmsg_findings"] is None
    assert t["profile"] == "native"
    assert set(t) == {"name", "profile", "result", "exit_code", "seconds", "kmsg_findings",
                      "kmsg_failing", "reason", "subtests"}, set(t)
assert [t["reason"] for t in s["tests"] if t["name"] == "skip"] == ["no spapr PHB"]
sub = {t["name"]: t["subtests"] for t in s["tests"]}
assert sub["pass"] == [{"name": "fx.pass hello world", "result": "pass", "reason": ""}], sub["pass"]
assert sub["skip"] == [{"name": "fx.skip", "result": "skip", "reason": "no spapr PHB"}], sub["skip"]
EOF
	check "junit.xml: parses, a testcase per subtest, classname TEST.PROFILE" python3 - "$res/junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
suites = {s.get("name"): s for s in r.findall("testsuite")}
assert len(suites) == 9, suites.keys()
cases = {(c.get("classname"), c.get("name")): c for s in suites.values() for c in s.findall("testcase")}
assert cases[("hang.native", "hang")].find("failure").get("type") == "timeout"
assert cases[("skip.native", "fx.skip")].find("skipped").get("message") == "no spapr PHB"
assert cases[("missing.native", "missing")].find("error") is not None
assert cases[("fail.native", "fx.fail")].find("failure") is not None
assert ("pass.native", "fx.pass hello world") in cases
assert "hello world" in suites["pass.native"].find("system-out").text
EOF
else
	check "summary.json: results per test" grep -q '"name": "hang", "profile": "native", "result": "timeout"' "$res/summary.json"
	check "junit.xml: a testsuite per test" grep -q '<testsuite name="hang.native"' "$res/junit.xml"
fi

# Exit codes, plain and for git bisect.
run --native -t pass -t skip --results "$work/ps"
check "passes and skips: exit 0" eval '[ $rc = 0 ]'
run --native -t skip --results "$work/s"
check "everything skipped: exit 4 (KSFT_SKIP)" eval '[ $rc = 4 ] && [ "$(tail -n 1 <<< "$out")" = "0 passed, 0 failed, 1 skipped" ]'
run --native --bisect -t pass -t skip --results "$work/b0"
check "--bisect, passed: 0" eval '[ $rc = 0 ]'
run --native --bisect -t pass -t fail --results "$work/b1"
check "--bisect, a test failed: 1" eval '[ $rc = 1 ]'
run --native --bisect -t hang --results "$work/b1t"
check "--bisect, a test timed out: 1" eval '[ $rc = 1 ]'
run --native --bisect -t skip --results "$work/b125"
check "--bisect, all skipped: 125" eval '[ $rc = 125 ]'
run --native --bisect -t pass -t missing --results "$work/b125m"
check "--bisect, a test could not run: 125" eval '[ $rc = 125 ]'
PPCST_KMSG_SCAN=$work/nothing run --native --bisect -t pass --results "$work/b125s"
check "--bisect, testbed broken (no scanner): 125" eval '[ $rc = 125 ]'
PPCST_KMSG_SCAN=$work/nothing run --native -t pass --results "$work/b2s"
check "no scanner without --bisect: exit 2" eval '[ $rc = 2 ]'

run --native -t pass --timeout 1 --timeout pass=7 --results "$work/to"
check "--timeout NAME=N beats --timeout N" grep -qx '# timeout set to 7' "$work/out"
run --native -t fail --timeout 1 --results "$work/to1"
check "--timeout N beats settings" grep -qx '# timeout set to 1' "$work/out"
run --native -t pass
check "default results folder: results/<date-time>-<random>" eval \
	'ls -d "$tree"/results/[0-9]*-[0-9]*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]/native/pass/result.json > /dev/null'

# A planner's job (--job-dir: the tests' folders, no report files) whose
# runner dies mid-test, as a guest's does with its kernel: the folder of the
# test it was in has no result.json, the report fails that test, and a test
# it never reached is "not run".
"$tree/run_all.sh" --native --job-dir "$work/job" -t pass -t hang > "$work/out" 2>&1 &
runner=$!
for _ in $(seq 50); do [ -s "$work/job/hang/hang.child" ] && break; sleep 0.1; done
kill -KILL "$runner"
wait "$runner" 2> /dev/null || true
gone "$work/job/hang/hang.child" || true
check "--job-dir: the tests' folders, no report files" eval '[ -s "$work/job/pass/result.json" ] &&
	[ ! -e "$work/job/summary.json" ] && [ -f "$work/job/run.tap" ]'
rc=0
"$tree/ppcst_report" --jobdir "$work/job" --out "$work/job" --bisect pass hang leaver > "$work/out" 2>&1 || rc=$?
check "a runner killed mid-test: that test fails (no result), the next was not run" eval '[ $rc = 1 ] &&
	grep -q "\"name\": \"hang\".*\"result\": \"fail\".*no result: the run ended during this test" "$work/job/summary.json" &&
	grep -q "\"name\": \"leaver\".*\"result\": \"error\".*not run" "$work/job/summary.json"'

# The kernel-log slice with the real scanner, where there is one and a log.
scanner=$top/build/host/kmsg_scan
if [ -x "$scanner" ] && [ -r /dev/kmsg ]; then
	PPCST_KMSG_SCAN=$scanner run --native -t pass --results "$work/k"
	check "kernel-log slice per test" eval '[ $rc = 0 ] && [ -f "$work/k/native/pass/kmsg.txt" ] &&
		grep -q "\"kmsg_findings\": [0-9]" "$work/k/summary.json"'
	krc=0
	"$scanner" "$work/k/native/pass/kmsg.txt" > "$work/kscan.want" || krc=$?
	PPCST_KMSG_SCAN=$scanner run --scan "$work/k/native/pass/kmsg.txt"
	check "--scan FILE is the scanner's verdict" eval '[ $rc = $krc ] && [ "$out" = "$(cat "$work/kscan.want")" ]'
else
	n=$((n + 1))
	echo "ok $n kernel-log slice per test # SKIP no $scanner or /dev/kmsg not readable"
fi
# Without /dev/kmsg access the run goes on and says why in the log.
if [ "$(id -u)" != 0 ] && [ -x "$scanner" ]; then
	PPCST_KMSG_SCAN=$scanner run --native -t pass --results "$work/nk"
	check "no /dev/kmsg access: noted, no slice" grep -q "/dev/kmsg not readable" "$work/nk/native/pass/output.log"
fi

# The real settings' tests are the programs the Makefile builds (it takes
# them from there): each has its NAME.c.
check "every test= line of settings has its program's source" eval \
	'(for t in $(sed -n "s/^test=//p" "$top/settings"); do [ -f "$top/$t.c" ] || exit 1; done)'
PPCST_SETTINGS=$top/settings check "the real settings parse" eval '"$tree/run_all.sh" --list > /dev/null'

tap_end
