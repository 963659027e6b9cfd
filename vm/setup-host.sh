#!/usr/bin/env bash
# Install what the suite needs on this host, from Debian's archive (idempotent;
# a no-op when everything is there). Needs root for apt-get.
#   --quiet   print nothing when nothing is missing
set -euo pipefail
. "$(dirname "$0")/common.sh"
quiet=0
[ "${1:-}" = --quiet ] && quiet=1

# Build tools and libraries for the host side (lib/, vmrun, make check), and
# what the suite's scripts call: pgrep (procps), patch (known-bug kernels),
# python3 (make check reads summary.json and junit.xml with it);
# gnuplot-nox (report.html's plots: its SVG terminal, no X libraries); rsync
# (the kernel's selftests lib.mk installs with it: the kselftest drop-in);
# libclang-rt-dev: libFuzzer for clang (make fuzz; Debian 12: libclang-rt-14-dev);
# chromium: make check opens report.html in it, headless
# (tests/test_report_browser.sh; 115 packages on top of the others).
# Every package is named here: a fresh Debian 12 (tests/clean-room.sh) has
# none of them, and --no-install-recommends brings no extras.
pkgs=(make gcc clang libclang-rt-dev libc6-dev libjson-c-dev libnuma-dev libfdt-dev perl
      procps patch python3 gnuplot-nox rsync chromium)
if [ "$(uname -m)" != ppc64le ]; then
	# The testbed: cross compiler, kernel build, guest root, QEMU.
	# ipxe-qemu: QEMU loads each PCI NIC's option ROM (efi-virtio.rom,
	# efi-e1000e.rom, efi-vmxnet3.rom) when the device is created - at start
	# and at every hot-plug - and refuses to make the NIC without it, even
	# on pseries, where VOF never runs a ROM. It is only a Recommends of
	# qemu-system-ppc.
	pkgs+=(gcc-powerpc64le-linux-gnu libc6-dev-ppc64el-cross flex bison bc
	       libelf-dev libssl-dev ccache cpio xz-utils mmdebstrap
	       device-tree-compiler qemu-system-ppc qemu-utils ipxe-qemu)
	# The suite's own qemu-system-ppc64 (vm/qemu/build.sh): configure's
	# python venv, ninja, pkg-config and glib (libfdt-dev is above; 9p
	# uses glibc's xattr calls); meson comes from backports below.
	pkgs+=(python3-venv ninja-build pkg-config libglib2.0-dev)
fi
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
# QEMU 10.0 from bookworm-backports: 7.2 (bookworm) lacks the fixes and x-vof
# speed. Its source (vm/qemu/build.sh) configures with meson >= 1.5 and
# pycotap, which bookworm has too old or not at all: from backports as well.
bpo_pkgs=()
if [ "$(uname -m)" != ppc64le ] && grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
	for p in qemu-system-ppc qemu-utils meson python3-pycotap; do
		v=$(dpkg-query -W -f='${Status} ${Version}' "$p" 2>/dev/null || true)
		case $v in *'ok installed'*bpo12*) ;; *) bpo_pkgs+=("$p") ;; esac
	done
fi
want_bpo=0
[ ${#bpo_pkgs[@]} -eq 0 ] || want_bpo=1
# vm/qemu/build.sh fetches the source of the installed QEMU with apt-get
# source: backports' deb-src entry, in a file of its own (a host whose
# deb entry is someone else's keeps it as it is).
want_src=0
src_list=/etc/apt/sources.list.d/ppc-iommu-selftests-backports-src.sources
has_bpo_src() { # a sources file that names deb-src and bookworm-backports
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*; do
		[ -f "$f" ] && grep -qE '^(Types:.*deb-src|deb-src )' "$f" && grep -q bookworm-backports "$f" && return 0
	done
	return 1
}
if [ "$(uname -m)" != ppc64le ] && grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null &&
	! has_bpo_src; then
	want_src=1
fi
if [ ${#missing[@]} -eq 0 ] && [ $want_bpo -eq 0 ] && [ $want_src -eq 0 ]; then
	[ $quiet = 1 ] || note "all host packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them: apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q --no-install-recommends -o Dpkg::Use-Pty=0)
if [ $want_bpo = 1 ]; then
	src=/etc/apt/sources.list.d/ppc-iommu-selftests-backports.sources
	if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$src"
	fi
fi
[ $want_src = 0 ] ||
	printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$src_list"
note "installing: ${missing[*]} $([ $want_bpo = 1 ] && echo "+ from bookworm-backports: ${bpo_pkgs[*]}")$([ $want_src = 1 ] && echo " + backports' source index")"
# A mirror in sync may fail one index; what we need usually still resolves.
apt-get update -q >&2 || note "apt-get update reported errors; trying to install anyway"
# Those come from backports below: not bookworm's first.
[ $want_bpo = 0 ] || mapfile -t missing < <(printf '%s\n' "${missing[@]}" | grep -vxF -e '' "${bpo_pkgs[@]/#/-e}")
[ ${#missing[@]} -eq 0 ] || apt-get install "${apt_opts[@]}" "${missing[@]}" >&2
if [ $want_bpo = 1 ]; then
	apt-get install "${apt_opts[@]}" -t bookworm-backports "${bpo_pkgs[@]}" >&2
fi
