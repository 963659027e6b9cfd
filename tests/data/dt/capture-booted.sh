#!/usr/bin/env bash
# Re-create the booted-guest device-tree blobs in this directory.  The kernel
# only writes linux,direct64-ddr-window-info / linux,dma64-ddr-window-info and
# the CAS-negotiated ibm,dynamic-reconfiguration-memory at run time, so
# 'dumpdtb' cannot show them: boot the suite's kernel, tar /proc/device-tree
# onto a 9p share, and turn the tree back into a blob with 'dtc -I fs'.
#
#   capture-booted.sh NAME [extra qemu args...]   -> NAME.dtb, NAME.dmesg
#
# Needs vm/kbuild.sh (vmlinux) and vm/rootfs.sh (static busybox).
# PPCST_KEEP=1 keeps the work directory (console.log) for debugging;
# PPCST_DT_TIMEOUT (s, default 900): a TCG boot on a busy 2-CPU host took
# longer than 300 s.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 NAME [qemu args...]" >&2; exit 2; }
name=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
vmlinux=$("$top/vm/kbuild.sh")
busybox=$("$top/vm/rootfs.sh")/bin/busybox
work=$(mktemp -d)
trap '[ -n "${PPCST_KEEP:-}" ] || rm -rf "$work"' EXIT

# The kernel has no initrd support: the guest's root is a 9p share of
# $work/root (busybox, the init below, out/ for the results).
mkdir -p "$work/root/bin" "$work/root/out" "$work/root/proc" "$work/root/sys" \
	"$work/root/dev" "$work/root/tmp"
cp "$busybox" "$work/root/bin/busybox"
# The guest's whole job: expose the tree, optionally make a driver ask for
# 64-bit DMA (PPCST_DT_BENCH=<pci addr>: bind it to dma_map_benchmark and run
# the ioctl helper), copy the tree and the debugfs TCE tables (before and
# after) out, power off.  debugfs files stat as empty, so they are copied
# with cat, not tar.
cat > "$work/root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t debugfs debugfs /sys/kernel/debug
iommu_copy() {
	for f in /sys/kernel/debug/iommu/*/*; do
		d=/out/$1/$(basename $(dirname $f))
		mkdir -p $d
		cat $f > $d/$(basename $f)
	done
}
iommu_copy iommu-before
bench=$(sed -n 's/.*ppcst_bench=\([^ ]*\).*/\1/p' /proc/cmdline)
if [ -n "$bench" ]; then
	echo dma_map_benchmark > /sys/bus/pci/devices/$bench/driver_override
	echo $bench > /sys/bus/pci/drivers/dma_map_benchmark/bind
	/out/map_bench64 > /out/bench.log 2>&1
fi
iommu_copy iommu-after
tar -C /proc -cf /out/dt.tar device-tree
dmesg > /out/dmesg
sync
poweroff -f
INIT
chmod +x "$work/root/init"
if [ -n "${PPCST_DT_BENCH:-}" ]; then
	"${CROSS_COMPILE:-powerpc64le-linux-gnu-}gcc" -static -O2 -Wall -Werror \
		-o "$work/root/out/map_bench64" "$here/map_bench64.c"
fi

timeout "${PPCST_DT_TIMEOUT:-900}" qemu-system-ppc64 -M pseries,x-vof=on -cpu POWER10 -smp 2 \
	-nographic -no-reboot -kernel "$vmlinux" \
	-append "console=hvc0 root=root rootfstype=9p rootflags=trans=virtio,version=9p2000.L rw init=/init${PPCST_DT_BENCH:+ ppcst_bench=$PPCST_DT_BENCH}" \
	-virtfs local,path="$work/root",mount_tag=root,security_model=none \
	"$@" > "$work/console.log" 2>&1 ||
	{ tail -20 "$work/console.log" >&2; echo "$0: guest failed" >&2; exit 1; }
mkdir "$work/tree"
tar -C "$work/tree" -xf "$work/root/out/dt.tar"
dtc -q -I fs -O dtb -o "$here/$name.dtb" "$work/tree/device-tree"
cp "$work/root/out/dmesg" "$here/$name.dmesg"
[ ! -f "$work/root/out/bench.log" ] || cp "$work/root/out/bench.log" "$here/$name.bench"
rm -rf "$here/$name.iommu-before" "$here/$name.iommu-after"
cp -r "$work/root/out/iommu-before" "$here/$name.iommu-before"
cp -r "$work/root/out/iommu-after" "$here/$name.iommu-after"
echo "$here/$name.dtb"
