#!/usr/bin/env bash
# The kernel matrix: the suite (or the tests chosen) on several kernels, one
# testbed run each, and their verdicts side by side with what changed from
# one kernel to the next (build/host/ppcst_matrix).
#
#   vm/matrix.sh [--results DIR] [-t TEST]... [-p PROFILE]... [-j N] KERNEL...
#
# KERNEL is [LABEL=]SPEC, SPEC one of
#   debian:VERSION   Debian's linux-source-MAJOR.MINOR at VERSION (vm/ksrc.sh),
#                    e.g. debian:6.1.192-3, debian:6.12.117-1~deb12u1
#   git:DIR@REF      the commit REF of the kernel git tree DIR, exported with
#                    git archive into the cache (the tree is only read)
#   tree:DIR         a kernel source tree as it is
#   vmlinux:FILE     a prebuilt kernel (its missing options are unknown
#                    unless its .config lies beside it)
# and is built with vm/kbuild.sh --allow-missing (cached). LABEL names its
# column and folder; by default the version, ref, or file or folder name,
# other characters than letters, digits, '.', '_' and '-' made '_'.
# -t, -p (repeatable) and -j go to each run (run_all.sh --vm: --profile).
#
# DIR (default results/matrix-<time>/): kernels/LABEL/ each run's results,
# kernels/LABEL.build.log when it did not build, kernels/LABEL.run.log, then
# matrix.json and matrix.md. A kernel that does not build or whose run left
# no summary keeps its column (build-failed, no-run). INT or TERM stops the
# current step (its process group) and writes the matrix of what finished.
# Exit: 0 the matrix was written (whatever the verdicts: see its changes),
# 2 bad input (one line, before anything runs), 3 ppcst_matrix could not be
# built, 128+N a signal.
set -uo pipefail
. "$(dirname "$0")/common.sh"
me=matrix.sh

bad_input() { echo "$me: $*" >&2; exit 2; }
value() { [ $# -ge 2 ] && [ -n "$2" ] || bad_input "$1 needs a value"; value=$2; }

results='' jobs='' run_args=() kernels=()
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) sed -n '2,28s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--results | -t | -p | -j) value "$@" ;;
	-*) bad_input "unknown option '$1' (see --help)" ;;
	*) kernels+=("$1"); shift; continue ;;
	esac
	case $1 in
	--results) results=$value ;;
	-t)
		{ is_name "$value" && grep -qxF "test=$value" "$PPCST_TOP/settings"; } ||
			bad_input "-t $value: no such test (see ./run_all.sh --list)"
		run_args+=(-t "$value") ;;
	-p)
		p=$(profile_arg "$value") ||
			bad_input "-p $value: no profile NAME (see ./run_all.sh --vm --list-profiles) nor FILE.profile"
		run_args+=(--profile "$p") ;;
	-j)
		[[ $value =~ ^[1-9][0-9]?$ ]] || bad_input "-j $value: not a number of guests (1 to 64)"
		jobs=$value ;;
	esac
	shift 2
