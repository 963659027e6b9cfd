#!/usr/bin/env bash
# Boots the testbed once and runs a bash script of yours in the guest, in the
# directory of the built suite (build/target's programs), instead of the
# suite: for recording device-tree states (tests/data/*/capture.sh) and for
# benchmarks (bench/). The guest's /mnt/results is the results directory.
#
#   vm/guest-script.sh [--results DIR] [--timeout S] PROFILE SCRIPT [FILE...]
#
# FILEs are copied beside the programs. Prints the results directory (a
# temporary one unless --results) on stdout; exit: vmrun's (0 the script
# exited 0, 1 it failed or the guest broke, 3 the testbed broke).
set -euo pipefail
. "$(dirname "$0")/common.sh"
results='' timeout=900
while [ $# -gt 0 ]; do
	case $1 in
	--results) results=${2:?--results needs a directory}; shift 2 ;;
	--timeout) timeout=${2:?--timeout needs seconds}; shift 2 ;;
	-h|--help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
[ $# -ge 2 ] || die "usage: $0 [--results DIR] [--timeout S] PROFILE SCRIPT [FILE...]"
profile=$1 script=$2
shift 2
[ -r "$script" ] || die "cannot read $script"
"$PPCST_TOP/vm/setup-host.sh" --quiet
kernel=${KERNEL:-$("$PPCST_TOP/vm/kbuild.sh")}
rootfs=$("$PPCST_TOP/vm/rootfs.sh")
if suite_qemu_wanted; then
	QEMU=$("$PPCST_TOP/vm/qemu/build.sh") ||
		DIE_CODE=3 die "the suite's QEMU did not build (QEMU=qemu-system-ppc64 runs the stock one)"
	export QEMU
fi
make -s -C "$PPCST_TOP" all >&2
suite=$(mktemp -d)
trap 'rm -rf "$suite"' EXIT
results=${results:-$(mktemp -d)}
cp "$PPCST_TOP"/build/target/* "$suite/" 2>/dev/null || true
suite_kernel_tables "$suite" "$kernel"
[ $# -eq 0 ] || cp "$@" "$suite/"
# vmrun's guest init runs the suite's run_all.sh: here, the script, framed by
# the markers that give it a timeout (lib/testbed/testbed_protocol.h).
{
	echo '#!/bin/bash'
	echo 'cd "$(dirname "$0")"'
	echo "echo '# ppcst: begin $(basename "$script") timeout=$timeout'"
	echo "bash ./script.sh"
	echo 'rc=$?'
	echo "echo '# ppcst: end $(basename "$script")'"
	echo 'exit $rc'
} > "$suite/run_all.sh"
cp "$script" "$suite/script.sh"
chmod +x "$suite/run_all.sh"
rc=0
"$PPCST_TOP/build/host/vmrun" --profile "$profile" --kernel "$kernel" --rootfs "$rootfs" \
	--suite "$suite" --results "$results" --timeout $((timeout + 120)) >&2 || rc=$?
echo "$results"
exit $rc
