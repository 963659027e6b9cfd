#!/usr/bin/env bash
# Map+unmap operations per second per mapping mode: the suite's own figure
# (iommu_ddw_basic's map_bench subtest, lib/engines/map_bench.c) next to the kernel's
# tools/testing/selftests/dma/dma_map_benchmark on the same guest, one page,
# one thread, bidirectional. Mapping modes: DDW direct (default profile,
# 64-bit mask), the 32-bit default window (default profile, 32-bit mask) and
# the default window with DDW disabled (disable-ddw, 64-bit mask).
#
#   bench/map_bench.sh [PROFILE...]       (default: default disable-ddw)
#
# Prints figures only; nothing is judged.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s all build/target/dma_map_benchmark
[ $# -gt 0 ] || set -- default disable-ddw
guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
cat > "$guest" <<'GUEST'
# Ours first: it lends the pci-testdev and gives it back.
./iommu_ddw_basic -t map_bench | sed -n 's/^# map_bench [^ ]* dma_bits=\([0-9]*\): map \([0-9]*\) ns.*unmap \([0-9]*\) ns.*/suite \1 \2 \3/p'
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)/$(cat $d/device)" = 0x1b36/0x0005 ] && [ ! -e $d/driver ] && { dev=${d##*/}; break; }
done
echo dma_map_benchmark > /sys/bus/pci/devices/$dev/driver_override
echo $dev > /sys/bus/pci/drivers/dma_map_benchmark/bind
for bits in 64 32; do
	./dma_map_benchmark -t 1 -s 3 -b $bits | awk -v b=$bits -F'[:a-z( )]+' \
		'/average map/ { m = $2 } /average unmap/ { printf "kernel %s %d %d\n", b, m * 1000, $2 * 1000 }'
done
GUEST
printf '%-12s %-8s %-22s %14s %14s\n' profile mask mode suite-ops/s kernel-ops/s
for p in "$@"; do
	out=$(vm/guest-script.sh --timeout 300 "$p" "$guest")
	log=$out/console.log
	for bits in 64 32; do
		suite=$(tr -d '\r' < "$log" | awk -v b=$bits '$1 == "suite" && $2 == b { print $3 + $4 }')
		kernel=$(tr -d '\r' < "$log" | awk -v b=$bits '$1 == "kernel" && $2 == b { print $3 + $4 }')
		mode="default window (TCE)"
		[ "$bits" = 64 ] && [ "$p" != disable-ddw ] && mode="DDW direct"
		ops() { [ -n "$1" ] && [ "$1" != 0 ] && echo $((1000000000 / $1)) || echo n/a; }
		printf '%-12s %-8s %-22s %14s %14s\n' "$p" "$bits-bit" "$mode" "$(ops "$suite")" "$(ops "$kernel")"
	done
	rm -rf "$out"
done
