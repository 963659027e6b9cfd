# shellcheck shell=bash
# Shared by the suite's shell tests that boot real guests
# (tests/test_vm_outcomes.sh, tests/test_reboot_loop.sh): source it, then
#
#   vm_test_begin PROGRAM NAME
#
# prints the TAP header, skips the whole file (exit 4) when PROGRAM is not
# built or the testbed's kernel (PPCST_VMLINUX=, else vm/kbuild.sh), guest
# root (PPCST_ROOTFS=, else vm/rootfs.sh) or QEMU is missing, and sets
# $kernel, $rootfs and $work (a scratch directory removed at exit unless
# KEEP=1). check NAME RESULT records one subtest ("ok" or the reason it
# failed); vm_test_judge judges a case run in the background; vm_test_end
# exits 0 when none failed.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
n=0
failed=0

vm_test_begin() {
	echo "TAP version 13"
	if [ ! -x "$1" ]; then
		echo "1..0 # SKIP $1 not built (make)"
		exit 4
	fi
	kernel=${PPCST_VMLINUX:-$("$top/vm/kbuild.sh")} || { echo "1..0 # SKIP no test kernel (vm/kbuild.sh failed)"; exit 4; }
	rootfs=${PPCST_ROOTFS:-$("$top/vm/rootfs.sh")} || { echo "1..0 # SKIP no guest root (vm/rootfs.sh failed)"; exit 4; }
	command -v "${QEMU:-qemu-system-ppc64}" > /dev/null || { echo "1..0 # SKIP QEMU not found"; exit 4; }
	work=$(mktemp -d "${TMPDIR:-/tmp}/$2.XXXXXX")
	trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
}

check() { # NAME RESULT: record one subtest
	n=$((n + 1))
	if [ "$2" = ok ]; then
		echo "ok $n $1"
	else
		echo "not ok $n $1 # $2"
		failed=$((failed + 1))
	fi
}

# vm_test_judge NAME PID WANT_RC START MAX [CHECK]: waits for a case's
# program PID, started in the background at START (date +%s), and records
# the subtest NAME: its exit code, then CHECK (a function printing why the
# case's outcome is wrong, nothing if it is right), and no QEMU of it left
# (qemu_of NAME, the caller's). MAX is no speed target: the program bounds
# itself, and only one still running 3 x MAX s after START (a busy host
# makes a case 2-3 times slower, never 3 times its bound) is hung, killed
# and failed; the time it took is printed. On a failure the case's stdout
# and stderr ($work/NAME/) go to the log.
vm_test_judge() {
	local name=$1 pid=$2 want_rc=$3 start=$4 max=$5 check_fn=${6:-} rc why=ok wrong= hung=
	# The program bounds itself; this only keeps a hung one from stalling us.
	local left=$((start + 3 * max - $(date +%s)))
	[ "$left" -gt 0 ] || left=1
	timeout "$left" tail --pid="$pid" -f /dev/null
	if kill -0 "$pid" 2> /dev/null; then
		kill -KILL "$pid"
		hung="still running after $((3 * max)) s: hung"
	fi
	wait "$pid"
	rc=$?
	echo "# $name: $(($(date +%s) - start)) s"
	[ -z "$check_fn" ] || wrong=$("$check_fn")
	if [ -n "$hung" ]; then
		why=$hung
	elif [ "$rc" != "$want_rc" ]; then
		why="exit $rc, want $want_rc"
	elif [ -n "$wrong" ]; then
		why=$wrong
	elif [ -n "$(qemu_of "$name")" ]; then
		why="QEMU $(qemu_of "$name") left running"
	fi
	[ "$why" = ok ] || sed 's/^/# /' "$work/$name/stdout" "$work/$name/stderr" | tail -40
	check "$name" "$why"
}

vm_test_end() {
	[ $failed = 0 ]
}
