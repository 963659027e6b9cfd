// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: vm_hostreq_parse() (vm/hostreq_server.c) on arbitrary text,
 * and the error reply the host makes of a refused request.
 *
 * Untrusted source: the guest. Test programs and scripts in the testbed
 * guest write the request files into the results share, and the host
 * (vmrun) parses them: whatever runs in the guest controls these bytes.
 *
 * seeds: tests/fuzz/seeds/vm_hostreq
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostreq_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* vm_hostreq_take() hands the parser NUL-terminated file text. */
	char *text = strndup((const char *)data, size);
	struct vm_hostreq req;
	char err[512];	/* as vm_hostreq_serve() has it */

	if (!text)
		abort();
	if (vm_hostreq_parse(text, &req, err, sizeof(err))) {
		json_object *reply = vm_hostreq_error(err);

		/* The reply goes back to the guest as JSON text. */
		if (!json_object_to_json_string(reply))
			abort();
		json_object_put(reply);
	} else {
		if (!req.execute[0] || req.timeout_s < 1 ||
		    req.timeout_s > HOST_REQUEST_MAX_TIMEOUT_S)
			abort();
		vm_hostreq_release(&req);
	}
	free(text);
	return 0;
}
