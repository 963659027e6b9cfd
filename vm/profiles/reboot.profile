# reboot_loop's main machine: its PCI devices (reboot-noslots.profile), memory
# slots and maxmem, and an spapr nvdimm (an empty 256M region) whose
# papr_scm/pmem set-up runs again at every boot and kexec.
# Format: see default.profile and vm/profile.h.
description = reboot-noslots with slots=4,maxmem=8G and a 256M spapr nvdimm: direct DDWs
include = reboot-noslots
machine = pseries,x-vof=on,nvdimm=on
memory = 2G,slots=4,maxmem=8G
memfile = rpmem0 268566528
device = spapr-nvdimm,memdev=rpmem0,label-size=128K,uuid=5d0ac1c4-7d6b-4c57-9a4b-2f0d3c1e9b21,id=nvdimm0
