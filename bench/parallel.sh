#!/usr/bin/env bash
# The planner's side-by-side guests: the same suite run twice in one go,
# one guest at a time (-j 1) and as many as the host has cores (-j N), with
# each run's wall time, its verdict line and the ratio. Prints figures only;
# the ratio is the figure (both runs share this host's noise).
#
#   bench/parallel.sh [-j N] [run_all.sh --vm options, e.g. -t iommu_ddw_basic]
#
# Default: the whole default suite (about 25 min at -j 1 under TCG on 2 cores).
# KERNEL=VMLINUX: that kernel instead of the default build.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
if [ "${1:-}" = -j ]; then
	jobs=${2:?-j needs a number}
	shift 2
fi
out=results/bench-parallel-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"

# Runs the suite with -j $1 into $out/j$1; prints its wall time in seconds.
run() {
	local start rc=0
	start=$(date +%s)
	./run_all.sh --vm -j "$1" --results "$out/j$1" "${@:2}" > "$out/j$1.out" 2>&1 || rc=$?
	echo "$(($(date +%s) - start))"
	echo "-j $1: exit $rc, $(tail -n 1 "$out/j$1.out")" >&2
}

# Built once before either is timed: neither run pays for the kernel or suite.
make -s setup all > /dev/null
[ -n "${KERNEL:-}" ] || vm/kbuild.sh > /dev/null
one=$(run 1 "$@")
many=$(run "$jobs" "$@")
echo "suite: ${*:-default}"
echo "-j 1: $one s wall"
echo "-j $jobs: $many s wall"
awk -v a="$one" -v b="$many" -v j="$jobs" \
	'BEGIN { printf "-j %d / -j 1: %.2f (speed-up %.2fx)\n", j, b / a, a / b }'
