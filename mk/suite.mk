# SPDX-License-Identifier: GPL-2.0
# What the target build makes (the test programs, from pseries or the
# testbed's ppc64le guest) and with which compiler and flags: variables only,
# so it can come first. The suite's Makefile and the kselftest drop-in's
# (mk/kselftest-dropin.mk, which tools/kselftest-dropin.sh places in a kernel
# tree beside this file) both include it, then mk/target.mk for the rules:
# one build of the programs, wherever it runs. Paths are relative to the
# including makefile's directory, which holds the tests, lib/ and settings.

# The tests are settings' test= lines (one list, in running order: a new
# test is NAME.c and its line there); each line is exactly test=NAME.
PPCST_TESTS := $(shell sed -n "s/^test=//p" settings)

# On a ppc64le host build natively; anywhere else cross-build static binaries
# (mk/target.mk) that run in any ppc64le guest. The kernel's lib.mk takes
# CROSS_COMPILE as it is: this default comes before it.
ifeq ($(shell uname -m),ppc64le)
CROSS_COMPILE ?=
else
CROSS_COMPILE ?= powerpc64le-linux-gnu-
endif

# lib/ is in folders by concern (lib/*/README.md: what each holds and which
# folders it may use); a source includes a header by its folder,
# "base/error.h", from -Ilib. A room may have folders of its own, one for
# each of its drivers (lib/engines/edu/): they are built as they come.
LIB_SRCS := $(wildcard lib/*/*.c lib/*/*/*.c)
LIB_HDRS := $(wildcard lib/*/*.h lib/*/*/*.h)

# A test program's timeout in settings (timeout.NAME=, else timeout=): the
# harness's own case timeout stands above it (lib/harness/fixture.h
# CASE_TIMEOUT), so a program restates none.
settings_timeout = $(or $(shell sed -n 's/^timeout\.$(1)=//p' settings),$(shell sed -n 's/^timeout=//p' settings))

WARN := -Wall -Wextra -Werror
# The harness is a system header for us: its own -Wextra warnings are not ours.
# KSFT_INC: the kernel's tools/testing/selftests (kselftest_harness.h), set
# by the includer, later (hence =). None for the goals that need no kernel
# source: a bare -isystem would eat -c.
COMMON_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -O2 -g -Ilib $(if $(KSFT_INC),-isystem $(KSFT_INC))
# Programs built on kselftest_harness.h: -O0. The 6.12 harness keeps the test
# process's pid in a non-volatile local across setjmp; at -O2 an ASSERT's
# longjmp restores it from a register, the test process takes itself for the
# parent and skips FIXTURE_TEARDOWN - the kernel-log check and the cleanups
# with it (tests/test_harness_teardown.c shows it).
HARNESS_CFLAGS := -O0
