// SPDX-License-Identifier: GPL-2.0
/*
 * lib/base/args.c: counts and the tests' --cycles option, on good and bad input
 * (a wrong count must be refused with the text in the reason, never taken);
 * lib/base/settings.c: the default from the settings file, the suite's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "harness/fixture.h"

#include "base/args.h"
#include "base/error.h"
#include "base/settings.h"

FIXTURE(args) {
	unsigned int n;
};

FIXTURE_SETUP(args)
{
	self->n = 7;
	unsetenv("PPCST_TEST_CYCLES");
}

FIXTURE_TEARDOWN(args)
{
}

TEST_F(args, counts)
{
	EXPECT_EQ(0, args_count("12", 100, &self->n));
	EXPECT_EQ(12, self->n);
	EXPECT_EQ(0, args_count("100", 100, &self->n));
	EXPECT_EQ(-EINVAL, args_count("101", 100, &self->n));
	EXPECT_EQ(-EINVAL, args_count("0", 100, &self->n));
	EXPECT_EQ(-EINVAL, args_count("-1", 100, &self->n));
	EXPECT_EQ(-EINVAL, args_count("", 100, &self->n));
	EXPECT_EQ(-EINVAL, args_count("3x", 100, &self->n));
	EXPECT_EQ(100, self->n);
}

TEST_F(args, cycles_option_taken_out)
{
	char a0[] = "t", a1[] = "-t", a2[] = "x", a3[] = "--cycles", a4[] = "5";
	char *argv[] = { a0, a1, a2, a3, a4, NULL };
	int argc = 5;

	ASSERT_EQ(0, args_take_cycles(&argc, argv, "test", "PPCST_TEST_CYCLES", 50, &self->n));
	EXPECT_EQ(5, self->n);
	ASSERT_EQ(3, argc);
	EXPECT_STREQ("-t", argv[1]);
	EXPECT_STREQ("x", argv[2]);
	EXPECT_EQ(NULL, argv[3]);
}

TEST_F(args, cycles_from_env_and_refused)
{
	char a0[] = "t";
	char *argv[] = { a0, NULL };
	int argc = 1;

	/* Neither given, and no settings beside this binary: refused, unchanged. */
	EXPECT_EQ(-ENOENT, args_take_cycles(&argc, argv, "test", "PPCST_TEST_CYCLES", 50, &self->n));
	EXPECT_ERROR_HAS("no cycle count: give --cycles N or PPCST_TEST_CYCLES=N");
	EXPECT_EQ(7, self->n);
	setenv("PPCST_TEST_CYCLES", "3", 1);
	ASSERT_EQ(0, args_take_cycles(&argc, argv, "test", "PPCST_TEST_CYCLES", 50, &self->n));
	EXPECT_EQ(3, self->n);
	setenv("PPCST_TEST_CYCLES", "51", 1);
	EXPECT_EQ(-EINVAL, args_take_cycles(&argc, argv, "test", "PPCST_TEST_CYCLES", 50,
					    &self->n));
	EXPECT_STREQ("cycles must be 1 to 50, not '51'", ppcst_last_error());
	EXPECT_EQ(3, self->n);
}

/* The suite's own settings file: its env.TEST.VAR= values are found, the
 * last line of a key wins (as run_all.sh exports them), others are absent. */
TEST_F(args, settings_test_env)
{
	char path[] = "/tmp/ppcst-settings-XXXXXX", val[8];
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	ASSERT_NE(NULL, f);
	fprintf(f, "# comment\ntimeout=300\ntest=t\ntest=u\nenv.t.PPCST_X_CYCLES=4\n"
		"env.u.PPCST_X_CYCLES=9\nenv.t.PPCST_X_CYCLES=5\nenv.t.LONG=123456789\n");
	fclose(f);
	EXPECT_EQ(0, settings_test_env(path, "t", "PPCST_X_CYCLES", val, sizeof(val)));
	EXPECT_STREQ("5", val);
	EXPECT_EQ(-ENOENT, settings_test_env(path, "t", "PPCST_Y", val, sizeof(val)));
	EXPECT_ERROR_HAS("no env.t.PPCST_Y= line");
	EXPECT_EQ(-E2BIG, settings_test_env(path, "t", "LONG", val, sizeof(val)));
	unlink(path);
	EXPECT_EQ(-ENOENT, settings_test_env(path, "t", "PPCST_X_CYCLES", val, sizeof(val)));
}

/* The installed settings: each program's cycle count is there. */
TEST_F(args, installed_settings_name_the_cycles)
{
	static const char *const keys[][2] = {
		{ "pmem_hotplug", "PPCST_PMEM_CYCLES" },
		{ "pagepool_dlpar", "PPCST_DLPAR_CYCLES" },
		{ "reboot_loop", "PPCST_REBOOT_CYCLES" },
	};
	char val[16];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		EXPECT_OK(settings_test_env("settings", keys[i][0], keys[i][1], val,
					       sizeof(val)));
		EXPECT_EQ(0, args_count(val, 1000, &self->n)) TH_LOG("%s: '%s'", keys[i][1], val);
	}
}

TEST_HARNESS_MAIN
