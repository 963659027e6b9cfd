# vfio_edu's machine: QEMU's edu device, a DMA engine the test drives from
# user space through vfio-pci and the sPAPR TCE v2 IOMMU, on a PHB of its own
# (in QEMU one PHB is one PE: the edu's IOMMU group holds it alone, and its
# DMA windows are its own). edu masks the bus addresses of its DMA with
# dma_mask, 28 bits by default: widened to 64, so it reaches the whole
# default window and the second window QEMU places at 0x0800000000000000.
# maxmem makes QEMU offer a DDW, which VFIO creates as the second window.
# Format: see default.profile and vm/profile.h.
description = edu (dma_mask 64 bits) on its own PHB (index 4) for vfio-pci: DMA through VFIO's windows
machine = pseries,x-vof=on
cpu = POWER10
# One CPU: default.profile says why.
smp = 1
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
device = spapr-pci-host-bridge,index=4,id=ppcst-eduphb
device = edu,bus=ppcst-eduphb.0,id=ppcst-edu,dma_mask=0xffffffffffffffff
