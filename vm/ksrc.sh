#!/usr/bin/env bash
# Print the path of the default kernel source tree, fetching and unpacking the
# pinned Debian linux-source package into the cache the first time.
#   --cached   only print it if it is there already (no download; exit 1)
set -euo pipefail
. "$(dirname "$0")/common.sh"

upstream=${PPCST_KSRC_VERSION%%-*}
dir=$PPCST_CACHE/ksrc/linux-$upstream
if [ -f "$dir/.ppcst-complete" ]; then
	echo "$dir"
	exit 0
fi
[ "${1:-}" != --cached ] || exit 1
command -v apt-get >/dev/null || die "no apt-get: give a kernel source tree with KSRC=DIR"
mkdir -p "$PPCST_CACHE/ksrc"
work=$(mktemp -d "$PPCST_CACHE/ksrc/fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT
note "fetching $PPCST_KSRC_PKG=$PPCST_KSRC_VERSION (once; cached in $PPCST_CACHE/ksrc)"
# apt's _apt user cannot write into root's cache; download where it can.
chmod 0777 "$work"
(cd "$work" && apt-get download -q "$PPCST_KSRC_PKG=$PPCST_KSRC_VERSION" >&2) ||
	die "cannot download $PPCST_KSRC_PKG=$PPCST_KSRC_VERSION (run vm/setup-host.sh, or set KSRC=DIR)"
rm -rf "$dir.partial"
mkdir -p "$dir.partial"
dpkg-deb --fsys-tarfile "$work"/*.deb |
	tar -x --wildcards -O './usr/src/linux-source-*.tar.xz' |
	tar -xJ -C "$dir.partial" --strip-components=1
rm -rf "$dir"
mv "$dir.partial" "$dir"
touch "$dir/.ppcst-complete"
echo "$dir"
