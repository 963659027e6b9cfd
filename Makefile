# SPDX-License-Identifier: GPL-2.0
# ppc-iommu-selftests: stress and fault-injection tests for the powerpc
# pseries IOMMU (TCE tables, Dynamic DMA Windows).
#
#   make                 build the test programs (native on ppc64le, else
#                        cross-built and static with CROSS_COMPILE) + host tools
#   make run_tests       run the suite: natively on a pseries machine, else in
#                        the QEMU pseries testbed (builds kernel and guest root)
#   make check           the suite's own tests, under ASan/UBSan
#   make setup           install what the suite needs (apt-get) and fetch
#                        the default kernel source and guest root (cached)
#   make fuzz            the parsers of outside input under libFuzzer
#                        (FUZZ_SECONDS per target)
#   make matrix KERNELS="[LABEL=]SPEC..." [TESTS="T..."] [PROFILES="P..."]
#                        the suite on each kernel in the QEMU testbed, and
#                        the verdicts side by side (vm/matrix.sh)
#   make lava           the suite's LAVA QEMU job through Debian's lava-run,
#                        compared with run_all.sh --vm (lava/run.sh)
#   make install INSTALL_PATH=DIR
#
# `make` only builds: nothing is installed or downloaded while it runs. The
# fetching and installing are `make setup`, which run_tests, check and
# validate run first (then build in a make of their own, which finds what
# setup fetched).
#
# Variables in the kselftest lib.mk convention: TEST_GEN_PROGS are built into
# $(OUTPUT), TEST_PROGS and TEST_FILES are installed beside them.

# make's default goal (mk/target.mk has rules of its own); its prerequisites
# are further down.
all:

# What the target build makes, its compiler and flags (the settings' test=
# lines, CROSS_COMPILE, COMMON_CFLAGS, ...): shared with the kselftest
# drop-in (tools/kselftest-dropin.sh), as are its rules (mk/target.mk).
include mk/suite.mk

# The stamp of lib/'s layering check (tests/check_layers.sh), below.
LAYERS_OK := build/lib-layers.ok

# reboot_loop is built twice: for the target (native pseries: skip, or
# PPCST_KEXEC_ONLY=1) and for the host, where it owns QEMU (run_all.sh --vm
# runs it there: settings host.reboot_loop).
TEST_GEN_PROGS := $(PPCST_TESTS)
# Helpers installed beside the tests: the kernel-log scanner, the host
# request client for scripts in the testbed guest, and run_all.sh's settings
# reader and results report.
TEST_GEN_PROGS_EXTENDED := kmsg_scan host_request ppcst_settings ppcst_report
TEST_PROGS := run_all.sh
TEST_FILES := settings config kmsg_allowlist

HOST_ARCH := $(shell uname -m)
CC := $(CROSS_COMPILE)gcc
HOSTCC ?= cc
OUTPUT ?= build/target
HOST_OUTPUT ?= build/host
PPCST_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/ppc-iommu-selftests

# Goals that build nothing themselves: they run the set-up, then a make of
# their own for the rest.
SETUP_GOALS := setup host-packages clean check run_tests validate matrix fuzz lava
# The fuzzers use lib/ without the kselftest API: no kernel source either.
# Nor the testbed's host tools: vm/run-vm.sh builds them and checks the run's
# input with them (planner --check) before it fetches or builds a kernel.
# Nor the list of what the kselftest drop-in copies (dropin-files), nor the
# layering check of lib/.
NO_KSRC_GOALS := $(SETUP_GOALS) check-layers $(LAYERS_OK) fuzz-build fuzz-run $(HOST_OUTPUT)/planner \
	$(HOST_OUTPUT)/vmrun dropin-files
BUILDS := $(filter-out $(NO_KSRC_GOALS),$(or $(MAKECMDGOALS),all))

