#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tests/check_layers.sh, the layering of lib/ the build enforces: clean on
# the tree as it is, and one line naming the file and the include, exit 1,
# on a copy of lib/ with a bad include planted (a lower folder including a
# higher one, a bare name, vm/, a driver's folder inside a room including
# what its room may not), a folder without its "May use:" line, a source
# loose in lib/, and one line naming the rooms of a loop planted in the May
# use lines. TAP output.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

. "$top/tests/support/tap.sh"
under_test=$work/tests/check_layers.sh

# A copy of the tree's lib/ and the check, to plant faults in.
fresh() {
	rm -rf "$work/lib" "$work/tests"
	mkdir -p "$work/tests"
	cp -r "$top/lib" "$work/lib"
	cp "$top/tests/check_layers.sh" "$work/tests/"
}
# Exit 1 with exactly one line on stderr, and that line holds WANT.
fails_with() {
	run
	[ "$rc" = 1 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] && [[ $err == *"$1"* ]] ||
		{ echo "# rc=$rc err: $err"; return 1; }
}
plant() {	# FILE LINE: append an include line to lib/FILE
	printf '%s\n' "$2" >> "$work/lib/$1"
}

check "the tree's lib/ keeps its layering" "$top/tests/check_layers.sh"

fresh; plant base/clock.c '#include "devices/pci.h"'
check "base including devices fails, naming the file and the include" \
	fails_with 'lib/base/clock.c:'"$(wc -l < "$work/lib/base/clock.c")"': #include "devices/pci.h": lib/base may not use lib/devices'

fresh; plant devices/pci.h '#include "dma/tce.h"'
check "a header of devices including dma fails" fails_with 'lib/devices/pci.h:'

fresh; plant kmsg/kmsg_scanner.c '#  include "hotplug/dlpar.h"'
check "an include spelt with spaces is read too" fails_with 'lib/kmsg/kmsg_scanner.c:'

fresh; plant dma/dt.c '#include "error.h"'
check "a bare header name fails" fails_with 'includes only lib/ROOM/NAME.h by its folder'

fresh; plant testbed/testbed.c '#include "hostreq_server.h"'
check "vm/'s header fails" fails_with '"hostreq_server.h"'

fresh; plant hotplug/dlpar.c '#include "devices/pci.h"'
check "an allowed lower folder passes" "$under_test"

fresh; plant engines/edu/edu.c '#include "hotplug/dlpar.h"'
check "a driver's folder keeps its room's rule (engines/edu including hotplug fails)" \
	fails_with 'lib/engines/edu/edu.c:'"$(wc -l < "$work/lib/engines/edu/edu.c")"': #include "hotplug/dlpar.h": lib/engines may not use lib/hotplug'

fresh; sed -i '/^May use:/d' "$work/lib/engines/README.md"
check "a folder without its May use line fails" fails_with 'lib/engines/README.md: no "May use: ...'

fresh; touch "$work/lib/loose.c"
check "a file loose in lib/ fails" fails_with 'lib/loose.c: lib/ holds only folders'

fresh; plant engines/edu/edu.c '#include "dma/tce.h"'
check "a driver's folder includes what its room may" "$under_test"

may_use() {	# ROOM LINE: the room's May use line replaced
	sed -i "s/^May use:.*/May use: $2/" "$work/lib/$1/README.md"
}
fresh; may_use kmsg 'base, dma.'
check "two rooms that may use each other fail, naming the loop" \
	fails_with 'the May use lines of lib/*/README.md make a loop: dma -> kmsg -> dma'

fresh; may_use kmsg 'base, report.'; may_use report 'base, dma.'
check "a loop through three rooms is named room by room" \
	fails_with 'make a loop: dma -> kmsg -> report -> dma'

fresh; may_use kmsg 'base, kmsg.'
check "a room naming itself is no loop" "$under_test"

tap_end
