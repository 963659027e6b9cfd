#!/usr/bin/env bash
# `git bisect run` end to end: a small kernel git repository made from the
# default source with five commits, one of which (the third) applies a
# known-bug patch; vm/bisect.sh must name that commit. Prints the commit
# bisect found, the one it should have found, and the wall time.
#
#   bench/bisect-demo.sh [PATCH [TEST [run_all.sh options]]]
#     default: vm/kernel/known-bugs/ddw-teardown-order.patch, its Caught-by
#     test, --profile default
#
# Needs about 2.5 GB in $PPCST_CACHE (a copy of the source) and, the first
# time, a full kernel build of that copy.
set -euo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
patch=$(realpath "${1:-vm/kernel/known-bugs/ddw-teardown-order.patch}")
test=${2:-$(sed -n 's/^Caught-by: *\([a-z_0-9]*\).*/\1/p' "$patch" | head -n 1)}
shift $(( $# > 2 ? 2 : $# ))
[ $# -gt 0 ] || set -- --profile default
ksrc=$(vm/ksrc.sh)
repo=$PPCST_CACHE/bisect-demo/linux
start=$(date +%s)
if [ ! -d "$repo/.git" ]; then
	rm -rf "$repo"
	mkdir -p "$(dirname "$repo")"
	cp -a "$ksrc" "$repo"
	git -C "$repo" init -q
	# Debian's linux-source ships a .gitignore that ignores the whole top
	# level (its own packaging repository): track the tree regardless.
	git -C "$repo" add -A -f
	git -C "$repo" -c user.name=ppcst -c user.email=ppcst@localhost commit -qm "linux $(basename "$ksrc")"
fi
git -C "$repo" bisect reset >/dev/null 2>&1 || true
good=$(git -C "$repo" rev-list --max-parents=0 HEAD)
git -C "$repo" checkout -q -B demo "$good"
# Five commits on top of the base: noise, noise, the bug, noise, noise.
commit() { git -C "$repo" -c user.name=ppcst -c user.email=ppcst@localhost commit -qam "$1"; }
for i in 1 2 3 4 5; do
	if [ $i = 3 ]; then
		git -C "$repo" apply --whitespace=nowarn "$patch"
		commit "known bug: $(basename "$patch" .patch)"
		culprit=$(git -C "$repo" rev-parse HEAD)
	else
		echo "ppc-iommu-selftests bisect demo $i" >> "$repo/Documentation/arch/powerpc/index.rst"
		commit "demo: documentation change $i"
	fi
done
bad=$(git -C "$repo" rev-parse HEAD)
cd "$repo"
git bisect start "$bad" "$good" >/dev/null
git bisect run "$PPCST_TOP/vm/bisect.sh" -t "$test" "$@" > "$PPCST_CACHE/bisect-demo/run.log" 2>&1 || true
found=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit.*/\1/p' "$PPCST_CACHE/bisect-demo/run.log" | head -n 1)
git bisect reset >/dev/null 2>&1
echo "bisect named:  ${found:-nothing} $(git log -1 --format=%s "${found:-HEAD}" 2>/dev/null)"
echo "the culprit:   $culprit $(git log -1 --format=%s "$culprit")"
echo "wall time:     $(( $(date +%s) - start )) s (log: $PPCST_CACHE/bisect-demo/run.log)"
[ "$found" = "$culprit" ]
