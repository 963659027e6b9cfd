#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks are strings for eval, expanded when they run, on purpose.
# shellcheck disable=SC2016,SC2034
# ppcst_report (tools/ppcst_report.c) on job folders as run_all.sh and a
# hostile guest leave them: the reports must parse with python3's json and
# xml.etree whatever the folders hold, the exit codes and the plain line are
# run_all.sh's, bad usage is one line and exit 2. kmsg_scan --result writes
# the kmsg.json the report reads. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
report=${PPCST_REPORT:-$top/build/host/ppcst_report}
scanner=${KMSG_SCAN:-$top/build/host/kmsg_scan}
data=$top/tests/data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$report" ] || { echo "1..0 # SKIP $report not built (make)"; exit 4; }
command -v python3 > /dev/null || { echo "1..0 # SKIP python3 not installed (vm/setup-host.sh)"; exit 4; }

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$report
result() {	# DIR TEST RESULT EXIT MS REASON-JSON-TEXT
	mkdir -p "$1/$2"
	printf '{"test": "%s", "result": "%s", "exit_code": %s, "ms": %s, "reason": "%s"}\n' \
		"$2" "$3" "$4" "$5" "$6" > "$1/$2/result.json"
}

echo "TAP version 13"
job=$work/job outd=$work/out.d
mkdir -p "$job" "$outd"

check "no arguments: one line, exit 2" one_line_exit_2
check "unknown option: one line, exit 2" one_line_exit_2 --jobdir "$job" --out "$outd" --bogus t
check "no TEST: one line, exit 2" one_line_exit_2 --jobdir "$job" --out "$outd"
check "--jobdir not a folder: exit 2" one_line_exit_2 --jobdir "$work/none" --out "$outd" t
check "--out not a folder: exit 2" one_line_exit_2 --jobdir "$job" --out "$work/none" t
check "--profile ../x: exit 2" one_line_exit_2 --jobdir "$job" --out "$outd" --profile ../x t
check "TEST ../etc: exit 2" one_line_exit_2 --jobdir "$job" --out "$outd" ../etc
check "... and no report written" eval '[ -z "$(ls -A "$outd")" ]'

# The recorded runs, the kernel-log verdict from kmsg_scan --result.
mkdir -p "$job/iommu_ddw_basic" "$job/reboot_loop"
cp "$data/tap/iommu_ddw_basic-default.log" "$job/iommu_ddw_basic/output.log"
result "$job" iommu_ddw_basic pass 0 83230 ''
cp "$data/tap/reboot_loop.log" "$job/reboot_loop/output.log"
result "$job" reboot_loop pass 0 191247 ''
if [ -x "$scanner" ]; then
	"$scanner" --result "$job/iommu_ddw_basic/kmsg.json" \
		"$data/kmsg/qemu-fail-iommu-iommu-alloc-failed.console" > /dev/null || true
	check "kmsg_scan --result: the verdict's counts as JSON" \
		eval '[ "$(cat "$job/iommu_ddw_basic/kmsg.json")" = "{\"lines\": 1015, \"findings\": 1, \"failing\": 0}" ]'
fi
run --jobdir "$job" --out "$outd" --profile default --run-id r1 --kernel 6.12.107 iommu_ddw_basic reboot_loop
check "all passed: exit 0, the plain line" eval '[ $rc = 0 ] && [ "$out" = "2 passed, 0 failed, 0 skipped" ]'
check "summary.json and junit.xml of the recorded runs" python3 - "$outd" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
s = json.load(open(d + "/summary.json"))
assert s["suite"] == "ppc-iommu" and s["run_id"] == "r1" and s["kernel"] == "6.12.107", s
assert s["qemu"] is None and s["profiles"] == ["default"] and s["planned"] == 2, s
assert s["totals"] == {"pass": 2, "fail": 0, "skip": 0, "timeout": 0, "error": 0}, s["totals"]
t = {x["name"]: x for x in s["tests"]}
assert t["iommu_ddw_basic"]["seconds"] == 83.23 and len(t["iommu_ddw_basic"]["subtests"]) == 8
assert t["iommu_ddw_basic"]["subtests"][0]["result"] == "skip"
assert t["reboot_loop"]["kmsg_findings"] is None and len(t["reboot_loop"]["subtests"]) == 20
r = ET.parse(d + "/junit.xml").getroot()
assert r.tag == "testsuites" and r.get("tests") == "28" and r.get("skipped") == "1", r.attrib
suites = {x.get("name"): x for x in r.findall("testsuite")}
assert set(suites) == {"iommu_ddw_basic.default", "reboot_loop.default"}, suites
assert "# Totals: pass:20" in suites["reboot_loop.default"].find("system-out").text
EOF

