#!/usr/bin/env bash
# pagepool_dlpar figures (printed, never asserted):
#   - DLPAR cycles per minute under load on the default kernel (pagepool
#     profile: vmxnet3 + XDP on its own PHB, iperf3 both ways, a held socket;
#     then the e1000e and virtio-net controls), with the mean removal and
#     addition times, per NIC;
#   - time to detection on the known-bug kernel (page_pool without its DMA
#     tracking, vm/kernel/known-bugs/pagepool-no-dma-tracking.patch): from the
#     start of the removal to the first "Unexpected TCEs" / "plpar_tce_stuff
#     failed" / Oops line, on the kernel log's own clock (that kernel wedges
#     the 1-CPU guest after its oops, so the figure comes from the console).
#
#   bench/pagepool_dlpar.sh [CYCLES]        (default 3)
#
# CYCLES is the bench's own count, passed to the program as
# PPCST_DLPAR_CYCLES; settings (env.pagepool_dlpar.PPCST_DLPAR_CYCLES) is the
# suite's run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cycles=${1:-3}
case $cycles in '' | *[!0-9]*) echo "usage: $0 [CYCLES]" >&2; exit 2 ;; esac
good=$("$top/vm/kbuild.sh")
bad=$("$top/vm/kbuild.sh" --patch "$top/vm/kernel/known-bugs/pagepool-no-dma-tracking.patch")
script=$(mktemp)
trap 'rm -f "$script"' EXIT
run() { # KERNEL CYCLES TIMEOUT [HARNESS OPTIONS] -> results dir on stdout
	printf 'PPCST_DLPAR_CYCLES=%s timeout %s ./pagepool_dlpar %s\n' "$2" "$3" "${4:-}" > "$script"
	KERNEL=$1 "$top/vm/guest-script.sh" --timeout "$(($3 + 30))" pagepool "$script" 2>/dev/null || true
}
r=$(run "$good" "$cycles" $((3 * (cycles * 120 + 60))) | tail -1)
# Each variant's "RUN" line, then its summary.
awk '/#  RUN /{ nic = $3 } /cycle\(s\) passed/{ sub(/^# /, ""); print "default kernel, " nic ": " $0; n++ }
	END { if (!n) print "default kernel: no cycle passed" }' "$r/console.log"
r=$(run "$bad" 1 200 "-v page_pool_nic" | tail -1)
start=$(grep -a "removal begins at uptime" "$r/console.log" | head -1 | sed 's/.*uptime \([0-9.]*\) s.*/\1/')
hit=$(grep -aE "Unexpected TCEs|plpar_tce_[a-z]+ failed|Oops:" "$r/console.log" | head -1 || true)
when=$(sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p' <<<"$hit")
if [ -n "$start" ] && [ -n "$when" ]; then
	awk -v s="$start" -v w="$when" -v l="${hit#*] }" \
		'BEGIN { printf "known-bug kernel: detected %.2f s after the removal began: %s\n", w - s, l }'
	for pat in "plpar_tce_stuff failed" "Oops:"; do
		t=$(grep -a "$pat" "$r/console.log" | head -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
		[ -z "$t" ] || awk -v s="$start" -v w="$t" -v p="$pat" \
			'BEGIN { printf "  first \"%s\": %.2f s after the removal began\n", p, w - s }'
	done
else
	echo "known-bug kernel: not detected (see $r/console.log)"
fi
