#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check-browser` (not a test_*.sh: make check would run it): report.html of the recorded run
# (tests/data/report_html/run/) opened in a real browser, Debian's headless
# Chromium, with no network (every request goes to a proxy that is not
# there), and the page as the browser built it read back (--dump-dom): every
# test x profile in the verdict table, the plots drawn as <svg>, nothing the
# browser had to fetch. Not in `make check`: Chromium is ~126 packages for
# a fresh root (installed here when missing, about a minute). TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
report=${PPCST_REPORT:-$top/build/host/ppcst_report}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$report" ] || { echo "1..0 # SKIP $report not built (make)"; exit 4; }
command -v gnuplot > /dev/null || { echo "1..0 # SKIP gnuplot not installed (vm/setup-host.sh: gnuplot-nox)"; exit 4; }
if ! command -v chromium > /dev/null; then
	[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP chromium not installed (apt-get install chromium, as root)"; exit 4; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2 ||
		{ echo "1..0 # SKIP chromium could not be installed"; exit 4; }
fi

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$report

cp -r "$top/tests/data/report_html/run" "$work/run"
run --html "$work/run"
check "--html writes report.html" test "$rc" = 0 -a -s "$work/run/report.html"
# Any request would go to a proxy that is not there.
timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
	--proxy-server=127.0.0.1:9 --disable-background-networking --disable-component-update \
	--no-first-run --enable-logging=stderr --v=0 \
	--dump-dom "file://$work/run/report.html" > "$work/dom.html" 2> "$work/chromium.log" || true
check "the browser built the page" grep -q '</html>' "$work/dom.html"
rendered() {
	python3 - "$work/run/summary.json" "$work/dom.html" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); dom = open(sys.argv[2]).read()
for t in s["tests"]:
    name, prof = t["name"], t["profile"] or "native"
    assert f'id="{name}.{prof}"' in dom, (name, prof)
PY
}
check "every test x profile in the rendered page" rendered
check "the plots drawn: inline <svg> in the DOM" test "$(grep -o '<svg' "$work/dom.html" | wc -l)" -ge 4
tap_end
