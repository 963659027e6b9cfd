# shellcheck shell=bash
# Shared by the suite's shell tests that boot real guests
# (tests/test_vm_outcomes.sh, tests/test_reboot_loop.sh): source it, then
#
#   vm_test_begin PROGRAM NAME
#
# prints the TAP header, skips the whole file (exit 4) when PROGRAM is not
# built or the testbed's kernel (PPCST_VMLINUX=, else vm/kbuild.sh), guest
# root (PPCST_ROOTFS=, else vm/rootfs.sh) or QEMU is missing, and sets
# $kernel, $rootfs and $work (a scratch directory removed at exit unless
# KEEP=1). check NAME RESULT records one subtest ("ok" or the reason it
# failed); vm_test_end exits 0 when none failed.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=0
failed=0

vm_test_begin() {
	echo "TAP version 13"
	if [ ! -x "$1" ]; then
		echo "1..0 # SKIP $1 not built (make)"
		exit 4
	fi
	kernel=${PPCST_VMLINUX:-$("$top/vm/kbuild.sh")} || { echo "1..0 # SKIP no test kernel (vm/kbuild.sh failed)"; exit 4; }
	rootfs=${PPCST_ROOTFS:-$("$top/vm/rootfs.sh")} || { echo "1..0 # SKIP no guest root (vm/rootfs.sh failed)"; exit 4; }
	command -v "${QEMU:-qemu-system-ppc64}" > /dev/null || { echo "1..0 # SKIP QEMU not found"; exit 4; }
	work=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
	trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
}

check() { # NAME RESULT: record one subtest
	n=$((n + 1))
	if [ "$2" = ok ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 # $2"
		failed=$((failed + 1))
	fi
}

vm_test_end() {
	[ $failed = 0 ]
}
