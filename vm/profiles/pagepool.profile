# pagepool_dlpar's machine: three NICs, each on a PHB of its own, wired
# through a QEMU hub to a peer NIC, and the guest booted with disable_ddw=1,
# so that the NICs map their receive buffers through their PHB's 32-bit
# default window: every map and unmap goes through TCE management, which is
# where an unmap after the PHB's removal lands. QEMU: one PHB is one PE, so
# the TCE table belongs to the PHB, and the test DLPAR-removes the whole PHB
# (QMP device_del, carried out by the guest's rtas_errd + drmgr) and plugs it
# in again as below (pagepool_dlpar.c: TB_PHB_ID_FMT, TB_NIC_ID_FMT and its
# variants - keep them equal).
# - vmxnet3, the NIC under test: (6.12) takes its receive buffers from a
#   DMA-mapping page_pool only while an XDP program is attached; the test
#   attaches an XDP_PASS one.
# - e1000e and virtio-net, the controls: no page_pool in their 6.12 drivers.
# Format: see default.profile and vm/profile.h.
description = vmxnet3 (page_pool under XDP), e1000e and virtio-net, each on its own PHB (index 1, 2, 3), wired to a virtio-net peer, disable_ddw=1: page_pool DMA through TCEs
machine = pseries,x-vof=on
cpu = POWER10
smp = 1
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
append = disable_ddw=1
device = spapr-pci-host-bridge,index=1,id=ppcst-pphb1
device = vmxnet3,bus=ppcst-pphb1.0,id=ppcst-nic-net0,netdev=net0,mac=52:54:00:c0:ff:01
device = spapr-pci-host-bridge,index=2,id=ppcst-pphb2
device = e1000e,bus=ppcst-pphb2.0,id=ppcst-nic-net1,netdev=net1,mac=52:54:00:c0:ff:03
device = spapr-pci-host-bridge,index=3,id=ppcst-pphb3
device = virtio-net-pci,bus=ppcst-pphb3.0,id=ppcst-nic-net2,netdev=net2,mac=52:54:00:c0:ff:04
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=net1,hubid=0
arg = -netdev hubport,id=net2,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
