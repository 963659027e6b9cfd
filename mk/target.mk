# SPDX-License-Identifier: GPL-2.0
# The rules of the target build (mk/suite.mk says what it makes), shared by
# the suite's Makefile and the kselftest drop-in's. The includer has set, by
# then: OUTPUT (where the programs go), CC, CFLAGS (the user's extra flags),
# KSFT_INC and, for a cross build, ROOTFS (the ppc64el sysroot: vm/rootfs.sh);
# and its own `all` comes first (an archive rule here would otherwise be
# make's default goal).

# A cross build links static: its binaries run in any ppc64le guest root.
TARGET_STATIC := $(if $(CROSS_COMPILE),-static)

# libnuma for the target: the distro's natively, else the static one from
# the ppc64el guest root (vm/rootfs.sh), which doubles as our sysroot.
ifeq ($(CROSS_COMPILE),)
TARGET_NUMA_CFLAGS :=
TARGET_NUMA_LIBS := -lnuma
else
TARGET_NUMA_CFLAGS := -idirafter $(ROOTFS)/usr/include
# Static libnuma has global helpers of its own with generic names
# (sysfs_read, sysfs_node_read): lib/'s generic names carry the ppcst_ prefix.
TARGET_NUMA_LIBS := $(ROOTFS)/usr/lib/powerpc64le-linux-gnu/libnuma.a
endif

# Archives are made anew (rm, then ar): a member of a renamed or removed
# source would stay in an updated one and win the link with stale code.
TARGET_LIB := $(OUTPUT)/libppcst.a

$(OUTPUT)/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(TARGET_NUMA_CFLAGS) $(CFLAGS) -c $< -o $@

$(TARGET_LIB): $(patsubst lib/%.c,$(OUTPUT)/lib/%.o,$(LIB_SRCS))
	rm -f $@ && $(CROSS_COMPILE)ar rcs $@ $^

$(OUTPUT)/%: %.c $(TARGET_LIB) $(LIB_HDRS) settings
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(HARNESS_CFLAGS) -DPPCST_SETTINGS_TIMEOUT=$(call settings_timeout,$*) $(TARGET_NUMA_CFLAGS) $(CFLAGS) $(TARGET_STATIC) $< $(TARGET_LIB) $(TARGET_NUMA_LIBS) -o $@

# reboot_loop is built twice: for the target (native pseries: skip, or
# PPCST_KEXEC_ONLY=1) and, by the suite's Makefile, for the host, where it
# owns QEMU. The target's is without the QEMU driver (no json-c for the
# target): native mode only.
$(OUTPUT)/reboot_loop: reboot_loop.c $(TARGET_LIB) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(CFLAGS) -DREBOOT_LOOP_NATIVE_ONLY $(TARGET_STATIC) $< $(TARGET_LIB) -o $@

# The helpers of tools/ (the suite's Makefile builds them; the drop-in has no tools/).
$(OUTPUT)/%: tools/%.c $(TARGET_LIB) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(COMMON_CFLAGS) $(CFLAGS) $(TARGET_STATIC) $< $(TARGET_LIB) -o $@
