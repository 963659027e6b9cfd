# iommu_ddw_basic's machine for data through dynamic DDWs: dma-direct's
# devices, but every PHB offers a DDW smaller than memory, as PowerVM does on
# many systems (SR-IOV VFs above all): 64K TCEs only, and
# ibm,query-pe-dma-window's largest block 0x8000 of them (2 GiB, less than
# maxmem's 8G), so Linux makes a dynamic DDW ("linux,dma64-ddr-window-info",
# direct mapping: 0) and maps TCEs per buffer in it
# (iommu_table_lpar_multi_ops). ddw-largest-block is a property of the
# suite's own QEMU (vm/qemu/build.sh, vm/qemu/patches/0001-*): on a stock
# QEMU the profile is skipped by name (needs-property).
# Format: see default.profile and vm/profile.h.
description = dma-direct with dynamic DDWs (2 GiB of 64K TCEs, RAM up to 8 GiB; the suite's QEMU): data through linux,dma64-ddr-window-info windows, PHB 0's and 1's MMIO32 ranges inside them
include = dma-direct
needs-property = spapr-pci-host-bridge ddw-largest-block
# 64K TCEs only: with 16M ones (QEMU's default pgsz has them) 0x8000 TCEs
# would map 512 GiB, more than maxmem, and the window would be direct.
arg = -global spapr-pci-host-bridge.pgsz=0x10000
arg = -global spapr-pci-host-bridge.ddw-largest-block=0x8000
# The windows' bus addresses over the CPU addresses of the MMIO32 ranges of
# PHB 0 (2^45 + 2G..4G) and PHB 1 (2^45 + 4G..6G): 2^45 + 3G..5G, half of
# each, where PowerVM may place MMIO inside a DDW: enable_ddw() must reserve
# those TCEs (iommu_init_table's MMIO32 range, 8f70caad82e9). The windows of
# the NIC, the disk and the peer (PHB 2, 3, 4) stay whole.
arg = -global spapr-pci-host-bridge.dma64_win_addr=0x2000c0000000
