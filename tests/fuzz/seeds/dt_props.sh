#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Remakes the seeds of fuzz_dt_props (tests/fuzz/fuzz_dt_props.c) from the
# recorded blob tests/data/ddw_basic/default.dtb: each file is the decoder
# byte, the cells byte (address cells low nibble, size cells high) and the
# property's raw value as the blob has it (all of them are cells). Needs
# fdtget (device-tree-compiler) and xxd.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
dtb=$top/tests/data/ddw_basic/default.dtb
out=$top/tests/fuzz/seeds/dt_props
phb=/pci@800000020000000

seed() {	# name, decoder byte, cells byte, node, property
	local cell
	{
		printf %b "\\x$2\\x$3"
		# fdtget prints cells as bare hex numbers: 8 digits each for xxd.
		for cell in $(fdtget -t x "$dtb" "$4" "$5"); do
			printf '%08x' "0x$cell"
		done | xxd -r -p
	} > "$out/$1"
}
mkdir -p "$out"
seed ddw-applicable 00 00 "$phb" ibm,ddw-applicable
seed ddw-extensions 01 00 "$phb" ibm,ddw-extensions
seed dma-window 02 22 "$phb" ibm,dma-window
seed direct64-window 03 00 "$phb" linux,direct64-ddr-window-info
seed lrdr-capacity 04 00 /rtas ibm,lrdr-capacity
seed pci-ranges 05 22 "$phb" ranges
