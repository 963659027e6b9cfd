#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Faults during a testbed run, through the planner (build/host/planner) with
# the real kernel, guest root and QEMU and a stand-in suite (a test that
# sleeps): a signal to the run while the kernel builds (vm/run-vm.sh, a
# stand-in kernel tree), while the guest boots and while its test runs, vmrun
# killed, a full results disk, a results folder that cannot be written.
# After each: the exit code, no QEMU of the case left, none of the planner's
# temporary folders left, and a summary.json that says what happened.
# (vmrun's own outcomes - panic, hang, timeouts, QEMU killed - are
# tests/test_vm_outcomes.sh's; the runner's signals are tests/test_run_all.sh's.)
#
#   tests/test_faults.sh      (make check runs it)
# check-timeout: 1800
set -uo pipefail
# shellcheck source=tests/support/vm_test.sh
. "$(dirname "${BASH_SOURCE[0]}")/support/vm_test.sh"
planner=${PLANNER:-$top/build/host/planner}
vm_test_begin "$planner" test_faults

# The stand-in suite: settings naming one test, and the guest's run_all.sh,
# which runs it as the real runner would (markers, its folder, result.json).
mkdir -p "$work/suite"
printf 'timeout=120\ntest=t1\n' > "$work/suite/settings"
cat > "$work/suite/run_all.sh" <<'EOF'
#!/bin/bash
echo "TAP version 13"
echo "1..1"
mkdir -p /mnt/results/t1
echo "# ppcst: begin t1 timeout=120"
sleep 100
echo '{"test": "t1", "result": "pass", "exit_code": 0, "ms": 100000, "reason": ""}' > /mnt/results/t1/result.json
echo "# ppcst: end t1"
echo "ok 1 t1"
EOF
chmod +x "$work/suite/run_all.sh"

# The QEMU of a case shares its job folder with the guest.
qemu_of() { pgrep -f "path=$work/$1/results/default," || true; }
# The planner's temporary folders (the TMPDIR of its jobs) of this test: a
# path short enough for the planner to use it (it takes /tmp instead of a
# TMPDIR over 24 bytes, for the QMP sockets below it), checked empty after
# each case.
TMPDIR=$(mktemp -d /tmp/ppcst-f.XXXXXX)
export TMPDIR
trap '[ -n "${KEEP:-}" ] || rm -rf "$work" "$TMPDIR"' EXIT

summary_says() { # NAME PYTHON-CONDITION on s (summary.json): prints why not
	python3 - "$work/$1/results/summary.json" "$2" <<'PY' 2>&1 | tail -n 1
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception as e:
    print(f"summary.json: {e}")
    sys.exit()
t = {x["name"]: x for x in s["tests"]}
if not eval(sys.argv[2]):
    print("summary.json: " + "; ".join(f"{n} {x['result']} ({x['reason']})" for n, x in t.items()))
PY
}

# case NAME WANT_RC MAX WAIT_FOR ACTION CONDITION: runs the planner in the
# background, waits until WAIT_FOR (a command) succeeds, does ACTION (with
# $pid the planner's), then judges: exit code, time, no QEMU left, no
# temporary folder left, and CONDITION on the summary.
case_() {
	local name=$1 want_rc=$2 max=$3 wait_for=$4 action=$5 cond=$6 start
	mkdir -p "$work/$name"
	res=$work/$name/results
	start=$(date +%s)
	"$planner" --kernel "$kernel" --rootfs "$rootfs" --suite "$work/suite" \
		--results "$res" --profile default > "$work/$name/stdout" 2> "$work/$name/stderr" &
	pid=$!
	for _ in $(seq 1 "$((max * 10))"); do
		eval "$wait_for" 2> /dev/null && break
		sleep 0.1
	done
	eval "$action"
	cond_wrong() {
		[ -z "$(ls -A "$TMPDIR")" ] || { echo "left in TMPDIR: $(ls "$TMPDIR")"; return; }
		summary_says "$name" "$cond"
	}
	vm_test_judge "$name" "$pid" "$want_rc" "$start" "$max" cond_wrong
}
booting='[ -s "$res/default/console.log" ] && ! grep -q "^# ppcst: begin" "$res/default/console.log"'
testing='grep -q "^# ppcst: begin t1" "$res/default/console.log"'

case_ term-while-booting 143 300 "$booting" 'kill -TERM $pid' \
	't["t1"]["result"] == "skip" and t["vm"]["result"] == "skip" and "interrupted" in t["vm"]["reason"]'