done
[ ${#kernels[@]} -gt 0 ] || bad_input "no KERNEL given (see --help)"
[ -z "$jobs" ] || run_args+=(-j "$jobs")

# --- every kernel checked before anything runs ------------------------------
labels=() kinds=() values=() specs=()
# A default label: TEXT with what a label cannot hold made '_', at most 63.
label_of() {
	local l=${1//[^A-Za-z0-9._-]/_}
	l=${l#"${l%%[!.]*}"}
	printf '%s' "${l:0:63}"
}
for k in "${kernels[@]}"; do
	label='' spec=$k
	if [[ $k =~ ^([^:=]+)=(.+)$ ]]; then
		label=${BASH_REMATCH[1]} spec=${BASH_REMATCH[2]}
		{ is_name "$label" && [ ${#label} -lt 64 ]; } ||
			bad_input "$k: label '$label' is not letters, digits, _ - . (at most 63, no leading dot)"
	fi
	kind=${spec%%:*} val=${spec#*:}
	[ "$kind" != "$spec" ] && [ -n "$val" ] ||
		bad_input "$k: not [LABEL=]debian:VERSION, git:DIR@REF, tree:DIR or vmlinux:FILE"
	case $kind in
	debian)
		[[ $val =~ ^[0-9]+\.[0-9]+(\.[0-9]+)?-[A-Za-z0-9.+~]+$ ]] ||
			bad_input "$k: '$val' is not a Debian kernel version (e.g. 6.12.117-1~deb12u1)"
		default=$val ;;
	git)
		dir=${val%@*} ref=${val##*@}
		[[ $val == *@* ]] && [ -n "$dir" ] && [ -n "$ref" ] || bad_input "$k: not git:DIR@REF"
		git -C "$dir" rev-parse --git-dir > /dev/null 2>&1 || bad_input "$k: '$dir' is not a git tree"
		commit=$(git -C "$dir" rev-parse --verify --quiet "$ref^{commit}") ||
			bad_input "$k: '$ref' is no commit of $dir"
		val="$(realpath "$dir")@$commit"
		default=$ref ;;
	tree)
		[ -f "$val/Makefile" ] && [ -d "$val/arch/powerpc" ] || bad_input "$k: '$val' is not a Linux source tree"
		val=$(realpath "$val")
		default=$(basename "$val") ;;
	vmlinux)
		[ -f "$val" ] && [ -r "$val" ] || bad_input "$k: '$val' is not a readable file"
		val=$(realpath "$val")
		default=$(basename "$val") ;;
	*) bad_input "$k: unknown kind '$kind' (debian, git, tree, vmlinux)" ;;
	esac
	[ -n "$label" ] || label=$(label_of "$default")
	is_name "$label" || bad_input "$k: no label can be made of '$default': give LABEL=$spec"
	for l in "${labels[@]}"; do
		[ "$l" != "$label" ] || bad_input "$k: label '$label' given twice (give each KERNEL a LABEL=)"
	done
	labels+=("$label") kinds+=("$kind") values+=("$val") specs+=("$spec")
done

if [ -n "$results" ]; then
	mkdir -p "$results" 2>/dev/null && [ -d "$results" ] && [ -w "$results" ] ||
		bad_input "--results $results: cannot write there"
else
	results=$PPCST_TOP/results/matrix-$(date +%Y%m%d-%H%M%S)
fi
mkdir -p "$results/kernels" || bad_input "--results $results: cannot write there"
results=$(realpath "$results")

make -s -C "$PPCST_TOP" build/host/ppcst_matrix >&2 || { echo "$me: ppcst_matrix did not build" >&2; exit 3; }

# --- each step in a process group of its own --------------------------------
signalled=0
# The step in progress ends (vm/common.sh: step_end; what ignores TERM for a
# minute is killed), the matrix of what finished is still written.
on_signal() {
	signalled=$1
	step_end 60
}
trap 'on_signal 2' INT
trap 'on_signal 15' TERM

# OUT LOG CMD...: CMD's stdout into OUT (or LOG too when OUT is LOG), its
# stderr appended to LOG, through step_run (a process group of its own);
# its exit status.
in_group() {
	local out=$1 log=$2
	shift 2
	if [ "$out" = "$log" ]; then
		step_run "$@" >> "$log" 2>&1 < /dev/null
	else
		step_run "$@" > "$out" 2>> "$log" < /dev/null
	fi
}

# DIR COMMIT: the commit's files into DIR (git archive: the user's tree, its
# index and worktrees are only read), once.
export_git() {
	local dir=$1 commit=$2 out=$PPCST_CACHE/kgit/$2
	[ -f "$out/.ppcst-complete" ] && { echo "$out"; return 0; }
	rm -rf "$out.partial" && mkdir -p "$out.partial" &&
		git -C "$dir" archive --format=tar "$commit" | tar -x -C "$out.partial" &&
		touch "$out.partial/.ppcst-complete" && rm -rf "$out" && mv "$out.partial" "$out" &&
		echo "$out"
}

# I: the vmlinux of kernel I into $vmlinux (its build's output in the log).
build_kernel() {
	local i=$1 log=$2 tmp=$results/kernels/.${labels[$1]}.out ksrc='' val=${values[$1]} rc=0
	case ${kinds[$i]} in
	vmlinux) vmlinux=$val; return 0 ;;
	tree) ksrc=$val ;;
	debian)
		in_group "$tmp" "$log" env PPCST_KSRC_PKG="linux-source-$(echo "$val" | cut -d. -f1,2)" \
			PPCST_KSRC_VERSION="$val" "$PPCST_TOP/vm/ksrc.sh" || rc=$?
		ksrc=$(cat "$tmp") ;;
	git)
		in_group "$tmp" "$log" env PPCST_CACHE="$PPCST_CACHE" bash -c "$(declare -f export_git); export_git \"\$@\"" \
			export_git "${val%@*}" "${val##*@}" || rc=$?
		ksrc=$(cat "$tmp") ;;
	esac
	if [ $rc = 0 ] && [ -n "$ksrc" ]; then
		in_group "$tmp" "$log" "$PPCST_TOP/vm/kbuild.sh" --allow-missing --ksrc "$ksrc" || rc=$?
		vmlinux=$(cat "$tmp")
	fi
	rm -f "$tmp"
	[ $rc = 0 ] && [ -n "$ksrc" ] && [ -f "$vmlinux" ]
}

