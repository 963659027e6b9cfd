#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs the README's commands as a new user's machine would: in a Debian 12
# root made for this run (mmdebstrap --variant=minbase, with only what the
# README asks a user to install first: git and make), entered with unshare +
# chroot. Nothing of the host's /usr or apt state is in it; only the suite's
# cache (kernel source, kernel builds, ccache, guest root) is bound in, so a
# run does not rebuild the kernel. A package the suite forgot to install
# fails here even where every developer's machine has it.
#
#   tests/clean-room.sh ['COMMANDS']     default: make check && make run_tests
#
# The checkout is cloned into the root at its HEAD, plus the working tree's
# uncommitted changes (so a developer can try a change before committing it).
# The run's results/ come back to results/clean-room-<time>/ here. Needs root
# and mmdebstrap (installed if missing). PPCST_CACHE= another cache dir (an
# empty one for a cold run); CLEAN_ROOM_KEEP=1 keeps the root.
# Exit: the commands' exit code; 3 if the root could not be made; 2 bad usage.
set -euo pipefail
me=clean-room.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cmd=${1:-make check && make run_tests}
[ $# -le 1 ] || { echo "$me: one argument, the commands to run" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "$me: needs root (mmdebstrap, unshare, chroot)" >&2; exit 2; }
cache=${PPCST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-iommu-selftests}
mirror=http://deb.debian.org/debian

if ! command -v mmdebstrap > /dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap > /dev/null ||
		{ apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap > /dev/null; } ||
		{ echo "$me: cannot install mmdebstrap" >&2; exit 3; }
fi
work=$(mktemp -d /var/tmp/ppcst-clean-room.XXXXXX)
root=$work/root
ns=
# The namespace goes first (its PID 1 dies, and every process in it with
# it); its mounts die with it. The root is removed only once nothing is
# mounted in it any more (a bind of the cache must never be rm -rf'd).
cleanup() {
	# SIGKILL: unshare blocks SIGTERM while it waits for its child; its
	# death takes the child (--kill-child), PID 1 of the namespace, along.
	if [ -n "$ns" ]; then
		kill -KILL "$ns" 2>/dev/null || true
		wait "$ns" 2>/dev/null || true
	fi
	if [ "${CLEAN_ROOM_KEEP:-0}" = 1 ] || findmnt -rn -o TARGET | grep -q "^$work/"; then
		echo "$me: root kept at $root" >&2
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The tree as it is now - HEAD and what is not committed yet (the diff, and
# new files git does not ignore) - before the minute the root takes, so
# that edits made meanwhile are not half taken along.
git clone -q "$top" "$work/src"
git -C "$top" diff HEAD --binary | git -C "$work/src" apply --allow-empty
git -C "$top" ls-files -z --others --exclude-standard | (cd "$top" && xargs -0r cp --parents -t "$work/src")

start=$(date +%s)
# A fresh Debian 12 as it is installed: main, updates and security suites.
if ! mmdebstrap --variant=minbase --include=ca-certificates,git,make bookworm "$root" \
	"deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
	"deb $mirror-security bookworm-security main" > "$work/mmdebstrap.log" 2>&1; then
	tail -5 "$work/mmdebstrap.log" >&2
	echo "$me: mmdebstrap failed" >&2
	exit 3
fi
echo "$me: Debian 12 minbase root made in $(($(date +%s) - start)) s" >&2

mv "$work/src" "$root/src"
mkdir -p "$cache" "$root/root/.cache/ppc-iommu-selftests"
cp /etc/resolv.conf "$root/etc/resolv.conf"

rc=0
# A mount and PID namespace of its own: when the run ends, or this script
# is stopped, every process it left (a QEMU) is killed and every mount is
# gone. The environment is a
# login's, not the host's (no PPCST_*, no host PATH).
unshare --mount --pid --fork --kill-child bash -c '
	set -e
	root=$1 cache=$2 cmd=$3
	mount --make-rprivate /
	mount -t proc proc "$root/proc"
	mount --rbind /dev "$root/dev"
	mount --rbind /sys "$root/sys"
	mount --bind "$cache" "$root/root/.cache/ppc-iommu-selftests"
	exec chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		${CI:+CI=$CI} /bin/bash -c "cd /src && $cmd"' _ "$root" "$cache" "$cmd" < /dev/null &
# Waited for here, so that a signal to this script ends it at once (cleanup).
ns=$!
wait "$ns" || rc=$?
ns=

if [ -d "$root/src/results" ]; then
	dest=$top/results/clean-room-$(date +%Y%m%d-%H%M%S)
	mkdir -p "$dest"
	cp -a "$root/src/results/." "$dest/"
	echo "$me: results in $dest" >&2
fi
echo "$me: '$cmd' exited $rc after $(($(date +%s) - start)) s in a fresh Debian 12 root" >&2
exit $rc