# The kselftest API comes from a kernel source tree (KSRC=), by default the
# Debian kernel source the testbed uses, once `make setup` has fetched it.
# (Immediate assignment: the lookup runs once, and only when building.)
ifneq ($(BUILDS),)
ifeq ($(origin KSRC),undefined)
KSRC := $(shell $(CURDIR)/vm/ksrc.sh --cached)
endif
KSFT_INC := $(KSRC)/tools/testing/selftests
ifeq ($(wildcard $(KSFT_INC)/kselftest_harness.h),)
$(error $(if $(KSRC),KSRC=$(KSRC) has no tools/testing/selftests/kselftest_harness.h,no kernel source for the kselftest headers: run 'make setup' (installs the packages and fetches Debian's kernel source) or give KSRC=DIR))
endif
endif

CFLAGS ?=
HOST_CFLAGS ?=
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# The cross build's sysroot (libnuma, mk/target.mk): the ppc64el guest root
# (vm/rootfs.sh).
ifneq ($(CROSS_COMPILE),)
ifeq ($(origin ROOTFS),undefined)
ROOTFS := $(if $(BUILDS),$(shell $(CURDIR)/vm/rootfs.sh --cached))
endif
ifneq ($(BUILDS),)
ifeq ($(ROOTFS),)
$(error no ppc64el sysroot for the cross build (libnuma): run 'make setup' (makes the guest root) or give ROOTFS=DIR)
endif
endif
endif

# The QEMU testbed's C, host only: vm/*.c but its programs (vmrun) and
# reboot_loop's host half, which only the host reboot_loop links.
VM_PROG_SRCS := vm/vmrun.c vm/planner.c vm/reboot_host.c
VM_SRCS := $(filter-out $(VM_PROG_SRCS),$(wildcard vm/*.c))
VM_HDRS := $(wildcard vm/*.h)
# vm/ builds on lib/ (never the other way round).
VM_CFLAGS := -Ivm

# Archives are made anew (rm, then ar), as mk/target.mk's: a member of a
# renamed or removed source would stay in an updated one and win the link
# with stale code.
HOST_LIB := $(HOST_OUTPUT)/libppcst.a
HOST_VM_LIB := $(HOST_OUTPUT)/libppcst-vm.a
# lib/ without map_bench.c, the one file that needs the kernel source (a
# uapi header of KSRC's): what the planner and vmrun link.
HOST_TOOL_LIB := $(HOST_OUTPUT)/libppcst-tool.a
CHECK_LIB := $(HOST_OUTPUT)/check/libppcst.a
CHECK_VM_LIB := $(HOST_OUTPUT)/check/libppcst-vm.a

# Programs that also run on the host: the scanner (run_all.sh --scan), the
# settings reader and the results report (run_all.sh), the kernel matrix's
# report (vm/matrix.sh), the run's planner and the ones that own QEMU
# (vmrun, reboot_loop).
HOST_PROGS := kmsg_scan ppcst_settings ppcst_report ppcst_matrix planner vmrun reboot_loop

CHECK_SRCS := $(wildcard tests/test_*.c)
CHECK_PROGS := $(patsubst tests/%.c,$(HOST_OUTPUT)/check/%,$(CHECK_SRCS))
# Helpers the suite's tests share (e.g. dtb -> /proc/device-tree layout).
CHECK_SUPPORT := $(wildcard tests/support/*.c tests/support/*.h)

.PHONY: all run_tests check install clean setup host-packages testbed validate dropin-files \
	check-run run_tests-run validate-run matrix matrix-run fuzz fuzz-build check-layers check-clang \
	lava lava-run
.DELETE_ON_ERROR:

all: $(LAYERS_OK) $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS) $(TEST_GEN_PROGS_EXTENDED)) \
     $(addprefix $(HOST_OUTPUT)/,$(HOST_PROGS)) \
     $(OUTPUT)/kmsg_allowlist $(HOST_OUTPUT)/kmsg_allowlist \
     $(OUTPUT)/settings $(HOST_OUTPUT)/settings

# kmsg_scan reads the operator's allowlist from beside its binary, and the
# programs read their defaults (cycles) from the settings beside them.
%/kmsg_allowlist: kmsg_allowlist
	@mkdir -p $(@D)
	cp $< $@

%/settings: settings
	@mkdir -p $(@D)
	cp $< $@

# The layering of lib/: a folder includes only from the folders its
# README.md's "May use:" line names (tests/check_layers.sh). Every library
# archive waits for it, so no build of lib/ gets past a bad include; make
# check runs it again whatever the stamp says.
$(LAYERS_OK): tests/check_layers.sh $(LIB_SRCS) $(LIB_HDRS) $(wildcard lib/*/README.md)
	@mkdir -p $(@D)
	@tests/check_layers.sh
	@touch $@

check-layers:
	@tests/check_layers.sh

# Clean under clang too: every C file of the tree through clang's warnings
# with the build's flags (gcc builds and runs everything else of make check).
# clang -Wempty-body, for one, sees what gcc does not in harness code. The
# settings' timeout is any number here: it only sizes CASE_TIMEOUT.
CLANG_SYNTAX_SRCS := $(wildcard *.c tools/*.c tests/*.c tests/support/*.c tests/fuzz/*.c) \
	$(LIB_SRCS) $(wildcard vm/*.c)
check-clang:
	@clang $(COMMON_CFLAGS) $(VM_CFLAGS) -Itests -DPPCST_SETTINGS_TIMEOUT=1 -fsyntax-only \
		$(CLANG_SYNTAX_SRCS)

# --- target -------------------------------------------------------------
include mk/target.mk
# No build of lib/ gets past a bad include (the drop-in, which has no
# tests/, builds without the check).
$(TARGET_LIB): | $(LAYERS_OK)

# The kernel's own DMA map benchmark tool, built from KSRC for bench/ to
# compare with (its headers come after the system's: it wants the kernel's
# include/linux/map_benchmark.h, not include/linux/types.h).
KSFT_DMA_BENCH := $(KSRC)/tools/testing/selftests/dma/dma_map_benchmark.c
$(OUTPUT)/dma_map_benchmark: $(KSFT_DMA_BENCH)
	@mkdir -p $(@D)
	$(CC) -O2 $(CFLAGS) $(TARGET_STATIC) -idirafter $(KSRC)/include $< -o $@

# --- host ---------------------------------------------------------------
$(HOST_OUTPUT)/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(COMMON_CFLAGS) $(HOST_CFLAGS) -c $< -o $@

$(HOST_LIB): $(patsubst lib/%.c,$(HOST_OUTPUT)/lib/%.o,$(LIB_SRCS)) | $(LAYERS_OK)
	rm -f $@ && ar rcs $@ $^

$(HOST_TOOL_LIB): $(patsubst lib/%.c,$(HOST_OUTPUT)/lib/%.o,$(filter-out lib/engines/map_bench.c,$(LIB_SRCS))) | $(LAYERS_OK)
	rm -f $@ && ar rcs $@ $^

$(HOST_OUTPUT)/vm/%.o: vm/%.c $(LIB_HDRS) $(VM_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(HOST_CFLAGS) -c $< -o $@

$(HOST_VM_LIB): $(patsubst vm/%.c,$(HOST_OUTPUT)/vm/%.o,$(VM_SRCS))
	rm -f $@ && ar rcs $@ $^

$(HOST_OUTPUT)/%: tools/%.c $(HOST_LIB) $(LIB_HDRS)
	$(HOSTCC) $(COMMON_CFLAGS) $(HOST_CFLAGS) $< $(HOST_LIB) -o $@

$(HOST_OUTPUT)/vmrun: vm/vmrun.c $(HOST_VM_LIB) $(HOST_TOOL_LIB) $(LIB_HDRS) $(VM_HDRS)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(HOST_CFLAGS) $< $(HOST_VM_LIB) $(HOST_TOOL_LIB) -ljson-c -lnuma -o $@

$(HOST_OUTPUT)/planner: vm/planner.c $(HOST_VM_LIB) $(HOST_TOOL_LIB) $(LIB_HDRS) $(VM_HDRS)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(HOST_CFLAGS) $< $(HOST_VM_LIB) $(HOST_TOOL_LIB) -ljson-c -lnuma -o $@

# The test program with its QEMU-driving half (vm/reboot_host.c).
$(HOST_OUTPUT)/reboot_loop: reboot_loop.c vm/reboot_host.c $(HOST_VM_LIB) $(HOST_LIB) $(LIB_HDRS) $(VM_HDRS)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(HOST_CFLAGS) $(filter %.c,$^) $(HOST_VM_LIB) $(HOST_LIB) -ljson-c -lnuma -o $@

# --- the suite's own tests (host, sanitizers) ----------------------------
$(HOST_OUTPUT)/check/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(COMMON_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(CHECK_LIB): $(patsubst lib/%.c,$(HOST_OUTPUT)/check/lib/%.o,$(LIB_SRCS)) | $(LAYERS_OK)
	rm -f $@ && ar rcs $@ $^

$(HOST_OUTPUT)/check/vm/%.o: vm/%.c $(LIB_HDRS) $(VM_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(SAN_FLAGS) -c $< -o $@

$(CHECK_VM_LIB): $(patsubst vm/%.c,$(HOST_OUTPUT)/check/vm/%.o,$(VM_SRCS))
	rm -f $@ && ar rcs $@ $^

$(HOST_OUTPUT)/check/%: tests/%.c $(CHECK_VM_LIB) $(CHECK_LIB) $(LIB_HDRS) $(VM_HDRS) $(CHECK_SUPPORT)
	@mkdir -p $(@D)
	$(HOSTCC) $(COMMON_CFLAGS) $(VM_CFLAGS) $(HARNESS_CFLAGS) $(SAN_FLAGS) -Itests $< $(filter %.c,$(CHECK_SUPPORT)) $(CHECK_VM_LIB) $(CHECK_LIB) -ljson-c -lnuma -lfdt -o $@

# --- fuzzing (host, clang libFuzzer, sanitizers) -------------------------
# One libFuzzer target per parser of outside input, tests/fuzz/fuzz_*.c, on
# lib/ and tests/support/ built with coverage instrumentation. make fuzz runs
# each for FUZZ_SECONDS (tests/fuzz/run.sh; the default keeps all of them to
# about 3 minutes), a growing corpus in build/fuzz/corpus/; tests/test_fuzz.sh
# runs them briefly in make check.
FUZZ_CC ?= clang
FUZZ_OUTPUT := build/fuzz
FUZZ_SECONDS ?= 25
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_PROGS := $(patsubst tests/fuzz/%.c,$(FUZZ_OUTPUT)/%,$(FUZZ_SRCS))
FUZZ_LIB := $(FUZZ_OUTPUT)/libppcst-fuzz.a
FUZZ_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -Ilib -Ivm -Itests
# The library gets the coverage hooks; only a target links libFuzzer's main().
FUZZ_LIB_SAN := -fsanitize=fuzzer-no-link,address,undefined
FUZZ_SAN := -fsanitize=fuzzer,address,undefined

$(FUZZ_OUTPUT)/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LIB_SAN) -c $< -o $@

$(FUZZ_OUTPUT)/vm/%.o: vm/%.c $(LIB_HDRS) $(VM_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LIB_SAN) -c $< -o $@

$(FUZZ_OUTPUT)/support/%.o: tests/support/%.c $(CHECK_SUPPORT) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_LIB_SAN) -c $< -o $@

# An archive: each target pulls in only what it calls. Without map_bench.c,
# the one file that needs the kernel source (a uapi header of KSRC's): the
# fuzzers build without it, and it parses nothing from outside.
FUZZ_LIB_SRCS := $(filter-out lib/engines/map_bench.c,$(LIB_SRCS))
$(FUZZ_LIB): $(patsubst lib/%.c,$(FUZZ_OUTPUT)/lib/%.o,$(FUZZ_LIB_SRCS)) \
	     $(patsubst vm/%.c,$(FUZZ_OUTPUT)/vm/%.o,$(VM_SRCS)) \
	     $(patsubst tests/support/%.c,$(FUZZ_OUTPUT)/support/%.o,$(filter %.c,$(CHECK_SUPPORT))) \
	     | $(LAYERS_OK)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_OUTPUT)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_util.h $(FUZZ_LIB) $(LIB_HDRS) $(VM_HDRS) $(CHECK_SUPPORT)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) $< $(FUZZ_LIB) -ljson-c -lnuma -lfdt -o $@

fuzz-build: $(FUZZ_PROGS)

# The host's packages (clang's libFuzzer runtime among them), then a make of
# its own for the targets.
fuzz: host-packages
	@$(MAKE) --no-print-directory fuzz-run

fuzz-run: $(FUZZ_PROGS)
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_OUTPUT) $(FUZZ_PROGS)

# Installing and fetching, each a no-op once done: the host's packages, the
# default kernel source (not when KSRC= names one), off POWER the suite's own
# QEMU (vm/qemu/build.sh: cached, so a run never builds it in a test's time)
# and the ppc64el guest root that is also the cross build's sysroot.
host-packages:
	@$(CURDIR)/vm/setup-host.sh
setup: host-packages
	@$(if $(filter undefined,$(origin KSRC)),$(CURDIR)/vm/ksrc.sh >/dev/null,true)
	@$(if $(filter ppc64le,$(HOST_ARCH)),true,$(CURDIR)/vm/qemu/build.sh >/dev/null)
	@$(if $(CROSS_COMPILE),$(CURDIR)/vm/rootfs.sh >/dev/null,true)

# The testbed's kernel and guest root, built once and cached, before any test
# of the testbed runs (a cold kernel build must not eat a test's timeout).
testbed:
	@vm/kbuild.sh >/dev/null
	@vm/rootfs.sh >/dev/null

ifneq ($(HOST_ARCH),ppc64le)
CHECK_SETUP := testbed
endif

# The set-up first, then a make that builds with what it fetched.
check run_tests validate matrix lava: setup
	@$(MAKE) --no-print-directory $@-run

check-run: check-layers check-clang all $(CHECK_SETUP) $(CHECK_PROGS)
	@CHECK_BINDIR=$(HOST_OUTPUT)/check tests/run_checks.sh

run_tests-run: all
	@./run_all.sh

# The suite's LAVA QEMU job run by Debian's lava-run (no server; lava/setup.sh
# installs it, over a hundred packages, so not part of setup) and its test
# cases compared with run_all.sh --vm's: lava/run.sh, lava/README.md.
lava-run: all
	@lava/run.sh

# Each known-bug kernel (vm/kernel/known-bugs) against the test that must
# catch it, and the clean kernel: the matrix (bench/validate.sh). VALIDATE=
# passes options (CI: --buggy-only, the rows that prove the checks can fail).
validate-run: all
	@bench/validate.sh $(VALIDATE)

# The kernel matrix: KERNELS="[LABEL=]SPEC ..." (debian:VERSION, git:DIR@REF,
# tree:DIR, vmlinux:FILE), and optionally TESTS="T ...", PROFILES="P ...",
# JOBS=N, RESULTS=DIR (vm/matrix.sh --help).
matrix-run: all
	@test -n "$(KERNELS)" || { echo 'make matrix: set KERNELS="[LABEL=]SPEC ..." (see vm/matrix.sh --help)' >&2; exit 2; }
	@vm/matrix.sh $(if $(RESULTS),--results '$(RESULTS)') $(foreach t,$(TESTS),-t '$(t)') \
		$(foreach p,$(PROFILES),-p '$(p)') $(if $(JOBS),-j '$(JOBS)') $(foreach k,$(KERNELS),'$(k)')

# What tools/kselftest-dropin.sh copies into a kernel tree, one path a
# line: the tests, lib/, the files lib.mk installs beside them and the build
# (mk/: the drop-in's Makefile includes the suite's own fragments).
DROPIN_FILES = $(PPCST_TESTS:%=%.c) $(LIB_SRCS) $(LIB_HDRS) $(TEST_FILES) \
	mk/suite.mk mk/target.mk mk/kselftest-dropin.mk
dropin-files:
	@printf '%s\n' $(DROPIN_FILES)

install: all
	@test -n "$(INSTALL_PATH)" || { echo "make install: set INSTALL_PATH=DIR" >&2; exit 2; }
	install -d $(INSTALL_PATH)
	install -m 0755 $(addprefix $(OUTPUT)/,$(TEST_GEN_PROGS) $(TEST_GEN_PROGS_EXTENDED)) $(TEST_PROGS) $(INSTALL_PATH)/
	install -m 0644 $(TEST_FILES) $(INSTALL_PATH)/

clean:
	rm -rf build
