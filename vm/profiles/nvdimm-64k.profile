# The machine of docs/findings/qemu-ddw-uint32-tce-table.md: dma-direct's
# devices with 4K and 64K TCEs on every PHB (pgsz=0x11000) and an nvdimm
# (ibm,pmemory). Linux 6.12 then asks ibm,create-pe-dma-window for a 2^51
# window of 64K TCEs, 2^35 of them; stock QEMU 10.0.2 truncates the table's
# size to 32 bits (0) and answers -1, and the kernel still reports "direct
# mapping: 1". The suite's QEMU (vm/qemu/patches/0003-*) offers at most 2^31
# TCEs, and the kernel makes a direct window of its RAM instead.
# Format: see default.profile and vm/profile.h.
description = dma-direct with 4K+64K TCEs and an nvdimm: stock QEMU 10.0.2 fails the DDW's creation (-1), the suite's QEMU makes it
include = dma-direct
machine = pseries,x-vof=on,nvdimm=on
arg = -global spapr-pci-host-bridge.pgsz=0x11000
memfile = pmem0 1073872896 pmem/devdax-1G.img
device = spapr-nvdimm,memdev=pmem0,label-size=128K,uuid=3a6a32ba-1f7d-4ef8-9c55-0bd3d1f7a8b1,id=nvdimm0
