# The default machine with 2 CPUs. Under TCG (QEMU 10.0.2, the 6.12 test
# kernel) about 2 boots in 5 hang between "Run /ppcst-init" and init's first
# command, both CPUs idle (vmrun reports boot-timeout with the NMI backtraces);
# use it under KVM, or to chase that hang. Format: see default.profile.
description = default with 2 CPUs (under TCG ~40% of boots hang before init runs)
include = default
smp = 2
