#!/usr/bin/env bash
# How long a verdict takes, the figures of issue 23 side by side in one run:
#
#   suite     the default suite in the testbed (./run_all.sh --vm): its wall
#             time, each job's time (the planner's job-times.json), the
#             critical path (the longest job) and wall / summed job time
#   patched   a one-file known-bug kernel after the clean one: a patch of its
#             own (one comment line in pseries/iommu.c, new each run, so no
#             cached kernel answers) built by vm/kbuild.sh --patch; with
#             --cold-patched also the same with the patched tree's build
#             thrown away first (ccache still hits: since the copy's commands
#             name its source "..", they equal the clean tree's; before that,
#             at a772a19, a first patched kernel was a full build, 844 s)
#   bisect    a git bisect run step: a one-file change to the kernel, then
#             one test on one profile to its verdict (vm/bisect.sh's way:
#             run_all.sh --vm --bisect), default iommu_ddw_basic on dma-direct
#
#   bench/verdict-time.sh [--cold-patched] [suite] [patched] [bisect]
#                           (default: all three)
#
# Prints figures only (seconds, ratios); never judges them. Run on an
# otherwise idle host: a TCG step's time varies 3x between hosts.
set -euo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
cold=0 parts=()
for a; do
	case $a in
	--cold-patched) cold=1 ;;
	suite|patched|bisect) parts+=("$a") ;;
	-h|--help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
	*) die "unknown argument '$a' (see --help)" ;;
	esac
done
[ ${#parts[@]} -gt 0 ] || parts=(suite patched bisect)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

vm/setup-host.sh --quiet
clean=$(vm/kbuild.sh)
ksrc=$(vm/ksrc.sh)

# A patch of one comment line in pseries/iommu.c, unique to this call.
one_file_patch() { # FILE
	local f=arch/powerpc/platforms/pseries/iommu.c
	{
		echo "verdict-time.sh: a one-file change ($(date +%s.%N))"
		echo
		diff -u --label "a/$f" --label "b/$f" "$ksrc/$f" \
			<(sed "1a /* ppcst bench $(date +%s.%N) */" "$ksrc/$f") || true
	} > "$1"
}
seconds_of() { local s=$SECONDS; "$@" > /dev/null 2>&1; echo $((SECONDS - s)); }

for part in "${parts[@]}"; do
	case $part in
	suite)
		s=$SECONDS
		./run_all.sh --vm --results "$out/suite" > "$out/suite.log" 2>&1 || true
		wall=$((SECONDS - s))
		python3 - "$out/suite/summary.json" "$out/suite/plan.json" "$PPCST_CACHE/job-times.json" "$wall" <<'EOF'
import json, sys
summary, plan, times = (json.load(open(p)) for p in sys.argv[1:4])
print("suite: %s" % summary.get("totals", ""))
print("suite: wall %s s (planner: first job start to last job end %.0f s), summed job time %.0f s"
      % (sys.argv[4], summary.get("wall_seconds") or 0, summary.get("job_seconds") or 0))
jobs = []
for j in plan["jobs"]:
    key = "%s:%s" % (j["profile"], ",".join(j["tests"]))
    jobs.append((times.get(key), key, j.get("estimate_seconds")))
for t, key, est in jobs:
    print("suite: job %-45s %5s s (estimated %s s, started in this order)" % (key, t, est))
known = [t for t, _, _ in jobs if isinstance(t, (int, float))]
if known and summary.get("wall_seconds"):
    print("suite: critical path (longest job) %d s; wall / summed job time %.2f; wall / critical path %.2f"
          % (max(known), summary["wall_seconds"] / sum(known), summary["wall_seconds"] / max(known)))
EOF
		;;
	patched)
		# The patched tree's copy (its kernel's source in build-info) goes
		# first, so the next build is what a new user's first patched kernel
		# costs: the copy made with the clean build in it.
		one_file_patch "$out/zero.patch"
		copy=$(sed -n 's/^source=//p' \
			"$(dirname "$(vm/kbuild.sh --patch "$out/zero.patch" 2>/dev/null)")/build-info")
		rm -rf "$copy"
		one_file_patch "$out/one.patch"
		printf 'patched: the first one-file known-bug kernel after the clean one: %s s\n' \
			"$(seconds_of vm/kbuild.sh --patch "$out/one.patch")"
		one_file_patch "$out/two.patch"
		printf 'patched: the next one (the patched tree kept): %s s\n' \
			"$(seconds_of vm/kbuild.sh --patch "$out/two.patch")"
		if [ $cold = 1 ]; then
			rm -rf "$copy/.ppcst-build"
			one_file_patch "$out/three.patch"
			printf 'patched: the same with the copy'"'"'s build thrown away (ccache, keyed by the relative commands, still hits): %s s\n' \
				"$(seconds_of vm/kbuild.sh --patch "$out/three.patch")"
		fi
		;;
	bisect)
		one_file_patch "$out/step.patch"
		s=$SECONDS
		kernel=$(vm/kbuild.sh --patch "$out/step.patch" 2>/dev/null)
		built=$((SECONDS - s))
		rc=0
		KERNEL=$kernel ./run_all.sh --vm --bisect -t iommu_ddw_basic --profile dma-direct \
			--results "$out/bisect" > "$out/bisect.log" 2>&1 || rc=$?
		printf 'bisect: one step (one-file change, iommu_ddw_basic on dma-direct): %s s (kernel %s s), exit %s\n' \
			"$((SECONDS - s))" "$built" "$rc"
		;;
	esac
done
