# An SR-IOV NIC in the pseries guest (docs/findings/sriov-pseries-qemu.md):
# QEMU's igb (82576, a PF offering 8 VFs, igbvf) on a PHB of its own, wired
# to a peer like pagepool's NICs. Not a profile of any test: Linux cannot
# enable VFs under QEMU's pseries machine (the finding says where it stops);
# the reproducer docs/findings/sriov-pseries-qemu.sh boots it.
description = igb (SR-IOV PF, 8 VFs) on PHB 4, wired to a virtio-net peer: where pseries SR-IOV stops under QEMU
include = default
device = spapr-pci-host-bridge,index=4,id=ppcst-sphb4
device = igb,bus=ppcst-sphb4.0,id=ppcst-igb0,netdev=igb0,mac=52:54:00:c0:ff:11
arg = -netdev hubport,id=igb0,hubid=1
