# reboot_loop's PCI devices without memory slots: hot-pluggable memory up to
# maxmem but no slot to plug it into (QEMU still reports maxmem in
# ibm,lrdr-capacity). The devices are those whose drivers ask for 64-bit DMA
# at probe, so each PHB gets its DDW at boot (the crash after the pmem-notifier
# fix needed nothing more than a USB controller and a reboot).
# reboot.profile adds the slots and an nvdimm, reboot-no-maxmem.profile takes
# maxmem away. Format: see default.profile and vm/profile.h.
description = xhci, virtio-net, nvme, e1000e each on its own PHB; 2G,maxmem=8G without slots: direct DDWs
machine = pseries,x-vof=on
cpu = POWER10
smp = 1
memory = 2G,maxmem=8G
boot-timeout = 120
device = spapr-pci-host-bridge,index=1,id=phb1
device = qemu-xhci,bus=phb1.0,id=xhci0
device = spapr-pci-host-bridge,index=2,id=phb2
device = virtio-net-pci,bus=phb2.0,id=net0,netdev=net0,mac=52:54:00:c0:ff:11
scratch = nvme0 64M
device = spapr-pci-host-bridge,index=3,id=phb3
device = nvme,bus=phb3.0,id=nvme0,drive=nvme0,serial=ppcst-reboot
device = spapr-pci-host-bridge,index=4,id=phb4
device = e1000e,bus=phb4.0,id=net1,netdev=net1,mac=52:54:00:c0:ff:12
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=net1,hubid=0
