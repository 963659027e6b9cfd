// SPDX-License-Identifier: GPL-2.0
/*
 * vm_qemu_start_error on QEMU's real stderr of machines it refused to make
 * (tests/data/qemu): the reason a preflight names - the device by its id and
 * driver with QEMU's own words, or QEMU's line as it is. vm_qemu_help_lists
 * on the real `-device spapr-pci-host-bridge,help` of stock QEMU and of the
 * suite's own (a profile's needs-property).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

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

FIXTURE(help) {
	char *stock, *own;
};

static char *read_data(const char *name)
{
	char path[PATH_MAX], *text = NULL;
	size_t len = 0;
	FILE *f;

	if (test_data_path(name, path, sizeof(path)))
		return NULL;
	f = fopen(path, "re");
	if (!f)
		return NULL;
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

FIXTURE_SETUP(help)
{
	self->stock = read_data("qemu/spapr-phb-help-stock-10.0.2.txt");
	self->own = read_data("qemu/spapr-phb-help-ppcst-10.0.2.txt");
	ASSERT_NE(NULL, self->stock);
	ASSERT_NE(NULL, self->own);
}

FIXTURE_TEARDOWN(help)
{
	free(self->stock);
	free(self->own);
}

TEST_F(help, stock_lacks_the_suite_properties)
{
	EXPECT_TRUE(vm_qemu_help_lists(self->stock, "ddw"));
	EXPECT_TRUE(vm_qemu_help_lists(self->stock, "pgsz"));
	EXPECT_FALSE(vm_qemu_help_lists(self->stock, "ddw-largest-block"));
	EXPECT_FALSE(vm_qemu_help_lists(self->stock, "ddw-windows"));
}

TEST_F(help, own_has_them)
{
	EXPECT_TRUE(vm_qemu_help_lists(self->own, "ddw"));
	EXPECT_TRUE(vm_qemu_help_lists(self->own, "ddw-largest-block"));
	EXPECT_TRUE(vm_qemu_help_lists(self->own, "ddw-windows"));
}

TEST_F(help, whole_names_on_property_lines_only)
{
	/* A prefix of a property, a property's type or description, the
	 * header line: none of them is a property. */
	EXPECT_FALSE(vm_qemu_help_lists(self->own, "dd"));
	EXPECT_FALSE(vm_qemu_help_lists(self->own, "ddw-largest"));
	EXPECT_FALSE(vm_qemu_help_lists(self->own, "bool"));
	EXPECT_FALSE(vm_qemu_help_lists(self->stock, "spapr-pci-host-bridge options:"));
	EXPECT_FALSE(vm_qemu_help_lists("", "ddw"));
	EXPECT_FALSE(vm_qemu_help_lists("ddw=<bool>\n", "ddw"));
}

TEST_HARNESS_MAIN
