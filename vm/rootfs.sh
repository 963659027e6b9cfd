#!/usr/bin/env bash
# Print the path of the ppc64el guest root (and cross-build sysroot), making it
# the first time: Debian packages unpacked with mmdebstrap --variant=extract
# (no maintainer scripts run), plus the suite's guest init (vm/guest/init).
# The VM mounts it over virtio 9p as its root, so nothing is packed per run.
#   --cached   only print it if it is there already (no download; exit 1)
set -euo pipefail
. "$(dirname "$0")/common.sh"

suite=${PPCST_GUEST_SUITE:-bookworm}
mirror=${PPCST_GUEST_MIRROR:-http://deb.debian.org/debian}
# The real tools the tests drive, and libnuma-dev for the static cross build.
# coreutils and perl-base: what the kernel's kselftest runner (run_kselftest.sh
# of the drop-in, tools/kselftest-dropin.sh) takes for granted - /usr/bin/env
# for prefix.pl's "#!/usr/bin/env perl", and /usr/bin/timeout with
# --foreground (busybox's has none) or it enforces no timeout.
packages=(busybox-static bash ndctl daxctl iperf3 fio numactl libnuma-dev
	  powerpc-utils ppc64-diag kexec-tools kmod iproute2 coreutils perl-base)
key=$(printf '%s\n' "$suite" "$mirror" "${packages[@]}" | sha256sum | cut -c1-16)
dir=$PPCST_CACHE/rootfs/$suite-$key
if [ "${1:-}" = --cached ]; then
	[ -f "$dir/.ppcst-complete" ] || exit 1
	echo "$dir"
	exit 0
fi
if [ ! -f "$dir/.ppcst-complete" ]; then
	command -v mmdebstrap >/dev/null || "$PPCST_TOP/vm/setup-host.sh" >&2
	note "unpacking the ppc64el guest root ($suite: ${packages[*]}) into $dir"
	rm -rf "$dir.partial"
	mkdir -p "$dir.partial"
	start=$(date +%s)
	mmdebstrap --quiet --variant=extract --architectures=ppc64el \
		--include="$(IFS=,; echo "${packages[*]}")" \
		"$suite" "$dir.partial" "$mirror" >&2 ||
		die "mmdebstrap failed (network to $mirror?)"
	mkdir -p "$dir.partial"/{proc,sys,dev,tmp,run,mnt/suite,mnt/results,mnt/host}
	echo "$(( $(date +%s) - start ))" > "$dir.partial/.ppcst-build-seconds"
	rm -rf "$dir"
	mv "$dir.partial" "$dir"
	touch "$dir/.ppcst-complete"
fi
# Debian's busybox-static makes no applet links and the extract variant
# installs no dash: scripts, system() and popen() need a /bin/sh.
[ -e "$dir/bin/sh" ] || ln -s busybox "$dir/bin/sh"
# Mount point for the guest's module tables (vm/guest/init).
[ -d "$dir/lib/modules" ] || mkdir -p "$dir/lib/modules"
# The init is the suite's, not Debian's: refresh it without rebuilding the root.
cmp -s "$PPCST_TOP/vm/guest/init" "$dir/ppcst-init" 2>/dev/null ||
	install -m 0755 "$PPCST_TOP/vm/guest/init" "$dir/ppcst-init"
echo "$dir"
