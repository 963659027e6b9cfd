/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine profiles of the QEMU pseries testbed: one text file per machine
 * set-up, vm/profiles/NAME.profile, meant to be copied and edited by hand.
 *
 * Format: one "key = value" per line; blank lines and lines starting with '#'
 * are ignored; spaces around the key and the value are dropped. Keys:
 *
 *   description = one line, shown by `vmrun --list-profiles`   (required;
 *                 not inherited through include)
 *   include     = NAME       read vm/profiles/NAME.profile (same directory)
 *                            first: its values are this profile's defaults
 *   machine     = pseries,x-vof=on          -M (default: pseries,x-vof=on)
 *   cpu         = POWER10                   -cpu under TCG (KVM: -cpu host)
 *   smp         = 2                         -smp
 *   memory      = 2G,slots=4,maxmem=8G      -m
 *   boot-timeout = 120       seconds from QEMU start to the guest's boot marker
 *   append      = ARGS       kernel command line words (repeatable, joined
 *                            with spaces, after the testbed's root= and init=)
 *   device      = SPEC       -device SPEC   (repeatable)
 *   object      = SPEC       -object SPEC   (repeatable)
 *   numa        = SPEC       -numa SPEC     (repeatable)
 *   arg         = WORDS      raw QEMU arguments, split at spaces, no quoting
 *                            (repeatable)
 *   scratch     = NODE SIZE  a sparse scratch disk image of SIZE bytes
 *                            (suffix K, M or G) made for this boot only and
 *                            given to QEMU as -blockdev node-name=NODE; a
 *                            device takes it with drive=NODE (repeatable)
 *   memfile     = ID SIZE [IMAGE]  a file of SIZE bytes made for this boot
 *                            only and given to QEMU as -object
 *                            memory-backend-file,id=ID,share=on (an nvdimm
 *                            takes it with memdev=ID); empty and sparse, or
 *                            a copy of IMAGE (a path, relative ones from
 *                            $PPCST_CACHE; vm/pmem-image.sh makes
 *                            pmem/devdax-1G.img) (repeatable)
 *   needs-property = TYPE PROP  the machine needs device TYPE's property
 *                            PROP, which stock QEMU lacks (the suite's own
 *                            QEMU, vm/qemu/build.sh, has it): on a QEMU
 *                            without it the profile is skipped by name
 *                            (vmrun's outcome qemu-lacks) (repeatable)
 *
 * A scalar key may be given once per file (a second one is a mistake, not an
 * override); one set in a file overrides the included profile's. Repeatable
 * keys add to what the included profile has.
 */
#ifndef PPCST_VM_PROFILE_H
#define PPCST_VM_PROFILE_H

#include <limits.h>
#include <stddef.h>

#include "strv.h"

struct vm_profile {
	char *name;		/* file name without directory and ".profile" */
	char *path;
	char *description;
	char *machine;
	char *cpu;
	unsigned int smp;
	char *memory;
	unsigned int boot_timeout;	/* seconds */
	struct vm_strv append;
	struct vm_strv devices;
	struct vm_strv objects;
	struct vm_strv numa;
	struct vm_strv args;
	struct vm_strv scratch;	/* "NODE SIZE", checked by vm_scratch_parse */
	struct vm_strv memfiles;	/* "ID SIZE [IMAGE]", vm_memfile_parse */
	struct vm_strv needs;	/* "TYPE PROP", vm_needs_parse */
};

/* Longest NODE of a scratch disk. */
#define VM_SCRATCH_NODE_MAX 32
/*
 * Splits a scratch value "NODE SIZE" into node (letters, digits, '-', '_';
 * a letter first) and bytes. Returns 0, or -1 with the reason in why.
 */
int vm_scratch_parse(const char *spec, char node[VM_SCRATCH_NODE_MAX + 1],
		     unsigned long long *bytes, char *why, size_t whylen);

/*
 * Splits a memfile value "ID SIZE [IMAGE]": ID and SIZE as for scratch, IMAGE
 * into image ("" if none; no spaces). Returns 0, or -1 with the reason in why.
 */
int vm_memfile_parse(const char *spec, char id[VM_SCRATCH_NODE_MAX + 1],
		     unsigned long long *bytes, char *image, size_t imagelen,
		     char *why, size_t whylen);

/* Longest TYPE or PROP of a needs-property value. */
#define VM_NEEDS_NAME_MAX 64
/*
 * Splits a needs-property value "TYPE PROP" (each letters, digits, '-', '_',
 * '.'; a letter first) into type and prop. Returns 0, or -1 with the reason
 * in why.
 */
int vm_needs_parse(const char *spec, char type[VM_NEEDS_NAME_MAX + 1],
		   char prop[VM_NEEDS_NAME_MAX + 1], char *why, size_t whylen);

/* Room for the profile directory and what goes after it. */
#define VM_PROFILES_DIR_LEN (PATH_MAX + 32)
/*
 * The profile directory: $PPCST_PROFILES, else vm/profiles of the source
 * tree the running binary (build/host/...) was built in.
 */
void vm_profiles_dir(char out[VM_PROFILES_DIR_LEN]);

/*
 * Resolves a --profile argument: a value with a '/' or ending in ".profile"
 * is a path; anything else is NAME in dir (dir/NAME.profile). Writes the path
 * into out. Returns 0, or -1 with a message in err.
 */
int vm_profile_resolve(const char *name_or_path, const char *dir,
		       char *out, size_t outlen, char *err, size_t errlen);

/*
 * The name of a --profile NAME or FILE (NAME.profile): its file name without
 * ".profile", what results folders and TAP lines call it. 0, or -1 when that
 * is no NAME (letters, digits, _ - ., not starting with a punctuation mark).
 */
int vm_profile_stem(const char *name_or_path, char *stem, size_t len);

/*
 * Reads a profile file. Returns 0, or -1 with a one-line message
 * "FILE:LINE: what" in err; p is then freed state (vm_profile_free is safe).
 */
int vm_profile_load(const char *path, struct vm_profile *p,
		    char *err, size_t errlen);

void vm_profile_free(struct vm_profile *p);

#endif
