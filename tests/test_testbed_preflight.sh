#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The testbed's preflight (vmrun --preflight; vm/run-vm.sh runs it for every
# machine of a run before any test): each shipped profile's machine starts on
# this host, and a machine QEMU cannot make ends a whole run as
# testbed-broken - one line naming the profile, the device and QEMU's own
# message, exit 3 (125 with --bisect), no test counted as failed, no QEMU
# left. The broken host is made for real: a NIC whose option ROM is not
# installed (as on a fresh machine without ipxe-qemu), and a QEMU that is not
# there. A machine whose needs-property this QEMU lacks is no broken testbed:
# vmrun says qemu-lacks (exit 4) and the run skips its tests by name.
#
#   tests/test_testbed_preflight.sh      (make check runs it)
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/support/vm_test.sh"
. "$top/vm/common.sh"
vmrun=${VMRUN:-$top/build/host/vmrun}
vm_test_begin "$vmrun" test_testbed_preflight

# The QEMU of a case is the one whose files live in the case's directory.
qemu_of() { pgrep -f "qemu-system.*$work/$1/" || true; }

outcome() { sed -n 's/^ *"outcome": *"\([^"]*\)".*/\1/p' "$1" 2> /dev/null; }

profiles=("$top"/vm/profiles/*.profile)
echo "1..$((${#profiles[@]} + 15))"

# Every shipped machine starts here (the pmem ones from their prepared image);
# one that needs a property of the suite's QEMU is skipped by name on another.
for f in "${profiles[@]}"; do
	p=$(basename "$f" .profile)
	rc=0
	"$vmrun" --preflight --profile "$p" --kernel "$kernel" --rootfs "$rootfs" \
		--results "$work/ready-$p" 2> "$work/ready-$p.err" || rc=$?
	if [ $rc = 0 ] && [ "$(outcome "$work/ready-$p/vm-outcome.json")" = ready ]; then
		check "preflight $p: ready" ok
	elif [ $rc = 4 ] && grep -q '^needs-property' "$f" &&
		grep -q "^vmrun: qemu-lacks: profile $p: QEMU .* lacks property" "$work/ready-$p.err"; then
		check "preflight $p: qemu-lacks (a property of the suite's QEMU): $(cat "$work/ready-$p.err")" ok
	else
		check "preflight $p: ready" "exit $rc: $(cat "$work/ready-$p.err")"
	fi
done

# The default machine plus a NIC whose ROM file is not installed: QEMU's own
# refusal, as on a host without ipxe-qemu.
mkdir -p "$work/profiles"
cp "$top/vm/profiles/default.profile" "$work/profiles/"
cat > "$work/profiles/romless.profile" <<'EOF'
description = the default machine and an e1000e whose option ROM is not installed
include = default
device = e1000e,bus=pci.0,id=ppcst-romless,romfile=ppcst-removed.rom
EOF
romless=$work/profiles/romless.profile
want_line='testbed-broken: profile romless: device ppcst-romless (e1000e): failed to find romfile "ppcst-removed.rom"'

rc=0
"$vmrun" --preflight --profile "$romless" --kernel "$kernel" --rootfs "$rootfs" \
	--results "$work/romless" 2> "$work/romless.err" || rc=$?
if [ $rc = 3 ] && [ "$(cat "$work/romless.err")" = "vmrun: $want_line" ]; then
	check "vmrun --preflight, ROM missing: exit 3, one line naming profile, device, QEMU's message" ok
else
	check "vmrun --preflight, ROM missing: exit 3, one line naming profile, device, QEMU's message" \
		"exit $rc: $(cat "$work/romless.err")"
fi
if [ "$(outcome "$work/romless/vm-outcome.json")" = testbed-broken ] &&
	grep -q 'failed to find romfile "ppcst-removed.rom"' "$work/romless/qemu.stderr"; then
	check "vm-outcome.json: testbed-broken; qemu.stderr kept" ok
else
	check "vm-outcome.json: testbed-broken; qemu.stderr kept" "outcome '$(outcome "$work/romless/vm-outcome.json")'"
fi

# run NAME WANT_RC [run_all.sh args]: a whole testbed run, as a user starts it.
run() {
	local name=$1 want=$2 rc=0 start why=ok
	shift 2
	mkdir -p "$work/$name"
	start=$(date +%s)
	timeout --kill-after=5 600 "$top/run_all.sh" --vm -t iommu_ddw_basic \
		--results "$work/$name/results" "$@" > "$work/$name/stdout" 2> "$work/$name/stderr" || rc=$?
	if [ $rc != "$want" ]; then
		why="exit $rc, want $want"
	elif [ -n "$(qemu_of "$name")" ]; then
		why="QEMU $(qemu_of "$name") left running"
	fi
	[ "$why" = ok ] || sed 's/^/# /' "$work/$name/stdout" "$work/$name/stderr" | tail -20
	check "$name: exit $want, after $(($(date +%s) - start)) s" "$why"
}
# The run's verdict: one testbed-broken line, starting with PREFIX; nothing
# counted as failed; no test started.
verdict() { # NAME PREFIX
	local name=$1 prefix=$2 lines
	lines=$(grep '^planner: testbed-broken' "$work/$name/stderr")
	if [ "$(printf '%s\n' "$lines" | wc -l)" = 1 ] && [[ $lines == "planner: $prefix"* ]]; then
		check "$name: one line: $prefix..." ok
	else
		check "$name: one line: $prefix..." "got: ${lines:-nothing}"
	fi
	if [ "$(tail -n 1 "$work/$name/stdout")" = "0 passed, 0 failed, 0 skipped" ] &&
		! grep -q '^not ok' "$work/$name/stdout" &&
		[ -z "$(find "$work/$name/results" -name run.tap)" ]; then
		check "$name: no test ran or failed" ok
	else
		check "$name: no test ran or failed" "stdout: $(tail -n 3 "$work/$name/stdout" | tr '\n' '|')"
	fi
}

run rom-missing 3 --profile "$romless"
verdict rom-missing "$want_line"
run rom-missing-bisect 125 --profile "$romless" --bisect
verdict rom-missing-bisect "$want_line"

QEMU=$work/no-such-qemu run qemu-missing 3 --profile default
verdict qemu-missing "testbed-broken: profile default: $work/no-such-qemu --version failed: "

# A property no QEMU has: vmrun names it, the run skips the profile's tests
# with that line and boots nothing.
cat > "$work/profiles/lacking.profile" <<'EOF'
description = the default machine, needing a property no QEMU has
include = default
needs-property = spapr-pci-host-bridge ppcst-no-such-property
EOF
lacking=$work/profiles/lacking.profile
rc=0
"$vmrun" --preflight --profile "$lacking" --kernel "$kernel" --rootfs "$rootfs" \
	--results "$work/lacking" 2> "$work/lacking.err" || rc=$?
line=$(cat "$work/lacking.err")
if [ $rc = 4 ] && [[ $line == "vmrun: qemu-lacks: profile lacking: QEMU "*" lacks property ppcst-no-such-property of spapr-pci-host-bridge (vm/qemu/build.sh builds the suite's own with it)" ]]; then
	check "vmrun --preflight, property lacking: exit 4, one line naming it" ok
else
	check "vmrun --preflight, property lacking: exit 4, one line naming it" "exit $rc: $line"
fi
if [ "$(outcome "$work/lacking/vm-outcome.json")" = qemu-lacks ]; then
	check "vm-outcome.json: qemu-lacks" ok
else
	check "vm-outcome.json: qemu-lacks" "outcome '$(outcome "$work/lacking/vm-outcome.json")'"
fi
run lacking 4 --profile "$lacking"
if grep -q "^ok .* iommu_ddw_basic.lacking # SKIP qemu-lacks: profile lacking: QEMU .* lacks property ppcst-no-such-property" "$work/lacking/stdout" &&
	[ "$(tail -n 1 "$work/lacking/stdout")" = "0 passed, 0 failed, 1 skipped" ] &&
	[ -z "$(find "$work/lacking/results" -name console.log)" ]; then
	check "lacking: its test skipped by name, no guest booted" ok
else
	check "lacking: its test skipped by name, no guest booted" "stdout: $(tail -n 3 "$work/lacking/stdout" | tr '\n' '|')"
fi

vm_test_end
