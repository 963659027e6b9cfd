#!/usr/bin/env bash
# `git bisect run` wrapper: run it from inside a Linux kernel git tree.
#
#   git bisect start BAD GOOD
#   git bisect run /path/to/ppc-iommu-selftests/vm/bisect.sh -t pmem_hotplug
#
# Builds the checked-out commit with the suite's config (out of tree, in the
# cache: the tree stays clean), boots it in the testbed, runs the chosen tests
# (any run_all.sh option: -t, --profile, --timeout) and exits 0 good, 1 bad,
# 125 untestable: the kernel did not build, the testbed did not boot, every
# test skipped. Never a false good or bad for a broken build.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tree=$(git rev-parse --show-toplevel 2>/dev/null) ||
	{ echo "bisect.sh: run it inside a kernel git tree" >&2; exit 125; }
[ -d "$tree/arch/powerpc" ] || { echo "bisect.sh: $tree is no Linux tree" >&2; exit 125; }
"$here/../run_all.sh" --vm --bisect --ksrc "$tree" "$@"
rc=$?
case $rc in 0|1|125) exit $rc ;; *) exit 125 ;; esac
