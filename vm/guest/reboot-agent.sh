#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest side of reboot_loop (reboot_loop.c): the host installs it as
# run_all.sh of a suite share of its own, so the guest's init
# (vm/guest/init) runs it after every boot, warm or kexec'd alike:
#
#   run_all.sh --native --job-dir /mnt/results ACTION...
#
# ACTION i (reboot, reset, kexec) is what follows boot i; the boot past the
# last one ends the loop (exit 0: init powers off). Which boot this is comes
# from the counter file /mnt/results/.ppcst-cycle, which survives all three.
# Each boot leaves its DMA state in /mnt/results/cycle-N/ for the host to
# judge (lib/dma/dt.h, lib/dma/ddw_check.h):
#   dt.tar    /sys/firmware/devicetree/base (what the kernel added included)
#   pci.txt   one line per PCI device: ADDR DMA-MASK-BITS DRIVER DEVSPEC
#   dmesg     the kernel log of this boot (enable_ddw's runs)
#   cmdline   /proc/cmdline
# then prints "# ppcst: cycle N ready next=ACTION" and does it:
#   reboot    reboot -f (rtas system-reboot: QEMU resets the machine)
#   reset     waits for the host's QMP system_reset
#   kexec     kexec -l /mnt/suite/vmlinux with this boot's command line,
#             then kexec -e (no shutdown: the kernel hands over its DDWs)
# A step that fails prints "# ppcst: cycle N error TEXT" and exits 1.
# (Shares, job file and markers: lib/testbed/testbed_protocol.h.)
set -u
B=/bin/busybox
say() { echo "# ppcst: $*"; }

while [ $# -gt 0 ]; do
	case $1 in
	--native) shift ;;
	--job-dir) shift 2 ;;
	*) break ;;
	esac
done
res=/mnt/results
n=$(cat "$res/.ppcst-cycle" 2> /dev/null) || n=0
case $n in '' | *[!0-9]*) n=0 ;; esac
actions=("$@")
next=${actions[$n]:-end}
fail() { say "cycle $n error $*"; exit 1; }

dir=$res/cycle-$n
mkdir -p "$dir" || fail "cannot create $dir"
$B tar -C /sys/firmware/devicetree -cf "$dir/dt.tar" base || fail "cannot tar the device tree"
for d in /sys/bus/pci/devices/*; do
	[ -e "$d" ] || continue
	bits=$(cat "$d/dma_mask_bits" 2> /dev/null) || bits=0
	drv=-
	[ -e "$d/driver" ] && drv=$($B basename "$($B readlink "$d/driver")")
	spec=$(cat "$d/devspec" 2> /dev/null) || spec=
	echo "${d##*/} $bits $drv ${spec:--}"
done > "$dir/pci.txt"
$B dmesg > "$dir/dmesg"
cat /proc/cmdline > "$dir/cmdline"
echo $((n + 1)) > "$res/.ppcst-cycle" || fail "cannot advance the cycle counter"
$B sync
say "cycle $n ready next=$next"

case $next in
reboot)
	$B reboot -f
	fail "reboot -f returned" ;;
reset)
	# The host resets the machine; nothing here may end first.
	exec $B sleep 2147483647 ;;
kexec)
	[ -x /sbin/kexec ] || fail "no /sbin/kexec in the guest root (kexec-tools)"
	/sbin/kexec -l /mnt/suite/vmlinux --append="$(cat /proc/cmdline)" 2>&1 ||
		fail "kexec -l failed"
	$B sync
	/sbin/kexec -e 2>&1
	fail "kexec -e returned" ;;
end) exit 0 ;;
*) fail "unknown action '$next'" ;;
esac
