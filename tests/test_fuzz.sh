#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The libFuzzer targets (tests/fuzz/fuzz_*.c) for a few seconds each in make
# check: built by make fuzz-build, run by tests/fuzz/run.sh from their seeds
# with a fresh corpus in build/fuzz/check/. TAP: one line per target with its
# execs; a crash fails it and names the saved input. FUZZ_CHECK_SECONDS per
# target (default 5). Skips only when clang has no libFuzzer runtime.
set -euo pipefail

me=test_fuzz.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cc=${FUZZ_CC:-clang}
seconds=${FUZZ_CHECK_SECONDS:-5}
work=$top/build/fuzz/check

command -v "$cc" > /dev/null || { echo "$me: $cc not found (vm/setup-host.sh installs clang)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The linker names the runtime archive it cannot find; any other failure
# is a broken toolchain, not a skip.
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' > "$tmp/probe.c"
if ! "$cc" -fsanitize=fuzzer "$tmp/probe.c" -o "$tmp/probe" > "$tmp/probe.log" 2>&1; then
	if grep -q 'libclang_rt\.fuzzer' "$tmp/probe.log"; then
		major=$("$cc" -dumpversion)
		echo "1..0 # SKIP libFuzzer runtime not installed (libclang-rt-${major%%.*}-dev)"
		exit 4
	fi
	sed 's/^/# /' "$tmp/probe.log"
	echo "$me: $cc -fsanitize=fuzzer fails" >&2
	exit 1
fi

# Its own make: not a job of make check's jobserver (no '+' rule runs us).
if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	make -C "$top" --no-print-directory fuzz-build FUZZ_CC="$cc" > "$tmp/build.log" 2>&1; then
	sed 's/^/# /' "$tmp/build.log"
	echo "$me: make fuzz-build failed" >&2
	exit 1
fi
rm -rf "$work/corpus"
progs=("$top"/build/fuzz/fuzz_*)
[ -x "${progs[0]}" ] || { echo "$me: no fuzz targets built in build/fuzz" >&2; exit 1; }
exec "$top/tests/fuzz/run.sh" --tap "$seconds" "$work" "${progs[@]}"
