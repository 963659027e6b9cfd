#!/usr/bin/env bash
# Re-record the partition states in this directory (README.md): boot the
# testbed on profile PROFILE, run iommu_ddw_basic in the guest, then keep the
# device tree, the kernel log and the debugfs TCE tables as NAME.*.
#
#   capture.sh PROFILE [NAME]        (NAME defaults to PROFILE)
#
# Needs `make` done (build/target/iommu_ddw_basic, build/host/vmrun).
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 PROFILE [NAME]" >&2; exit 2; }
profile=$1 name=${2:-$1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
for f in "$top/build/target/iommu_ddw_basic" "$top/build/host/vmrun"; do
	[ -x "$f" ] || { echo "$0: no $f (make)" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/suite" "$work/results"
cp "$top/build/target/iommu_ddw_basic" "$work/suite/"
# vmrun's guest init runs the suite's run_all.sh: ours runs the one test and
# copies the state out.  /proc/device-tree is a symlink, so tar its target;
# debugfs files stat as empty, so cat them.
cat > "$work/suite/run_all.sh" <<'GUEST'
#!/bin/bash
cd "$(dirname "$0")"
echo "# ppcst: begin iommu_ddw_basic timeout=300"
timeout -s TERM 300 ./iommu_ddw_basic
rc=$?
echo "# ppcst: end iommu_ddw_basic"
out=/mnt/results/capture
mkdir -p $out/iommu
tar -C /sys/firmware/devicetree -cf $out/dt.tar base
dmesg > $out/dmesg
for d in /sys/kernel/debug/iommu/[0-9a-f]* /sys/kernel/debug/[0-9a-f]*; do
	[ -f $d/weight ] || continue
	mkdir -p $out/iommu/${d##*/}
	for f in $d/*; do cat $f > $out/iommu/${d##*/}/${f##*/}; done
done
exit $rc
GUEST
chmod +x "$work/suite/run_all.sh"
# The test may fail (that is what no-maxmem records); the capture must exist.
"$top/build/host/vmrun" --profile "$profile" --kernel "$("$top/vm/kbuild.sh")" \
	--rootfs "$("$top/vm/rootfs.sh")" --suite "$work/suite" \
	--results "$work/results" -- -t iommu_ddw_basic || true
cap=$work/results/capture
[ -f "$cap/dt.tar" ] || { echo "$0: the guest left no capture" >&2; exit 1; }
mkdir "$work/tree"
tar -C "$work/tree" -xf "$cap/dt.tar"
dtc -q -I fs -O dtb -o "$here/$name.dtb" "$work/tree/base"
cp "$cap/dmesg" "$here/$name.dmesg"
rm -rf "${here:?}/$name.iommu"
cp -r "$cap/iommu" "$here/$name.iommu"
echo "$here/$name.dtb"
