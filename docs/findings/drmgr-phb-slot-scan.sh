#!/bin/bash
# Reproducer of docs/findings/drmgr-phb-slot-scan.md, run in a testbed guest:
#
#   vm/guest-script.sh default docs/findings/drmgr-phb-slot-scan.sh
#
# Hot-adds PHB 5 (256 slot DRCs), removes it the testbed's way (QMP
# device_del; rtas_errd runs drmgr -c phb -r) and prints how long drmgr ran,
# how many entries /sys/bus/pci/slots has, and that none has the
# phy_location file drmgr's get_bus_id looks for in each of them, three
# times per slot DRC of the PHB. bench/phb-removal.sh splits the time.
set -u
up() { local u _; read -r u _ < /proc/uptime; echo "$u"; }
./host_request -t 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 5, "id": "phb5"}' >/dev/null
for _ in $(seq 600); do [ -e /sys/bus/pci/slots/C327680 ] && break; sleep 0.1; done
sleep 5
shopt -s nullglob
slots=(/sys/bus/pci/slots/*) located=(/sys/bus/pci/slots/*/phy_location)
n=${#slots[@]} p=${#located[@]}
echo "# /sys/bus/pci/slots: $n entries, $p with phy_location"
t0=$(up)
./host_request -t 60 device_del '{"id": "phb5"}' >/dev/null
./host_request -t 600 wait-device-deleted '{"id": "phb5"}' >/dev/null
t1=$(up)
echo "# PHB 5 removed in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
awk '/-c phb -r/ { on = 1 } on && /hp adapter status for/ { n++ } END { printf "# drmgr: %d adapter status reads (each one full scan of /sys/bus/pci/slots)\n", n }' /var/log/drmgr
[ "$p" -eq 0 ]
