#!/bin/bash
# Reproducer of docs/findings/rpaphp-stale-slots.md, run in a testbed guest:
#
#   vm/guest-script.sh default docs/findings/rpaphp-stale-slots.sh
#   KERNEL=$(vm/kbuild.sh --patch vm/kernel/fixes/rpaphp-stale-slots.patch) \
#       vm/guest-script.sh default docs/findings/rpaphp-stale-slots.sh
#
# Hot-adds PHB 5 (QEMU gives it a slot DRC per devfn: C327680..C327935),
# DLPAR-removes it again, counts the hotplug slots left and reads the adapter
# file of one: 6.12.107 leaves 255 and oopses on the read (the guest wedges:
# guest-script exits 1); a fixed kernel leaves none (exit 0).
set -u
first=$((5 * 65536)) last=$((5 * 65536 + 255))
slots_of_phb5() {
	local s n c=0
	for s in /sys/bus/pci/slots/C*; do
		n=${s##*/C}
		[ "$n" -ge $first ] && [ "$n" -le $last ] && c=$((c + 1))
	done
	echo $c
}
./host_request -t 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 5, "id": "phb5"}' >/dev/null
for _ in $(seq 600); do [ -e /sys/bus/pci/slots/C$first ] && break; sleep 0.1; done
echo "# PHB 5 added: $(slots_of_phb5) hotplug slots"
./host_request -t 60 device_del '{"id": "phb5"}' >/dev/null
./host_request -t 300 wait-device-deleted '{"id": "phb5"}' >/dev/null
left=$(slots_of_phb5)
echo "# PHB 5 removed: $left hotplug slots still registered"
[ "$left" -eq 0 ] && { echo "# fixed: nothing of PHB 5 left"; exit 0; }
for s in /sys/bus/pci/slots/C*; do
	n=${s##*/C}
	if [ "$n" -ge $first ] && [ "$n" -le $last ]; then
		echo "# reading $s/adapter (oopses on 6.12.107)"
		cat "$s/adapter"
		break
	fi
done
exit 1
