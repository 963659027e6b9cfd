// SPDX-License-Identifier: GPL-2.0
/*
 * vm/profile.c on the real vm/profiles files (values compared with what
 * the files say, include inheritance, every shipped profile loads) and on
 * broken profiles, each of which must be refused with "FILE:LINE: what".
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "kselftest_harness.h"

#include "profile.h"
#include "support/fdt_dir.h"

static bool strv_has(const struct vm_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

FIXTURE(shipped) {
	char dir[PATH_MAX];
	struct vm_profile p;
	char err[512];
};

FIXTURE_SETUP(shipped)
{
	/* vm/profiles, found from tests/data the way every check finds it. */
	ASSERT_EQ(0, test_data_path("../../vm/profiles", self->dir, sizeof(self->dir)));
	memset(&self->p, 0, sizeof(self->p));
}

FIXTURE_TEARDOWN(shipped)
{
	vm_profile_free(&self->p);
}

static int load(const char *dir, const char *name, struct vm_profile *p, char *err, size_t len)
{
	char path[PATH_MAX + 64];

	if (vm_profile_resolve(name, dir, path, sizeof(path), err, len))
		return -1;
	return vm_profile_load(path, p, err, len);
}

TEST_F(shipped, default_machine)
{
	ASSERT_EQ(0, load(self->dir, "default", &self->p, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("default", self->p.name);
	EXPECT_STREQ("pseries,x-vof=on", self->p.machine);
	EXPECT_STREQ("POWER10", self->p.cpu);
	EXPECT_EQ(1, self->p.smp);
	EXPECT_STREQ("2G,slots=4,maxmem=8G", self->p.memory);
	EXPECT_EQ(120, self->p.boot_timeout);
	/* Each device under test on a PHB of its own (DDW state is per PHB). */
	ASSERT_EQ(7, self->p.devices.n);
	EXPECT_TRUE(strv_has(&self->p.devices, "pci-testdev,bus=phb1.0,id=testdev0"));
	EXPECT_TRUE(strv_has(&self->p.devices, "spapr-pci-host-bridge,index=2,id=phb2"));
	EXPECT_TRUE(strv_has(&self->p.devices,
			     "virtio-blk-pci,bus=phb3.0,id=disk0,drive=scratch0,serial=ppcst-scratch"));
	/* "arg" splits at spaces into separate argv words. */
	ASSERT_EQ(4, self->p.args.n);
	EXPECT_STREQ("-netdev", self->p.args.v[0]);
	EXPECT_STREQ("hubport,id=net0,hubid=0", self->p.args.v[1]);
	EXPECT_EQ(NULL, self->p.args.v[4]);
	ASSERT_EQ(1, self->p.scratch.n);
	EXPECT_STREQ("scratch0 256M", self->p.scratch.v[0]);
	EXPECT_EQ(0, self->p.append.n);
}

TEST_F(shipped, no_maxmem_overrides_memory_only)
{
	ASSERT_EQ(0, load(self->dir, "no-maxmem", &self->p, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_STREQ("2G", self->p.memory);
	EXPECT_EQ(1, self->p.smp);
	EXPECT_EQ(7, self->p.devices.n);
	/* Its own description, not the included default's. */
	EXPECT_NE(NULL, strstr(self->p.description, "no DDW"));
}

TEST_F(shipped, disable_ddw_appends)
{
	ASSERT_EQ(0, load(self->dir, "disable-ddw", &self->p, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	ASSERT_EQ(1, self->p.append.n);
	EXPECT_STREQ("disable_ddw=1", self->p.append.v[0]);
	EXPECT_STREQ("2G,slots=4,maxmem=8G", self->p.memory);
}

TEST_F(shipped, smp2_overrides_smp_only)
{
	ASSERT_EQ(0, load(self->dir, "smp2", &self->p, self->err, sizeof(self->err)))
		TH_LOG("%s", self->err);
	EXPECT_EQ(2, self->p.smp);
	EXPECT_STREQ("2G,slots=4,maxmem=8G", self->p.memory);
	EXPECT_EQ(7, self->p.devices.n);
}

/* What folders and TAP lines call a profile, given its name or its file. */
TEST_F(shipped, stem_of_name_or_file)
{
	char stem[64];

	ASSERT_EQ(0, vm_profile_stem("reboot", stem, sizeof(stem)));
	EXPECT_STREQ("reboot", stem);
	ASSERT_EQ(0, vm_profile_stem("/src/build/host/../../vm/profiles/reboot-noslots.profile",
				     stem, sizeof(stem)));
	EXPECT_STREQ("reboot-noslots", stem);
	EXPECT_EQ(-1, vm_profile_stem("/x/.profile", stem, sizeof(stem)));
	EXPECT_EQ(-1, vm_profile_stem("../..", stem, sizeof(stem)));
	EXPECT_EQ(-1, vm_profile_stem("a b.profile", stem, sizeof(stem)));
	EXPECT_EQ(-1, vm_profile_stem("reboot", stem, 4));
}

TEST_F(shipped, every_profile_loads)
{
	struct dirent *d;
	DIR *dir = opendir(self->dir);
	int n = 0;

	ASSERT_NE(NULL, dir);
	while ((d = readdir(dir))) {
		size_t len = strlen(d->d_name);
		char path[PATH_MAX + 256];
		struct vm_profile p;

		if (len < 9 || strcmp(d->d_name + len - 8, ".profile"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", self->dir, d->d_name);
		EXPECT_EQ(0, vm_profile_load(path, &p, self->err, sizeof(self->err)))
			TH_LOG("%s", self->err);
		vm_profile_free(&p);
		n++;
	}
	closedir(dir);
	EXPECT_LE(3, n);
}

TEST_F(shipped, resolve)
{
	char out[PATH_MAX];

	ASSERT_EQ(0, vm_profile_resolve("pmem", "/d", out, sizeof(out), self->err, sizeof(self->err)));
	EXPECT_STREQ("/d/pmem.profile", out);
	ASSERT_EQ(0, vm_profile_resolve("./x", "/d", out, sizeof(out), self->err, sizeof(self->err)));
	EXPECT_STREQ("./x", out);
	ASSERT_EQ(0, vm_profile_resolve("my.profile", "/d", out, sizeof(out), self->err,
					 sizeof(self->err)));
	EXPECT_STREQ("my.profile", out);
	EXPECT_EQ(-1, vm_profile_resolve("", "/d", out, sizeof(out), self->err, sizeof(self->err)));
}

FIXTURE(broken) {
	char dir[PATH_MAX];
	char path[PATH_MAX + 32];
	char err[1024];
};

FIXTURE_VARIANT(broken) {
	const char *text;	/* the profile under test, bad.profile */
	const char *other;	/* other.profile beside it, or NULL */
	const char *want;	/* in the error message */
};

FIXTURE_VARIANT_ADD(broken, no_equals) {
	.text = "description = d\nsmp 2\n", .want = "bad.profile:2: expected 'key = value'",
};
FIXTURE_VARIANT_ADD(broken, unknown_key) {
	.text = "description = d\n# c\n\ncpus = 2\n", .want = "bad.profile:4: unknown key 'cpus'",
};
FIXTURE_VARIANT_ADD(broken, empty_value) {
	.text = "description = d\ndevice =   \n", .want = "bad.profile:2: 'device' has no value",
};
FIXTURE_VARIANT_ADD(broken, scalar_twice) {
	.text = "description = d\nmemory = 2G\nmemory = 4G\n",
	.want = "bad.profile:3: 'memory' given twice",
};
FIXTURE_VARIANT_ADD(broken, smp_zero) {
	.text = "description = d\nsmp = 0\n", .want = "bad.profile:2: smp must be a whole number",
};
FIXTURE_VARIANT_ADD(broken, smp_words) {
	.text = "description = d\nsmp = two\n", .want = "not 'two'",
};
FIXTURE_VARIANT_ADD(broken, timeout_negative) {
	.text = "description = d\nboot-timeout = -5\n", .want = "bad.profile:2: boot-timeout",
};
FIXTURE_VARIANT_ADD(broken, scratch_no_size) {
	.text = "description = d\nscratch = disk0\n", .want = "bad.profile:2: scratch wants 'NODE SIZE'",
};
FIXTURE_VARIANT_ADD(broken, scratch_bad_node) {
	.text = "description = d\nscratch = 0disk 1M\n", .want = "scratch wants 'NODE SIZE'",
};
FIXTURE_VARIANT_ADD(broken, scratch_bad_size) {
	.text = "description = d\nscratch = disk0 12X\n",
	.want = "bad.profile:2: scratch size must be 1 to 64G",
};
FIXTURE_VARIANT_ADD(broken, scratch_too_big) {
	.text = "description = d\nscratch = disk0 65G\n", .want = "scratch size must be 1 to 64G",
};
FIXTURE_VARIANT_ADD(broken, scratch_extra_word) {
	.text = "description = d\nscratch = disk0 1M more\n", .want = "scratch wants 'NODE SIZE'",
};
FIXTURE_VARIANT_ADD(broken, memfile_no_size) {
	.text = "description = d\nmemfile = pmem0\n",
	.want = "bad.profile:2: memfile wants 'ID SIZE [IMAGE]'",
};
FIXTURE_VARIANT_ADD(broken, memfile_two_images) {
	.text = "description = d\nmemfile = pmem0 1G a.img b.img\n",
	.want = "memfile wants 'ID SIZE [IMAGE]' (IMAGE: one path",
};
FIXTURE_VARIANT_ADD(broken, no_description) {
	.text = "smp = 2\n", .want = "bad.profile: no 'description = ...' line",
};
FIXTURE_VARIANT_ADD(broken, include_missing) {
	.text = "description = d\ninclude = nosuch\n",
	.want = "bad.profile:2: include nosuch: ",
};
FIXTURE_VARIANT_ADD(broken, include_path) {
	.text = "description = d\ninclude = ../default\n", .want = "takes a profile name, not a path",
};
FIXTURE_VARIANT_ADD(broken, include_loop) {
	.text = "description = d\ninclude = other\n",
	.other = "description = o\ninclude = bad\n",
	.want = "bad.profile: included again while it is being read",
};
FIXTURE_VARIANT_ADD(broken, included_file_broken) {
	.text = "description = d\ninclude = other\n",
	.other = "description = o\nram = 2G\n", .want = "other.profile:2: unknown key 'ram'",
};
FIXTURE_VARIANT_ADD(broken, needs_property_one_word) {
	.text = "description = d\nneeds-property = spapr-pci-host-bridge\n",
	.want = "bad.profile:2: needs-property wants 'TYPE PROP'",
};
FIXTURE_VARIANT_ADD(broken, needs_property_comma) {
	/* A comma would smuggle options into "-device TYPE,help". */
	.text = "description = d\nneeds-property = spapr-pci-host-bridge,x=1 ddw\n",
	.want = "bad.profile:2: needs-property wants 'TYPE PROP'",
};
FIXTURE_VARIANT_ADD(broken, needs_property_three_words) {
	.text = "description = d\nneeds-property = a b c\n",
	.want = "bad.profile:2: needs-property wants 'TYPE PROP'",
};
FIXTURE_VARIANT_ADD(broken, included_without_description) {
	.text = "description = d\ninclude = other\n",
	.other = "smp = 2\n", .want = "other.profile: no 'description",
};

static void write_file(struct __test_metadata *_metadata, const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ASSERT_NE(NULL, f);
	fputs(text, f);
	ASSERT_EQ(0, fclose(f));
}

FIXTURE_SETUP(broken)
{
	char other[PATH_MAX + 32];

	snprintf(self->dir, sizeof(self->dir), "/tmp/test_vm_profile.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(self->path, sizeof(self->path), "%s/bad.profile", self->dir);
	write_file(_metadata, self->path, variant->text);
	if (variant->other) {
		snprintf(other, sizeof(other), "%s/other.profile", self->dir);
		write_file(_metadata, other, variant->other);
	}
}

FIXTURE_TEARDOWN(broken)
{
	char other[PATH_MAX + 32];

	snprintf(other, sizeof(other), "%s/other.profile", self->dir);
	unlink(other);
	unlink(self->path);
	rmdir(self->dir);
}

TEST_F(broken, refused_with_file_and_line)
{
	struct vm_profile p;

	EXPECT_EQ(-1, vm_profile_load(self->path, &p, self->err, sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, variant->want))
		TH_LOG("error was: %s", self->err);
	/* One line: it goes to stderr as is. */
	EXPECT_EQ(NULL, strchr(self->err, '\n'));
	/* A failed load leaves nothing to free, and freeing again is safe. */
	vm_profile_free(&p);
}


FIXTURE(scratch) {
	char node[VM_SCRATCH_NODE_MAX + 1];
	unsigned long long bytes;
	char err[256];
};

FIXTURE_SETUP(scratch)
{
}

FIXTURE_TEARDOWN(scratch)
{
}

TEST_F(scratch, sizes)
{
	ASSERT_EQ(0, vm_scratch_parse("disk0 256M", self->node, &self->bytes, self->err,
				      sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ("disk0", self->node);
	EXPECT_EQ(256ULL << 20, self->bytes);
	ASSERT_EQ(0, vm_scratch_parse("a_b-c \t 4096", self->node, &self->bytes, self->err,
				      sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ("a_b-c", self->node);
	EXPECT_EQ(4096, self->bytes);
	EXPECT_EQ(0, vm_scratch_parse("x 64G", self->node, &self->bytes, self->err,
				      sizeof(self->err)));
	EXPECT_EQ(-1, vm_scratch_parse("x 0", self->node, &self->bytes, self->err,
				       sizeof(self->err)));
	EXPECT_EQ(-1, vm_scratch_parse("x 1T", self->node, &self->bytes, self->err,
				       sizeof(self->err)));
	EXPECT_EQ(-1, vm_scratch_parse("x", self->node, &self->bytes, self->err,
				       sizeof(self->err)));
}

TEST_F(scratch, memfile)
{
	char image[64];

	ASSERT_EQ(0, vm_memfile_parse("pmem0 1073872896 pmem/devdax-1G.img", self->node,
				      &self->bytes, image, sizeof(image), self->err,
				      sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ("pmem0", self->node);
	EXPECT_EQ(1073872896ULL, self->bytes);
	EXPECT_STREQ("pmem/devdax-1G.img", image);
	ASSERT_EQ(0, vm_memfile_parse("m 1G", self->node, &self->bytes, image, sizeof(image),
				      self->err, sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ("", image);
	EXPECT_EQ(1ULL << 30, self->bytes);
	EXPECT_EQ(-1, vm_memfile_parse("m 1G /a/very/long/path/that/does/not/fit/in/sixty-four/bytes/at/all/x.img",
				       self->node, &self->bytes, image, sizeof(image), self->err,
				       sizeof(self->err)));
	EXPECT_NE(NULL, strstr(self->err, "too long"));
}

TEST_F(scratch, needs_property)
{
	char type[VM_NEEDS_NAME_MAX + 1], prop[VM_NEEDS_NAME_MAX + 1];

	ASSERT_EQ(0, vm_needs_parse("spapr-pci-host-bridge \t ddw-largest-block", type, prop,
				    self->err, sizeof(self->err))) TH_LOG("%s", self->err);
	EXPECT_STREQ("spapr-pci-host-bridge", type);
	EXPECT_STREQ("ddw-largest-block", prop);
	EXPECT_EQ(0, vm_needs_parse("a b.c_d", type, prop, self->err, sizeof(self->err)));
	EXPECT_STREQ("b.c_d", prop);
	EXPECT_EQ(-1, vm_needs_parse("-device x", type, prop, self->err, sizeof(self->err)));
	EXPECT_EQ(-1, vm_needs_parse("x 'y'", type, prop, self->err, sizeof(self->err)));
	EXPECT_EQ(-1, vm_needs_parse("x y;z", type, prop, self->err, sizeof(self->err)));
	EXPECT_EQ(-1, vm_needs_parse("x", type, prop, self->err, sizeof(self->err)));
	EXPECT_EQ(-1, vm_needs_parse("", type, prop, self->err, sizeof(self->err)));
}

TEST_HARNESS_MAIN
