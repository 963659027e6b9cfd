#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Places the suite as a kselftest target in a kernel tree:
# KERNEL_TREE/tools/testing/selftests/powerpc/iommu/ gets the test programs,
# lib/, settings, config, kmsg_allowlist, the suite's build fragments (mk/)
# and a lib.mk Makefile (mk/kselftest-dropin.mk), so that the kernel's own
# tools build, install and run it:
#
#   tools/kselftest-dropin.sh KERNEL_TREE
#   make -C KERNEL_TREE/tools/testing/selftests TARGETS=powerpc/iommu \
#        ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu-
#   cd KERNEL_TREE/tools/testing/selftests &&
#        TARGETS=powerpc/iommu ARCH=powerpc ./kselftest_install.sh DIR
#   DIR/run_kselftest.sh -c powerpc/iommu
#
# A drop-in placed before is replaced; any other powerpc/iommu is refused.
# The kernel's powerpc/Makefile is not touched: build it with
# TARGETS=powerpc/iommu (TARGETS=powerpc builds its SUB_DIRS only).
# ROOTFS=DIR: the ppc64el sysroot of a cross build (default: the suite's
# guest root, vm/rootfs.sh --cached), written into the drop-in's sysroot.mk.
# Prints the drop-in's directory. Exit: 0; 2 bad input or set-up.
set -euo pipefail
. "$(dirname "$0")/../vm/common.sh"

[ $# = 1 ] && [ "$1" != -h ] && [ "$1" != --help ] || die "usage: $0 KERNEL_TREE"
tree=$1
ksft=$tree/tools/testing/selftests
[ -f "$ksft/lib.mk" ] && [ -f "$ksft/kselftest_harness.h" ] ||
	die "$tree: not a kernel tree (no tools/testing/selftests/lib.mk and kselftest_harness.h)"
[ -d "$ksft/powerpc" ] || die "$tree: no tools/testing/selftests/powerpc"
dest=$ksft/powerpc/iommu
# Only a drop-in of ours is replaced: this marker says it is one.
marker=.ppcst-dropin
if [ -e "$dest" ] || [ -L "$dest" ]; then
	[ -d "$dest" ] && [ ! -L "$dest" ] && [ -f "$dest/$marker" ] ||
		die "$dest exists and is not a drop-in of this suite: move it away first"
fi

# The settings' timeout= for kselftest: its runner has one timeout per
# target (the settings' timeout=) and ignores the suite's timeout.NAME=, so
# the drop-in's is the longest test's; each program's harness still bounds
# its own cases (TEST_F_TIMEOUT). Read through ppcst_settings, the one
# reader of the settings file.
rootfs=${ROOTFS:-$("$PPCST_TOP/vm/rootfs.sh" --cached || true)}
make -s -C "$PPCST_TOP" KSRC="$tree" ${rootfs:+ROOTFS="$rootfs"} build/host/ppcst_settings >&2 ||
	die "could not build build/host/ppcst_settings"
settings_tool=$PPCST_TOP/build/host/ppcst_settings
src_settings=$PPCST_TOP/settings
mapfile -t tests < <("$settings_tool" --file "$src_settings" tests)
longest=0
declare -A timeout_of=()
for t in "${tests[@]}"; do
	timeout_of[$t]=$("$settings_tool" --file "$src_settings" timeout "$t")
	[ "${timeout_of[$t]}" -le "$longest" ] || longest=${timeout_of[$t]}
done

mapfile -t files < <(make -s -C "$PPCST_TOP" dropin-files)
[ ${#files[@]} -gt 0 ] || die "make dropin-files listed nothing"

# Made beside, then moved in: a failed drop-in leaves the old one as it was.
work=$(mktemp -d "$ksft/powerpc/.iommu-dropin.XXXXXX")
trap 'rm -rf "$work"' EXIT
(cd "$PPCST_TOP" && cp --parents -- "${files[@]}" "$work/")
mv "$work/mk/kselftest-dropin.mk" "$work/Makefile"
{
	sed -n '/^timeout=/q;p' "$src_settings"
	echo "# kselftest's runner (run_kselftest.sh) gives every test of this target"
	echo "# timeout= seconds: the longest test's (tools/kselftest-dropin.sh)."
	echo "timeout=$longest"
	sed '1,/^timeout=/d' "$src_settings"
} > "$work/settings"
# Every test keeps its own timeout for the suite's reader.
for t in "${tests[@]}"; do
	got=$("$settings_tool" --file "$work/settings" timeout "$t") ||
		die "the drop-in's settings do not parse"
	[ "$got" = "${timeout_of[$t]}" ] ||
		die "test $t has no timeout.$t= line: raising timeout= to $longest would change its ${timeout_of[$t]} s"
done

if [ -n "$rootfs" ]; then
	[ -f "$rootfs/usr/lib/powerpc64le-linux-gnu/libnuma.a" ] ||
		die "ROOTFS=$rootfs has no usr/lib/powerpc64le-linux-gnu/libnuma.a"
	echo "ROOTFS ?= $rootfs" > "$work/sysroot.mk"
else
	note "no ppc64el sysroot (make setup, or ROOTFS=DIR): a cross build will need ROOTFS=DIR"
fi
echo "placed by ppc-iommu-selftests tools/kselftest-dropin.sh from $PPCST_TOP" \
	"($(git -C "$PPCST_TOP" describe --always --dirty 2>/dev/null || echo 'not a git tree'))" \
	> "$work/$marker"
chmod 0755 "$work"

rm -rf "$dest"
mv "$work" "$dest"
trap - EXIT
echo "$dest"
