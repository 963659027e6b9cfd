# dma-direct with the guest told not to use DDW (the disable_ddw early
# parameter): every device maps through its PHB's 32-bit default window,
# TCE by TCE (1 GiB, 262144 4K TCEs in QEMU), as a device with a 32-bit mask
# does anywhere.
# Format: see default.profile and vm/profile.h.
description = dma-direct with disable_ddw=1: data through the 32-bit default windows, TCEs mapped per buffer
include = dma-direct
append = disable_ddw=1
