#!/usr/bin/env bash
# Build the suite's own qemu-system-ppc64: Debian's source of the QEMU
# installed (qemu-system-ppc), Debian's patches, then ours
# (vm/qemu/patches/*.patch, in name order: the DMA-window layouts stock QEMU
# cannot make), configured for ppc64-softmmu and what the profiles use only.
#
#   vm/qemu/build.sh [--cached]
#
# Prints the path of the binary on stdout. Cached in $PPCST_CACHE/qemu/<key>/
# by the source version, our patches' diffs (not their descriptions) and the
# configure options: an unchanged QEMU costs nothing, a changed patch
# rebuilds only what it touches (one source tree and build directory per
# source version, in $PPCST_CACHE/qemu/work/).
#   --cached   only print it if it is built already (no build; exit 1)
# Exit codes: 0 built, 1 not cached (--cached), 2 bad usage, 3 did not build.
set -euo pipefail
. "$(dirname "$0")/../common.sh"

cached_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--cached) cached_only=1; shift ;;
	-h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done

# The source of the QEMU installed: its firmware (SLOF, VOF, the NICs' ROMs,
# which Debian's +ds source does not carry) is what ours loads.
if ! src_pkg=$(dpkg-query -W -f='${source:Package}' qemu-system-ppc 2>/dev/null) ||
	! src_ver=$(dpkg-query -W -f='${source:Version}' qemu-system-ppc 2>/dev/null); then
	DIE_CODE=3 die "qemu-system-ppc is not installed (run vm/setup-host.sh)"
fi
# Debian's rules' firmware path; ppc64-softmmu only, with what vm/qemu.c and
# the profiles use (TCG, virtio, 9p on glibc's xattr calls, nvdimm, the PCI
# NICs, edu: default devices), no GUI, docs, tools or user mode. Features are
# asked for by name (--without-default-features): the build does not depend
# on what else is installed here. Nothing is downloaded (libfdt is the
# system's) and no firmware installed (Debian's +ds source has none).
# Debian's python3: meson is its package (a pyenv python lacks it).
firmware=(/usr/share/qemu /usr/share/seabios /usr/lib/ipxe/qemu)
configure_opts=(--target-list=ppc64-softmmu --prefix=/usr --python=/usr/bin/python3
	--firmwarepath="$(IFS=:; echo "${firmware[*]}")"
	--without-default-features --disable-download --disable-docs
	--disable-user --disable-tools --disable-guest-agent --disable-werror
	--disable-install-blobs
	--enable-system --enable-fdt=system --enable-attr --enable-virtfs)
