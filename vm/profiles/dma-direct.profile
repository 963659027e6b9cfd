# iommu_ddw_basic's machine for data through a direct DDW: the default
# machine's devices, but every device data crosses uses the DMA API. Without
# VIRTIO_F_ACCESS_PLATFORM (iommu_platform=on, which needs disable-legacy=on)
# Linux hands virtio physical addresses and QEMU reads guest RAM directly: no
# window is crossed at all (the default profile's NIC and disk do that).
# dma-direct-4k and dma-default-window vary the windows, not the devices.
# Format: see default.profile and vm/profile.h.
description = pci-testdev, NIC pair and scratch disk (virtio, iommu_platform=on) each on its own PHB: data through direct DDWs (16M TCEs)
device = spapr-pci-host-bridge,index=2,id=phb2
device = spapr-pci-host-bridge,index=3,id=phb3
# The PHBs first: the included NIC and disk sit on them (QEMU takes -device in order).
include = dma-devices
