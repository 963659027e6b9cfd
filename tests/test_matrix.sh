#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks are strings for eval, expanded when they run, on purpose.
# shellcheck disable=SC2016,SC2034
# ppcst_matrix (tools/ppcst_matrix.c) on the summaries of real runs
# (tests/data/matrix/: the clean kernel and two known-bug kernels of a make
# validate run): the table, the changes and their kinds, kernels without
# results, a bad or linked summary; matrix.json must parse with python3's
# json. Bad usage is one line and exit 2, and writes nothing. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
matrix=${PPCST_MATRIX:-$top/build/host/ppcst_matrix}
data=$top/tests/data/matrix
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$matrix" ] || { echo "1..0 # SKIP $matrix not built (make)"; exit 4; }
command -v python3 > /dev/null || { echo "1..0 # SKIP python3 not installed (vm/setup-host.sh)"; exit 4; }

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$matrix
clean=$data/clean-iommu_ddw_basic.json
shift_=$data/direct-map-read-shift.json
tce=$data/tce-multi-last-page.json
res=$work/res
mkdir -p "$res"
: > "$work/none"
printf 'CONFIG_FAIL_IOMMU\nCONFIG_PPC_PSERIES\n' > "$work/missing"

echo "TAP version 13"
check "no arguments: one line, exit 2" one_line_exit_2
check "unknown option: one line, exit 2" one_line_exit_2 --out "$res" --bogus
check "no --kernel: exit 2" one_line_exit_2 --out "$res"
check "--out not a folder: exit 2" one_line_exit_2 --out "$work/nowhere" --kernel a --spec s --summary "$clean"
check "label ../x: exit 2" one_line_exit_2 --out "$res" --kernel ../x --spec s --summary "$clean"
check "label twice: exit 2" one_line_exit_2 --out "$res" --kernel a --spec s --summary "$clean" \
	--kernel a --spec t --summary "$tce"
check "no --spec: exit 2" one_line_exit_2 --out "$res" --kernel a --summary "$clean"
check "--spec before --kernel: exit 2" one_line_exit_2 --out "$res" --spec s --kernel a --summary "$clean"
check "neither --summary nor --status: exit 2" one_line_exit_2 --out "$res" --kernel a --spec s
check "--summary and --status: exit 2" one_line_exit_2 --out "$res" --kernel a --spec s \
	--summary "$clean" --status no-run
check "unknown --status: exit 2" one_line_exit_2 --out "$res" --kernel a --spec s --status ok
check "--missing-options not CONFIG_ names: exit 2" one_line_exit_2 --out "$res" --kernel a --spec s \
	--summary "$clean" --missing-options "$clean"
check "... and nothing written" eval '[ -z "$(ls -A "$res")" ]'

# The validate run as a matrix: clean, the direct-map bug, the TCE bug, and
# a kernel that did not build.
run --out "$res" --kernel clean --spec debian:6.12.107-1~deb12u1 --summary "$clean" \
	--missing-options "$work/none" \
	--kernel read-shift --spec tree:/src/linux --summary "$shift_" --missing-options "$work/missing" \
	--kernel tce --spec vmlinux:/k/vmlinux --summary "$tce" \
	--kernel old --spec debian:6.1.192-3 --status build-failed
check "recorded runs: exit 0, nothing on stderr" eval '[ $rc = 0 ] && [ -z "$err" ]'
check "... the last line counts kernels, rows, changes" \
	eval '[ "$(printf "%s\n" "$out" | tail -n 1)" = "matrix: 4 kernels, 27 rows, 15 changes (9 regressions, 6 fixed)" ]'
check "... the table: a row per test x profile and subtest, a column per kernel" eval \
	'printf "%s\n" "$out" | grep -Eq "^iommu_ddw_basic +dma-direct +ddw.net_io +pass +fail +pass +-$" &&
	 printf "%s\n" "$out" | grep -Eq "^iommu_ddw_basic +dma-default-window +\(test\) +pass +fail +fail +-$"'
check "... the changes, with the reason of the failing side" eval \
	'printf "%s\n" "$out" | grep -qxF "  regression iommu_ddw_basic dma-direct ddw.net_io: pass (clean) -> fail (read-shift): iommu_ddw_basic.c:407:net_io:Expected 0 (0) == r.corrupt (1)"'
