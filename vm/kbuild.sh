#!/usr/bin/env bash
# Build a pseries test kernel: lean base (vm/kernel/base.config) + the suite's
# ./config (+ any extra fragments), on top of allnoconfig.
#
#   vm/kbuild.sh [--ksrc DIR] [--fragment FILE]... [--patch FILE]... [--allow-missing]
#
# Prints the path of the vmlinux on stdout. Results are cached by the source
# content and the merged config: an unchanged kernel costs nothing. Builds go to
# an out-of-tree directory per source tree (the user's tree stays clean) with
# ccache, so a one-file change rebuilds incrementally.
# --patch applies patches to a private copy of the tree (known-bug kernels).
# Beside the vmlinux: .config, build-info and missing-options (the fragments'
# options Kconfig did not set, one CONFIG_ name a line; empty when none).
# --allow-missing: such options are listed there and on stderr and the kernel
# is built without them (vm/matrix.sh: an older kernel lacks newer options),
# instead of exit 3.
# Exit codes: 0 built, 2 bad usage, 3 the kernel did not build or lacks options.
set -euo pipefail
. "$(dirname "$0")/common.sh"

ksrc=${KSRC:-}
fragments=("$PPCST_TOP/vm/kernel/base.config" "$PPCST_TOP/config")
patches=()
allow_missing=0
while [ $# -gt 0 ]; do
	case $1 in
	--ksrc) ksrc=${2:?--ksrc needs a directory}; shift 2 ;;
	--fragment) fragments+=("${2:?--fragment needs a file}"); shift 2 ;;
	--patch) patches+=("$(realpath "${2:?--patch needs a file}")"); shift 2 ;;
	--allow-missing) allow_missing=1; shift ;;
	-h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown option '$1' (see --help)" ;;
	esac
done
[ -n "$ksrc" ] || ksrc=$("$PPCST_TOP/vm/ksrc.sh")
[ -f "$ksrc/Makefile" ] && [ -d "$ksrc/arch/powerpc" ] || die "'$ksrc' is not a Linux source tree"
ksrc=$(realpath "$ksrc")
for f in "${fragments[@]}"; do [ -r "$f" ] || die "cannot read config fragment '$f'"; done

# A tree of the cache's own (Debian's source, a patched copy) is built in its
# subdirectory $owned_build: the kernel then names its source "..", not by
# its absolute path, so a copy of the tree with its build (a patched kernel's
# first build) has the same commands and recompiles only the files the
# patches touched. A user's tree is only read, and a git tree's identity
# would take in the build: their builds go to kbuild/.
owned_build=.ppcst-build
# Identity of the source: a git tree by its commit and uncommitted changes, a
# Debian tree by its version, plus the patches applied on top.
in_git=0
git -C "$ksrc" rev-parse --git-dir >/dev/null 2>&1 && in_git=1
if [ $in_git = 1 ]; then
	src_id="git:$(git -C "$ksrc" rev-parse HEAD):$( { git -C "$ksrc" diff HEAD; git -C "$ksrc" status --porcelain; } | sha256sum | cut -c1-16)"
else
	# No git: every file's size and mtime (about a second for a kernel tree),
	# so an edited file never returns a stale cached kernel.
	src_id="tree:$ksrc:$(find "$ksrc" -path "$ksrc/$owned_build" -prune -o -type f ! -name '.ppcst-*' -printf '%T@ %s %P\n' | sort | sha256sum | cut -c1-16)"
