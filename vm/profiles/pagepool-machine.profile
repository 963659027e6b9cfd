# pagepool_dlpar's machine without its NICs: the peer NIC they are wired to
# through a QEMU hub, and the guest booted with disable_ddw=1 (below). The
# profiles pagepool (all three NICs), pagepool-vmxnet3, pagepool-e1000e and
# pagepool-virtio-net (one each) add the NICs.
#
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
description = pagepool_dlpar's machine without its NICs: a virtio-net peer, disable_ddw=1
machine = pseries,x-vof=on
cpu = POWER10
smp = 1
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120
append = disable_ddw=1
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02
arg = -netdev hubport,id=peer0,hubid=0
