// SPDX-License-Identifier: GPL-2.0
/*
 * lib/pmem: the JSON of ndctl 76 and daxctl 76 as recorded in the testbed
 * guest (tests/data/pmem/README.md), and damaged input.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "support/fdt_dir.h"
#include "base/json_lite.h"
#include "devices/pmem.h"

static char *load(struct __test_metadata *_metadata, const char *name)
{
	char path[PATH_MAX], file[96], *text;

	snprintf(file, sizeof(file), "pmem/%s", name);
	if (test_data_path(file, path, sizeof(path)))
		return NULL;
	text = test_read_text(path);
	if (!text)
		TH_LOG("cannot read %s", path);
	return text;
}

FIXTURE(pmem) {
	char *text;
};

FIXTURE_SETUP(pmem)
{
	self->text = NULL;
}

FIXTURE_TEARDOWN(pmem)
{
	free(self->text);
}

TEST_F(pmem, ndctl_regions)
{
	struct pmem_region r[4];

	self->text = load(_metadata, "ndctl-list-RNi.json");
	ASSERT_NE(NULL, self->text);
	ASSERT_EQ(1, pmem_parse_regions(self->text, r, 4));
	EXPECT_STREQ("region0", r[0].dev);
	EXPECT_STREQ("pmem", r[0].type);
	EXPECT_EQ(1073741824ULL, r[0].size);
	EXPECT_EQ(0ULL, r[0].available);
	ASSERT_EQ(2, r[0].nr_ns);
	EXPECT_STREQ("namespace0.1", r[0].ns[0].dev);
	EXPECT_STREQ("raw", r[0].ns[0].mode);
	EXPECT_STREQ("disabled", r[0].ns[0].state);
	EXPECT_STREQ("namespace0.0", r[0].ns[1].dev);
	EXPECT_STREQ("devdax", r[0].ns[1].mode);
	EXPECT_STREQ("dax0.0", r[0].ns[1].chardev);
	EXPECT_STREQ("afcc9cc9-82ad-4df0-851e-7c5f337791c0", r[0].ns[1].uuid);
	EXPECT_EQ(1054867456ULL, r[0].ns[1].size);
}

TEST_F(pmem, daxctl_system_ram)
{
	struct pmem_dax d;

	self->text = load(_metadata, "daxctl-reconfigure-system-ram.json");
	ASSERT_NE(NULL, self->text);
	ASSERT_EQ(0, pmem_parse_dax(self->text, "dax0.0", &d));
	EXPECT_STREQ("system-ram", d.mode);
	EXPECT_EQ(1, d.target_node);
	EXPECT_TRUE(d.has_memblocks);
	EXPECT_EQ(3ULL, d.online_memblocks);
	EXPECT_EQ(3ULL, d.total_memblocks);
	EXPECT_TRUE(d.movable);
	EXPECT_FALSE(d.has_mapping);
	EXPECT_EQ(-ENOENT, pmem_parse_dax(self->text, "dax1.0", &d));
}

TEST_F(pmem, daxctl_mappings)
{
	struct pmem_dax d;

	self->text = load(_metadata, "daxctl-list-DMi-system-ram.json");
	ASSERT_NE(NULL, self->text);
	ASSERT_EQ(0, pmem_parse_dax(self->text, NULL, &d));
	EXPECT_STREQ("dax0.0", d.chardev);
	ASSERT_TRUE(d.has_mapping);
	EXPECT_EQ(0x81200000ULL, d.start);
	EXPECT_EQ(0xbfffffffULL, d.end);
}

TEST_F(pmem, daxctl_regions_nest_devices)
{
	struct pmem_dax d;

	self->text = load(_metadata, "daxctl-list-DRi.json");
	ASSERT_NE(NULL, self->text);
	ASSERT_EQ(0, pmem_parse_dax(self->text, "dax0.0", &d));
	EXPECT_STREQ("devdax", d.mode);
	EXPECT_EQ(1, d.target_node);
	EXPECT_FALSE(d.has_memblocks);
}

/* daxctl's failure output: libkmod's lines, no JSON at all. */
TEST_F(pmem, daxctl_failure_text)
{
	struct pmem_dax d;

	self->text = load(_metadata, "daxctl-kmod-failure.err");
	ASSERT_NE(NULL, self->text);
	EXPECT_EQ(-EINVAL, pmem_parse_dax(self->text, "dax0.0", &d));
}

TEST_F(pmem, damaged_json)
{
	struct pmem_region r[2];
	struct pmem_dax d;
	struct json_lite_doc doc;

	EXPECT_EQ(-EINVAL, pmem_parse_dax("[ { \"chardev\":\"dax0.0\" ", "dax0.0", &d));
	EXPECT_EQ(-EINVAL, pmem_parse_dax("[ } ]", NULL, &d));
	EXPECT_EQ(-EINVAL, pmem_parse_regions("{\"regions\":[{\"size\":1}]}", r, 2));
	EXPECT_EQ(0, pmem_parse_regions("", r, 2));
	ASSERT_EQ(0, json_lite_parse("noise {\"a\":\"x\\\"y\",\"b\":[1,true]} trailing", &doc));
	char buf[16];
	uint64_t v;

	EXPECT_TRUE(json_lite_text(&doc, json_lite_get(&doc, 0, "a"), buf, sizeof(buf)));
	EXPECT_STREQ("x\"y", buf);
	EXPECT_TRUE(json_lite_u64(&doc, json_lite_elem(&doc, json_lite_get(&doc, 0, "b"), 0), &v));
	EXPECT_EQ(1ULL, v);
	EXPECT_TRUE(json_lite_true(&doc, json_lite_elem(&doc, json_lite_get(&doc, 0, "b"), 1)));
	EXPECT_EQ(-1, json_lite_elem(&doc, json_lite_get(&doc, 0, "b"), 2));
	EXPECT_EQ(-1, json_lite_get(&doc, 0, "c"));
	json_lite_free(&doc);
}

TEST_HARNESS_MAIN
