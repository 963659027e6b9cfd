# The testbed's default machine. Profile format (vm/profile.h has it all):
#   key = value, one per line; '#' starts a comment line.
#   description = ...   one line for `vmrun --list-profiles` (each file its own)
#   include = NAME      start from vm/profiles/NAME.profile
#   machine, cpu, smp, memory, boot-timeout   once each (-M, -cpu, -smp, -m)
#   append = ...        kernel command line words   (repeatable)
#   device = ...        -device ...                 (repeatable)
#   object = ...        -object ...                 (repeatable)
#   numa = ...          -numa ...                   (repeatable)
#   arg = ...           raw QEMU words, split at spaces (repeatable)
# The testbed adds the console, QMP, the 9p shares, the kernel and root=/init=.
# Copy this file to make a new machine; `include = default` to vary one thing.
description = 1 CPU, 2G RAM (slots=4,maxmem=8G), pci-testdev, virtio-net and virtio-blk each on its own PHB: direct DDW

machine = pseries,x-vof=on
cpu = POWER10
# One CPU: under TCG (QEMU 10.0.2, this 6.12 kernel) a 2-CPU guest hangs
# before init's first command in about 2 boots of 5 (both CPUs idle; XICS or
# XIVE, POWER9 or POWER10, MTTCG or not, MSI or INTx alike); see smp2.profile.
smp = 1
# maxmem makes QEMU offer a DDW large enough for all memory: a direct window.
memory = 2G,slots=4,maxmem=8G
boot-timeout = 120

# DDW state is per PHB: each device under test gets a PHB of its own.
device = spapr-pci-host-bridge,index=1,id=phb1
device = pci-testdev,bus=phb1.0,id=testdev0
# The NIC under test (lib/testbed/testbed.h: its MAC) is wired through a QEMU hub to
# a peer NIC on the default PHB; the guest puts the peer in a network
# namespace of its own, so traffic between them crosses both NICs.
device = spapr-pci-host-bridge,index=2,id=phb2
device = virtio-net-pci,bus=phb2.0,id=net0,netdev=net0,mac=52:54:00:c0:ff:01
device = virtio-net-pci,bus=pci.0,id=peer0,netdev=peer0,mac=52:54:00:c0:ff:02
arg = -netdev hubport,id=net0,hubid=0
arg = -netdev hubport,id=peer0,hubid=0
# A scratch disk (lib/testbed/testbed.h: its serial) for fio's verified O_DIRECT I/O.
scratch = scratch0 256M
device = spapr-pci-host-bridge,index=3,id=phb3
device = virtio-blk-pci,bus=phb3.0,id=disk0,drive=scratch0,serial=ppcst-scratch
