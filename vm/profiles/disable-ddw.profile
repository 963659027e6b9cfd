# The default machine with the guest told not to use DDW (the disable_ddw
# early parameter): every device stays in its default 32-bit TCE window.
# Format: see default.profile and vm/profile.h.
description = default with disable_ddw=1 on the kernel command line: default TCE window only
include = default
append = disable_ddw=1
