#!/usr/bin/env bash
# Install what `make lava` needs on this host: Debian's LAVA dispatcher
# (lava-run, no server) and lavacli. Its own goal, not `make setup`: it is
# over a hundred packages no other part of the suite uses. Idempotent;
# needs root for apt-get.
#   --quiet   print nothing when nothing is missing
#
# Debian 12's lava-dispatcher (2023.01) recommends qemu-system-x86; next to
# the suite's QEMU 10.0 from bookworm-backports (vm/setup-host.sh) apt
# resolves it only with qemu-system-x86 from backports too (bookworm's 7.2
# wants the qemu-system-common of 7.2). So it is named here, from
# backports, and nothing else of the suite's QEMU changes: the suite's runs
# keep using their own qemu-system-ppc64 (vm/qemu/build.sh) and Debian's
# SLOF from qemu-system-data.
set -euo pipefail
# shellcheck source=vm/common.sh
. "$(dirname "$0")/../vm/common.sh"
quiet=0
[ "${1:-}" = --quiet ] && quiet=1

"$PPCST_TOP/vm/setup-host.sh" ${1:+"$1"}
pkgs=(lava-dispatcher lavacli)
bpo_pkgs=()
grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null && bpo_pkgs=(qemu-system-x86)
missing=()
for p in "${pkgs[@]}" "${bpo_pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	[ $quiet = 1 ] || note "LAVA's packages present"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root"
export DEBIAN_FRONTEND=noninteractive
note "installing: ${missing[*]}"
apt-get update -q >&2 || note "apt-get update reported errors; trying to install anyway"
apt-get install -y -q --no-install-recommends -o Dpkg::Use-Pty=0 \
	"${pkgs[@]}" "${bpo_pkgs[@]/%//bookworm-backports}" >&2
