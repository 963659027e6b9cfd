# pagepool_dlpar's machine: a vmxnet3 NIC on a PHB of its own, wired through a
# QEMU hub to a peer NIC, and the guest booted with disable_ddw=1, so that the
# NIC's page_pool maps its receive buffers through the PHB's 32-bit default
# window: every map and unmap goes through TCE management, which is where an
# unmap after the PHB's removal lands. QEMU: one PHB is one PE, so the TCE
# table belongs to the PHB, and the test DLPAR-removes the whole PHB (QMP
# device_del, carried out by the guest's rtas_errd + drmgr) and plugs it in
# again exactly as below (pagepool_dlpar.c: TB_PHB, TB_NIC - keep them equal).
# vmxnet3 (6.12) takes its receive buffers from a DMA-mapping page_pool only
# while an XDP program is attached: the test attaches an XDP_PASS one.
# Format: see default.profile and lib/vm_profile.h.
description = vmxnet3 on its own PHB (phb index 1, id ppcst-ppphb) wired to a virtio-net peer, disable_ddw=1: page_pool DMA through TCEs
machine = pseries,x-vof=on
cpu = POWER10
smp = 1
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
append = disable_ddw=1
device = spapr-pci-host-bridge,index=1,id=ppcst-ppphb
device = vmxnet3,bus=ppcst-ppphb.0,id=ppcst-ppnic,netdev=net0,mac=52:54:00:c0:ff:01
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
