# pagepool_dlpar's three NICs in one machine (pagepool-machine.profile says
# why the machine is as it is; the default run gives each NIC a machine of
# its own: pagepool-vmxnet3, pagepool-e1000e, pagepool-virtio-net).
# Format: see default.profile and vm/profile.h.
description = vmxnet3 (page_pool under XDP), e1000e and virtio-net, each on its own PHB (index 1, 2, 3), wired to a virtio-net peer, disable_ddw=1: page_pool DMA through TCEs
include = pagepool-machine
device = spapr-pci-host-bridge,index=1,id=ppcst-pphb1
device = vmxnet3,bus=ppcst-pphb1.0,id=ppcst-nic-net0,netdev=net0,mac=52:54:00:c0:ff:01
arg = -netdev hubport,id=net0,hubid=0
device = spapr-pci-host-bridge,index=2,id=ppcst-pphb2
device = e1000e,bus=ppcst-pphb2.0,id=ppcst-nic-net1,netdev=net1,mac=52:54:00:c0:ff:03
arg = -netdev hubport,id=net1,hubid=0
device = spapr-pci-host-bridge,index=3,id=ppcst-pphb3
device = virtio-net-pci,bus=ppcst-pphb3.0,id=ppcst-nic-net2,netdev=net2,mac=52:54:00:c0:ff:04
arg = -netdev hubport,id=net2,hubid=0
