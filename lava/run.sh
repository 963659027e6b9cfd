#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make lava: the suite's LAVA QEMU job run here by Debian's lava-run (no
# server), and its test cases compared with run_all.sh --vm's on the same
# kernel, guest root and suite. Installs LAVA (lava/setup.sh), builds what
# the testbed builds, writes results/lava-<id>/: device.yaml, job.yaml,
# lava-run.log (lava-run's log), reference/ (run_all.sh's run),
# lava-cases.txt and compare.txt.
#   lava/run.sh [--profile NAME] [-t TEST]
# Exit: 0 the cases are equal, 1 they differ or the job failed, 2 usage,
# 3 the set-up broke.
set -euo pipefail
# shellcheck source=vm/common.sh
. "$(dirname "$0")/../vm/common.sh"
cd "$PPCST_TOP"
profile=dma-direct
test=iommu_ddw_basic
while [ $# -gt 0 ]; do
	case $1 in
	--profile) [ $# -gt 1 ] || die "--profile needs a NAME"; profile=$2; shift 2 ;;
	-t) [ $# -gt 1 ] || die "-t needs a TEST"; test=$2; shift 2 ;;
	*) die "usage: lava/run.sh [--profile NAME] [-t TEST]" ;;
	esac
done
if ! is_name "$profile" || ! is_name "$test"; then
	die "--profile and -t take NAMEs"
fi
# Subtests that ask the host for something (QMP hot-plug, vm/hostreq_server.c):
# LAVA starts QEMU itself and serves no host requests, so in its job they
# skip ("QEMU testbed only: the host hot-adds a PHB through QMP"), where
# run_all.sh --vm runs them.
host_only=()
[ "$test" != iommu_ddw_basic ] || host_only=(iommu_ddw_basic.ddw.hotplug)

DIE_CODE=3
lava/setup.sh --quiet || die "LAVA's set-up failed"
id=$(date -u +%Y%m%d-%H%M%S)-$$
out=$PPCST_TOP/results/lava-$id
mkdir -p "$out"
note "run run_all.sh --vm -t $test --profile $profile (the reference) into $out/reference"
set +e
./run_all.sh --vm -t "$test" --profile "$profile" --results "$out/reference" > "$out/reference.log" 2>&1
ref_rc=$?
set -e
note "reference: exit $ref_rc, $(tail -n 1 "$out/reference.log")"
build/host/ppcst_report --lava "$out/reference/summary.json" > "$out/reference-cases.txt" ||
	die "no summary of the reference run: $out/reference.log"

# The same kernel, guest root, QEMU and installed suite the reference ran.
kernel=$(vm/kbuild.sh 2>/dev/null) || die "no kernel"
rootfs=$(vm/rootfs.sh 2>/dev/null) || die "no guest root"
qemu=$(vm/qemu/build.sh 2>/dev/null) || die "no QEMU"
suite=$(suite_dir "$kernel")
[ -x "$suite/run_all.sh" ] || die "no installed suite in $suite"
# The machine's scratch disks; QEMU's QMP socket path must be short.
scratch=$(mktemp -d /tmp/ppcst-lava.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
build/host/vmrun --print-argv "$scratch" --profile "$profile" --kernel "$kernel" \
	--rootfs "$rootfs" --suite "$suite" --qemu "$qemu" --append ppcst.lava > "$out/qemu-argv.txt" ||
	die "vmrun --print-argv failed"
tar -C lava/test-definitions -czf "$out/test-definitions.tar.gz" automated
job_id=$$
timeout_s=$(build/host/ppcst_settings timeout "$test" 2>/dev/null || echo 1200)
lava/lava_job.py render --argv "$out/qemu-argv.txt" --out "$out" \
	--kernel "$kernel" --testdefs "$out/test-definitions.tar.gz" --profile "$profile" \
	--tests "$test" --minutes $(( timeout_s / 60 + 5 ))

DIE_CODE=1
note "lava-run --job-id $job_id (its log: $out/lava-run.log)"
set +e
# lava-run logs to its stderr, a YAML mapping a line.
lava-run --job-id "$job_id" --output-dir "$out/lava-run" --device "$out/device.yaml" \
	--dispatcher "$out/dispatcher.yaml" "$out/job.yaml" > "$out/lava-run.stdout" 2>"$out/lava-run.log"
lava_rc=$?
set -e
note "lava-run: exit $lava_rc"
lava/lava_job.py compare --log "$out/lava-run.log" --reference "$out/reference-cases.txt" \
	${host_only[@]:+--host-only "${host_only[@]}"} | tee "$out/compare.txt"
cmp_rc=${PIPESTATUS[0]}
[ "$lava_rc" = 0 ] || die "lava-run failed (exit $lava_rc): $out/lava-run.log"
exit "$cmp_rc"
