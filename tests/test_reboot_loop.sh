#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# reboot_loop for real: the host build boots the real testbed kernel and guest
# root under QEMU and each case checks its exit code, the TAP subtests and
# that no QEMU is left behind:
#   clean        one cycle of each kind on the reboot profile: all pass
#   qemu-abort   QEMU gets SIGABRT mid-loop: that boot fails as qemu-crashed
#                (signal 6), the boots after it are skipped, no hang
#   no-return    the kexec'd kernel waits forever for its root (rootwait,
#                through a stand-in agent): boot-timeout, the guest never came
#                back, reported in bounded time
#   native-skip  the native-only build off POWER skips, saying why
#
#   tests/test_reboot_loop.sh      (make check runs it)
# check-timeout: 1000
# Needs build/host/reboot_loop, the kernel (PPCST_VMLINUX=, else
# vm/kbuild.sh) and the guest root (PPCST_ROOTFS=, else vm/rootfs.sh).
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/support/vm_test.sh"
prog=${REBOOT_LOOP:-$top/build/host/reboot_loop}
vm_test_begin "$prog" test_reboot_loop

# The QEMU of a case is the one whose -virtfs shares the case's results.
qemu_of() { pgrep -f "path=$work/$1/" || true; }

# run NAME WANT_RC MAX_SECONDS [reboot_loop options...]: in the background,
# so that $on_ready can act on the running QEMU once boot 1 is up.
on_ready=
run() {
	local name=$1 want_rc=$2 max=$3 start
	shift 3
	mkdir -p "$work/$name"
	start=$(date +%s)
	"$prog" --kernel "$kernel" --rootfs "$rootfs" --results "$work/$name" "$@" \
		> "$work/$name/stdout" 2> "$work/$name/stderr" &
	local pid=$!
	if [ -n "$on_ready" ]; then
		for _ in $(seq 1 "$((max * 10))"); do
			grep -qs '^# ppcst: cycle 1 ready' "$work/$name"/*/console.log && break
			sleep 0.1
		done
		eval "$on_ready"
	fi
	vm_test_judge "$name" "$pid" "$want_rc" "$start" "$max"
	on_ready=
}

expect() { # NAME PATTERN: the case's stdout has a matching line
	if grep -q -- "$2" "$work/$1/stdout"; then check "$1: stdout has '$2'" ok
	else check "$1: stdout has '$2'" missing; fi
}

echo "1..15"

run clean 0 120 --profile reboot --cycles 1
expect clean '^ok 4 reboot boot 3 after kexec$'
expect clean '^# reboot: kexec cycles: 1, '
if [ -s "$work/clean/reboot/cycle-3/dt.tar" ] &&
	[ -s "$work/clean/reboot/cycle-3/console.log" ]; then
	check "clean: per-boot dumps and console kept" ok
else
	check "clean: per-boot dumps and console kept" missing
fi

# reboot cycles only: boot 1 is up, then QEMU aborts while the loop goes on.
on_ready='kill -ABRT $(qemu_of qemu-abort)'
run qemu-abort 1 90 --profile reboot-noslots --kinds reboot --cycles 4
expect qemu-abort '^not ok [23] reboot-noslots boot [12] after reboot # qemu-crashed: QEMU killed by signal 6'
expect qemu-abort '^# qemu stderr tail:'
expect qemu-abort '^ok 5 # SKIP reboot-noslots boot 4 after reboot: not reached (qemu-crashed)$'

# The real agent, but the kexec'd kernel gets rootwait: with a 9p root it
# waits for a block device /dev/root that never comes.
sed 's|--append="$(cat /proc/cmdline)"|--append="$(cat /proc/cmdline) rootwait"|' \
	"$top/vm/guest/reboot-agent.sh" > "$work/hang-agent.sh"
if grep -q 'rootwait' "$work/hang-agent.sh"; then
	check "no-return: stand-in agent made" ok
else
	check "no-return: stand-in agent made" "the agent's kexec line changed: fix the sed"
fi
PPCST_REBOOT_AGENT=$work/hang-agent.sh \
	run no-return 1 90 --profile reboot-noslots --kinds kexec --cycles 1 --boot-timeout 25
expect no-return '^not ok 2 reboot-noslots boot 1 after kexec # boot-timeout: boot 1 (after kexec): no marker within 25 s, the guest never came back'
if grep -q 'Waiting for root device /dev/root' \
	"$work/no-return/reboot-noslots/cycle-1/console.log" 2> /dev/null; then
	check "no-return: boot 1's console.log shows the wait for root" ok
else
	check "no-return: boot 1's console.log shows the wait for root" missing
fi

# The target build (native only) off POWER: a skip that names the way in.
if [ -x "$top/build/target/reboot_loop" ] && [ "$(uname -m)" != ppc64le ]; then
	check "native-skip: (the target build needs a ppc64le host)" ok
else
	rc=0
	out=$("$top/build/target/reboot_loop" 2>&1) || rc=$?
	if [ $rc = 4 ] && printf '%s\n' "$out" | grep -q 'SKIP'; then
		check "native-skip: exit 4 with a reason" ok
	else
		check "native-skip: exit 4 with a reason" "exit $rc"
	fi
fi
rc=0
out=$(env -u PPCST_VM_KERNEL -u PPCST_VM_ROOTFS "$prog" 2>&1) || rc=$?
if [ $rc = 4 ] && printf '%s\n' "$out" | grep -q 'SKIP.*no testbed kernel'; then
	check "host build without a testbed: skip" ok
else
	check "host build without a testbed: skip" "exit $rc: $out"
fi
rc=0
"$prog" --kinds warp > /dev/null 2> "$work/usage.err" || rc=$?
if [ $rc = 2 ] && [ "$(wc -l < "$work/usage.err")" = 1 ]; then
	check "bad usage: exit 2, one line" ok
else
	check "bad usage: exit 2, one line" "exit $rc"
fi

vm_test_end
