# One of pagepool_dlpar's NICs in a machine of its own (pagepool-machine.profile
# says why the machine is as it is): each PHB brings 256 hotplug slots, and
# drmgr's PHB removal scans every slot of the machine for each of the
# removed PHB's 256 (docs/findings/drmgr-phb-slot-scan.md), so a removal
# here (2 PHBs, 513 slots) takes about half as long as in the three-NIC
# machine (4 PHBs, 1025 slots, and 255 more left behind by each removal on
# 6.12.107), and the three machines run side by side. The test skips the
# NICs a machine does not have.
# Format: see default.profile and vm/profile.h.
description = e1000e, a control (no page_pool) on its own PHB (index 2) wired to a virtio-net peer, disable_ddw=1
include = pagepool-machine
device = spapr-pci-host-bridge,index=2,id=ppcst-pphb2
device = e1000e,bus=ppcst-pphb2.0,id=ppcst-nic-net1,netdev=net1,mac=52:54:00:c0:ff:03
arg = -netdev hubport,id=net1,hubid=0
