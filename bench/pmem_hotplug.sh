#!/usr/bin/env bash
# pmem_hotplug's figures in the testbed (pmem profile): online+offline cycles
# per minute on the default kernel, and on a kernel with the pmem notifier bug
# (vm/kernel/known-bugs/pmem-notifier-premap.patch) the time to detection:
# guest uptime and seconds into the test when the first onlining failed.
#
#   bench/pmem_hotplug.sh [CYCLES]         (default 10)
#
# CYCLES is the bench's own count, passed to the program with --cycles;
# settings (env.pmem_hotplug.PPCST_PMEM_CYCLES) is the suite's run.
#
# Builds the known-bug kernel if needed (vm/kbuild.sh, cached). Prints
# figures only; nothing is judged.
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-10}
case $cycles in '' | *[!0-9]* | 0) echo "bench/pmem_hotplug.sh: CYCLES must be a number" >&2; exit 2 ;; esac
make -s all
good=$(vm/kbuild.sh)
bad=$(vm/kbuild.sh --patch vm/kernel/known-bugs/pmem-notifier-premap.patch)
guest=$(mktemp)
trap 'rm -f "$guest"' EXIT
cat > "$guest" <<GUEST
start=\$(cut -d' ' -f1 /proc/uptime)
./pmem_hotplug -t cycles --cycles $cycles
echo "test-start-uptime \$start"
GUEST
for which in good bad; do
	kernel=$good
	[ $which = good ] || kernel=$bad
	out=$(KERNEL=$kernel vm/guest-script.sh --timeout 900 pmem "$guest" 2>/dev/null) || true
	log=$out/console.log
	start=$(sed -n 's/^test-start-uptime \([0-9.]*\).*/\1/p' "$log" | tail -n 1)
	if [ $which = good ]; then
		sed -n 's/.*# \([0-9]* of [0-9]* cycle(s) passed, .*\)/default kernel: \1/p' "$log" | tr -d '\r'
	else
		at=$(sed -n 's/.*onlining .* failed at uptime \([0-9.]*\) s.*/\1/p' "$log" | head -n 1)
		if [ -n "$at" ]; then
			echo "known-bug kernel: detected at guest uptime $at s ($(awk -v a="$at" -v s="${start:-0}" 'BEGIN { printf "%.1f", a - s }') s into the test)"
		else
			echo "known-bug kernel: not detected (see $log)"
		fi
	fi
	rm -rf "$out"
done