# The options the suite's config asks for that kernel I lacks, into FILE:
# kbuild.sh's list, else its .config compared; status 1: unknown.
missing_of() {
	local dir
	dir=$(dirname "$1")
	if [ -f "$dir/missing-options" ]; then
		cp "$dir/missing-options" "$2"
	elif [ -f "$dir/.config" ]; then
		missing_options "$dir/.config" "$PPCST_TOP/vm/kernel/base.config" "$PPCST_TOP/config" > "$2"
	else
		return 1
	fi
}

args=()
for i in "${!labels[@]}"; do
	label=${labels[$i]} out=$results/kernels/${labels[$i]}
	args+=(--kernel "$label" --spec "${specs[$i]}")
	if [ "$signalled" != 0 ]; then
		args+=(--status interrupted)
		continue
	fi
	rm -rf "$out" "$out.build.log" "$out.run.log" "$out.missing-options"
	[ "${kinds[$i]}" = vmlinux ] || note "$label: building ${specs[$i]} (log: $out.build.log)"
	if ! build_kernel "$i" "$out.build.log"; then
		[ "$signalled" != 0 ] && args+=(--status interrupted) && continue
		note "$label: did not build: $(tail -n 1 "$out.build.log")"
		args+=(--status build-failed)
		continue
	fi
	rm -f "$out.build.log"
	! missing_of "$vmlinux" "$out.missing-options" || args+=(--missing-options "$out.missing-options")
	note "$label: running on $vmlinux (log: $out.run.log)"
	mkdir -p "$out"
	in_group "$out.run.log" "$out.run.log" "$PPCST_TOP/run_all.sh" --vm --kernel "$vmlinux" \
		--results "$out" "${run_args[@]}"
	if [ "$signalled" != 0 ]; then
		args+=(--status interrupted)
	elif [ -f "$out/summary.json" ]; then
		note "$label: $(tail -n 1 "$out.run.log")"
		args+=(--summary "$out/summary.json")
	else
		note "$label: the run left no summary.json: $(tail -n 1 "$out.run.log")"
		args+=(--status no-run)
	fi
done

# The matrix of what finished, a signal or not.
trap '' INT TERM
"$PPCST_TOP/build/host/ppcst_matrix" --out "$results" "${args[@]}"
rc=$?
note "matrix in $results/matrix.md"
[ "$signalled" = 0 ] || exit $((128 + signalled))
exit $rc
