#!/usr/bin/env bash
# Soak: the default suite N times in a row on the clean kernel, and how often
# it lied. Prints figures, asserts nothing:
#   - false alarms: runs with a failed test (on the clean kernel every failure
#     is one), by test and reason;
#   - hangs: tests that timed out, and testbed outcomes of a wedged guest or
#     QEMU (test-timeout, guest-hang, shutdown-hang, boot-timeout);
#   - wall time per test (min / median / max over the runs) and per run.
# --busy builds a kernel (make -j2, no ccache) beside the runs the whole time,
# as on a shared CI machine. Goal (issue 16): 0 false alarms, 0 hangs in 20.
#
#   bench/soak.sh [--busy] [N]          (default N=5; results/soak-<time>/)
set -euo pipefail
cd "$(dirname "$0")/.."
. vm/common.sh
busy=0
[ "${1:-}" = --busy ] && { busy=1; shift; }
runs=${1:-5}
case $runs in '' | *[!0-9]* | 0*) echo "soak.sh: N must be a count, not '$runs'" >&2; exit 2 ;; esac

out=$PPCST_TOP/results/soak-$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
loader=
stop_loader() { [ -z "$loader" ] || { kill -- -"$loader" 2>/dev/null || true; wait "$loader" 2>/dev/null || true; }; }
trap stop_loader EXIT
if [ $busy = 1 ]; then
	# A kernel build of its own (scratch output dir, ccache off), again and
	# again: the load of a CI machine that builds kernels beside the suite.
	ksrc=$(vm/ksrc.sh)
	scratch=$out/busy-build
	mkdir -p "$scratch"
	cp "$(dirname "$(vm/kbuild.sh)")/.config" "$scratch/.config"
	setsid bash -c 'while :; do
		CCACHE_DISABLE=1 make -s -C "$1" O="$2" ARCH=powerpc CROSS_COMPILE="$3" -j2 vmlinux >/dev/null 2>&1
		make -s -C "$1" O="$2" ARCH=powerpc clean >/dev/null 2>&1
	done' _ "$ksrc" "$scratch" "$PPCST_CROSS_COMPILE" &
	loader=$!
	echo "soak: a kernel build (make -j2) runs beside every run (pid $loader)"
fi

for i in $(seq 1 "$runs"); do
	start=$(date +%s)
	rc=0
	./run_all.sh --vm --results "$out/run-$i" > "$out/run-$i.out" 2>&1 || rc=$?
	echo "soak: run $i of $runs: exit $rc in $(($(date +%s) - start)) s: $(tail -n 1 "$out/run-$i.out")"
	echo "$rc $(($(date +%s) - start))" > "$out/run-$i.rc"
done
stop_loader
loader=

python3 - "$out" "$runs" <<'EOF'
import glob, json, os, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
alarms, hangs, times, walls = [], [], {}, []
for i in range(1, runs + 1):
    rc, wall = open(f"{out}/run-{i}.rc").read().split()
    walls.append(int(wall))
    summary = f"{out}/run-{i}/summary.json"
    for t in json.load(open(summary)).get("tests", []) if os.path.exists(summary) else []:
        key = f"{t['name']}.{t['profile']}"
        times.setdefault(key, []).append(t.get("seconds") or 0)
        if t["result"] in ("fail", "error", "timeout"):
            alarms.append(f"run {i}: {key}: {t['result']}: {t.get('reason', '')}")
        if t["result"] == "timeout":
            hangs.append(f"run {i}: {key}: {t.get('reason', '')}")
    for path in glob.glob(f"{out}/run-{i}/**/vm-outcome.json", recursive=True):
        o = json.load(open(path))
        if o.get("outcome") in ("test-timeout", "guest-hang", "shutdown-hang", "boot-timeout"):
            hangs.append(f"run {i}: {os.path.relpath(path, out)}: {o['outcome']}: {o.get('detail', '')}")
print(f"runs: {runs}, wall time per run: min {min(walls)} s, median {statistics.median(walls)} s, max {max(walls)} s")
print(f"false alarms (failures on the clean kernel): {len(alarms)}")
for a in alarms:
    print(f"  {a}")
print(f"hangs: {len(hangs)}")
for h in hangs:
    print(f"  {h}")
print("wall time per test (min / median / max s, runs):")
for key, ts in sorted(times.items()):
    print(f"  {key}: {min(ts):.0f} / {statistics.median(ts):.0f} / {max(ts):.0f} ({len(ts)})")
EOF
echo "soak: results in $out"
