#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The layering of lib/: each folder's README.md says which folders it may
# use ("May use: base, kmsg."); a source or header of lib/ROOM, or of a
# folder inside it, includes only from ROOM itself and those, and never from vm/ or tests/. Every
# include of lib/ names its folder ("base/error.h"), so this is a grep of
# include lines. The normal build and make check run it; a bad include fails
# with one line naming the file, the include and the rule it breaks.
set -uo pipefail

me=check_layers.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lib=$top/lib
[ $# = 0 ] || { echo "$me: takes no arguments" >&2; exit 2; }

bad=0
for f in "$lib"/*; do
	[ -d "$f" ] || { echo "$me: lib/${f#"$lib"/}: lib/ holds only folders (lib/ROOM/NAME.c)" >&2; bad=1; }
done

for dir in "$lib"/*/; do
	room=$(basename "$dir")
	readme=$dir/README.md
	if ! uses=$(sed -n 's/^May use: *//p' "$readme" 2>/dev/null | head -n 1) || [ -z "$uses" ]; then
		echo "$me: lib/$room/README.md: no \"May use: ...\" line" >&2
		bad=1
		continue
	fi
	uses=${uses%.}
	allowed=" $room $(tr -d '.,' <<<"$uses" | sed 's/nothing.*//') "
	# The room's folders too (lib/engines/edu/): a driver's folder is
	# part of its room and keeps its room's rule.
	while IFS= read -r -d '' src; do
		rel=${src#"$top"/}
		# The quoted includes only: <...> are the system's and the kernel's.
		while IFS=: read -r line inc; do
			target=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$inc")
			[ -n "$target" ] || continue
			case $target in
			*/*) want=${target%%/*} ;;
			*) want= ;;
			esac
			if [ -z "$want" ] || [ ! -d "$lib/$want" ]; then
				echo "$me: $rel:$line: #include \"$target\": lib/ includes only lib/ROOM/NAME.h by its folder (not vm/, tests/ or a bare name)" >&2
				bad=1
			elif [[ $allowed != *" $want "* ]]; then
				echo "$me: $rel:$line: #include \"$target\": lib/$room may not use lib/$want (lib/$room/README.md: May use: $uses)" >&2
				bad=1
			fi
		done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$src")
	done < <(find "$dir" -type f \( -name '*.c' -o -name '*.h' \) -print0 | sort -z)
done
exit $bad
