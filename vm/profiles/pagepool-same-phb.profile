# pagepool_dlpar's machine, strict about the removed PHB's hotplug slots:
# a removal that leaves any of them registered fails, and each NIC goes back
# on the PHB index it was removed from (pagepool_dlpar.c: SAME_PHB_OPT_IN).
# 6.12.107 fails here in the first cycle (docs/findings/rpaphp-stale-slots.md);
# a kernel with vm/kernel/fixes/rpaphp-stale-slots.patch passes.
# Format: see default.profile and vm/profile.h.
description = pagepool-vmxnet3, strict: a DLPAR-removed PHB must leave no hotplug slot behind, and is re-added on its own index (6.12.107 fails: rpaphp stale slots)
include = pagepool-vmxnet3
append = ppcst.dlpar_same_phb
