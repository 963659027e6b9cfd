#!/usr/bin/env bash
# reboot_loop's figures in the testbed: reboots (guest-initiated), QMP
# resets and kexec cycles per minute, per profile. A cycle is the time from
# one boot's marker to the next one's: the guest's dump of its DMA state, the
# reboot/reset/kexec itself and the boot up to init.
#
#   bench/reboot_loop.sh [CYCLES [PROFILE...]]   (default 5; reboot reboot-noslots)
#
# CYCLES is the bench's own count, passed to the program explicitly;
# settings (env.reboot_loop.PPCST_REBOOT_CYCLES) is the suite's run.
#
# Runs build/host/reboot_loop (make) with the testbed's kernel and guest root.
# Prints figures only; nothing is judged (a failing boot is named, though).
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-5}
case $cycles in '' | *[!0-9]* | 0) echo "bench/reboot_loop.sh: CYCLES must be a number" >&2; exit 2 ;; esac
shift $(($# > 0 ? 1 : 0))
[ $# -gt 0 ] || set -- reboot reboot-noslots
make -s all
kernel=${KERNEL:-$(vm/kbuild.sh)}
rootfs=$(vm/rootfs.sh)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
args=()
for p in "$@"; do args+=(--profile "$p"); done
build/host/reboot_loop --kernel "$kernel" --rootfs "$rootfs" --results "$out" \
	--cycles "$cycles" "${args[@]}" > "$out/tap" 2>&1 || true
echo "reboot_loop, $cycles cycle(s) of each kind, $(qemu-system-ppc64 --version | head -n 1)"
sed -n 's/^# \([^ ]*\): \([a-z]*\) cycles: \([0-9]*\), \([0-9.]*\) s each on average, \([0-9.]*\) per minute$/\1: \2 \5 per minute (\4 s per cycle, \3 cycles)/p' "$out/tap" |
	sed 's/: reboot /: reboots /; s/: reset /: resets /'
grep '^not ok' "$out/tap" || true