# A hostile guest: reasons and names full of what breaks JSON and XML,
# bytes of no encoding, a result.json that is a link, a flood, a cut run.
h=$work/hostile
mkdir -p "$h/quotes" "$h/link" "$h/cut" "$h/flood"
result "$h" quotes fail 1 5 'a \"quote\" \\\\ back\nslash <x>&amp;]]> \u0001\u001b[31m \u00e9'
printf 'TAP version 13\n1..3\nok 1 "q" <b>&amp; </testcase> # SKIP why "not" ]]>\nnot ok 2 \001\033[31m\377\376 # \342\200\234 ctl\n' \
	> "$h/quotes/output.log"
printf 'log \000 \033[0m \377 <system-out> & "x" ]]>\n' >> "$h/quotes/output.log"
echo '{"test": "link", "result": "pass", "exit_code": 0, "ms": 1, "reason": ""}' > "$work/outside.json"
ln -s "$work/outside.json" "$h/link/result.json"
head -c 4000 "$data/tap/pagepool_dlpar-removal-timeout.log" > "$h/cut/output.log"
result "$h" flood timeout null 300000 'TIMEOUT 300 seconds'
awk 'BEGIN { print "1..2000"; for (i = 1; i <= 2000; i++) printf "not ok %d f%d # <%c>\n", i, i, 7 }' \
	> "$h/flood/output.log"
run --jobdir "$h" --out "$h" --profile p --run-id 'id "x" <&>' --qemu $'q\x01\xff' quotes link cut flood missing
check "hostile guest: exit 1, the plain line" eval '[ $rc = 1 ] && [ "$out" = "0 passed, 5 failed, 0 skipped" ]'
run --jobdir "$h" --out "$h" --bisect quotes link cut flood missing
check "... with --bisect: still 1 (a test failed)" eval '[ $rc = 1 ]'
run --jobdir "$h" --out "$h" --bisect link missing
check "only errors, --bisect: 125" eval '[ $rc = 125 ] && [ "$out" = "0 passed, 2 failed, 0 skipped" ]'
run --jobdir "$h" --out "$h" --profile p --run-id 'id "x" <&>' --qemu $'q\x01\xff' quotes link cut flood missing
check "hostile guest: both files parse, strings intact" python3 - "$h" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
s = json.load(open(d + "/summary.json", encoding="utf-8"))
assert s["run_id"] == 'id "x" <&>' and s["qemu"] == "q\x01?", s
t = {x["name"]: x for x in s["tests"]}
q = t["quotes"]
# control characters and each byte of the UTF-8 of \u00e9: '?'
assert q["reason"] == 'a "quote" \\\\ back\nslash <x>&amp;]]> ??[31m ??', q["reason"]
assert q["subtests"][0] == {"name": '"q" <b>&amp; </testcase>', "result": "skip",
                            "reason": 'why "not" ]]>'}, q["subtests"][0]
assert q["subtests"][1]["result"] == "fail" and q["subtests"][1]["name"] == "??[31m??", q["subtests"][1]
assert t["link"]["result"] == "error" and t["link"]["reason"] == "bad result.json: a symbolic link, not read"
assert t["cut"]["result"] == "fail" and t["cut"]["reason"].startswith("no result"), t["cut"]
assert t["flood"]["result"] == "timeout" and len(t["flood"]["subtests"]) == 512, len(t["flood"]["subtests"])
assert t["missing"]["result"] == "error" and t["missing"]["reason"] == "not run"
assert s["totals"] == {"pass": 0, "fail": 2, "skip": 0, "timeout": 1, "error": 2}, s["totals"]
r = ET.parse(d + "/junit.xml").getroot()
suites = {x.get("name"): x for x in r.findall("testsuite")}
qs = suites["quotes.p"]
cases = qs.findall("testcase")
assert cases[0].get("name") == '"q" <b>&amp; </testcase>', cases[0].get("name")
assert cases[0].find("skipped").get("message") == 'why "not" ]]>'
assert "<system-out> & \"x\" ]]>" in qs.find("system-out").text, qs.find("system-out").text
assert [c.get("name") for c in suites["cut.p"].findall("testcase")] == \
    ["pagepool.page_pool_nic.cycles", "runner"]
fl = suites["flood.p"].findall("testcase")
assert len(fl) == 513 and fl[-1].get("name") == "runner" and fl[-1].find("failure").get("type") == "timeout"
assert suites["link.p"].find("testcase/error").get("message").startswith("bad result.json")
EOF
check "... written as new files, nothing left beside them" \
	eval '[ -z "$(find "$h" -maxdepth 1 -name "summary.json.*" -o -maxdepth 1 -name "junit.xml.*")" ]'

# The report's own files replaced, never written through a link.
ln -sf "$work/outside.json" "$h/summary.json"
run --jobdir "$h" --out "$h" quotes
check "summary.json a link: replaced, its target untouched" \
	eval '[ ! -L "$h/summary.json" ] && grep -q "\"test\": \"link\"" "$work/outside.json"'

echo "1..$n"
[ $failed = 0 ]
