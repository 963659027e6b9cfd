#!/bin/bash
# Reproducer of docs/findings/iommu-table-alloc-panic.md, run in a testbed
# guest:
#
#   vm/guest-script.sh default docs/findings/iommu-table-alloc-panic.sh
#   KERNEL=$(vm/kbuild.sh --patch vm/kernel/fixes/iommu-table-alloc-panic.patch) \
#       vm/guest-script.sh default docs/findings/iommu-table-alloc-panic.sh
#
# Makes every slab and page allocation whose stack passes through
# iommu_init_table() fail (CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC,
# CONFIG_FAULT_INJECTION_STACKTRACE_FILTER), then hot-adds PHB 9 with a
# pci-testdev. 6.12.107 panics ("Failed to initialize iommu table",
# guest-script exits 1); a fixed kernel logs the failure, brings the device
# up without an IOMMU table, and the PHB is removed again (exit 0).
set -u
func=iommu_init_table
# Kernel text addresses have one width: sorted as text they sort by value,
# and the next text symbol ends the function.
start=$(grep -m1 " [tT] $func\$" /proc/kallsyms | cut -d' ' -f1)
end=$(grep ' [tT] ' /proc/kallsyms | sort | grep -A1 " $func\$" | tail -n 1 | cut -d' ' -f1)
[ -n "$start" ] && [ "$start" != 0000000000000000 ] || { echo "# no address for $func"; exit 2; }
arm() { # PROBABILITY
	local d
	for d in /sys/kernel/debug/failslab /sys/kernel/debug/fail_page_alloc; do
		echo N > $d/ignore-gfp-wait
		[ ! -e $d/min-order ] || echo 0 > $d/min-order
		echo N > $d/task-filter
		echo 1 > $d/interval
		echo -1 > $d/times
		echo 1 > $d/verbose
		echo "$(printf %u 0x$start)" > $d/require-start
		echo "$(printf %u 0x$end)" > $d/require-end
		echo "$1" > $d/probability
	done
}
testdevs() { # the pci-testdevs (1b36:0005) present
	local d
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor):$(cat $d/device)" = 0x1b36:0x0005 ] && echo "${d##*/}"
	done
}
before=$(testdevs)
arm 100
echo "# every allocation under $func (0x$start-0x$end) fails; hot-adding PHB 9"
./host_request -t 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 9, "id": "phb9"}' >/dev/null
./host_request -t 60 device_add '{"driver": "pci-testdev", "bus": "phb9.0", "id": "td9"}' >/dev/null
new=
for _ in $(seq 300); do
	new=$(testdevs | grep -vxF "$before")
	[ -n "$new" ] && break
	sleep 0.3
done
arm 0
dmesg | grep -E 'iommu_init_table|IOMMU table' | tail -n 5
echo "# the partition survived; the new pci-testdev: ${new:-none}"
./host_request -t 60 device_del '{"id": "phb9"}' >/dev/null
./host_request -t 300 wait-device-deleted '{"id": "phb9"}' >/dev/null
echo "# PHB 9 removed again"
exit 0
