#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The LAVA test definition's run step
# (lava/test-definitions/.../ppc-iommu-selftests.sh) outside LAVA: the real
# run_all.sh and ppcst_report of an installed-like tree run small test
# programs whose TAP descriptions are hostile (spaces, $(...), quotes,
# slashes), and the step prints one "NAME RESULT" line per test and subtest,
# names in LAVA's characters, as it hands them to lava-test-case in a lab.
# TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/support/installed_tree.sh
. "$top/tests/support/installed_tree.sh"
installed_tree "$work/tree"

# shellcheck source=tests/support/tap.sh
. "$top/tests/support/tap.sh"
under_test=$top/lava/test-definitions/automated/linux/ppc-iommu-selftests/ppc-iommu-selftests.sh
# shellcheck disable=SC2016 # the descriptions are the guest's text, as printed
prog hostile 'printf "%s\n" "TAP version 13" "1..4" "ok 1 fx.a b" "not ok 2 fx.\$(reboot)" \
	"ok 3 fx.../../etc/passwd # SKIP no device" "ok 4 fx.\"q\" '"'"'s'"'"'"; exit 1'
prog good 'printf "%s\n" "TAP version 13" "1..1" "ok 1 fx.plain"'
printf 'timeout=10\ntest=hostile\ntest=good\n' > "$tree/settings"
export PPCST_KMSG_SCAN='' PPCST_NATIVE_ANYWHERE=1
# Outside LAVA: no lava-test-case on PATH, the lines are printed.
PATH=/usr/sbin:/usr/bin:/sbin:/bin

run -d "$tree" -o "$work/results" hostile good
want='hostile fail
hostile.fx.a_b pass
hostile.fx.__reboot_ fail
hostile.fx..._.._etc_passwd skip
hostile.fx._q___s_ pass
good pass
good.fx.plain pass'
check "the run's tests and subtests, one safe line each" [ "$out" = "$want" ]
check "exit 0 when the run was reported, whatever its verdicts" [ "$rc" = 0 ]
check "the summary is where RESULTS_DIR says" [ -f "$work/results/summary.json" ]

run -d "$tree" -o "$work/results" good
check "TESTS selects the tests" [ "$out" = "good pass
good.fx.plain pass" ]

run -d "$work/nothing" -o "$work/results" good
check "no installed suite: the run's case fails, exit 1" \
	[ "$rc" = 1 ] && [ "$out" = "ppc-iommu-selftests-run fail" ]
check "bad usage: exit 2, one line" one_line_exit_2 -d "$tree"
tap_end
