#!/usr/bin/env bash
# Prints finding NAME as one mail a kernel developer can send: the report
# (docs/findings/NAME.md: symptom, log, reproducer, analysis) and then the
# fix (vm/kernel/fixes/NAME.patch: its description and diff), so the report
# never carries a copy of the patch that could drift from the tested one.
#
#   docs/findings/compose.sh NAME      (NAME: rpaphp-stale-slots, ...)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
name=${1:?usage: $0 NAME (a docs/findings/NAME.md with vm/kernel/fixes/NAME.patch)}
case $name in *[!A-Za-z0-9_.-]*) echo "$0: bad name '$name'" >&2; exit 2 ;; esac
report=$top/docs/findings/$name.md patch=$top/vm/kernel/fixes/$name.patch
[ -r "$report" ] && [ -r "$patch" ] || { echo "$0: no $report or $patch" >&2; exit 2; }
cat "$report"
printf '\n## Patch (on linux-6.12.107)\n\n```diff\n'
cat "$patch"
printf '```\n'
