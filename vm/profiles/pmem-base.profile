# The machine of pmem_hotplug's profiles (pmem, pmem-split) without the
# borrowed device, whose PHB is what they vary: persistent memory that
# pmem_hotplug onlines as System RAM (daxctl) on a NUMA node of its own, the
# NIC pair and the scratch disk. Format: see default.profile and vm/profile.h.
description = spapr nvdimm (1G + 128K labels, devdax namespace, NUMA node 1), NIC pair and scratch disk without DDW (the base of pmem and pmem-split)
machine = pseries,x-vof=on,nvdimm=on
cpu = POWER10
smp = 1
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
# Node 0: the CPU and all boot RAM; node 1: only the nvdimm, so the memory
# daxctl onlines is the only memory of node 1 and DMA buffers can be bound to it.
object = memory-backend-ram,id=ram0,size=2G
numa = node,nodeid=0,cpus=0,memdev=ram0
numa = node,nodeid=1
# The nvdimm's backing file starts as a copy of an image with a devdax
# namespace already written (vm/pmem-image.sh: QEMU's TCG rejects the dcbstps
# Linux flushes pmem with, so the guest cannot write an info block itself).
memfile = pmem0 1073872896 pmem/devdax-1G.img
device = spapr-nvdimm,memdev=pmem0,label-size=128K,uuid=3a6a32ba-1f7d-4ef8-9c55-0bd3d1f7a8b1,id=nvdimm0,node=1
# The NIC under test and the scratch disk DMA into the pmem-backed RAM
# through their default windows (dynamic TCEs): their drivers probe at boot,
# before lrdr-capacity is lowered, and a DDW made then would claim pmem that
# the (fixed) kernel then leaves unmapped - an artefact of the late rewrite.
# iommu_platform=on: virtio otherwise bypasses the TCEs altogether.
device = spapr-pci-host-bridge,index=2,id=phb2,ddw=off
device = virtio-net-pci,bus=phb2.0,id=net0,netdev=net0,mac=52:54:00:c0:ff:01,disable-legacy=on,iommu_platform=on
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
scratch = scratch0 256M
device = spapr-pci-host-bridge,index=3,id=phb3,ddw=off
device = virtio-blk-pci,bus=phb3.0,id=disk0,drive=scratch0,serial=ppcst-scratch,disable-legacy=on,iommu_platform=on
