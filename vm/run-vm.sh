#!/usr/bin/env bash
# The testbed half of `run_all.sh --vm`: make sure the host has what it needs,
# build (or reuse) the test kernel, the ppc64el guest root and the cross-built
# suite, then hand the run to the planner (build/host/planner, vm/planner.c):
# it reads the suite's settings into a plan (each test on each of its machine
# profiles, in a guest or on this host), makes every machine once, runs the
# guests side by side and writes the run's results.
#
#   vm/run-vm.sh [--profile NAME|FILE]... [--kernel VMLINUX | --ksrc DIR] [--results DIR]
#                [-j N] [--bisect] [--list-profiles] [-t TEST]... [run_all.sh options]
#
# Without --profile each test runs on each profile that settings names for it
# (profile.TEST=NAME [NAME...]), else on "default"; with --profile (repeatable)
# on each one given. -j N: at most N guests at once (default: the host's
# cores). Other options go to each guest's run_all.sh.
# Exit: 0 passed, 1 a test failed (kernel or QEMU misbehaved), 3 the testbed
# could not be built or booted, 4 everything skipped, 2 bad usage;
# with --bisect: 0 good, 1 bad, 125 untestable (3 and 4 above).
# A signal while the kernel, guest root or suite is made: 128+N (also with
# --bisect: git bisect run stops), after ending that step and all it started.
set -euo pipefail
. "$(dirname "$0")/common.sh"

# KERNEL= and KSRC= (e.g. `make run_tests KERNEL=vmlinux`) work like the options.
profiles=() kernel=${KERNEL:-} ksrc=${KSRC:-} results='' bisect=0 jobs=''
tests=() guest_args=()
# Known before any error, so that a bad word in a bisect run still gives 125.
for arg; do [ "$arg" != --bisect ] || bisect=1; done
finish() {
	local code=$1
	if [ $bisect = 1 ]; then
		case $code in 0|1) ;; *) code=125 ;; esac
	fi
	exit "$code"
}
bad_input() { echo "run-vm.sh: $*" >&2; finish 2; }
# OPTION VALUE...: the value, never empty.
value() { [ $# -ge 2 ] && [ -n "$2" ] || bad_input "$1 needs a value"; value=$2; }
while [ $# -gt 0 ]; do
	case $1 in
	--vm | --bisect) shift; continue ;;
	--list-profiles) make -s build/host/vmrun >&2 && exec build/host/vmrun --list-profiles ;;
	-h|--help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--profile | --kernel | --ksrc | --results | -t | -j) value "$@" ;;
	*) guest_args+=("$1"); shift; continue ;;
	esac
	case $1 in
	--profile) profiles+=("$value") ;;
	--kernel) kernel=$value ;;
	--ksrc) ksrc=$value ;;
	--results) results=$value ;;
	-t) tests+=("$value") ;;
	-j) jobs=$value ;;
	esac
	shift 2
done

# Every name that becomes a path is checked before anything runs (is_name,
# profile_arg: vm/common.sh); an explicit path must exist and is used as given.
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] && [ -r "$kernel" ] || bad_input "--kernel $kernel: not a readable file"
	kernel=$(realpath "$kernel")
fi
if [ -n "$ksrc" ]; then
	[ -d "$ksrc" ] || bad_input "--ksrc $ksrc: not a directory"
	ksrc=$(realpath "$ksrc")
fi
for i in "${!profiles[@]}"; do
	p=$(profile_arg "${profiles[$i]}") ||
		bad_input "--profile ${profiles[$i]}: no profile NAME (see --list-profiles) nor FILE.profile (NAME: letters, digits, _ - .)"
	profiles[$i]=$p
done
for t in "${tests[@]}"; do
	is_name "$t" || bad_input "-t $t: not a test name (letters, digits, _ - .)"
done
[ -z "$jobs" ] || [[ $jobs =~ ^[1-9][0-9]?$ ]] || bad_input "-j $jobs: not a number of guests (1 to 64)"
if [ -n "$results" ]; then
	mkdir -p "$results" 2>/dev/null && [ -d "$results" ] && [ -w "$results" ] ||
		bad_input "--results $results: cannot write there"
	results=$(realpath "$results")
