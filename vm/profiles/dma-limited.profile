# iommu_ddw_basic's machine for the limited-address DDW (Linux 6.12,
# 67dfc11982f7): a device whose DMA mask has between 33 and 63 bits makes
# enable_ddw() reset its PE into limited-address mode (ibm,reset-pe-dma-window
# with a 4th argument 1) and create a DDW no larger than its mask, which the
# platform places at 4 GiB. Stock QEMU offers no such mode (kernel: "Limited
# Address Space for DDW not Supported"); ddw-limited-addressing is a property
# of the suite's own QEMU (vm/qemu/patches/0002-*): on a stock QEMU the
# profile is skipped by name (needs-property).
# maxmem=64G (ibm,lrdr-capacity: max_ram_len 36) above what the map_bench's
# 34-bit mask reaches: the window the kernel sizes by the mask (2^34) cannot
# map the partition and is dynamic, so the cap on its size is what is
# judged; with dma-direct's 8G every mask of 33 bits or more would map all
# memory and the cap would never show.
# Format: see default.profile and vm/profile.h.
description = dma-direct with the limited-address DDW extension (maxmem 64G; the suite's QEMU): a 34-bit device's DDW at 4 GiB, sized by its mask
include = dma-direct
needs-property = spapr-pci-host-bridge ddw-limited-addressing
memory = 2G,slots=4,maxmem=64G
arg = -global spapr-pci-host-bridge.ddw-limited-addressing=on
# The limited case's device: a second pci-testdev on a PHB of its own. The
# first (PHB 1) is every other case's, and their 64-bit loads give its PE an
# ordinary DDW at 2^59 before the limited case runs (the harness runs the
# cases last-defined first): a PE keeps the first DDW it gets.
device = spapr-pci-host-bridge,index=5,id=phb5
device = pci-testdev,bus=phb5.0,id=testdev1
