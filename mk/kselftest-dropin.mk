# SPDX-License-Identifier: GPL-2.0
# ppc-iommu-selftests as a kselftest target: tools/kselftest-dropin.sh puts
# this file as the Makefile of tools/testing/selftests/powerpc/iommu/ in a
# kernel tree, beside the test programs, lib/, settings, config and the
# suite's mk/suite.mk and mk/target.mk (the build itself, shared with the
# suite's Makefile). From the kernel tree:
#
#   make -C tools/testing/selftests TARGETS=powerpc/iommu \
#        ARCH=powerpc CROSS_COMPILE=powerpc64le-linux-gnu- [ROOTFS=SYSROOT]
#   make -C tools/testing/selftests TARGETS=powerpc/iommu ... install
#   (or cd tools/testing/selftests && TARGETS=powerpc/iommu ./kselftest_install.sh DIR)
#   DIR/run_kselftest.sh -c powerpc/iommu
#
# powerpc/Makefile's SUB_DIRS does not name iommu: TARGETS=powerpc builds
# the kernel's own powerpc tests without this one.

# lib.mk's `all` must stay make's default goal (mk/target.mk has rules).
all:

include mk/suite.mk
TEST_GEN_PROGS := $(PPCST_TESTS)
# lib.mk installs settings (kselftest's timeout; the programs read their
# defaults, such as cycle counts, from it too) and config by itself; the
# kernel-log scanner in each program reads its allowlist from beside it.
TEST_FILES := kmsg_allowlist
# The programs are built by mk/target.mk's rules (the library, -O0 for the
# harness, static libnuma), not by lib.mk's one-file rule.
OVERRIDE_TARGETS := 1

include ../../lib.mk

# Without OUTPUT (a make below another one, not the selftests Makefile)
# every path of the build would start at /.
ifeq ($(OUTPUT),)
$(error OUTPUT is empty: build through make -C tools/testing/selftests TARGETS=powerpc/iommu)
endif

KSFT_INC := $(selfdir)
# lib.mk defines _GNU_SOURCE empty; COMMON_CFLAGS defines it too, and two
# different definitions are an error under -Werror.
override CFLAGS := $(filter-out -D_GNU_SOURCE=,$(CFLAGS))

# The cross build's sysroot (static libnuma): ROOTFS=DIR, else the suite's
# ppc64el guest root that tools/kselftest-dropin.sh found (sysroot.mk).
-include sysroot.mk
ifneq ($(CROSS_COMPILE),)
ifeq ($(ROOTFS),)
$(error no ppc64el sysroot for the cross build (libnuma.a): give ROOTFS=DIR (the suite's vm/rootfs.sh prints one))
endif
endif

include mk/target.mk

EXTRA_CLEAN := $(TARGET_LIB) $(OUTPUT)/lib
.DELETE_ON_ERROR:
