// SPDX-License-Identifier: GPL-2.0
/*
 * lib/base/kconfig.h kconfig_first_missing on this machine's own kernel config (or
 * its absence): an option no kernel has is missing either way when strict,
 * the first missing one of several is named, a bad name is never "set".
 */
#include <string.h>

#include "kselftest_harness.h"
#include "base/kconfig.h"

#define NEVER_A "CONFIG_PPCST_NEVER_SET_A"
#define NEVER_B "CONFIG_PPCST_NEVER_SET_B"

FIXTURE(kconfig) {
	int unused;
};

FIXTURE_SETUP(kconfig)
{
}

FIXTURE_TEARDOWN(kconfig)
{
}

TEST_F(kconfig, strict_names_an_option_no_kernel_has)
{
	static const char *const names[] = { NEVER_A };

	EXPECT_STREQ(NEVER_A, kconfig_first_missing(names, ARRAY_SIZE(names), true));
}

TEST_F(kconfig, strict_names_the_first_of_several)
{
	static const char *const names[] = { NEVER_A, NEVER_B };

	EXPECT_STREQ(NEVER_A, kconfig_first_missing(names, ARRAY_SIZE(names), true));
}

TEST_F(kconfig, lenient_misses_only_what_it_saw_unset)
{
	static const char *const names[] = { NEVER_A };
	const char *missing = kconfig_first_missing(names, ARRAY_SIZE(names), false);

	/* With a config to read the option is seen unset; without one it is
	 * unknown, and a lenient caller goes on. */
	if (kconfig_enabled(NEVER_A) == 0) {
		EXPECT_STREQ(NEVER_A, missing);
	} else {
		EXPECT_EQ(NULL, missing);
	}
}

TEST_F(kconfig, bad_name_is_never_set)
{
	static const char *const names[] = { "VFIO=y" };

	EXPECT_STREQ("VFIO=y", kconfig_first_missing(names, ARRAY_SIZE(names), true));
	EXPECT_EQ(NULL, kconfig_first_missing(names, ARRAY_SIZE(names), false));
}

TEST_F(kconfig, nothing_asked_nothing_missing)
{
	EXPECT_EQ(NULL, kconfig_first_missing(NULL, 0, true));
}

TEST_HARNESS_MAIN
