#!/usr/bin/env bash
# The testbed half of `run_all.sh --vm`: make sure the host has what it needs,
# build (or reuse) the test kernel, the ppc64el guest root and the cross-built
# suite, then boot one QEMU pseries guest per machine profile and run the
# selected tests inside it through build/host/vmrun.
#
#   vm/run-vm.sh [--profile NAME] [--kernel VMLINUX | --ksrc DIR] [--results DIR]
#                [--bisect] [--list-profiles] [-t TEST]... [run_all.sh options]
#
# Without --profile each test runs on each profile that settings names for it
# (profile.TEST=NAME [NAME...]), else on "default". Other options go to the guest's
# run_all.sh unchanged.
# Before any test, each profile's machine is made once, paused, and quit
# (vmrun --preflight): a host that cannot run one - QEMU missing, a ROM or
# firmware file not installed, a file of the run missing - ends the run with
# "testbed-broken", exit 3, and no test counted.
# Exit: 0 passed, 1 a test failed (kernel or QEMU misbehaved), 3 the testbed
# could not be built or booted, 4 everything skipped, 2 bad usage;
# with --bisect: 0 good, 1 bad, 125 untestable (3 and 4 above).
set -euo pipefail
. "$(dirname "$0")/common.sh"

# KERNEL= and KSRC= (e.g. `make run_tests KERNEL=vmlinux`) work like the options.
profile='' kernel=${KERNEL:-} ksrc=${KSRC:-} results='' bisect=0
tests=() guest_args=()
while [ $# -gt 0 ]; do
	case $1 in
	--vm) shift ;;
	--profile) profile=${2:?--profile needs a name}; shift 2 ;;
	--kernel) kernel=${2:?--kernel needs a vmlinux}; shift 2 ;;
	--ksrc) ksrc=${2:?--ksrc needs a directory}; shift 2 ;;
	--results) results=${2:?--results needs a directory}; shift 2 ;;
	--bisect) bisect=1; shift ;;
	--list-profiles) make -s build/host/vmrun >&2 && exec build/host/vmrun --list-profiles ;;
	-t) tests+=("${2:?-t needs a test name}"); shift 2 ;;
	-h|--help) sed -n '2,20s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) guest_args+=("$1"); shift ;;
	esac
done

# Every name that becomes a path is checked before anything runs: a NAME is
# letters, digits, '_', '-' and '.', not starting with '.'; an explicit path
# must exist and is used as given. Folders under the results directory are
# named after checked names only, never after an argument as typed.
finish() {
	local code=$1
	if [ $bisect = 1 ]; then
		case $code in 0|1) ;; *) code=125 ;; esac
	fi
	exit "$code"
}
bad_input() { echo "run-vm.sh: $*" >&2; finish 2; }
is_name() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]]; }
if [ -n "$kernel" ]; then
	[ -f "$kernel" ] && [ -r "$kernel" ] || bad_input "--kernel $kernel: not a readable file"
	kernel=$(realpath "$kernel")
fi
if [ -n "$ksrc" ]; then
	[ -d "$ksrc" ] || bad_input "--ksrc $ksrc: not a directory"
	ksrc=$(realpath "$ksrc")
