# Shared by the vm/ scripts: where the cache lives and how to fail.
# shellcheck disable=SC2034 # sourced: the variables are for the scripts
# shellcheck shell=bash
PPCST_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PPCST_CACHE=${PPCST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc-iommu-selftests}
# The default kernel: a Debian source package of a current stable series.
# Pinned so that a cached build and a bisect step mean the same kernel everywhere.
PPCST_KSRC_PKG=${PPCST_KSRC_PKG:-linux-source-6.12}
PPCST_KSRC_VERSION=${PPCST_KSRC_VERSION:-6.12.107-1~deb12u1}
PPCST_CROSS_COMPILE=${CROSS_COMPILE:-powerpc64le-linux-gnu-}

die() { echo "$(basename "$0"): $*" >&2; exit "${DIE_CODE:-2}"; }
note() { echo "$(basename "$0"): $*" >&2; }

# The kernel's modules.builtin(.modinfo), kept beside its vmlinux by kbuild.sh
# (a kernel build tree has them there too), into SUITE/kernel/: the guest's
# init makes libkmod's tables from them (daxctl loads built-in drivers).
suite_kernel_tables() {
	rm -rf "$1/kernel"
	mkdir -p "$1/kernel"
	cp "$(dirname "$2")"/modules.builtin "$(dirname "$2")"/modules.builtin.modinfo "$1/kernel/" 2>/dev/null || true
}

# Where run-vm.sh installs the suite to run on KERNEL: a folder per kernel,
# since the kernel's tables above go beside the programs and make validate
# runs two kernels side by side (one shared folder had each run rewrite the
# other's, and two installs at once failed: 'cannot create regular file ...
# File exists'). PPCST_SUITE_LOCK: one run-vm.sh at a time builds and installs.
suite_dir() { echo "$PPCST_TOP/build/suite/$(printf '%s' "$1" | sha1sum | cut -c1-16)"; }
PPCST_SUITE_LOCK=$PPCST_TOP/build/.suite.lock

# The options FRAGMENT... set (CONFIG_X=...) that CONFIG, a kernel's .config,
# does not have as asked: Kconfig dropped them (a dependency is missing).
# One CONFIG_ name a line, none when every one is there.
missing_options() {
	local config=$1
	shift
	grep -hE '^(CONFIG_[A-Za-z0-9_]+)=' "$@" | while IFS= read -r want; do
		grep -qxF "$want" "$config" || echo "${want%%=*}"
	done
}

# A NAME that becomes a path: letters, digits, '_', '-' and '.', not
# starting with '.' (a folder under a results directory is named after
# checked names only, never after an argument as typed).
is_name() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]]; }

# The profile a --profile argument names: a NAME of vm/profiles/ as it is,
# an existing FILE.profile as its absolute path; status 1 if neither.
profile_arg() {
	if [[ $1 == */* ]]; then
		[ -f "$1" ] && [[ $1 == *.profile ]] && is_name "$(basename "$1" .profile)" && realpath "$1"
	else
		is_name "$1" && [ -r "$PPCST_TOP/vm/profiles/$1.profile" ] && echo "$1"
	fi
}

# A step that runs in a session of its own (a background child of a script is
# no group leader, so setsid runs it as it is, pid $!), waited for in the
# background: bash runs a trap only once a foreground command is done, and a
# SIGTERM to the script must reach everything the step started (make and its
# compilers, a kernel build, a run). The caller's INT/TERM trap calls
# step_end; step_run then returns the step's status.
step_pid=''
step_run() { # CMD...: its exit status
	local rc
	setsid "$@" &
	step_pid=$!
	# A trapped signal ends wait early: wait again until the leader is gone.
	while wait "$step_pid"; rc=$?; kill -0 "$step_pid" 2>/dev/null; do :; done
	step_pid=''
	return "$rc"
}
step_end() { # GRACE: TERM to the running step's group, KILL after GRACE s
	[ -n "$step_pid" ] || return 0
	kill -TERM -- "-$step_pid" 2>/dev/null || true
	for _ in $(seq $(($1 * 10))); do
		kill -0 -- "-$step_pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL -- "-$step_pid" 2>/dev/null || true
}

# The QEMU a testbed run uses reaches vmrun one way, as QEMU in the
# environment (vm_qemu_binary reads it; the planner's vmruns and host-side
# tests inherit it): QEMU= as the user gave it (a stock or any other binary
# wins; vmrun --qemu wins over both), else off POWER the suite's own, which
# the caller exports as QEMU=$(vm/qemu/build.sh) (cached after `make setup`)
# when this says so; on POWER (KVM) qemu-system-ppc64 from PATH.
suite_qemu_wanted() { [ -z "${QEMU:-}" ] && [ "$(uname -m)" != ppc64le ]; }