check "matrix.json: kernels, rows, changes and their kinds" python3 - "$res/matrix.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
k = {x["label"]: x for x in m["kernels"]}
assert [x["label"] for x in m["kernels"]] == ["clean", "read-shift", "tce", "old"]
assert k["clean"]["status"] == "ok" and k["clean"]["missing_options"] == [], k["clean"]
assert k["clean"]["spec"] == "debian:6.12.107-1~deb12u1" and k["clean"]["seconds"] == 640.471
assert k["read-shift"]["missing_options"] == ["CONFIG_FAIL_IOMMU", "CONFIG_PPC_PSERIES"]
assert k["read-shift"]["totals"] == {"pass": 0, "fail": 3, "skip": 0, "timeout": 0, "error": 0}
assert k["tce"]["missing_options"] is None  # unknown
assert k["old"]["status"] == "build-failed" and k["old"]["totals"] is None and k["old"]["seconds"] is None
rows = m["rows"]
assert len(rows) == 27 and rows[0]["subtest"] is None and rows[1]["subtest"] == "ddw.hotplug_alloc_fail"
net = [r for r in rows if r["profile"] == "dma-direct" and r["subtest"] == "ddw.net_io"][0]
assert net["verdicts"] == {"clean": "pass", "read-shift": "fail", "tce": "pass", "old": None}, net
assert net["reasons"] == {"read-shift": "iommu_ddw_basic.c:407:net_io:Expected 0 (0) == r.corrupt (1)"}
skip = rows[1]
assert skip["verdicts"]["clean"] == "skip" and skip["reasons"]["clean"].startswith("runs on the alloc-fault profile")
ch = m["changes"]
assert len(ch) == 15 and m["counts"] == {"kernels": 4, "rows": 27, "changes": 15, "regressions": 9, "fixed": 6}
c0 = ch[0]
assert c0 == {"test": "iommu_ddw_basic", "profile": "dma-direct", "subtest": None, "from": "clean",
              "to": "read-shift", "was": "pass", "now": "fail", "kind": "regression", "reason": "exit=1"}, c0
assert ch[1]["kind"] == "fixed" and ch[1]["from"] == "read-shift" and ch[1]["to"] == "tce" and ch[1]["reason"] is None
# disk_io on dma-default-window passed on read-shift and fails on tce: compared kernel to kernel
d = [c for c in ch if c["profile"] == "dma-default-window" and c["subtest"] == "ddw.disk_io"]
assert len(d) == 1 and d[0]["from"] == "read-shift" and d[0]["to"] == "tce" and d[0]["kind"] == "regression"
EOF
check "matrix.md: the kernels, the verdicts (changed ones bold), the changes, missing options" eval \
	'grep -qxF "| tce | vmlinux:/k/vmlinux | ok | 2 | 1 | 0 | 0 | 0 | 627 |" "$res/matrix.md" &&
	 grep -qxF "| old | debian:6.1.192-3 | build-failed | | | | | | |" "$res/matrix.md" &&
	 grep -qxF "| iommu\\_ddw\\_basic | dma-direct | ddw.net\\_io | pass | **fail** | **pass** | - |" "$res/matrix.md" &&
	 grep -qxF "15 change(s): 9 regression(s), 6 fixed." "$res/matrix.md" &&
	 grep -qxF -- "- read-shift: CONFIG\\_FAIL\\_IOMMU, CONFIG\\_PPC\\_PSERIES" "$res/matrix.md" &&
	 grep -qF -- "- tce: unknown" "$res/matrix.md"'
check "matrix.html: the same verdicts as a table, self-contained" eval \
	'grep -qF "<tr><td>iommu_ddw_basic</td><td>dma-direct</td><td>ddw.net_io</td><td class=\"pass\">pass</td><td class=\"fail\"><b>fail</b></td><td class=\"pass\"><b>pass</b></td><td class=\"-\">-</td></tr>" "$res/matrix.html" &&
	 ! grep -Eiq "https?:|src=|<script" "$res/matrix.html"'