fi
# A patch is known by its diff, not by the description above it: editing a
# fix's report costs no build.
patch_body() { sed -n '/^--- /,$p' "$1"; }
patches_id=
for p in "${patches[@]}"; do patches_id+=":$(patch_body "$p" | sha256sum | cut -c1-16)"; done
src_id+=$patches_id
cfg_id=$(cat "${fragments[@]}" | sha256sum | cut -c1-16)
key=$(printf '%s\n%s\n%s\n' "$src_id" "$cfg_id" "$PPCST_CROSS_COMPILE" | sha256sum | cut -c1-20)
out=$PPCST_CACHE/kernels/$key
# A private copy of the tree for patched kernels; the build directory is per
# source tree (one for the tree, one for all its patched kernels) so
# successive commits of a bisect, and one patched kernel after another,
# rebuild incrementally: only what the patches change.
tree_key=$(printf '%s%s' "$ksrc" "${patches[*]:+:patched}" | sha256sum | cut -c1-16)
if [ ${#patches[@]} -gt 0 ]; then
	build=$PPCST_CACHE/kpatched/$tree_key/$owned_build
elif [[ $ksrc == "$PPCST_CACHE"/* ]] && [ $in_git = 0 ]; then
	build=$ksrc/$owned_build
else
	build=$PPCST_CACHE/kbuild/$tree_key
fi
# One build at a time per build directory: concurrent runs wait instead of
# corrupting O=. The patched trees' directory is this version's own (earlier
# ones kept one per patch file), so it has a lock of its own: a patched
# kernel need not wait for an unrelated build of the cache's other users.
# Every other build takes the cache's lock, as every version does.
mkdir -p "$PPCST_CACHE/kbuild"
if [ ${#patches[@]} -gt 0 ]; then
	exec 9> "$PPCST_CACHE/kbuild/$tree_key.patched.lock"
else
	exec 9> "$PPCST_CACHE/.kbuild.lock"
fi
# The options the fragments ask for that Kconfig did not set in $1/.config:
# without --allow-missing the kernel is refused (exit 3), with it they are
# told and go into $2, if given, one a line (empty when none).
check_missing() {
	local missing
	missing=$(missing_options "$1/.config" "${fragments[@]}")
	[ -z "$missing" ] || [ $allow_missing = 1 ] ||
		DIE_CODE=3 die "options not set by Kconfig (a dependency is missing): ${missing//$'\n'/ }"
	[ -z "$missing" ] || note "options not set by Kconfig (a dependency is missing), the kernel goes without them: ${missing//$'\n'/ }"
	[ $# -lt 2 ] || printf '%s' "${missing:+$missing$'\n'}" > "$2"
}

# A kernel cached without modules.builtin (kept since pmem_hotplug: the
# guest's daxctl needs it) is built again, once. One cached with options
# missing (--allow-missing) is refused without the flag, as a build is (a
# kernel cached before missing-options was kept has none: vm/matrix.sh
# compares its .config).
use_cached() {
	[ -f "$out/vmlinux" ] && [ -f "$out/modules.builtin" ] || return 0
	check_missing "$out"
	note "cached: $out/vmlinux"
	echo "$out/vmlinux"
	exit 0
}
# A cached kernel went into place whole (mv): it needs no lock, so it never
# waits for another kernel's build; after the wait, the one we waited for
# may be ours.
use_cached
flock 9
use_cached

mkdir -p "$build" "$PPCST_CACHE/kernels"
if [ ${#patches[@]} -gt 0 ]; then
	copy=$PPCST_CACHE/kpatched/$tree_key
	# The copy holds the patches' diffs it was made with; the files they
	# touched are listed beside them. Other patches: those files go back to
	# the source's (a copy of the whole tree takes minutes), then the
	# patches apply. cp -a keeps the source's old mtimes, so every file
	# either set names is touched: one the previous set changed and this
	# one does not would look older than its object and keep the old code.
	if [ "$(cat "$copy/.ppcst-patched" 2>/dev/null)" != "$patches_id" ]; then
		touched=
		for p in "${patches[@]}"; do
			touched+=$'\n'$(sed -n 's,^\(---\|+++\) [^/]*/\([^\t]*\).*,\2,p' "$p" | grep -vx 'dev/null' || true)
		done
		if [ -f "$copy/.ppcst-patched-files" ]; then
			old=$(cat "$copy/.ppcst-patched-files")
			# Listed before anything changes: an interrupted run is undone too.
			printf '%s\n' "$old" "$touched" | sort -u | sed '/^$/d' > "$copy/.ppcst-patched-files"
			rm -f "$copy/.ppcst-patched"
			printf '%s\n' "$old" | while IFS= read -r f; do
				[ -n "$f" ] || continue
				if [ -e "$ksrc/$f" ]; then cp -a "$ksrc/$f" "$copy/$f"; else rm -f "$copy/$f"; fi
			done
			touched+=$'\n'$old
		else
			rm -rf "$copy"; mkdir -p "$copy"
			# With the clean kernel's build, when the tree is ours: not
			# while that build runs (the cache's lock, shared).
			(flock -s 9 && cp -a "$ksrc/." "$copy/") 9> "$PPCST_CACHE/.kbuild.lock"
			printf '%s\n' "$touched" | sort -u | sed '/^$/d' > "$copy/.ppcst-patched-files"
		fi
		for p in "${patches[@]}"; do
			patch -d "$copy" -p1 --forward --quiet < "$p" || DIE_CODE=3 die "patch $p does not apply to $ksrc"
		done
		(cd "$copy" && printf '%s\n' "$touched" | sort -u | while IFS= read -r f; do
			[ -z "$f" ] || [ ! -f "$f" ] || touch "$f"
		done)
		printf '%s\n' "$touched" | sort -u | sed '/^$/d' > "$copy/.ppcst-patched-files"
		printf '%s\n' "$patches_id" > "$copy/.ppcst-patched"
	fi
	ksrc=$copy
	mkdir -p "$build"
fi

export ARCH=powerpc CROSS_COMPILE=$PPCST_CROSS_COMPILE
export CCACHE_DIR=${CCACHE_DIR:-$PPCST_CACHE/ccache}
export KBUILD_BUILD_TIMESTAMP=ppcst KBUILD_BUILD_USER=ppcst KBUILD_BUILD_HOST=ppcst
cc="${CROSS_COMPILE}gcc"
command -v ccache >/dev/null && cc="ccache $cc"
log=$build/build.log
merged=$build/ppcst.fragments
cat "${fragments[@]}" > "$merged"
note "configuring $ksrc (log: $log)"
start=$(date +%s)
{
	make -C "$ksrc" O="$build" CC="$cc" KCONFIG_ALLCONFIG="$merged" allnoconfig 9>&-
} > "$log" 2>&1 || DIE_CODE=3 die "configuration failed, see $log"

# Every option the fragments ask for must have survived Kconfig's dependencies
# (or, with --allow-missing, be listed as missing).
check_missing "$build" "$build/missing-options"

note "building vmlinux with $(nproc) jobs"
make -C "$ksrc" O="$build" CC="$cc" -j"$(nproc)" vmlinux >> "$log" 2>&1 9>&- ||
	DIE_CODE=3 die "build failed, see $log ($(grep -m1 -E 'error:' "$log" || true))"
rm -rf "$out.partial"; mkdir -p "$out.partial"
# modules.builtin(.modinfo): the guest's libkmod (daxctl loads "kmem" and
# "device_dax") must learn that the drivers are built in (vm/guest/init).
cp "$build/vmlinux" "$build/.config" "$build/modules.builtin" "$build/modules.builtin.modinfo" \
	"$build/missing-options" "$out.partial/"
printf 'source=%s\nsrc_id=%s\nconfig_id=%s\nbuild_seconds=%s\n' \
	"$ksrc" "$src_id" "$cfg_id" "$(( $(date +%s) - start ))" > "$out.partial/build-info"
rm -rf "$out"; mv "$out.partial" "$out"
note "built in $(( $(date +%s) - start )) s: $out/vmlinux"
echo "$out/vmlinux"
