# dma-direct's devices, but every PHB offers a DDW smaller than memory, as
# PowerVM does on many systems: 64K TCEs only, and ibm,query-pe-dma-window's
# largest block 0x8000 of them (2 GiB, less than maxmem's 8G), so Linux makes
# a dynamic DDW ("linux,dma64-ddr-window-info", direct mapping 0) and maps
# TCEs per buffer in it. ddw-largest-block is a property of the suite's own
# QEMU (vm/qemu/build.sh, vm/qemu/patches/0001-*): on a stock QEMU the
# profile is skipped by name (needs-property).
# Format: see default.profile and vm/profile.h.
description = dma-direct with 64K TCEs and a largest TCE block of 2 GiB on every PHB (the suite's QEMU): data through dynamic DDWs smaller than memory, TCEs mapped per buffer
include = dma-direct
needs-property = spapr-pci-host-bridge ddw-largest-block
arg = -global spapr-pci-host-bridge.pgsz=0x11000
arg = -global spapr-pci-host-bridge.ddw-largest-block=0x8000
