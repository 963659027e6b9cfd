#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vmrun's outcomes for real: each case boots the real testbed kernel and guest
# root under QEMU with a stand-in suite (a run_all.sh that passes, fails,
# crashes the kernel, sleeps, ...) or a broken set-up, and checks vmrun's exit
# code, the outcome in vm-outcome.json, the TAP on stdout, how long it took,
# and that no QEMU is left behind. One case hot-plugs and unplugs a PHB with a
# PCI device through host requests (build/target/host_request in the guest).
#
#   tests/test_vm_outcomes.sh      (make check runs it)
# Needs build/host/vmrun (VMRUN=), the kernel (PPCST_VMLINUX=, else
# vm/kbuild.sh) and the guest root (PPCST_ROOTFS=, else vm/rootfs.sh).
#
# Bounds are what a loaded 2-core host needs, not what an idle one takes: a
# PHB unplug (QMP device_del, rtas_errd and drmgr in a 1-vCPU TCG guest)
# takes ~12 s idle and over 60 s beside a kernel build.
# check-timeout: 3000
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/support/vm_test.sh"
vmrun=${VMRUN:-$top/build/host/vmrun}
vm_test_begin "$vmrun" test_vm_outcomes

# A stand-in suite: DIR/run_all.sh with BODY after the TAP header.
suite() {
	mkdir -p "$work/$1"
	printf '#!/bin/bash\necho "TAP version 13"\necho "1..1"\necho "# args: $*"\n%s\n' "$2" \
		> "$work/$1/run_all.sh"
	chmod +x "$work/$1/run_all.sh"
}

field() { # FILE KEY: a top-level string or number of vm-outcome.json
	sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1
}

# The QEMU of a case is the one whose -virtfs shares the case's results dir.
qemu_of() { pgrep -f "path=$work/$1/results,mount_tag" || true; }

# For vm_test_judge, inside run: the outcome vmrun wrote, if not $want.
outcome_wrong() {
	local got
	got=$(field "$res/vm-outcome.json" outcome)
	[ "$got" = "$want" ] || echo "outcome '$got', want '$want'"
}

# run NAME SUITE WANT_RC WANT_OUTCOME MAX_SECONDS [vmrun options...]:
# runs vmrun in the background (so a case can act on the running QEMU, see
# $on_boot) and judges it.
on_boot=
run() {
	local name=$1 s=$2 want_rc=$3 want=$4 max=$5
	shift 5
	local res=$work/$name/results start
	mkdir -p "$work/$name"
	start=$(date +%s)
	"$vmrun" --profile default --kernel "$kernel" --rootfs "$rootfs" \
		--suite "$work/$s" --results "$res" "$@" -- -x "two words" \
		> "$work/$name/stdout" 2> "$work/$name/stderr" &
	local pid=$!
	if [ -n "$on_boot" ]; then
		# Act once the guest runs its test: the begin marker is on the console.
		for _ in $(seq 1 "$((max * 10))"); do
			grep -q '^# ppcst: begin' "$res/console.log" 2> /dev/null && break
			sleep 0.1
		done
		eval "$on_boot"
	fi
	vm_test_judge "$name" "$pid" "$want_rc" "$start" "$max" outcome_wrong
	on_boot=
}

expect() { # NAME FILE PATTERN: FILE (stdout, stderr or one in results/) has a line
	local f=$work/$1/$2
	[ "$2" = stdout ] || [ "$2" = stderr ] || f=$work/$1/results/$2
	if grep -q -- "$3" "$f"; then check "$1: $2 has '$3'" ok
	else check "$1: $2 has '$3'" "missing"; fi
}

echo "1..48"

suite pass 'echo "# ppcst: begin t1 timeout=30"; echo "ok 1 t1"'
run pass pass 0 pass 60
expect pass stdout '^ok 1 t1$'
expect pass stdout '^# args: --native --job-dir /mnt/results -x two words$'
boot=$(field "$work/pass/results/vm-outcome.json" boot_seconds)
echo "# boot marker after ${boot:-?} s (default profile)"
# QEMU's stderr is empty on a clean run: it must exist all the same.
for f in console.log qemu.stderr vm-outcome.json; do
	if [ -f "$work/pass/results/$f" ]; then check "pass: $f saved" ok; else check "pass: $f saved" missing; fi
done

suite fail 'echo "not ok 1 t1"; exit 1'
run fail fail 1 tests-failed 60

suite panic 'echo c > /proc/sysrq-trigger; sleep 30'
run panic panic 1 guest-panic 60
expect panic stdout '^not ok 1 vm: guest-panic - Kernel panic - not syncing: sysrq triggered crash'
expect panic console.log 'sysrq: Trigger a crash'