fi
cd "$PPCST_TOP"

# The testbed, not the kernel, failed: no test ran or counts.
# Each step that makes a part runs through step_run (vm/common.sh): a signal
# ends it with all it started (a SIGTERM used to leave make running on).
step_name=''
interrupted() { # SIGNUM
	trap - INT TERM
	step_end 5
	echo "run-vm.sh: interrupted while $step_name: no test ran" >&2
	exit $((128 + $1))
}
trap 'interrupted 2' INT
trap 'interrupted 15' TERM
step() { # WHAT CMD...: CMD, its stdout the caller's
	step_name=$1
	shift
	step_run "$@"
}
part=$(mktemp)
trap 'rm -f "$part"' EXIT
made() { cat "$part"; } # what the last step printed

testbed_broke() {
	echo "run-vm.sh: testbed-broken: $*" >&2
	echo "0 passed, 0 failed, 0 skipped"
	finish 3
}

# Every input checked before anything slow: the planner refuses a -t of no
# test, a profile that is not there or does not load, and settings it cannot
# read - it learned them after the kernel, guest root and suite were built
# (minutes on a cold machine before a one-line error). Its host build needs
# no kernel source; a host without the compiler or json-c gets its packages
# first. The suite installs this ./settings beside its programs.
host_tools=(make -s build/host/planner build/host/vmrun)
if ! step "building the host tools" "${host_tools[@]}" >&2 2>/dev/null; then
	step "setting up the host" "$PPCST_TOP/vm/setup-host.sh" --quiet || testbed_broke "host set-up failed"
	step "building the host tools" "${host_tools[@]}" >&2 || testbed_broke "the planner did not build"
fi
check=(build/host/planner --check --settings "$PPCST_TOP/settings")
for p in "${profiles[@]}"; do check+=(--profile "$p"); done
for t in "${tests[@]}"; do check+=(-t "$t"); done
[ -z "$jobs" ] || check+=(-j "$jobs")
"${check[@]}" || finish 2

step "setting up the host" "$PPCST_TOP/vm/setup-host.sh" --quiet || testbed_broke "host set-up failed"
if [ -z "$kernel" ]; then
	step "building the kernel" vm/kbuild.sh ${ksrc:+--ksrc "$ksrc"} > "$part" ||
		testbed_broke "the kernel did not build"
	kernel=$(made)
fi
step "making the guest root" vm/rootfs.sh > "$part" || testbed_broke "the guest root could not be made"
rootfs=$(made)
if suite_qemu_wanted; then
	step "building QEMU" vm/qemu/build.sh > "$part" || testbed_broke "the suite's QEMU did not build"
	QEMU=$(made)
	export QEMU
fi
rm -f "$part"
suite=$(suite_dir "$kernel")
mkdir -p "$PPCST_TOP/build"
exec {suite_lock_fd}>"$PPCST_SUITE_LOCK"
flock "$suite_lock_fd"
step "building the suite" make -s all >&2 || testbed_broke "the suite did not build"
step "installing the suite" make -s install INSTALL_PATH="$suite" >/dev/null ||
	testbed_broke "the suite did not install"
suite_kernel_tables "$suite" "$kernel"
exec {suite_lock_fd}>&-

mkdir -p "$PPCST_CACHE"
# Each job's time, kept from run to run: the planner starts the longest first.
planner=(build/host/planner --kernel "$kernel" --rootfs "$rootfs" --suite "$suite"
	--history "$PPCST_CACHE/job-times.json")
[ -z "$results" ] || planner+=(--results "$results")
for p in "${profiles[@]}"; do planner+=(--profile "$p"); done
[ -z "$jobs" ] || planner+=(-j "$jobs")
[ $bisect = 0 ] || planner+=(--bisect)
for t in "${tests[@]}"; do planner+=(-t "$t"); done
exec "${planner[@]}" -- "${guest_args[@]}"
