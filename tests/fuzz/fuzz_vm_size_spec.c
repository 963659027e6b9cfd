// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vm_scratch_parse() and vm_memfile_parse()
 * (vm/profile.c), the "NODE SIZE" and "ID SIZE [IMAGE]" values of a
 * profile's scratch and memfile keys, on arbitrary text.
 *
 * Untrusted source: hand-edited machine profiles (vm/profiles/); the values
 * become file sizes in the host's temp directory and QEMU arguments.
 *
 * seeds: tests/fuzz/seeds/vm_size_spec
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = strndup((const char *)data, size);
	char id[VM_SCRATCH_NODE_MAX + 1], why[256];
	/* Small, so that the too-long path is reached too. */
	char image[16];
	unsigned long long bytes;

	if (!spec)
		abort();
	/* Accepted sizes are what the header promises: 1 byte to 64G. */
	if (!vm_scratch_parse(spec, id, &bytes, why, sizeof(why)) &&
	    (!bytes || bytes > 64ULL << 30 || strlen(id) > VM_SCRATCH_NODE_MAX))
		abort();
	/* Without an image buffer, as the profile loader checks a value. */
	vm_memfile_parse(spec, id, &bytes, NULL, 0, why, sizeof(why));
	if (!vm_memfile_parse(spec, id, &bytes, image, sizeof(image), why, sizeof(why)) &&
	    (!bytes || bytes > 64ULL << 30 || strlen(image) >= sizeof(image)))
		abort();
	free(spec);
	return 0;
}
