# pmem_hotplug on PowerVM's vPMEM split window (issue 22, pmem-split): the
# pmem machine, but the borrowed device's PE may have one DMA window only, so
# Linux 6.12's enable_ddw() removes the default window ("Removed default DMA
# window") and, with an ibm,pmemory node present, makes one DDW split in two:
# RAM direct-mapped below 1 << order_base_2(ddw_memory_hotplug_max()), TCEs
# per map above it (dynamic_offset), bus_dma_limit at the split ("direct DMA
# is limited by"). pmem_hotplug lowers ibm,lrdr-capacity to the RAM size
# before the pci-testdev makes its DDW, so the split lies at 2 GiB and the
# onlined pmem (0x81200000-) is above it: DMA into it goes through the
# window's dynamic part. ddw-windows and ddw-largest-block are properties of
# the suite's own QEMU (vm/qemu/patches/0001-*).
# Format: see default.profile and vm/profile.h.
description = pmem with the vPMEM split window: pci-testdev's PE with one DMA window, DDW of 16 GiB (64K TCEs) direct below 2 GiB, dynamic above (the suite's QEMU)
include = pmem-base
needs-property = spapr-pci-host-bridge ddw-windows
# 64K TCEs (0x10000) beside 4K ones: the 4K-only PHB of the pmem profile makes
# a window no larger than the RAM. The largest block caps the window: with
# QEMU's default one (2^31 TCEs after 0003) Linux makes a 2^47 window and
# iommu_init_table clears 2^31 TCEs of its dynamic part one H_STUFF_TCE of
# 512 at a time, over 120 s under TCG (soft lockup in
# tce_freemulti_pSeriesLP). 0x40000 TCEs of 64K: a 16 GiB window, at least
# MIN_DDW_VPMEM_DMA_WINDOW (2 GiB) above the RAM's 2 GiB, so it splits.
device = spapr-pci-host-bridge,index=1,id=phb1,pgsz=0x11000,ddw-windows=1,ddw-largest-block=0x40000
device = pci-testdev,bus=phb1.0,id=testdev0
