# iommu_ddw_basic's machine for data through a direct DDW, and the base of the
# other dma-* profiles (they vary the windows, not the devices): the default
# machine's devices, but every device data crosses uses the DMA API.
# virtio needs VIRTIO_F_ACCESS_PLATFORM for that (iommu_platform=on, which
# needs disable-legacy=on): without it Linux hands virtio physical addresses
# and QEMU reads guest RAM directly, crossing no window at all (the default
# profile's NIC and disk do that).
# Format: see default.profile and vm/profile.h.
description = pci-testdev, e1000e NIC wired to a virtio peer, virtio scratch disk, each on its own PHB, all on the DMA API: data through direct DDWs (16M TCEs)
machine = pseries,x-vof=on
cpu = POWER10
# One CPU: default.profile says why.
smp = 1
# maxmem makes QEMU offer a DDW large enough for all memory: a direct window.
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
device = spapr-pci-host-bridge,index=1,id=phb1
device = pci-testdev,bus=phb1.0,id=testdev0
# The NIC under test: an e1000e, whose driver maps its buffers through the
# DMA API and whose (emulated) hardware computes the TCP checksums it sends:
# data the device read wrongly reaches the peer with a valid checksum, and
# only net_io's byte check sees it (virtio-net on a QEMU hub offloads none).
device = spapr-pci-host-bridge,index=2,id=phb2
device = e1000e,bus=phb2.0,id=net0,netdev=net0,mac=52:54:00:c0:ff:01
# The peer on a PHB of its own too: one PE a device, as PowerVM gives each
# adapter (VF) its own. The PE of pci.0 also holds the 9p shares, and a
# second device of a PE with a dynamic DDW stays on the default window
# (enable_ddw() finds the PE's window and returns: dma-dynamic).
device = spapr-pci-host-bridge,index=4,id=phb4
device = virtio-net-pci,bus=phb4.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02,disable-legacy=on,iommu_platform=on
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
scratch = scratch0 256M
# The disk through a throttle (32 MiB/s): QEMU completes a request from the
# host's page cache before the guest runs anything else, so an unthrottled
# disk's TCEs are mapped and gone between two samples of the TCE usage, and
# the test could not see its window's usage rise.
object = throttle-group,id=scratch-tg,x-bps-total=33554432
arg = -blockdev driver=throttle,node-name=scratch0-slow,throttle-group=scratch-tg,file=scratch0
device = spapr-pci-host-bridge,index=3,id=phb3
device = virtio-blk-pci,bus=phb3.0,id=disk0,drive=scratch0-slow,serial=ppcst-scratch,disable-legacy=on,iommu_platform=on
