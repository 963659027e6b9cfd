#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/kselftest-dropin.sh with the kernel's own tools: the drop-in placed
# in a copy of what the selftests build reads of the cached kernel source
# (the cache is never written), built with the kernel's selftests Makefile
# (TARGETS=powerpc/iommu), installed with its kselftest_install.sh, and the
# installed files checked: each test a ppc64le ELF, settings and config
# there, run_kselftest.sh listing powerpc/iommu:NAME for each test. Bad input
# to the drop-in: one line, exit 2. Skips (exit 4) without the cached kernel
# source, the cross compiler, the ppc64el sysroot or rsync. TAP output.
#
#   tests/test_kselftest_dropin.sh      (make check runs it)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
skip() { echo "1..0 # SKIP $*"; exit 4; }
# A make of our own, not a sub-make of make check: lib.mk decides where its
# output goes by MAKELEVEL, and make check's flags are not the kernel's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

ksrc=$("$top/vm/ksrc.sh" --cached) || skip "no cached kernel source (make setup: vm/ksrc.sh)"
if [ "$(uname -m)" = ppc64le ]; then
	cross=()
else
	command -v powerpc64le-linux-gnu-gcc > /dev/null ||
		skip "powerpc64le-linux-gnu-gcc not found (make setup: gcc-powerpc64le-linux-gnu)"
	"$top/vm/rootfs.sh" --cached > /dev/null ||
		skip "no ppc64el guest root for the cross build's libnuma (make setup: vm/rootfs.sh)"
	cross=(ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu-)
fi
command -v rsync > /dev/null || skip "rsync not found, lib.mk installs with it (make setup)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/tests/support/tap.sh"

# What the selftests build of one target reads: the selftests Makefile,
# lib.mk and the kselftest files, powerpc/ (the drop-in goes in there),
# scripts/subarch.include (the Makefile's ARCH) and the DMA map benchmark's
# ABI header (lib/engines/map_bench.c).
tree=$work/linux
ksft=$tree/tools/testing/selftests
mkdir -p "$tree"
# shellcheck disable=SC2046 # the file names are the kernel's, without spaces
(cd "$ksrc" && cp -a --parents \
	$(find tools/testing/selftests -maxdepth 1 -type f) tools/testing/selftests/kselftest \
	tools/testing/selftests/powerpc/Makefile scripts/subarch.include \
	include/linux/map_benchmark.h "$tree/") ||
	skip "$ksrc lacks a file the selftests build reads"
dest=$ksft/powerpc/iommu
dropin=$top/tools/kselftest-dropin.sh
under_test=$dropin

check "drop-in: no argument: one line, exit 2" one_line_exit_2
check "drop-in: not a kernel tree: one line, exit 2" one_line_exit_2 "$work"
mkdir -p "$dest"
: > "$dest/foreign.c"
check "drop-in: refuses a powerpc/iommu of someone else's" one_line_exit_2 "$tree"
rm -rf "$dest"

placed() {
	run "$tree"
	[ "$rc" = 0 ] && [ "$out" = "$dest" ] && [ -f "$dest/Makefile" ] && [ -f "$dest/settings" ] &&
		[ -f "$dest/config" ] && [ -d "$dest/lib" ] && [ -f "$dest/mk/target.mk" ] && return
	echo "# rc=$rc out='$out' err='$err'"
	return 1
}
check "drop-in: placed in tools/testing/selftests/powerpc/iommu" placed
# The tests, through the settings' one reader (the drop-in has built it).
mapfile -t tests < <("$top/build/host/ppcst_settings" --file "$top/settings" tests)
[ ${#tests[@]} -gt 0 ] || { echo "# no tests in $top/settings"; exit 1; }
: > "$dest/stale"
check "drop-in: its own drop-in is replaced" placed
check "drop-in: ... entirely" test ! -e "$dest/stale"
# The kernel's powerpc/Makefile stays as it is (TARGETS=powerpc/iommu).
check "drop-in: powerpc/Makefile untouched" cmp -s "$ksrc/tools/testing/selftests/powerpc/Makefile" \
	"$ksft/powerpc/Makefile"

build() {
	make -C "$ksft" TARGETS=powerpc/iommu "${cross[@]}" -j2 > "$work/build.log" 2>&1 && return
	tail -n 20 "$work/build.log" | sed 's/^/# /'
	return 1
}
check "make -C tools/testing/selftests TARGETS=powerpc/iommu builds" build

inst=$work/install
mkdir "$inst"
install_ksft() {
	# kselftest_install.sh runs a plain make install: the target and the
	# cross build come as command-line variables through MAKEFLAGS (an
	# environment TARGETS= would be added to the Makefile's full list).
	(cd "$ksft" && MAKEFLAGS="TARGETS=powerpc/iommu ${cross[*]}" ./kselftest_install.sh "$inst") \
		> "$work/install.log" 2>&1 && return
	tail -n 20 "$work/install.log" | sed 's/^/# /'
	return 1
}
check "kselftest_install.sh installs" install_ksft

# The ELF header: 64-bit, little-endian, e_machine EM_PPC64 (21).
ppc64le_elf() {
	local h
	h=$(od -An -tx1 -N20 "$1" 2> /dev/null | tr -d ' \n')
	[ "${h:0:8}" = 7f454c46 ] && [ "${h:8:2}" = 02 ] && [ "${h:10:2}" = 01 ] && [ "${h:36:4}" = 1500 ] &&
		[ -x "$1" ] && return
	echo "# $1: header '$h'"
	return 1
}
for t in "${tests[@]}"; do
	check "installed: $t is a ppc64le ELF" ppc64le_elf "$inst/powerpc/iommu/$t"
done
check "installed: config is the suite's" cmp -s "$top/config" "$inst/powerpc/iommu/config"
check "installed: kmsg_allowlist is the suite's" cmp -s "$top/kmsg_allowlist" "$inst/powerpc/iommu/kmsg_allowlist"

# kselftest's runner takes the settings' timeout= for every test; the
# suite's reader still gives each test its own.
same_timeouts() {
	local t want got longest=0
	for t in "${tests[@]}"; do
		want=$("$top/build/host/ppcst_settings" --file "$top/settings" timeout "$t")
		got=$("$top/build/host/ppcst_settings" --file "$inst/powerpc/iommu/settings" timeout "$t") &&
			[ "$got" = "$want" ] || { echo "# $t: $got, not $want"; return 1; }
		[ "$want" -le "$longest" ] || longest=$want
	done
	got=$(sed -n 's/^timeout=//p' "$inst/powerpc/iommu/settings")
	[ "$got" = "$longest" ] || { echo "# timeout=$got, not the longest test's $longest"; return 1; }
}
check "installed: settings, timeout= the longest test's, each test's own kept" same_timeouts

listed() {
	local want got
	want=$(printf 'powerpc/iommu:%s\n' "${tests[@]}")
	got=$("$inst/run_kselftest.sh" -l)
	[ "$got" = "$want" ] && return
	echo "# listed: ${got//$'\n'/ }"
	return 1
}
check "run_kselftest.sh -l lists powerpc/iommu:NAME for each test, in order" listed

tap_end
