#!/usr/bin/env bash
# Testbed figures: cached kernel lookup, one-file-change rebuild, cold lean
# kernel build (--cold: builds without ccache in a scratch cache, ~10 min on
# 2 cores), guest-root build time, and boot to the first test.
#
#   bench/testbed.sh [--cold]
#
# Targets (issue 3): boot to first test <= 5 s, cached kernel 0 s, cold lean
# kernel <= 8 min on 2 cores, one-file change <= 30 s. Prints figures only.
set -euo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
cold=0
[ "${1:-}" = --cold ] && cold=1

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }

vm/setup-host.sh --quiet
ksrc=$(vm/ksrc.sh)
vm/kbuild.sh >/dev/null 2>&1
printf 'kernel, cached (unchanged source and config): %.1f s\n' "$(seconds vm/kbuild.sh)"

# A one-file change: touch the pseries IOMMU code (what a bisect step changes).
touch "$ksrc/arch/powerpc/platforms/pseries/iommu.c"
printf 'kernel, one-file change (pseries/iommu.c): %.1f s\n' "$(seconds vm/kbuild.sh)"

if [ $cold = 1 ]; then
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	mkdir -p "$scratch/ksrc"
	ln -s "$ksrc" "$scratch/ksrc/$(basename "$ksrc")"
	printf 'kernel, cold lean build (no ccache, %s cores): %.0f s\n' "$(nproc)" \
		"$(PPCST_CACHE=$scratch CCACHE_DISABLE=1 seconds vm/kbuild.sh)"
fi

rootfs=$(vm/rootfs.sh)
printf 'guest root, first build (mmdebstrap extract): %s s (cached: %.1f s)\n' \
	"$(cat "$rootfs/.ppcst-build-seconds")" "$(seconds vm/rootfs.sh)"

# Boot to first test: vmrun records when the guest's boot marker appeared.
out=$(mktemp -d)
./run_all.sh --vm --results "$out" -t iommu_ddw_basic >/dev/null 2>&1 || true
if [ -r "$out/vm-outcome.json" ]; then
	printf 'boot to first test (default profile): %.1f s\n' \
		"$(sed -n 's/.*"boot_seconds": *\([0-9.]*\).*/\1/p' "$out/vm-outcome.json")"
fi
rm -rf "$out"
