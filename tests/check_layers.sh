#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The layering of lib/: each folder's README.md says which folders it may
# use ("May use: base, kmsg."); a source or header of lib/ROOM, or of a
# folder inside it (a driver's, lib/engines/edu/), includes only from ROOM
# itself and those, and never from vm/ or tests/. Every include of lib/
# names its folder ("base/error.h"), so this is a grep of include lines. The May use lines
# themselves make no loop: two rooms that may use each other would pass
# every include check and be one room. The normal build and make check run
# it; a bad include fails with one line naming the file, the include and the
# rule it breaks, a loop with one line naming the rooms in it.
set -uo pipefail

me=check_layers.sh
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
lib=$top/lib
[ $# = 0 ] || { echo "$me: takes no arguments" >&2; exit 2; }

bad=0
for f in "$lib"/*; do
	[ -d "$f" ] || { echo "$me: lib/${f#"$lib"/}: lib/ holds only folders (lib/ROOM/NAME.c)" >&2; bad=1; }
done

# Each room's May use line, as written and as the list of rooms it names.
declare -A may_use said
rooms=()
for dir in "$lib"/*/; do
	room=$(basename "$dir")
	if ! uses=$(sed -n 's/^May use: *//p' "$dir/README.md" 2>/dev/null | head -n 1) || [ -z "$uses" ]; then
		echo "$me: lib/$room/README.md: no \"May use: ...\" line" >&2
		bad=1
		continue
	fi
	rooms+=("$room")
	said[$room]=${uses%.}
	may_use[$room]=$(tr -d '.,' <<<"${uses%.}" | sed 's/nothing.*//')
done

# Depth first through the May use graph; a room met again on the path it
# was reached by closes a loop, and $loop names it ("a -> b -> a").
declare -A seen
path=()
loop=
visit() {	# ROOM
	local room=$1 next i
	seen[$room]=on-path
	path+=("$room")
	for next in ${may_use[$room]}; do
		# Itself is always allowed; a name that is no room is no edge.
		[ "$next" != "$room" ] && [ -n "${may_use[$next]+set}" ] || continue
		if [ "${seen[$next]-}" = on-path ]; then
			for ((i = 0; i < ${#path[@]}; i++)); do
				[ "${path[i]}" = "$next" ] && break
			done
			loop=$(printf '%s -> ' "${path[@]:i}")$next
			return 1
		fi
		[ -n "${seen[$next]-}" ] || visit "$next" || return 1
	done
	unset 'path[-1]'
	seen[$room]=done
}
for room in "${rooms[@]}"; do
	[ -n "${seen[$room]-}" ] || visit "$room" || break
done
if [ -n "$loop" ]; then
	echo "$me: the May use lines of lib/*/README.md make a loop: $loop (a room may use only rooms below it)" >&2
	bad=1
fi

for room in "${rooms[@]}"; do
	dir=$lib/$room/
	uses=${said[$room]}
	allowed=" $room ${may_use[$room]} "
	# Its files, in its folders too: a driver's folder is part of its
	# room and keeps its room's rule.
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
