# reboot_loop's PCI devices without hot-pluggable memory: QEMU reports a
# maximum memory of 0 in ibm,lrdr-capacity, the 6.12 kernel asks
# ibm,create-pe-dma-window for a window shift of 0 and gets -3 at every boot
# (no DDW at all). reboot_loop reports exactly that; it is the set-up whose
# reboot crashed QEMU once a kernel did make a window (fixed in QEMU
# 10.0.5/10.1.1). Format: see default.profile and vm/profile.h.
description = reboot-noslots with -m 2G only: ibm,create-pe-dma-window fails (-3) at every boot
include = reboot-noslots
memory = 2G
