# dma-direct with 4K TCE pages only on the NIC's and the disk's PHBs: the
# direct DDW is built of 4K TCEs (2^49-byte window), not 16M ones.
# Format: see default.profile and vm/profile.h.
description = dma-direct with the NIC's and the disk's PHBs offering 4K TCE pages only: data through direct DDWs of 4K TCEs
device = spapr-pci-host-bridge,index=2,id=phb2,pgsz=0x1000
device = spapr-pci-host-bridge,index=3,id=phb3,pgsz=0x1000
# The PHBs first: the included NIC and disk sit on them (QEMU takes -device in order).
include = dma-devices
