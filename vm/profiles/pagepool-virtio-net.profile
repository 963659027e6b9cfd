# One of pagepool_dlpar's NICs in a machine of its own (pagepool-machine.profile
# says why the machine is as it is): each PHB brings 256 hotplug slots, and
# drmgr's PHB removal scans every slot of the machine for each of the
# removed PHB's 256 (docs/findings/drmgr-phb-slot-scan.md), so a removal
# here (2 PHBs, 513 slots) takes about half as long as in the three-NIC
# machine (4 PHBs, 1025 slots, and 255 more left behind by each removal on
# 6.12.107), and the three machines run side by side. The test skips the
# NICs a machine does not have.
# Format: see default.profile and vm/profile.h.
description = virtio-net, a control (no page_pool) on its own PHB (index 3) wired to a virtio-net peer, disable_ddw=1
include = pagepool-machine
device = spapr-pci-host-bridge,index=3,id=ppcst-pphb3
device = virtio-net-pci,bus=ppcst-pphb3.0,id=ppcst-nic-net2,netdev=net2,mac=52:54:00:c0:ff:04
arg = -netdev hubport,id=net2,hubid=0
