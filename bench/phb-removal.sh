#!/usr/bin/env bash
# Where a testbed PHB removal's time goes (figures printed, never asserted).
#
#   bench/phb-removal.sh [CYCLES]        (default 2)
#
# Boots two machines side by side on the default kernel: "default" (the
# default PHB + 3 PHBs of the default profile: 1025 rpaphp slots) and "min"
# (the default PHB only: 257 slots). In each, CYCLES times: hot-add PHB
# 4+cycle with a pci-testdev (as lib/hotplug/dlpar.c's dlpar_host_add_phb does),
# then remove it the suite's way (host device_del; rtas_errd runs drmgr;
# the guest waits for DEVICE_DELETED), and prints per removal, on the
# guest's /proc/uptime clock:
#   slots     entries of /sys/bus/pci/slots when the removal starts
#   errd      device_del returned -> rtas_errd started drmgr
#   nodes     drmgr: get_node_by_name(PHB) (device tree + /sys/devices walk)
#   hpnodes   drmgr: get_hp_nodes (the same walks for the hotplug slots)
#   loop      drmgr: disable_hp_children for each of the PHB's 256 slot DRCs
#             (each does 3 scans of /sys/bus/pci/slots: get_bus_id)
#   kernel    drmgr: rpadlpar remove_slot, device-tree removal, DRC release
#   qemu      drmgr exited -> the host saw DEVICE_DELETED
#   total     device_del -> DEVICE_DELETED
# drmgr is the guest's own, run by rtas_errd with rtas_errd's arguments;
# only a logging wrapper, bind-mounted over /usr/sbin/drmgr inside the
# guest for this bench, adds "-d 4" and stamps each debug line.
# Each cycle leaves 255 slots behind on 6.12.107
# (docs/findings/rpaphp-stale-slots.md), so "slots" grows per cycle.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cycles=${1:-2}
case $cycles in '' | *[!0-9]* | 0) echo "usage: $0 [CYCLES]" >&2; exit 2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The default profile's machine without its PHBs: the default PHB only.
grep -E '^(machine|cpu|smp|memory|boot-timeout) =' "$top/vm/profiles/default.profile" > "$tmp/min.profile"
echo "description = the default machine with its default PHB only (bench/phb-removal.sh)" >> "$tmp/min.profile"
cat > "$tmp/guest.sh" <<GUEST
#!/bin/bash
set -u
cycles=$cycles
GUEST
cat >> "$tmp/guest.sh" <<'GUEST'
up() { local u _; read -r u _ < /proc/uptime; echo "$u"; }
# rtas_errd execs /usr/sbin/drmgr: a wrapper over it, the real one copied aside.
mkdir -p /tmp/bench && cp /usr/sbin/drmgr /tmp/bench/drmgr
cat > /tmp/bench/wrap <<'WRAP'
#!/bin/bash
read -r u _ < /proc/uptime; echo "$u drmgr-start $*" >> /tmp/bench/runs.log
/tmp/bench/drmgr "$@" -d 4 2>&1 | while IFS= read -r l; do read -r t _ < /proc/uptime; echo "$t $l"; done >> /tmp/bench/debug.log
rc=${PIPESTATUS[0]}
read -r u _ < /proc/uptime; echo "$u drmgr-end rc=$rc" >> /tmp/bench/runs.log
exit $rc
WRAP
chmod +x /tmp/bench/wrap
mount --bind /tmp/bench/wrap /usr/sbin/drmgr || { echo "cannot wrap drmgr"; exit 1; }
: > /tmp/bench/runs.log
for c in $(seq "$cycles"); do
	idx=$((4 + c)) first=$(( (4 + c) * 65536 ))
	./host_request -t 60 device_add "{\"driver\": \"spapr-pci-host-bridge\", \"index\": $idx, \"id\": \"bphb$c\"}" >/dev/null
	./host_request -t 60 device_add "{\"driver\": \"pci-testdev\", \"bus\": \"bphb$c.0\", \"id\": \"bdev$c\"}" >/dev/null
	# The PHB's drmgr -c phb -a, then the device's own event (drmgr -c pci -a,
	# which finds the slot occupied): both done before the removal.
	for _ in $(seq 1500); do [ "$(grep -c drmgr-end /tmp/bench/runs.log)" -ge $((3 * c - 1)) ] && [ -e /sys/bus/pci/slots/C$first ] && break; sleep 0.2; done
	sleep 1
	echo "$(up) del-start $c $idx $(ls /sys/bus/pci/slots | wc -l)" >> /tmp/bench/steps.log
	./host_request -t 60 device_del "{\"id\": \"bphb$c\"}" >/dev/null
	echo "$(up) del-returned $c" >> /tmp/bench/steps.log
	./host_request -t 900 wait-device-deleted "{\"id\": \"bphb$c\"}" >/dev/null
	echo "$(up) deleted $c" >> /tmp/bench/steps.log
done
cp /tmp/bench/runs.log /tmp/bench/debug.log /tmp/bench/steps.log /mnt/results/
GUEST
run() { # PROFILE NAME
	"$top/vm/guest-script.sh" --results "$tmp/$2" --timeout $((cycles * 400 + 120)) "$1" "$tmp/guest.sh" \
		>/dev/null 2>"$tmp/$2.err" || { echo "$2: guest-script failed (see below)"; tail -5 "$tmp/$2.err"; }
}
run default default & run "$tmp/min.profile" min & wait
printf '%-8s %5s %6s %6s %6s %7s %6s %11s %6s %6s %6s\n' machine cycle slots errd nodes hpnodes loop "ms/slotDRC" kernel qemu total
for m in default min; do
	r=$tmp/$m
	[ -r "$r/steps.log" ] || { echo "$m: no figures (console: $r/console.log)"; continue; }
	# One removal's drmgr run per cycle: its debug lines between its start and the next run.
	awk -v m="$m" '
	FILENAME ~ /steps/ { if ($2 == "del-start") { ds[$3] = $1; slots[$3] = $5 }
			     if ($2 == "del-returned") dr[$3] = $1; if ($2 == "deleted") dd[$3] = $1; next }
	FILENAME ~ /runs/ { if ($2 == "drmgr-start" && $4 == "phb" && $5 == "-r") { n++; rs[n] = $1 }
			    if ($2 == "drmgr-end" && n && !re[n]) re[n] = $1; next }
	/drmgr: -c phb -r/ { k++; on = 1; next }
	/drmgr: -c/ { on = 0; next }
	on && /Getting node types/ { gn[k] = $1 }
	on && /Retrieving hotplug nodes/ { hp[k] = $1 }
	on && /hp adapter status for/ { if (!lf[k]) lf[k] = $1; ll[k] = $1; nst[k]++ }
	on && /performing kernel op/ { ko[k] = $1 }
	END { for (c = 1; c <= n; c++)
		printf "%-8s %5d %6d %6.1f %6.1f %7.1f %6.1f %11.1f %6.1f %6.1f %6.1f\n", m, c, slots[c],
		       rs[c] - dr[c], hp[c] - gn[c], lf[c] - hp[c], ll[c] - lf[c],
		       nst[c] ? (ll[c] - lf[c]) / (nst[c] / 2) * 1000 : 0, re[c] - ll[c],
		       dd[c] - re[c], dd[c] - ds[c] }' "$r/steps.log" "$r/runs.log" "$r/debug.log"
done
