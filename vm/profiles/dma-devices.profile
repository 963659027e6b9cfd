# The devices of the dma-* profiles (iommu_ddw_basic's data through each kind
# of window), without the PHBs of the NIC under test (phb2) and the scratch
# disk (phb3): each dma-* profile adds those two with the TCE page sizes it
# is about, before including this one (QEMU takes -device in order).
# Booting this alone fails (no phb2): it is included, not run.
# Format: see default.profile and vm/profile.h.
description = (included by dma-*) machine, pci-testdev, the NIC under test on phb2, its peer, the scratch disk on phb3, all with iommu_platform=on
machine = pseries,x-vof=on
cpu = POWER10
# One CPU: default.profile says why.
smp = 1
# maxmem makes QEMU offer a DDW large enough for all memory: a direct window.
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
device = spapr-pci-host-bridge,index=1,id=phb1
device = pci-testdev,bus=phb1.0,id=testdev0
# iommu_platform=on (VIRTIO_F_ACCESS_PLATFORM) on every virtio device: its
# driver maps its buffers through the DMA API, and QEMU translates them
# through the PHB's TCEs. The peer too, so both ends of a stream cross a window.
device = virtio-net-pci,bus=phb2.0,id=net0,netdev=net0,mac=52:54:00:c0:ff:01,disable-legacy=on,iommu_platform=on
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02,disable-legacy=on,iommu_platform=on
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
scratch = scratch0 256M
# The disk through a throttle (32 MiB/s): QEMU completes a request from the
# host's page cache before the guest runs anything else, so an unthrottled
# disk's TCEs are mapped and gone between two samples of the TCE usage, and
# the test could not see its window's usage rise.
object = throttle-group,id=scratch-tg,x-bps-total=33554432
arg = -blockdev driver=throttle,node-name=scratch0-slow,throttle-group=scratch-tg,file=scratch0
device = virtio-blk-pci,bus=phb3.0,id=disk0,drive=scratch0-slow,serial=ppcst-scratch,disable-legacy=on,iommu_platform=on
