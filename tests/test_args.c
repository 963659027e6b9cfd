// SPDX-License-Identifier: GPL-2.0
/*
 * lib/args.c: counts and the tests' --cycles option, on good and bad input
 * (a wrong count must be refused with the text in the reason, never taken).
 */
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"

#include "args.h"

FIXTURE(args) {
	unsigned int n;
	char why[128];
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

	ASSERT_EQ(0, args_take_cycles(&argc, argv, "PPCST_TEST_CYCLES", 50, &self->n, self->why,
				      sizeof(self->why)));
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

	ASSERT_EQ(0, args_take_cycles(&argc, argv, "PPCST_TEST_CYCLES", 50, &self->n, self->why,
				      sizeof(self->why)));
	EXPECT_EQ(7, self->n);	/* neither given: unchanged */
	setenv("PPCST_TEST_CYCLES", "3", 1);
	ASSERT_EQ(0, args_take_cycles(&argc, argv, "PPCST_TEST_CYCLES", 50, &self->n, self->why,
				      sizeof(self->why)));
	EXPECT_EQ(3, self->n);
	setenv("PPCST_TEST_CYCLES", "51", 1);
	EXPECT_EQ(-EINVAL, args_take_cycles(&argc, argv, "PPCST_TEST_CYCLES", 50, &self->n,
					    self->why, sizeof(self->why)));
	EXPECT_STREQ("cycles must be 1 to 50, not '51'", self->why);
	EXPECT_EQ(3, self->n);
}

TEST_HARNESS_MAIN
