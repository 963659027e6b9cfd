#!/bin/bash
# Reproducer of docs/findings/ddw-direct-after-failed-create.md, run in a
# testbed guest whose DDW creation fails (stock QEMU 10.0.2, profile
# nvdimm-64k: a 2^51 window of 64K TCEs, truncated to an empty table, -1):
#
#   QEMU=/usr/bin/qemu-system-ppc64 vm/guest-script.sh nvdimm-64k \
#       docs/findings/ddw-direct-after-failed-create.sh
#   QEMU=/usr/bin/qemu-system-ppc64 \
#   KERNEL=$(vm/kbuild.sh --patch docs/findings/ddw-direct-after-failed-create.patch) \
#       vm/guest-script.sh nvdimm-64k docs/findings/ddw-direct-after-failed-create.sh
#
# Binds the driverless pci-testdev to dma_map_benchmark, which sets only its
# streaming mask (64 bits) and maps: iommu_ddw_basic's map_bench judges the
# kernel's answer. Exit 1 when the kernel claimed direct mapping for a PE
# whose window was never made (6.12.107), 0 when it did not (the fix).
set -u
out=/mnt/results/map_bench.out
./iommu_ddw_basic -r ddw.map_bench > $out 2>&1
grep -q 'ddw.map_bench' $out || { echo "# map_bench did not run"; cat $out; exit 2; }
grep -E 'create-pe-dma-window|direct mapping|map_bench' $out | head -20
dmesg | grep -E 'dma_map_benchmark.*(create-pe-dma-window|direct mapping)' | tail -4
if grep -q 'reports "direct mapping: 1" but' $out; then
	echo "# bug: direct mapping claimed with no window behind it"
	exit 1
fi
echo "# no direct mapping claimed without a window"
exit 0