patches=()
for p in "$PPCST_TOP"/vm/qemu/patches/*.patch; do [ -e "$p" ] && patches+=("$p"); done
# A patch is known by its diff, not by the description above it (as
# vm/kbuild.sh's patch_body: editing a patch's header costs no build).
patch_body() { sed -n '/^--- /,$p' "$1"; }
patches_id=
for p in "${patches[@]}"; do patches_id+=":$(patch_body "$p" | sha256sum | cut -c1-16)"; done
key=$(printf '%s\n%s\n%s\n' "$src_pkg=$src_ver" "$patches_id" "${configure_opts[*]}" | sha256sum | cut -c1-20)
out=$PPCST_CACHE/qemu/$key

use_cached() {
	[ -x "$out/bin/qemu-system-ppc64" ] || return 0
	note "cached: $out/bin/qemu-system-ppc64"
	echo "$out/bin/qemu-system-ppc64"
	exit 0
}
# A built QEMU went into place whole (mv): handed out without the lock.
use_cached
[ $cached_only = 0 ] || exit 1
mkdir -p "$PPCST_CACHE/qemu"
exec 9> "$PPCST_CACHE/qemu/.lock"
flock 9
use_cached

if ! command -v meson >/dev/null || ! command -v ninja >/dev/null; then
	DIE_CODE=3 die "meson or ninja missing (run vm/setup-host.sh)"
fi
ver_dir=${src_ver//[^A-Za-z0-9.+-]/_}
work=$PPCST_CACHE/qemu/work/$ver_dir
tree=$work/src
build=$work/build
log=$work/build.log

# The source once per version: apt-get source's files (verified by apt
# against the signed Sources index), unpacked, Debian's series applied, as a
# git tree whose first commit is what our patches apply to.
fetch_source() {
	local dl orig deb
	command -v apt-get >/dev/null || DIE_CODE=3 die "no apt-get: cannot fetch QEMU's source"
	dl=$(mktemp -d "$PPCST_CACHE/qemu/fetch.XXXXXX")
	# apt's _apt user cannot write into root's cache; download where it can.
	chmod 0777 "$dl"
	note "fetching $src_pkg=$src_ver's source (once; cached in $work)"
	(cd "$dl" && apt-get source --download-only -q "$src_pkg=$src_ver" >&2) ||
		note "apt-get source did not fetch every file of $src_pkg=$src_ver"
	orig=$(find "$dl" -maxdepth 1 -name "${src_pkg}_*.orig.tar.*" | head -n1)
	deb=$(find "$dl" -maxdepth 1 -name "${src_pkg}_*.debian.tar.*" | head -n1)
	[ -n "$orig" ] || { rm -rf "$dl"; DIE_CODE=3 die "cannot download $src_pkg=$src_ver's source (run vm/setup-host.sh: it adds backports' deb-src entry)"; }
	rm -rf "$work"
	mkdir -p "$tree.partial"
	tar -xf "$orig" -C "$tree.partial" --strip-components=1
	if [ -n "$deb" ]; then
		tar -xf "$deb" -C "$tree.partial"
		# debian/patches/series: a patch a line, '#' comments, an
		# optional -pN after the name (quilt's format).
		local name opt
		while read -r name opt; do
			case $name in ''|'#'*) continue ;; esac
			patch -d "$tree.partial" --quiet --forward "${opt:--p1}" < "$tree.partial/debian/patches/$name" ||
				{ rm -rf "$dl"; DIE_CODE=3 die "Debian's patch $name does not apply"; }
		done < "$tree.partial/debian/patches/series"
		echo "applied: $(grep -cvE '^[[:space:]]*(#|$)' "$tree.partial/debian/patches/series")" > "$tree.partial/.ppcst-debian-patches"
	else
		# A mirror that serves only the upstream tarball (seen: the .dsc
		# and .debian.tar.xz of a backport 404): upstream's source.
		note "no ${src_pkg}_*.debian.tar.* from the archive: building upstream's source without Debian's patches"
		echo "none: the archive served no debian tarball" > "$tree.partial/.ppcst-debian-patches"
	fi
	rm -rf "$dl"
	git -C "$tree.partial" init -q
	printf '/build/\n/.ppcst-*\n' >> "$tree.partial/.git/info/exclude"
	git -C "$tree.partial" add -Af .
	git -C "$tree.partial" -c user.name=ppcst -c user.email=ppcst@localhost \
		commit -q -m "$src_pkg $src_ver" --no-verify
	git -C "$tree.partial" tag ppcst-base
	mv "$tree.partial" "$tree"
}
[ -d "$tree/.git" ] || fetch_source
debian_patches=$(cat "$tree/.ppcst-debian-patches")

# Our patches on the base: git resets only the files the previous set
# changed (their mtimes move on, so ninja rebuilds them) and applies this set.
if [ "$(cat "$tree/.ppcst-patched" 2>/dev/null)" != "$patches_id" ]; then
	rm -f "$tree/.ppcst-patched"
	git -C "$tree" reset -q --hard ppcst-base
	git -C "$tree" clean -qfd
	for p in "${patches[@]}"; do
		git -C "$tree" apply --whitespace=nowarn "$p" ||
			DIE_CODE=3 die "patch $p does not apply to $src_pkg $src_ver"
	done
	printf '%s\n' "$patches_id" > "$tree/.ppcst-patched"
fi

start=$(date +%s)
mkdir -p "$build"
if [ "$(cat "$build/.ppcst-configure" 2>/dev/null)" != "${configure_opts[*]}" ]; then
	note "configuring $tree (log: $log)"
	rm -rf "$build"; mkdir -p "$build"
	(cd "$build" && "$tree/configure" "${configure_opts[@]}") > "$log" 2>&1 9>&- ||
		DIE_CODE=3 die "configure failed, see $log ($(grep -m1 -iE 'error' "$log" || true))"
	printf '%s\n' "${configure_opts[*]}" > "$build/.ppcst-configure"
fi
note "building qemu-system-ppc64 with $(nproc) jobs (log: $log)"
ninja -C "$build" -j"$(nproc)" qemu-system-ppc64 >> "$log" 2>&1 9>&- ||
	DIE_CODE=3 die "build failed, see $log ($(grep -m1 -E 'error:' "$log" || true))"
# A prefix of its own: QEMU finds its firmware path relative to the binary
# (/usr/share/qemu is BIN/../share/qemu: a relocatable build), so the
# firmware directories of the installed packages are linked in beside it.
rm -rf "$out.partial"; mkdir -p "$out.partial/bin"
cp "$build/qemu-system-ppc64" "$out.partial/bin/"
for d in "${firmware[@]}"; do
	mkdir -p "$out.partial/$(dirname "${d#/usr/}")"
	ln -s "$d" "$out.partial/${d#/usr/}"
done
{
	printf 'source=%s=%s\ndebian_patches=%s\nconfigure=%s\nbuild_seconds=%s\n' \
		"$src_pkg" "$src_ver" "$debian_patches" "${configure_opts[*]}" "$(( $(date +%s) - start ))"
	for p in "${patches[@]}"; do printf 'patch=%s\n' "$(basename "$p")"; done
} > "$out.partial/build-info"
rm -rf "$out"; mv "$out.partial" "$out"
note "built in $(( $(date +%s) - start )) s: $out/bin/qemu-system-ppc64"
echo "$out/bin/qemu-system-ppc64"
