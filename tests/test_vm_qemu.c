// SPDX-License-Identifier: GPL-2.0
/*
 * vm_qemu_start_error on QEMU's real stderr of machines it refused to make
 * (tests/data/qemu): the reason a preflight names - the device by its id and
 * driver with QEMU's own words, or QEMU's line as it is.
 */
#include <limits.h>
#include <stdio.h>

#include "kselftest_harness.h"

#include "qemu.h"
#include "support/fdt_dir.h"

FIXTURE(start_error) {
	char path[PATH_MAX];
	char why[512];
};

FIXTURE_SETUP(start_error)
{
	self->why[0] = '\0';
}

FIXTURE_TEARDOWN(start_error)
{
}

static bool reason(const char *name, char *path, size_t pathlen, char *why, size_t whylen)
{
	char file[128];

	snprintf(file, sizeof(file), "qemu/%s", name);
	return !test_data_path(file, path, pathlen) && vm_qemu_start_error(path, why, whylen);
}

TEST_F(start_error, missing_rom_names_device_and_driver)
{
	ASSERT_TRUE(reason("no-ipxe-default.stderr", self->path, sizeof(self->path), self->why,
			   sizeof(self->why)));
	EXPECT_STREQ("device net0 (virtio-net-pci): failed to find romfile \"efi-virtio.rom\"",
		     self->why);
}

TEST_F(start_error, missing_rom_of_a_vmxnet3)
{
	ASSERT_TRUE(reason("no-ipxe-pagepool.stderr", self->path, sizeof(self->path), self->why,
			   sizeof(self->why)));
	EXPECT_STREQ("device ppcst-nic-net0 (vmxnet3): failed to find romfile \"efi-vmxnet3.rom\"",
		     self->why);
}

TEST_F(start_error, no_device_line_as_qemu_said_it)
{
	ASSERT_TRUE(reason("not-an-elf-kernel.stderr", self->path, sizeof(self->path), self->why,
			   sizeof(self->why)));
	EXPECT_STREQ("error loading /tmp/pf/fake: Failed to load ELF", self->why);
}

TEST_F(start_error, nothing_from_qemu)
{
	/* A QEMU that said nothing (killed, or never ran): no reason to give. */
	EXPECT_FALSE(vm_qemu_start_error("/nonexistent/qemu.stderr", self->why, sizeof(self->why)));
	ASSERT_EQ(0, test_data_path("qemu/README.md", self->path, sizeof(self->path)));
	EXPECT_FALSE(vm_qemu_start_error(self->path, self->why, sizeof(self->why)));
}

TEST_HARNESS_MAIN
