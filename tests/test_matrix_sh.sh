#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks are strings for eval, expanded when they run, on purpose.
# shellcheck disable=SC2016,SC2034
# vm/matrix.sh's input contract: every KERNEL, test, profile and count is
# checked before anything runs; a bad one is one line on stderr and exit 2,
# and nothing is made: no results folder, nothing in the cache, the user's
# git tree as it was. No kernel is built and no guest booted here. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v git > /dev/null || { echo "1..0 # SKIP git not installed"; exit 4; }

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$top/vm/matrix.sh
export PPCST_CACHE=$work/cache
mkdir -p "$PPCST_CACHE" "$work/k1" "$work/k2" "$work/notsrc"
echo k > "$work/k1/vmlinux"
echo k > "$work/k2/vmlinux"
# A git tree with one commit, and what must stay as it is.
git init -q "$work/linux"
git -C "$work/linux" -c user.name=t -c user.email=t@t commit -q --allow-empty -m one
before=$(git -C "$work/linux" worktree list; git -C "$work/linux" status --porcelain)
matrix_runs() { { compgen -G "$top/results/matrix-*" || true; } | wc -l; }
results_before=$(matrix_runs)
res=$work/res
ok_kernel=vmlinux:$work/k1/vmlinux

echo "TAP version 13"
check "no KERNEL: one line, exit 2" one_line_exit_2
check "unknown option: exit 2" one_line_exit_2 --bogus "$ok_kernel"
check "--results without a value: exit 2" one_line_exit_2 "$ok_kernel" --results
check "no KIND: exit 2" one_line_exit_2 --results "$res" "$work/k1/vmlinux"
check "unknown KIND: exit 2" one_line_exit_2 --results "$res" rpm:6.12
check "empty VALUE: exit 2" one_line_exit_2 --results "$res" debian:
check "debian: not a version: exit 2" one_line_exit_2 --results "$res" 'debian:6.12;rm -rf'
check "debian: no Debian revision: exit 2" one_line_exit_2 --results "$res" debian:6.12.117
check "git: no @REF: exit 2" one_line_exit_2 --results "$res" "git:$work/linux"
check "git: not a git tree: exit 2" one_line_exit_2 --results "$res" "git:$work/notsrc@HEAD"
check "git: no such ref: exit 2" one_line_exit_2 --results "$res" "git:$work/linux@v9.9"
check "tree: not a kernel source tree: exit 2" one_line_exit_2 --results "$res" "tree:$work/notsrc"
check "vmlinux: missing file: exit 2" one_line_exit_2 --results "$res" "vmlinux:$work/none/vmlinux"
check "vmlinux: a folder: exit 2" one_line_exit_2 --results "$res" "vmlinux:$work/k1"
check "label not a name: exit 2" one_line_exit_2 --results "$res" "../x=$ok_kernel"
check "label given twice: exit 2" one_line_exit_2 --results "$res" "a=$ok_kernel" "a=vmlinux:$work/k2/vmlinux"
check "default labels alike (vmlinux twice): exit 2, asks for LABEL=" eval \
	'one_line_exit_2 --results "$res" "$ok_kernel" "vmlinux:$work/k2/vmlinux" && [[ $err == *LABEL=* ]]'
check "-t unknown test: exit 2" one_line_exit_2 --results "$res" -t no_such_test "$ok_kernel"
check "-t ../x: exit 2" one_line_exit_2 --results "$res" -t ../x "$ok_kernel"
check "-p unknown profile: exit 2" one_line_exit_2 --results "$res" -p no-such-profile "$ok_kernel"
check "-j 0: exit 2" one_line_exit_2 --results "$res" -j 0 "$ok_kernel"
check "--results where nothing can be written: exit 2" \
	one_line_exit_2 --results "$work/k1/vmlinux/sub" "$ok_kernel"
check "a bad KERNEL after good ones: exit 2 before anything" \
	one_line_exit_2 --results "$res" "a=$ok_kernel" "git:$work/linux@HEAD" "tree:$work/notsrc"
check "nothing made: no results folder, nothing in the cache" eval \
	'[ ! -e "$res" ] && [ -z "$(ls -A "$PPCST_CACHE")" ] &&
	 [ "$(matrix_runs)" = "$results_before" ]'
check "the git tree as it was (worktrees, status)" eval \
	'[ "$(git -C "$work/linux" worktree list; git -C "$work/linux" status --porcelain)" = "$before" ]'
check "--help: the usage, exit 0" eval 'run --help; [ $rc = 0 ] && [[ $out == *"KERNEL is [LABEL=]SPEC"* ]]'

tap_end
