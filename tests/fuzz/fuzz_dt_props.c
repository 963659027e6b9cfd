// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the device-tree property decoders of lib/dma/dt.h on
 * arbitrary property bytes.
 *
 * Untrusted source: the device tree is written by the firmware/hypervisor
 * (QEMU's spapr, PowerVM) and by the kernel at run time (the DDW window
 * info); the suite reads it from /proc/device-tree and from recorded blobs,
 * and a malformed property must end in -EINVAL, not past its end.
 *
 * Input: byte 0 picks the decoder, byte 1 gives the address cells (low
 * nibble) and size cells (high nibble) of the two decoders that take them,
 * 0..15 so that counts beyond the accepted 4 are tried too; the rest is the
 * property's value. tests/fuzz/seeds/dt_props.sh makes the seeds from the
 * recorded blobs.
 *
 * seeds: tests/fuzz/seeds/dt_props
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "dma/dt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union {
		struct dt_ddw_applicable app;
		struct dt_ddw_extensions ext;
		struct dt_dma_window win;
		struct dt_ddw_window ddw;
		struct dt_lrdr_capacity lrdr;
	} out;
	struct dt_pci_range *ranges;
	uint32_t acells, scells;
	const uint8_t *p;
	size_t len;
	int ret;

	if (size < 2)
		return 0;
	acells = data[1] & 0xf;
	scells = data[1] >> 4;
	/* The value ends where the fuzzer's buffer ends: ASan sees any byte
	 * read past it. */
	p = data + 2;
	len = size - 2;
	switch (data[0] % 6) {
	case 0:
		ret = dt_decode_ddw_applicable(p, len, &out.app);
		break;
	case 1:
		ret = dt_decode_ddw_extensions(p, len, &out.ext);
		break;
	case 2:
		ret = dt_decode_dma_window(p, len, acells, scells, &out.win);
		break;
	case 3:
		ret = dt_decode_ddw_window(p, len, &out.ddw);
		break;
	case 4:
		ret = dt_decode_lrdr_capacity(p, len, &out.lrdr);
		break;
	default:
		ret = dt_decode_pci_ranges(p, len, acells, scells, &ranges);
		/* The contract: entries that fill the value exactly, or none. */
		if (ret >= 0 ? (size_t)ret * 4 * (3 + acells + scells) != len || (ret && !ranges)
			     : ranges != NULL)
			abort();
		free(ranges);
		break;
	}
	/* Every failure says why. */
	if (ret < 0 && (ret != -EINVAL || !ppcst_last_error()[0]))
		abort();
	return 0;
}
