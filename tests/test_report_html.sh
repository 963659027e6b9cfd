#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# report.html (lib/report/report_html.c, through ppcst_report --html) of a recorded
# real run, tests/data/report_html/run/ (see its README): the page must be
# self-contained (no URL, no script, no src=), show every test x profile of
# summary.json, each finding's excerpt, each device's window, the plots as
# inline <svg>; what a hostile guest plants in a reason, an excerpt, a CSV
# or a link comes out escaped or not at all. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
report=${PPCST_REPORT:-$top/build/host/ppcst_report}
data=$top/tests/data/report_html/run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$report" ] || { echo "1..0 # SKIP $report not built (make)"; exit 4; }
command -v gnuplot > /dev/null || { echo "1..0 # SKIP gnuplot not installed (vm/setup-host.sh: gnuplot-nox)"; exit 4; }

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$report

cp -r "$data" "$work/run"
page=$work/run/report.html
run --html "$work/run"
check "--html writes report.html of the recorded run" test "$rc" = 0 -a -s "$page"
check "no URL, no fetch, no script in the page" \
	bash -c '! grep -Eiq "https?:|src=|<script|<link|@import|url\(" "$1"' _ "$page"
every_pair() {
	python3 - "$work/run/summary.json" "$page" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); page = open(sys.argv[2]).read()
pairs = [(t["name"], t["profile"] or "native", t["result"]) for t in s["tests"]]
assert len(pairs) == 3, pairs
for name, prof, res in pairs:
    assert f'<section id="{name}.{prof}">' in page, (name, prof)
    assert f'<a href="#{name}.{prof}">{res}</a>' in page, (name, prof)
PY
}
check "every test x profile in the verdicts and a section of its own" every_pair
check "subtests with their results" grep -q '<td>ddw.net_io</td><td class="pass">' "$page"
check "each finding's excerpt" grep -q 'rpadlpar_io: slot PHB 9 removed' "$page"
check "each device's window and evidence" \
	grep -q 'LIOBN 0x80000401: 3 &rarr; 259 of 32768' "$page"
check "TCE usage and cycle times plotted as inline <svg> (2 + 2)" \
	test "$(grep -c '^<svg' "$page")" = 4
# The recorded tce-usage.csv read back: per watch, the LIOBNs whose usage
# moved are the lines of its plot, the others are named with their level.
plots_read_csv() {
	python3 - "$work/run/dma-dynamic/iommu_ddw_basic/tce-usage.csv" "$page" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
page = open(sys.argv[2]).read()
for label in dict.fromkeys(r["label"] for r in rows):
    use = {}
    for r in rows:
        if r["label"] == label:
            use.setdefault(int(r["liobn"], 16), []).append(int(r["in_use"]))
    part = re.search(f"<h5>{label}</h5>(.*?)(?=<h5>|</section>)", page, re.S).group(1)
    drawn = {int(t, 16) for t in re.findall(r"<title>LIOBN 0x([0-9a-f]+)</title>", part)}
    moved = {l for l, v in use.items() if min(v) != max(v)}
    assert moved and drawn == moved, (label, sorted(map(hex, drawn)), sorted(map(hex, moved)))
    for l in use.keys() - moved:
        assert f"LIOBN {l:#x} ({use[l][0]})" in part, (label, hex(l))
PY
}
check "the TCE plots drawn from tce-usage.csv: moving LIOBNs plotted, the rest listed" plots_read_csv

# A guest's worst: markup in every string, a link where a file was, lines
# that are no CSV, a CSV line whose name would be gnuplot's command.
hostile=$work/hostile
cp -r "$data" "$hostile"
python3 - "$hostile" <<'PY'
import json, sys
d = sys.argv[1]
s = json.load(open(f"{d}/summary.json"))
s["tests"][0]["reason"] = "<script>alert(1)</script>"
s["tests"][0]["subtests"][0]["reason"] = "<img src=x onerror=alert(2)>"
json.dump(s, open(f"{d}/summary.json", "w"))
f = f"{d}/dma-dynamic/iommu_ddw_basic/kmsg-findings.json"
k = json.load(open(f))
k["findings"][0]["excerpt"].append("</pre><script>alert(3)</script>")
json.dump(k, open(f, "w"))
with open(f"{d}/pagepool-e1000e/pagepool_dlpar/cycles.csv", "a") as c:
    c.write("x');system('touch PWNED');#,1,remove,1\n<b>,2,add,3\n")
PY
ln -sf /etc/passwd "$hostile/pagepool-vmxnet3/pagepool_dlpar/cycles.csv"
(cd "$work" && "$report" --html "$hostile" > /dev/null 2>&1) || true
page=$hostile/report.html
check "a planted <script> comes out escaped" \
	bash -c 'grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" "$1" &&
		 grep -q "&lt;/pre&gt;&lt;script&gt;alert(3)" "$1" &&
		 ! grep -q "<script\|<img" "$1"' _ "$page"
check "no gnuplot command from a CSV line" test ! -e "$work/PWNED"
check "a link is not followed" \
	bash -c 'grep -q "cycles.csv: .*link" "$1" && ! grep -q "root:" "$1"' _ "$page"
# Without gnuplot every plot says so and gives the numbers' ranges.
nognuplot=$work/nognuplot
cp -r "$data" "$nognuplot"
(cd "$work" && PATH=/nonexistent "$report" --html "$nognuplot" > /dev/null 2>&1) || true
check "without gnuplot each of the 4 plots says it is not installed" \
	test "$(grep -c 'no plot: gnuplot is not installed' "$nognuplot/report.html")" = 4
check "--html of no run's folder: one line, exit 2" one_line_exit_2 --html "$work/none"
tap_end
