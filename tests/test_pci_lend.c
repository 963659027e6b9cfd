// SPDX-License-Identifier: GPL-2.0
/*
 * lib/devices/pci.h pci_lend: a device that cannot be lent leaves nothing on the
 * cleanup stack (whose entries would unbind and rebind a device at the
 * end). The lending itself needs root and a spare PCI device: vfio_edu and
 * iommu_ddw_basic do it in the testbed.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "base/cleanup.h"
#include "devices/pci.h"
#include "harness/fixture.h"

FIXTURE(lend) {
	int pending;
};

FIXTURE_SETUP(lend)
{
	self->pending = cleanup_pending();
}

FIXTURE_TEARDOWN(lend)
{
}

TEST_F(lend, missing_device_pushes_nothing)
{
	/* Domain ffff: no machine has it. */
	EXPECT_EQ(-ENOENT, pci_lend("ffff:ff:1f.7", "vfio-pci"));
	EXPECT_ERROR_HAS("ffff:ff:1f.7");
	EXPECT_EQ(self->pending, cleanup_pending());
}

TEST_F(lend, no_address_pushes_nothing)
{
	char long_addr[64];

	memset(long_addr, '0', sizeof(long_addr) - 1);
	long_addr[sizeof(long_addr) - 1] = 0;
	EXPECT_EQ(-EINVAL, pci_lend(long_addr, "vfio-pci"));
	EXPECT_EQ(self->pending, cleanup_pending());
}

TEST_HARNESS_MAIN
