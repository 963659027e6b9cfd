#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# report.html of the recorded run (tests/data/report_html/run/) opened in a
# real browser, Debian's headless Chromium (vm/setup-host.sh installs it),
# and the page as the browser built it read back (--dump-dom): every test x
# profile in the verdict table with a section of its own, the plots drawn as
# <svg>, and nothing fetched for the page: the browser's one way out is a
# proxy that is this script's listener, which records every request it gets
# (Chromium's own calls home, which it makes on an empty page too, are told
# apart by their hosts). The same
# checks on a stand-in page (the real one without a section and its plots,
# and with a style sheet from the network) must fail, or they prove nothing.
# TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
report=${PPCST_REPORT:-$top/build/host/ppcst_report}
work=$(mktemp -d)
listener=
trap '[ -z "$listener" ] || kill "$listener" 2> /dev/null || true; rm -rf "$work"' EXIT

[ -x "$report" ] || { echo "1..0 # SKIP $report not built (make)"; exit 4; }
command -v gnuplot > /dev/null || { echo "1..0 # SKIP gnuplot not installed (vm/setup-host.sh: gnuplot-nox)"; exit 4; }
command -v chromium > /dev/null || { echo "1..0 # SKIP chromium not installed (vm/setup-host.sh)"; exit 4; }

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$report

# The proxy that is not one: it writes each request's first line to
# requests.log and closes the connection.
python3 - "$work/port" "$work/requests.log" <<'PY' &
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1], "w").write(f"{s.getsockname()[1]}\n")
log = open(sys.argv[2], "a", buffering=1)
while True:
    c, _ = s.accept()
    c.settimeout(5)
    try:
        log.write(c.recv(4096).split(b"\r\n")[0].decode(errors="replace") + "\n")
    except OSError:
        log.write("(connection without a request)\n")
    c.close()
PY
listener=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "1..0 # SKIP the recording proxy did not start"; exit 4; }

# render PAGE DOM: the page as headless Chromium built it, into DOM; the
# requests it made are in requests.log.
render() {
	: > "$work/requests.log"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
		--proxy-server="127.0.0.1:$(cat "$work/port")" --proxy-bypass-list='<-loopback>' \
		--disable-background-networking --disable-component-update --no-first-run \
		--dump-dom "file://$1" > "$2" 2> "$work/chromium.log" || true
	grep -q '</html>' "$2"
}
# every_pair DOM: each test x profile of summary.json has its verdict's link
# and its section in the built page.
every_pair() {
	python3 - "$work/run/summary.json" "$1" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); dom = open(sys.argv[2]).read()
for t in s["tests"]:
    name, prof = t["name"], t["profile"] or "native"
    assert f'<section id="{name}.{prof}">' in dom, (name, prof)
    assert f'href="#{name}.{prof}"' in dom, (name, prof)
PY
}
# plots_drawn DOM: the page's 4 plots (2 TCE usage, 2 cycle times) are
# <svg> elements of the page, with their lines.
plots_drawn() {
	[ "$(grep -o '<svg' "$1" | wc -l)" -ge 4 ] && [ "$(grep -o '<path' "$1" | wc -l)" -ge 4 ]
}
# nothing_fetched: no request but Chromium's own (its component updater,
# network time and account services, whatever the page).
nothing_fetched() {
	local fetched
	fetched=$(grep -Ev '^(GET|POST|CONNECT) (http://)?[a-z0-9.-]*\.(google\.com|googleapis\.com|gvt1\.com)[:/]' \
		"$work/requests.log" || true)
	[ -z "$fetched" ] || { printf '%s\n' "$fetched" | sed 's/^/# fetched: /'; return 1; }
}
# not CHECK ARGS...: CHECK fails (quietly: what it says is the expected).
not() {
	! "$@" > /dev/null 2>&1
}

cp -r "$top/tests/data/report_html/run" "$work/run"
run --html "$work/run"
check "--html writes report.html" test "$rc" = 0 -a -s "$work/run/report.html"
check "the browser built the page" render "$work/run/report.html" "$work/dom.html"
check "every test x profile in the built page" every_pair "$work/dom.html"
check "the plots drawn: inline <svg> in the built page" plots_drawn "$work/dom.html"
check "nothing fetched" nothing_fetched

# The stand-in: the first test's section and every plot cut out, and a
# style sheet from the network that the page's Content-Security-Policy
# (default-src 'none') no longer forbids.
python3 - "$work/run/report.html" "$work/standin.html" <<'PY'
import re, sys
page = open(sys.argv[1]).read()
page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', '', page)
page = re.sub(r'<section id=.*?</section>', '', page, count=1, flags=re.S)
page = re.sub(r'<svg.*?</svg>', '', page, flags=re.S)
page = page.replace('</head>', '<link rel="stylesheet" href="http://example.com/page.css"></head>', 1)
open(sys.argv[2], "w").write(page)
PY
check "the stand-in page: built" render "$work/standin.html" "$work/standin-dom.html"
check "the stand-in page: a test x profile missing is seen" \
	not every_pair "$work/standin-dom.html"
check "the stand-in page: no plots is seen" not plots_drawn "$work/standin-dom.html"
check "the stand-in page: its fetch is seen" not nothing_fetched
# The real page with that style sheet planted: its policy keeps it out.
sed 's#</head>#<link rel="stylesheet" href="http://example.com/page.css"></head>#' \
	"$work/run/report.html" > "$work/planted.html"
render "$work/planted.html" "$work/planted-dom.html" || true
check "a fetch planted in the page is blocked by its policy" nothing_fetched
tap_end