fi
if [[ $profile == */* ]]; then
	{ [ -f "$profile" ] && [[ $profile == *.profile ]] && is_name "$(basename "$profile" .profile)"; } ||
		bad_input "--profile $profile: not an existing FILE.profile (NAME: letters, digits, _ - .)"
	profile=$(realpath "$profile")
elif [ -n "$profile" ]; then
	{ is_name "$profile" && [ -r "$PPCST_TOP/vm/profiles/$profile.profile" ]; } ||
		bad_input "no profile '$profile' (see --list-profiles)"
fi
for t in "${tests[@]}"; do
	is_name "$t" || bad_input "-t $t: not a test name (letters, digits, _ - .)"
done
if [ -n "$results" ]; then
	mkdir -p "$results" 2>/dev/null && [ -d "$results" ] && [ -w "$results" ] ||
		bad_input "--results $results: cannot write there"
	results=$(realpath "$results")
fi
cd "$PPCST_TOP"

# The testbed, not the kernel, failed: no test ran or counts.
testbed_broke() {
	echo "run-vm.sh: testbed-broken: $*" >&2
	echo "0 passed, 0 failed, 0 skipped"
	finish 3
}

"$PPCST_TOP/vm/setup-host.sh" --quiet || testbed_broke "host set-up failed"
if [ -z "$kernel" ]; then
	kernel=$(vm/kbuild.sh ${ksrc:+--ksrc "$ksrc"}) || testbed_broke "the kernel did not build"
fi
rootfs=$(vm/rootfs.sh) || testbed_broke "the guest root could not be made"
suite=$PPCST_TOP/build/suite
make -s all >&2 || testbed_broke "the suite did not build"
make -s install INSTALL_PATH="$suite" >/dev/null || testbed_broke "the suite did not install"
suite_kernel_tables "$suite" "$kernel"

mapfile -t known < <("$suite/run_all.sh" --list)
[ ${#known[@]} -gt 0 ] || testbed_broke "no tests to run"
for t in "${tests[@]}"; do
	[[ " ${known[*]} " == *" $t "* ]] || bad_input "unknown test '$t' (see ./run_all.sh --list)"
done
[ ${#tests[@]} -gt 0 ] || tests=("${known[@]}")
run_id=$(date +%Y%m%d-%H%M%S)-$$
results=${results:-$PPCST_TOP/results/$run_id}
mkdir -p "$results"

# Group the tests by the profiles they need (settings: profile.TEST=P1 P2 ...,
# a test that must pass on several machines): one boot per profile. A test
# that owns QEMU (settings: host.TEST=yes) runs on this host instead, through
# run_all.sh --native, and boots its profiles itself (PPCST_VM_PROFILES).
declare -A group=() machines=()
for t in "${tests[@]}"; do
	ps=$profile
	[ -n "$ps" ] || ps=$(sed -n "s/^profile\.$t=//p" "$suite/settings" | tail -n 1)
	for p in ${ps:-default}; do
		[ -n "$profile" ] || { is_name "$p" && [ -r "vm/profiles/$p.profile" ]; } ||
			bad_input "settings: profile.$t names no profile '$p'"
	done
	for p in ${ps:-default}; do machines[$p]=1; done
	if grep -qx "host\.$t=yes" "$suite/settings"; then
		group[host:$t]=" $t"
		continue
	fi
	for p in ${ps:-default}; do
		group[$p]+=" $t"
	done
done

# Every machine the run boots, made once before any test: a host that cannot
# run one is a broken testbed, not a failed test.
for p in "${!machines[@]}"; do
	ppath=vm/profiles/$p.profile
	[ -r "$ppath" ] || ppath=$p
	if profile_needs_pmem_image "$ppath"; then
		vm/pmem-image.sh >/dev/null || testbed_broke "the pmem image could not be prepared"
	fi
	pre=$results/preflight/$(basename "$p" .profile)
	mkdir -p "$pre"
	set +e
	why=$(build/host/vmrun --preflight --profile "$p" --kernel "$kernel" --rootfs "$rootfs" \
		--suite "$suite" --results "$pre" 2>&1)
	rc=$?
	set -e
	case $rc in
	0) ;;
	3) note "results in $results"; testbed_broke "${why#vmrun: testbed-broken: }" ;;
	*) echo "$why" >&2; finish "$rc" ;;
	esac
done

# One boot per profile; its TAP, logs and verdicts go into its own folder when
# there is more than one, and each folder gets summary.json and junit.xml.
worst=0 passed=0 failed=0 skipped=0
for p in "${!group[@]}"; do
	# A profile given as a path is filed under its checked stem.
	dir=$results
	[ ${#group[@]} -eq 1 ] || dir=$results/$(basename "${p#host:}" .profile)
	mkdir -p "$dir"
	args=()
	for t in ${group[$p]}; do args+=(-t "$t"); done
	set +e
	case $p in
	host:*)
		t=${p#host:}
		ps=$profile
		[ -n "$ps" ] || ps=$(sed -n "s/^profile\.$t=//p" "$suite/settings" | tail -n 1)
		note "on the host: $t, profiles ${ps:-default} -> $dir"
		# The host's own kernel log is not under test: no kernel-log slices.
		PPCST_NATIVE_ANYWHERE=1 PPCST_BINDIR=$PPCST_TOP/build/host PPCST_KMSG_SCAN= PPCST_VM_KERNEL=$kernel \
			PPCST_VM_ROOTFS=$rootfs PPCST_VM_PROFILES=${ps:-default} \
			./run_all.sh --native --results "$dir" "${args[@]}" "${guest_args[@]}" |
			grep -v '^[0-9]* passed, [0-9]* failed, [0-9]* skipped$'
		vm_rc=${PIPESTATUS[0]}
		cp "$dir/run.tap" "$dir/tap.txt" ;;
	*)
		note "profile $p:${group[$p]} -> $dir"
		build/host/vmrun --profile "$p" --kernel "$kernel" --rootfs "$rootfs" \
			--suite "$suite" --results "$dir" -- "${args[@]}" "${guest_args[@]}" |
			tee "$dir/tap.txt"
		vm_rc=${PIPESTATUS[0]} ;;
	esac
	summary=$("$suite/run_all.sh" --report-from-tap "$dir/tap.txt" --results "$dir")
	rc=$?
	set -e
	# "N passed, N failed, N skipped": summed over the profiles below.
	if [[ $summary =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
		passed=$((passed + BASH_REMATCH[1]))
		failed=$((failed + BASH_REMATCH[2]))
		skipped=$((skipped + BASH_REMATCH[3]))
	fi
	# vmrun 3: the testbed broke before a test ran; otherwise the TAP judges.
	if [ $vm_rc = 3 ]; then
		rc=3
	fi
	case $rc in
	1) worst=1 ;;
	0) ;;
	*) [ $worst = 1 ] || [ $worst = 3 ] || worst=$rc ;;
	esac
done
note "results in $results"
echo "$passed passed, $failed failed, $skipped skipped"
finish "$worst"
