// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vm_profile_load() (vm/profile.c) on arbitrary file
 * text.
 *
 * Untrusted source: machine profiles are hand-edited text files
 * (vm/profiles/, or any path given to vmrun --profile), meant to be copied
 * and changed; a mistake must end as one "FILE:LINE: what" message.
 *
 * Input: the text up to the first NUL byte is the profile; what follows it
 * is inc.profile beside it, so that "include = inc" (and an include loop
 * back to "fuzz") reads fuzzed text too.
 *
 * seeds: vm/profiles
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "fuzz/fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t len = nul ? (size_t)(nul - data) : size;
	char path[PATH_MAX], inc[PATH_MAX], err[512];
	struct vm_profile p;

	fuzz_write_file("inc.profile", nul ? nul + 1 : data, nul ? size - len - 1 : 0, inc);
	fuzz_write_file("fuzz.profile", data, len, path);
	if (vm_profile_load(path, &p, err, sizeof(err))) {
		/* The contract: a message, and p is freed state. */
		if (!err[0] || p.description || p.devices.v)
			abort();
		return 0;
	}
	/* What a loaded profile always has. */
	if (!p.description || !p.machine || !p.cpu || !p.memory || !p.smp ||
	    !p.boot_timeout)
		abort();
	vm_profile_free(&p);
	return 0;
}