# rootwait with a 9p root waits forever for a block device called /dev/root:
# a boot that hangs before init, not one that panics.
run boot-timeout pass 3 boot-timeout 40 --append rootwait --boot-timeout 10
expect boot-timeout stdout '^ok 1 vm: boot-timeout # SKIP testbed broken: no boot marker'
expect boot-timeout console.log 'Waiting for root device /dev/root'

suite sleeper 'echo "# ppcst: begin t1 timeout=2"; sleep 120'
run test-timeout sleeper 1 test-timeout 60 --grace 3
expect test-timeout stdout '^not ok 1 vm: test-timeout - t1 still ran 2 s + 3 s grace'

# No test marker, so only --timeout ends it.
suite quiet 'sleep 120'
run guest-hang quiet 1 guest-hang 40 --timeout 8

# A guest that claims to be done but never powers off (the stand-in prints
# the end marker itself): vmrun must not wait for QEMU forever.
suite no-poweroff 'echo "# ppcst: tap-end rc=0"; sleep 120'
run shutdown-hang no-poweroff 1 shutdown-hang 60

on_boot='kill -ABRT $(qemu_of qemu-abort)'
run qemu-abort sleeper 1 qemu-crashed 60 --grace 60
expect qemu-abort stdout '^not ok 1 vm: qemu-crashed - QEMU killed by signal 6'

on_boot='kill -TERM $pid'
run interrupted sleeper 143 interrupted 60 --grace 60

# A stand-in suite with the host request client beside its run_all.sh.
hostreq_suite() {
	suite "$1" "$2"
	cp "$top/build/target/host_request" "$work/$1/" ||
		echo "# no build/target/host_request (make)"
}

# Host requests: the guest hot-plugs a PHB with a pci-testdev (1b36:0005) on
# it, sees the device come, unplugs the PHB and waits until QEMU has deleted
# it; a command that is not allowed and arguments that are not JSON get error
# replies. Each request prints "# EXECUTE: <reply or error>", "# EXECUTE rc=N".
hostreq_suite hostreq "$(cat << 'EOF'
req() {
	./host_request -t "$@" 2>&1 | sed "s/^/# $2: /"
	echo "# $2 rc=${PIPESTATUS[0]}"
}
up() { read -r s _ < /proc/uptime; echo "$s"; }
await() { # WHAT CONDITION: up to 60 s, saying how long it took
	local t0
	t0=$(up)
	for _ in $(seq 600); do
		eval "$2" && { echo "# $1 after $(awk "BEGIN { print $(up) - $t0 }") s"; return; }
		sleep 0.1
	done
	echo "# $1: not within 60 s"
}
td5=/sys/bus/pci/devices/0005:00:00.0
req 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 5, "id": "phb5"}'
req 60 device_add '{"driver": "pci-testdev", "bus": "phb5.0", "id": "td5"}'
await "td5 came" '[ -e $td5/device ]'
echo "# td5 is $(cat $td5/vendor):$(cat $td5/device)"
req 10 quit
req 10 device_add 'not json'
req 10 device_del '{"id": "phb5"}'
req 300 wait-device-deleted '{"id": "phb5"}'
await "td5 went" '[ ! -e $td5 ]'
echo "# channel files left: $(ls -A /mnt/results/.ppcst-host | wc -l)"
EOF
)"
run hostreq hostreq 0 pass 420 --timeout 420
# The timings: the guest's view of the hot-add, the host's of each request.
grep -h '^# td5 came' "$work/hostreq/stdout"
sed 's/^/# host request /' "$work/hostreq/results/host-requests.log" 2> /dev/null
expect hostreq stdout '^# device_add rc=0$'
expect hostreq stdout '^# td5 is 0x1b36:0x0005$'
expect hostreq stdout '^# quit: host_request: quit: "quit" is not allowed'
expect hostreq stdout '^# device_add: host_request: device_add: not JSON'
expect hostreq stdout '^# device_del rc=0$'
expect hostreq stdout '^# wait-device-deleted: {"return":{}}$'
expect hostreq stdout '^# td5 went after'
expect hostreq stdout '^# channel files left: 0$'
expect hostreq stderr '^vmrun: host request [0-9-]*: device_del {"id":"phb5"} -> {"return":{}}'
expect hostreq host-requests.log '^[0-9-]*: device_add {"driver":"spapr-pci-host-bridge","index":5,"id":"phb5"} -> {"return":{}}'
expect hostreq host-requests.log '^[0-9-]*: device_add {"driver":"pci-testdev","bus":"phb5.0","id":"td5"} -> {"return":{}}'
expect hostreq host-requests.log '^[0-9-]*: {"execute": "quit", "timeout": 10} -> {"error":{"class":"GenericError","desc":"\\"quit\\" is not allowed'
expect hostreq host-requests.log '^[0-9-]*: device_del {"id":"phb5"} -> {"return":{}}'
expect hostreq host-requests.log '^[0-9-]*: wait-device-deleted {"id":"phb5"} -> {"return":{}}'

