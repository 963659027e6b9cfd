# pmem_hotplug's machine: persistent memory that pmem_hotplug onlines as
# System RAM (daxctl) on a NUMA node of its own, and a device whose direct DDW
# does not reach it, as on PowerVM. Format: see default.profile and
# vm/profile.h.
description = spapr nvdimm (1G + 128K labels, devdax namespace, NUMA node 1), pci-testdev on a 4K-TCE PHB, NIC pair and scratch disk without DDW
include = pmem-base
# The device whose DDW misses pmem. With 4K TCE pages only, the guest cannot
# ask for a window as large as MAX_PHYSMEM_BITS, logs "Skipping ibm,pmemory"
# and sizes a direct window to ibm,lrdr-capacity, which pmem_hotplug lowers to
# the RAM size first (PowerVM's layout: pmem lies above the maximum memory);
# QEMU's own lrdr-capacity would cover the nvdimm and hide the bug.
device = spapr-pci-host-bridge,index=1,id=phb1,pgsz=0x1000
device = pci-testdev,bus=phb1.0,id=testdev0