# Other kinds of change: a skip that passes, a timeout, an error.
sed -e '0,/"ddw.hotplug_alloc_fail", "result": "skip"/s//"ddw.hotplug_alloc_fail", "result": "pass"/' \
	-e '0,/"result": "pass", "exit_code": 0/s//"result": "timeout", "exit_code": null/' \
	"$clean" > "$work/edited.json"
run --out "$res" --kernel a --spec s --summary "$clean" --kernel b --spec t --summary "$work/edited.json"
check "skip -> pass is changed, pass -> timeout a regression" python3 - "$res/matrix.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
kinds = sorted((c["subtest"] or "", c["was"], c["now"], c["kind"]) for c in m["changes"])
assert kinds == [("", "pass", "timeout", "regression"),
                 ("ddw.hotplug_alloc_fail", "skip", "pass", "changed")], kinds
assert m["counts"]["regressions"] == 1 and m["counts"]["fixed"] == 0
EOF

# A kernel whose run broke (no summary) between two that ran: compared across it.
run --out "$res" --kernel a --spec s --summary "$clean" --kernel broke --spec t --status no-run \
	--kernel c --spec u --summary "$shift_"
check "a kernel without results: its column empty, changes across it" python3 - "$res/matrix.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
assert m["kernels"][1]["status"] == "no-run"
assert all(r["verdicts"]["broke"] is None for r in m["rows"])
assert m["counts"]["regressions"] == 8 and all(c["from"] == "a" and c["to"] == "c" for c in m["changes"])
EOF

# A summary cut short, one that is a link: the column says so, the rest is written.
head -c 2000 "$shift_" > "$work/cut.json"
ln -s "$clean" "$work/link.json"
run --out "$res" --kernel a --spec s --summary "$clean" --kernel cut --spec t --summary "$work/cut.json" \
	--kernel link --spec u --summary "$work/link.json"
check "bad summaries: exit 0, one line each on stderr" eval \
	'[ $rc = 0 ] && [ "$(printf "%s\n" "$err" | wc -l)" = 2 ] &&
	 printf "%s\n" "$err" | grep -q "^ppcst_matrix: cut: .*cut.json: not JSON (or cut short)" &&
	 printf "%s\n" "$err" | grep -q "^ppcst_matrix: link: .*link.json: a symbolic link, not read$"'
check "... their columns are bad-summary, with the why" python3 - "$res/matrix.json" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
k = {x["label"]: x for x in m["kernels"]}
assert k["cut"]["status"] == "bad-summary" and "cut short" in k["cut"]["why"], k["cut"]
assert k["link"]["status"] == "bad-summary" and k["link"]["why"].endswith("a symbolic link, not read")
assert k["a"]["status"] == "ok" and len(m["rows"]) == 27 and m["counts"]["changes"] == 0
EOF

# Labels, specs and reasons that break JSON and Markdown.
sed 's/"reason": "exit=1"/"reason": "a \\"q\\" | *b* <x> \\u0001\\u00e9 \\\\"/' "$shift_" > "$work/hostile.json"
run --out "$res" --kernel a --spec $'s "|\x01\xff' --summary "$clean" --kernel b --spec t --summary "$work/hostile.json"
check "hostile strings: JSON intact, Markdown escaped" python3 - "$res" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1] + "/matrix.json"))
assert m["kernels"][0]["spec"] == 's "|\x01?', m["kernels"][0]["spec"]
assert m["changes"][0]["reason"] == 'a "q" | *b* <x> ??? \\', m["changes"][0]["reason"]
md = open(sys.argv[1] + "/matrix.md").read()
assert '| a | s "\\|?? | ok |' in md, md[:300]
assert 'fail (b): a "q" \\| \\*b\\* \\<x\\> ??? \\\\\n' in md, md
EOF

# The matrix's own files replaced, never written through a link.
echo outside > "$work/outside"
ln -sf "$work/outside" "$res/matrix.json"
run --out "$res" --kernel a --spec s --summary "$clean"
check "matrix.json a link: replaced, its target untouched" \
	eval '[ $rc = 0 ] && [ ! -L "$res/matrix.json" ] && [ "$(cat "$work/outside")" = outside ]'

tap_end
