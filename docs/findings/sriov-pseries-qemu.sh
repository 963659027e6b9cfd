#!/bin/bash
# Reproducer of docs/findings/sriov-pseries-qemu.md, run in a testbed guest
# with an SR-IOV-capable kernel:
#
#   KERNEL=$(vm/kbuild.sh --fragment vm/kernel/sriov.config) \
#       vm/guest-script.sh sriov-igb docs/findings/sriov-pseries-qemu.sh
#
# Finds QEMU's igb PF (8086:10c9), shows what the kernel made of its SR-IOV
# capability and of the firmware's device tree, and asks for 2 VFs through
# sysfs. Exit 0: VFs came up (the suite could test them under DLPAR); exit 1:
# they did not, and the output says at which step.
set -u
pf=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x8086 ] && [ "$(cat "$d/device")" = 0x10c9 ] && pf=$d
done
[ -n "$pf" ] || { echo "# no igb PF (8086:10c9) in the guest"; exit 1; }
echo "# PF ${pf##*/}, driver: $(basename "$(readlink "$pf/driver" 2>/dev/null || echo none)")"
zcat /proc/config.gz | grep -q '^CONFIG_PCI_IOV=y' || { echo "# kernel without CONFIG_PCI_IOV"; exit 1; }
echo "# sriov_totalvfs: $(cat "$pf/sriov_totalvfs" 2>&1)"
echo "# IOV BARs (resource lines 8-13: start end flags):"
sed -n '8,13p' "$pf/resource" | sed 's/^/#   /'
of=$(cat "$pf/devspec" 2>/dev/null)
echo "# device-tree node: /proc/device-tree$of"
for p in ibm,is-open-sriov-pf ibm,open-sriov-vf-bar-info ibm,number-of-configurable-vfs ibm,open-sriov-map-pe-number; do
	if [ -e "/proc/device-tree$of/$p" ]; then echo "#   $p: present"; else echo "#   $p: absent"; fi
done
echo "# kernel log about SR-IOV so far:"
dmesg | grep -iE 'sr-?iov|IOV|VF' | sed 's/^/#   /'
echo "# echo 2 > sriov_numvfs"
if echo 2 > "$pf/sriov_numvfs"; then
	echo "# sriov_numvfs now $(cat "$pf/sriov_numvfs"); VFs:"
	ls -d "$pf"/virtfn* 2>/dev/null | sed 's/^/#   /'
	[ "$(cat "$pf/sriov_numvfs")" -gt 0 ] && exit 0
fi
echo "# kernel log after the request:"
dmesg | tail -n 8 | sed 's/^/#   /'
exit 1
