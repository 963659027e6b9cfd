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
tree=$work/tree
mkdir -p "$tree"
cp "$top/run_all.sh" "$tree/"

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"

# The programs. Each records the pids a kill must reach in $PPCST_RESULTS.
prog() {
	printf '#!/bin/sh\n%s\n' "$2" > "$tree/$1"
	chmod +x "$tree/$1"
}
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
run() {	# run_all.sh ARGS...; sets $rc, $out (stdout), $err (stderr)
	rc=0
	"$tree/run_all.sh" "$@" > "$work/out" 2> "$work/err" < /dev/null || rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
one_line_exit_2() {
	run "$@"
	[ $rc = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [ -n "$err" ]
}
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
check "--report-from-tap without --results: exit 2" one_line_exit_2 --report-from-tap "$tree/settings"
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
check "--vm --kernel missing: exit 2" eval 'vm_bad --kernel "$work/no-vmlinux" && [ $rc = 2 ]'
check "--vm --ksrc not a directory: exit 2" eval 'vm_bad --ksrc /etc/passwd && [ $rc = 2 ]'
check "--vm --results unwritable: exit 2" eval 'vm_bad --results /proc/version/x && [ $rc = 2 ]'

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
check "timeout ends the test's children" gone "$res/hang.child"
check "SIGTERM ignored: SIGKILL after the grace" eval 'gone "$res/stubborn.pid" &&
	grep -q "SIGKILL" "$res/stubborn.log"'
check "timeout sends SIGTERM first: the test cleans up" eval 'grep -qx cleaned "$res/tidy.done"'
check "children in process groups of their own are ended too" gone "$res/pgrp.child"
check "children left behind after exit are ended and noted" eval 'gone "$res/leaver.child" &&
	grep -q "left 1 process" "$res/leaver.log"'
check "missing program is an error" grep -q '^not ok 9 selftests: ppc-iommu: missing # ERROR' "$work/out"
check "per-test logs" eval '[ "$(cat "$res/fail.log")" = "$(printf "%s\n" "run_all.sh: kmsg: PPCST_KMSG_SCAN is empty: no kernel-log slice" "not ok 1 fx.fail")" ]'
check "the TAP stream is kept" cmp -s "$work/out" <(grep -v '^[0-9]* passed' "$res/run.tap"; tail -n 1 "$work/out")

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
assert s["planned"] == 9
for t in s["tests"]:
    assert isinstance(t["seconds"], float) and t["kmsg_findings"] is None
    assert set(t) == {"name", "result", "exit_code", "seconds", "kmsg_findings", "reason"}
assert [t["reason"] for t in s["tests"] if t["name"] == "skip"] == ["no spapr PHB"]
EOF
	check "junit.xml: parses, failures and skips" python3 - "$res/junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
s = r.find("testsuite")
assert (s.get("tests"), s.get("failures"), s.get("errors"), s.get("skipped")) == ("9", "5", "1", "1")
cases = {c.get("name"): c for c in s.findall("testcase")}
assert cases["hang"].find("failure").get("type") == "timeout"
assert cases["skip"].find("skipped").get("message") == "no spapr PHB"
assert cases["missing"].find("error") is not None
assert "hello world" in cases["pass"].find("system-out").text
EOF
else
	check "summary.json: results per test" grep -q '"name": "hang", "result": "timeout"' "$res/summary.json"
	check "junit.xml: failures and skips" grep -q 'tests="9" failures="5" errors="1" skipped="1"' "$res/junit.xml"
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
	'ls -d "$tree"/results/[0-9]*-[0-9]*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]/summary.json > /dev/null'

# The guest's TAP stream turned into reports on the host, cut short mid-test.
head -n "$(grep -n '^# selftests: ppc-iommu: skip' "$res/run.tap" | cut -d: -f1)" "$res/run.tap" > "$work/cut.tap"
echo "# ok 1 fx.skip half" >> "$work/cut.tap"
run --report-from-tap "$work/cut.tap" --results "$work/vm" --bisect
check "report from TAP: the test the stream ended in fails" eval '[ $rc = 1 ] &&
	grep -q "\"name\": \"skip\", \"result\": \"fail\".*no result" "$work/vm/summary.json"'
check "report from TAP: durations and exit codes from the stream" \
	grep -q '"name": "fail", "result": "fail", "exit_code": 1, "seconds": 0\.[0-9]' "$work/vm/summary.json"
check "report from TAP: per-test logs from the nested output" \
	eval '[ "$(cat "$work/vm/pass.log")" = "$(cat "$res/pass.log")" ] && grep -qx "ok 1 fx.skip half" "$work/vm/skip.log"'
: > "$work/empty.tap"
run --report-from-tap "$work/empty.tap" --results "$work/vm0" --bisect
check "report from an empty TAP stream, --bisect: 125" eval '[ $rc = 125 ] && [ -s "$work/vm0/junit.xml" ]'

# A hostile guest: the stream and the results folder come from a guest that
# runs the kernel under test. It plants links where the host writes (the log
# copy of a test, the reports' old temporary names), names a test after a
# file outside the folder and smuggles JSON into a number. The host must not
# write through a link, read a file outside the folder, or emit broken JSON.
hostile=$work/hostile
mkdir -p "$hostile" "$work/outside"
echo SECRET > "$work/outside/secret.log"
ln -s "$work/outside/made-by-guest" "$hostile/planted.log"
ln -s "$work/outside/summary-target" "$hostile/summary.json.tmp"
ln -s "$work/outside" "$hostile/junit.xml"
{
	echo "TAP version 13"
	echo "1..3"
	echo "# selftests: ppc-iommu: planted"
	echo "# guest says hello"
	echo '# ppcst-result: result=pass exit=0,"x":{ ms=12 kmsg_findings=1}'
	echo "ok 1 selftests: ppc-iommu: planted"
	echo "# selftests: ppc-iommu: ../outside/secret"
	echo "not ok 2 selftests: ppc-iommu: ../outside/secret # exit=1"
	echo '# selftests: ppc-iommu: bad"quote'
	echo 'ok 3 selftests: ppc-iommu: bad"quote'
} > "$work/hostile.tap"
run --report-from-tap "$work/hostile.tap" --results "$hostile"
check "hostile guest: no file made through a planted link" \
	eval '[ ! -e "$work/outside/made-by-guest" ] && [ ! -e "$work/outside/summary-target" ] && [ "$(ls "$work/outside")" = secret.log ]'
check "hostile guest: no file outside the results folder read into junit.xml" \
	eval '[ -f "$hostile/junit.xml" ] && [ ! -L "$hostile/junit.xml" ] && ! grep -q SECRET "$hostile/junit.xml"'
if command -v python3 > /dev/null; then
	check "hostile guest: summary.json parses, smuggled numbers dropped" python3 - "$hostile/summary.json" <<'EOF'
import json, sys
t = {x["name"]: x for x in json.load(open(sys.argv[1]))["tests"]}
assert t["planted"]["exit_code"] is None and t["planted"]["seconds"] == 0.012, t["planted"]
assert t["planted"]["kmsg_findings"] is None, t["planted"]
assert t["../outside/secret"]["result"] == "fail"
assert 'bad"quote' in t
EOF
fi

# The kernel-log slice with the real scanner, where there is one and a log.
scanner=$top/build/host/kmsg_scan
if [ -x "$scanner" ] && [ -r /dev/kmsg ]; then
	PPCST_KMSG_SCAN=$scanner run --native -t pass --results "$work/k"
	check "kernel-log slice per test" eval '[ $rc = 0 ] && [ -f "$work/k/pass.kmsg" ] &&
		grep -q "\"kmsg_findings\": [0-9]" "$work/k/summary.json"'
	krc=0
	"$scanner" "$work/k/pass.kmsg" > "$work/kscan.want" || krc=$?
	PPCST_KMSG_SCAN=$scanner run --scan "$work/k/pass.kmsg"
	check "--scan FILE is the scanner's verdict" eval '[ $rc = $krc ] && [ "$out" = "$(cat "$work/kscan.want")" ]'
else
	n=$((n + 1))
	echo "ok $n kernel-log slice per test # SKIP no $scanner or /dev/kmsg not readable"
fi
# Without /dev/kmsg access the run goes on and says why in the log.
if [ "$(id -u)" != 0 ] && [ -x "$scanner" ]; then
	PPCST_KMSG_SCAN=$scanner run --native -t pass --results "$work/nk"
	check "no /dev/kmsg access: noted, no slice" grep -q "/dev/kmsg not readable" "$work/nk/pass.log"
fi

# The real settings list the programs the Makefile builds.
make_tests=$(sed -n 's/^TEST_GEN_PROGS := //p' "$top/Makefile")
check "settings test= lines match the Makefile's TEST_GEN_PROGS" \
	eval '[ "$(sed -n "s/^test=//p" "$top/settings" | tr "\n" " ")" = "$make_tests " ]'
PPCST_SETTINGS=$top/settings check "the real settings parse" eval '"$tree/run_all.sh" --list > /dev/null'

tap_end
