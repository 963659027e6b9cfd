#!/usr/bin/env bash
# Re-record the partition states in this directory (README.md): boot the
# testbed on profile PROFILE, run iommu_ddw_basic in the guest, then keep the
# device tree, the kernel log and the debugfs TCE tables as NAME.*.
#
#   capture.sh PROFILE [NAME]        (NAME defaults to PROFILE)
set -euo pipefail
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 PROFILE [NAME]" >&2; exit 2; }
profile=$1 name=${2:-$1}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# In the guest: run the test, then copy the state out. /proc/device-tree is a
# symlink, so tar its target; debugfs files stat as empty, so cat them.
cat > "$work/capture-guest.sh" <<'GUEST'
./iommu_ddw_basic
rc=$?
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
# The test may fail (that is what no-maxmem records); the capture must exist.
"$top/vm/guest-script.sh" --results "$work/results" --timeout 300 "$profile" \
	"$work/capture-guest.sh" >/dev/null || true
cap=$work/results/capture
[ -f "$cap/dt.tar" ] || { echo "$0: the guest left no capture" >&2; exit 1; }
mkdir "$work/tree"
tar -C "$work/tree" -xf "$cap/dt.tar"
dtc -q -I fs -O dtb -o "$here/$name.dtb" "$work/tree/base"
cp "$cap/dmesg" "$here/$name.dmesg"
rm -rf "${here:?}/$name.iommu"
cp -r "$cap/iommu" "$here/$name.iommu"
echo "$here/$name.dtb"