case_ int-while-testing 130 300 "$testing" 'kill -INT $pid' \
	't["t1"]["result"] == "skip" and "interrupted" in t["t1"]["reason"]'
case_ vmrun-killed 1 300 "$testing" 'pkill -KILL -f "vmrun --profile .* --results $res/default "' \
	't["vm"]["result"] == "fail" and "no vm-outcome.json" in t["vm"]["reason"]'

# A signal while the parts are made (vm/run-vm.sh's steps): the step ends
# with all it started, the run exits 128+N in one line and no lock is held.
# The kernel tree is a stand-in whose configuration takes minutes (its
# Makefile sleeps), so the signal comes in the middle of that step.
mkdir -p "$work/ktree/arch/powerpc"
printf 'allnoconfig:\n\texec sleep 271\n' > "$work/ktree/Makefile"
build_case() { # NAME SIGNAL WANT_RC
	local name=$1 sig=$2 want_rc=$3 start rc=0 left
	start=$(date +%s)
	# env: a job started with & ignores SIGINT, and bash cannot trap a
	# signal ignored at its start; a Ctrl-C at a terminal is not ignored.
	PPCST_CACHE=$work/$name-cache env --default-signal=INT "$top/run_all.sh" --vm --ksrc "$work/ktree" \
		--results "$work/$name" > "$work/$name.out" 2> "$work/$name.err" &
	pid=$!
	for _ in $(seq 600); do pgrep -f 'sleep 271' > /dev/null && break; sleep 0.1; done
	kill "-$sig" "$pid"
	wait "$pid" || rc=$?
	left=$(pgrep -af 'sleep 271' || true)
	if [ $rc != "$want_rc" ]; then
		check "$name" "exit $rc, not $want_rc: $(tail -n 2 "$work/$name.err" | tr '\n' '|')"
	elif [ "$(tail -n 1 "$work/$name.err")" != "run-vm.sh: interrupted while building the kernel: no test ran" ]; then
		check "$name" "last line: $(tail -n 1 "$work/$name.err")"
	elif [ -n "$left" ]; then
		pkill -f 'sleep 271'
		check "$name" "the build step's process is left: $left"
	elif ! flock -n "$work/$name-cache/.kbuild.lock" true; then
		check "$name" "the kernel build lock is still held"
	else
		check "$name" ok
		echo "# $name: $(($(date +%s) - start)) s"
	fi
}
build_case term-while-building TERM 143
build_case int-while-building INT 130

# A results disk that fills up, and one that cannot be written: the run says
# so in one line and is no verdict on the kernel (exit 2 or 3, never 0 or 1).
if mkdir -p "$work/full" && mount -t tmpfs -o size=256k ppcst-full "$work/full" 2> /dev/null; then
	dd if=/dev/zero of="$work/full/filler" bs=4k count=64 2> /dev/null
	rc=0
	"$planner" --kernel "$kernel" --rootfs "$rootfs" --suite "$work/suite" \
		--results "$work/full/r" --profile default > "$work/full.out" 2> "$work/full.err" || rc=$?
	umount "$work/full"
	if { [ $rc = 2 ] || [ $rc = 3 ]; } && [ "$(wc -l < "$work/full.err")" = 1 ] && [ -z "$(qemu_of full)" ]; then
		check "results disk full: exit $rc, one line" ok
	else
		check "results disk full: exit $rc, one line" "exit $rc: $(head -c 300 "$work/full.err" | tr '\n' '|')"
	fi
	mkdir -p "$work/ro"
	mount -t tmpfs -o ro ppcst-ro "$work/ro"
	rc=0
	"$planner" --kernel "$kernel" --rootfs "$rootfs" --suite "$work/suite" \
		--results "$work/ro/r" --profile default > "$work/ro.out" 2> "$work/ro.err" || rc=$?
	umount "$work/ro"
	if [ $rc = 2 ] && [ "$(wc -l < "$work/ro.err")" = 1 ]; then
		check "results folder not writable: exit 2, one line" ok
	else
		check "results folder not writable: exit 2, one line" "exit $rc: $(head -c 300 "$work/ro.err" | tr '\n' '|')"
	fi
else
	n=$((n + 1))
	echo "ok $n results disk full, not writable # SKIP cannot mount a tmpfs here (needs root)"
fi

echo "1..$n"
vm_test_end
