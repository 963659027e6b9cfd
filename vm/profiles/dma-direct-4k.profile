# dma-direct with every PHB offering 4K TCE pages only (the default PHB too):
# each direct DDW is built of 4K TCEs (window shift 33), not 16M ones.
# Format: see default.profile and vm/profile.h.
description = dma-direct with 4K TCE pages only on every PHB: data through direct DDWs of 4K TCEs
include = dma-direct
arg = -global spapr-pci-host-bridge.pgsz=4096
