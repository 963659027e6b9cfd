#!/bin/bash
# Reproducer of docs/findings/ddw-default-window-clear.md, run in a testbed
# guest (the suite's QEMU: pmem-split's PHB 1 has ddw-windows=1):
#
#   vm/guest-script.sh pmem-split docs/findings/ddw-default-window-clear.sh
#   KERNEL=$(vm/kbuild.sh --patch vm/kernel/fixes/ddw-default-window-clear.patch) \
#       vm/guest-script.sh pmem-split docs/findings/ddw-default-window-clear.sh
#
# Prints PHB 1's default window as the device tree has it, lets the
# pci-testdev on it ask for 64-bit DMA (iommu_ddw_basic's map_bench borrows
# it for dma_map_benchmark), so enable_ddw() removes the default window to
# make its DDW, and shows what the kernel logged: 6.12.107 logs "failed to
# clear tces in window." (exit 1); a fixed kernel clears the window (exit 0).
set -u
pe=/proc/device-tree/pci@800000020000001
echo "# $pe/ibm,dma-window (liobn, bus address: 2 cells, size: 2 cells):"
od -An -tx1 "$pe/ibm,dma-window"
echo "# read as a struct dynamic_dma_window_prop: liobn, dma_base (8 bytes), tce_shift = the size's upper cell, window_shift = its lower cell"
PPCST_DDW_DEVICE=0001:00:00.0 ./iommu_ddw_basic -t map_bench >/tmp/map_bench.out 2>&1
echo "# iommu_ddw_basic map_bench exited $? (the DDW is what matters here)"
dmesg | grep -E '0001:00:00.0: ibm,(query|create)-pe-dma|Removed default DMA window|failed to clear tces|direct mapping:' | sed 's/^/# /'
[ -e "$pe/ibm,dma-window-saved" ] && echo "# ibm,dma-window-saved: $(od -An -tx1 "$pe/ibm,dma-window-saved" | tr -s ' \n' ' ')"
if dmesg | grep -q 'pci@800000020000001 failed to clear tces in window'; then
	echo "# BUG: the default window's TCEs were not cleared before its removal"
	exit 1
fi
echo "# fixed: the default window was cleared and removed, nothing logged"
exit 0
