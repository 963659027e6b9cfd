# The machine for iommu_ddw_basic's hotplug_alloc_fail: the guest has
# it hot-add a PHB while every allocation under iommu_init_table() fails.
# 6.12 panics ("Failed to initialize iommu table" in
# pci_dma_bus_setup_pSeriesLP, from dlpar_add_slot): expected to FAIL there.
# The machine is dma-direct's: iommu_ddw_basic's other subtests run here too,
# and its data tests refuse devices that bypass the IOMMU (the default
# profile's virtio does), so on default's machine the program failed with
# the fix as without it.
# Format: see default.profile and vm/profile.h.
description = dma-direct, opted in to the PHB hot-add under IOMMU table allocation failure (6.12 panics)
include = dma-direct
append = ppcst.hotplug_alloc_fault
