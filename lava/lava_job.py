#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The LAVA QEMU job of `make lava` (lava/run.sh): its files, and its
results against run_all.sh's.

  lava_job.py render --argv FILE --out DIR --kernel VMLINUX
                     --testdefs TAR --profile NAME --tests "T..." --minutes N
      DIR/device.yaml, DIR/job.yaml and DIR/dispatcher.yaml from
      lava/device-qemu-pseries.yaml and lava/job-qemu-pseries.yaml, and
      DIR/device-dictionary.jinja2, the same device for a lab's lava-server
      (lava/qemu-pseries.jinja2); FILE is `vmrun --print-argv`'s output (one
      QEMU argument a line).
  lava_job.py compare --log JOB_LOG --reference CASES [--host-only NAME...]
      The test cases lava-run logged (its YAML log, `lvl: results`) against
      `ppcst_report --lava` of run_all.sh's summary.json: both side by side,
      exit 0 if every case has the same result, 1 if not, 2 bad input. A
      --host-only case needs the testbed's host requests (QMP hot-plug),
      which a QEMU started by LAVA does not serve: it must be skip in the
      LAVA run and is left out of the verdict, said so in the table.

Python, not C: both inputs are LAVA's (YAML files it reads and writes, with
python3-yaml, a dependency of lava-dispatcher); the suite's summary.json is
read by the suite's one reader (ppcst_report --lava), never here.
"""
import argparse
import shlex
import string
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
DISPATCHER_TMP = "/var/lib/lava/dispatcher/tmp"


def render(a):
    argv = Path(a.argv).read_text().splitlines()
    if len(argv) < 2 or "-kernel" not in argv:
        sys.exit("lava_job.py: %s: no QEMU command line with -kernel" % a.argv)
    k = argv.index("-kernel")
    # The kernel is the job's (deploy), not the device's.
    options = argv[1:k] + argv[k + 2:]
    # The dispatcher's download folder, where the test shell's overlay is
    # made, shared read-only with the guest (the job's transfer_overlay).
    options += ["-virtfs", "local,path=%s,mount_tag=lava-tmp,security_model=none,"
                "readonly=on,id=lava-tmp" % DISPATCHER_TMP]
    # lava-dispatcher joins the options with spaces into one command line.
    lines = "\n".join("          - %s" % yaml.safe_dump(shlex.quote(o), default_style="'", width=float("inf")).strip()
                      for o in options)
    out = Path(a.out)
    device = string.Template((HERE / "device-qemu-pseries.yaml").read_text())
    (out / "device.yaml").write_text(device.substitute(qemu=argv[0], options=lines))
    dictionary = string.Template((HERE / "qemu-pseries.jinja2").read_text())
    (out / "device-dictionary.jinja2").write_text(
        dictionary.substitute(profile=a.profile, qemu=argv[0], options=lines))
    job = string.Template((HERE / "job-qemu-pseries.yaml").read_text())
    (out / "job.yaml").write_text(job.substitute(
        tests=a.tests, profile=a.profile, job_minutes=a.minutes + 10, test_minutes=a.minutes,
        kernel_url="file://" + str(Path(a.kernel).resolve()),
        testdefs_url="file://" + str(Path(a.testdefs).resolve())))
    # Where the guest "downloads" the overlay from: any address will do, the
    # job's download_command only takes the path (no network is used).
    (out / "dispatcher.yaml").write_text("dispatcher_http_ip: 127.0.0.1\n")


def read_cases(path):
    cases = {}
    for n, line in enumerate(Path(path).read_text().splitlines(), 1):
        words = line.split()
        if len(words) != 2:
            sys.exit("lava_job.py: %s:%d: not \"NAME RESULT\"" % (path, n))
        cases[words[0]] = words[1]
    return cases


def lava_cases(log):
    """The cases of the test definition in lava-run's log: one YAML (JSON)
    mapping a line, the results at lvl "results"."""
    try:
        entries = [yaml.safe_load(line) for line in Path(log).read_text().splitlines() if line.strip()]
    except (OSError, yaml.YAMLError) as e:
        sys.exit("lava_job.py: %s: %s" % (log, e))
    cases = {}
    for e in entries:
        msg = e.get("msg") if isinstance(e, dict) and e.get("lvl") == "results" else None
        if isinstance(msg, dict) and str(msg.get("definition", "")).endswith("ppc-iommu-selftests"):
            cases[str(msg.get("case"))] = str(msg.get("result"))
    return cases


def compare(a):
    ref = read_cases(a.reference)
    got = lava_cases(a.log)
    host_only = set(a.host_only or [])
    differ = 0
    print("%-48s %-12s %-12s %s" % ("case", "run_all.sh", "LAVA", ""))
    for name in sorted(set(ref) | set(got)):
        r, g = ref.get(name, "-"), got.get(name, "-")
        if name in host_only:
            note = "host-only: not compared" if g == "skip" else "DIFFERS: a host-only case must skip"
        else:
            note = "" if r == g else "DIFFERS"
        differ += note.startswith("DIFFERS")
        print("%-48s %-12s %-12s %s" % (name, r, g, note))
    compared = len(set(ref) | set(got)) - len(host_only)
    print("lava: %d cases compared, %d differ%s" % (
        compared, differ, ", %d host-only" % len(host_only) if host_only else ""))
    return 1 if differ or not got else 0


def main():
    p = argparse.ArgumentParser(prog="lava_job.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render")
    for opt in ("argv", "out", "kernel", "testdefs", "profile", "tests"):
        r.add_argument("--" + opt, required=True)
    r.add_argument("--minutes", type=int, required=True)
    c = sub.add_parser("compare")
    c.add_argument("--log", required=True)
    c.add_argument("--reference", required=True)
    c.add_argument("--host-only", nargs="*")
    a = p.parse_args()
    if a.cmd == "render":
        render(a)
        return 0
    return compare(a)


if __name__ == "__main__":
    sys.exit(main())