# A host request's wait ends with the run: at the test's deadline, and at once
# when the guest panics (not after the request's own 600 s).
wait_nosuch='./host_request -t 600 wait-device-deleted "{\"id\": \"nosuch\"}"'
hostreq_suite hostreq-wait "echo '# ppcst: begin t1 timeout=3'; $wait_nosuch"
run hostreq-test-timeout hostreq-wait 1 test-timeout 60 --grace 3
expect hostreq-test-timeout host-requests.log 'no DEVICE_DELETED for \\"nosuch\\" (timeout)'
hostreq_suite hostreq-panic "echo '# ppcst: begin t1 timeout=600'; $wait_nosuch &
sleep 3; echo c > /proc/sysrq-trigger; sleep 120"
run hostreq-panic hostreq-panic 1 guest-panic 60 --grace 60
expect hostreq-panic host-requests.log 'no DEVICE_DELETED for \\"nosuch\\" (the run ended)'

# An oops that wedges the test: vmrun ends the run once user space has been
# silent for the grace after it, not at the test's timeout. The oops is a real
# one of the 6.12 kernel: a PHB hot-added and removed leaves all but one of
# its hotplug slots registered, and reading one's "adapter" dereferences the
# removed PHB (pagepool_dlpar.c, README). A test that carries on after an
# oops is left to finish (the console scanner judges the oops).
oops_body() { # TAIL: what the stand-in does after the oops
	cat << EOF
echo '# ppcst: begin t1 timeout=600'
./host_request -t 60 device_add '{"driver": "spapr-pci-host-bridge", "index": 5, "id": "phb5"}'
for _ in \$(seq 600); do [ -e /sys/bus/pci/slots/C327680 ] && break; sleep 0.1; done
./host_request -t 60 device_del '{"id": "phb5"}'
./host_request -t 300 wait-device-deleted '{"id": "phb5"}'
# PHB 5's slots are C327680 (5 * 65536) to C327935.
for s in /sys/bus/pci/slots/C*; do
	n=\${s##*/C}
	[ "\$n" -ge 327680 ] && [ "\$n" -le 327935 ] && { echo "# reading \$s/adapter"; cat \$s/adapter; break; }
done
$1
EOF
}
hostreq_suite oops-wedge "$(oops_body 'sleep 600')"
run oops-wedge oops-wedge 1 guest-oops 420 --grace 5
expect oops-wedge stdout '^not ok 1 vm: guest-oops - Oops: Kernel access of bad area.*; then t1 said nothing for 5 s'
expect oops-wedge console.log '__rpaphp_get_sensor_state'
hostreq_suite oops-carries-on "$(oops_body 'sleep 3; echo "# still here"; sleep 3; echo "ok 1 t1"')"
run oops-carries-on oops-carries-on 1 kmsg-findings 420 --grace 5
expect oops-carries-on stdout '^ok 1 t1$'

mkdir -p "$work/empty"
run setup-failed empty 3 guest-setup-failed 60
expect setup-failed stdout 'no executable run_all.sh'

printf 'description = broken\nsmp = many\n' > "$work/broken.profile"
rc=0
"$vmrun" --profile "$work/broken.profile" --kernel "$kernel" --rootfs "$rootfs" --suite "$work/pass" \
	--results "$work/broken" > /dev/null 2>&1 || rc=$?
if [ $rc = 3 ] && [ "$(field "$work/broken/vm-outcome.json" outcome)" = bad-profile ]; then
	check "bad profile: exit 3, bad-profile" ok
else
	check "bad profile: exit 3, bad-profile" "exit $rc"
fi
rc=0
"$vmrun" --profile default --kernel "$work/nosuch" > /dev/null 2> "$work/usage.err" || rc=$?
if [ $rc = 2 ] && [ "$(wc -l < "$work/usage.err")" = 1 ]; then
	check "bad usage: exit 2, one line" ok
else
	check "bad usage: exit 2, one line" "exit $rc, $(wc -l < "$work/usage.err") lines"
fi

vm_test_end
