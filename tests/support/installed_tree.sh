# shellcheck shell=bash
# A folder laid out like an installed suite, for the shell tests of the
# native runner (tests/test_run_all.sh, tests/test_lava_run.sh): source it
# with $top set, then
#
#   installed_tree DIR       DIR made, with run_all.sh and the tools make
#                            install puts beside it; $tree is DIR
#   prog NAME SCRIPT         a test program NAME in $tree: sh running SCRIPT

installed_tree() {
	tree=$1
	mkdir -p "$tree"
	cp "$top/run_all.sh" "$top/build/host/ppcst_settings" "$top/build/host/ppcst_report" "$tree/"
}

prog() {
	printf '#!/bin/sh\n%s\n' "$2" > "$tree/$1"
	chmod +x "$tree/$1"
}
