# The default machine without hot-pluggable memory: the 6.12 guest's
# ibm,create-pe-dma-window returns -3, so no DDW is made (the 32-bit default
# window only). Format: see default.profile and vm/profile.h.
description = default without slots/maxmem: ibm,create-pe-dma-window fails (-3), no DDW
include = default
memory = 2G
