#!/usr/bin/env bash
# Prints the path of the testbed's prepared pmem image, making it the first
# time: $PPCST_CACHE/pmem/devdax-1G.img, the backing file of a 1 GiB spapr
# nvdimm with a 128 KiB label area holding one devdax namespace (labels and
# info block), for profiles with `memfile = ID SIZE pmem/devdax-1G.img`.
#
# Why prepared: writing a namespace's info block (ndctl create-namespace,
# destroy-namespace) makes Linux flush pmem with dcbstps (memcpy_flushcache,
# every CPU since POWER8), which QEMU's TCG rejects: the guest oopses with an
# illegal instruction. The data is in the file by then (the copy comes before
# the flush), so one guest boot that oopses once makes an image every later
# boot finds ready: the namespace comes up as dax0.0.
set -euo pipefail
. "$(dirname "$0")/common.sh"
[ $# = 0 ] || die "takes no arguments"

size=1073872896		# 1 GiB of pmem + 128 KiB of labels
out=$PPCST_CACHE/pmem/devdax-1G.img
mkdir -p "$PPCST_CACHE/pmem"
exec 8> "$PPCST_CACHE/.pmem-image.lock"
flock 8
# A valid image: the devdax info block at 4 KiB, a label index at 1 GiB.
valid() {
	[ "$(stat -c %s "$1")" = "$size" ] &&
	[ "$(dd if="$1" bs=4096 skip=1 count=1 2>/dev/null | head -c 15)" = NVDIMM_DAX_INFO ] &&
	[ "$(dd if="$1" bs=1M skip=1024 count=1 2>/dev/null | head -c 15)" = NAMESPACE_INDEX ]
}
if [ -f "$out" ] && valid "$out"; then
	echo "$out"
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f "$out.partial"
truncate -s "$size" "$out.partial"
cat > "$work/prepare.profile" <<PROFILE
description = one-off: write a devdax namespace onto a blank pmem image (vm/pmem-image.sh)
machine = pseries,x-vof=on,nvdimm=on
cpu = POWER10
memory = 2G,slots=4,maxmem=8G
object = memory-backend-file,id=pmem0,mem-path=$out.partial,size=$size,share=on
device = spapr-nvdimm,memdev=pmem0,label-size=128K,uuid=3a6a32ba-1f7d-4ef8-9c55-0bd3d1f7a8b1,id=nvdimm0
PROFILE
# The create oopses the guest (expected, see above) and leaves ndctl dead
# with the device lock held; the script then ends and the guest is stopped.
cat > "$work/prepare.sh" <<'GUEST'
ndctl create-namespace -m devdax -r region0 > /mnt/results/create.out 2>&1 &
for _ in $(seq 60); do
	{ dmesg; cat /mnt/results/create.out; } 2>/dev/null |
		grep -q 'memcpy_flushcache\|"mode":"devdax"' && break
	sleep 1
done
sync
GUEST
note "preparing $out (one guest boot; an Oops in memcpy_flushcache is expected)"
"$PPCST_TOP/vm/guest-script.sh" --results "$work/results" --timeout 120 \
	"$work/prepare.profile" "$work/prepare.sh" >/dev/null 2>"$work/log" || true
valid "$out.partial" || die "the guest did not write a devdax namespace into $out.partial (log: $(tail -n 3 "$work/log" | tr '\n' ' '))"
mv "$out.partial" "$out"
echo "$out"
