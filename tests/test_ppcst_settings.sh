#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The checks are strings for eval, expanded when they run, on purpose.
# shellcheck disable=SC2016
# tools/ppcst_settings, the settings file's reader for scripts, as run_all.sh
# calls it: each command's output on a small file and the real one, where it
# finds the file (--file, $PPCST_SETTINGS, beside itself, ../../ from
# itself), and one line on stderr with exit 2 for every mistake. The parser's
# rules themselves are tests/test_settings.c's. TAP output.
#
#   tests/test_ppcst_settings.sh      (make check runs it; needs make's
#                                      build/host/ppcst_settings, PPCST_SETTINGS_BIN=)
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${PPCST_SETTINGS_BIN:-$top/build/host/ppcst_settings}
[ -x "$bin" ] || { echo "test_ppcst_settings.sh: $bin not built (make)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset PPCST_SETTINGS

. "$top/tests/support/tap.sh"
# The binary of the moment: a case may point $bin at an installed copy.
ppcst_settings() { "$bin" "$@"; }
under_test=ppcst_settings
is() {		# ARGS... -- WANT: exit 0, stdout WANT, stderr empty
	local args=()
	while [ "$1" != -- ]; do args+=("$1"); shift; done
	run "${args[@]}"
	[ $rc = 0 ] && [ "$out" = "$2" ] && [ -z "$err" ] && return
	echo "# rc=$rc out='$out' err='$err'"
	return 1
}
fails() {	# WANT_ERR ARGS...: exit 2, nothing on stdout, stderr the one line WANT_ERR
	local want=$1
	shift
	run "$@"
	[ $rc = 2 ] && [ -z "$out" ] && [ "$err" = "$want" ] && return
	echo "# rc=$rc out='$out' err='$err'"
	return 1
}
nl=$'\n'

f=$work/settings
cat > "$f" <<'EOF'
# a comment
timeout=30
grace=4
test=a
test=b
timeout.b=7
env.a.X=1
env.a.Y=two words
env.a.X=3
profile.b=p1  p2
host.b=yes
EOF
check "tests: in order" is --file "$f" tests -- "a${nl}b"
check "grace" is --file "$f" grace -- 4
check "timeout: the default" is --file "$f" timeout a -- 30
check "timeout: its own" is --file "$f" timeout b -- 7
check "env: VAR=VALUE lines, a later line replacing" is --file "$f" env a -- "X=3${nl}Y=two words"
check "env: none" is --file "$f" env b -- ""
check "profiles: default when unset" is --file "$f" profiles a -- default
check "profiles: one per line" is --file "$f" profiles b -- "p1${nl}p2"
check "host: no" is --file "$f" host a -- no
check "host: yes" is --file "$f" host b -- yes
check "options after the command" is timeout b --file "$f" -- 7

# Where the file is.
mkdir -p "$work/inst" "$work/src/build/host" "$work/none/a/b"
cp "$bin" "$work/inst/"
printf 'timeout=1\ntest=beside\n' > "$work/inst/settings"
cp "$bin" "$work/src/build/host/"
printf 'timeout=1\ntest=top\n' > "$work/src/settings"
cp "$bin" "$work/none/a/b/"
check "--file wins over PPCST_SETTINGS" eval 'PPCST_SETTINGS=$work/inst/settings is --file "$f" grace -- 4'
check "PPCST_SETTINGS wins over beside" \
	eval 'PPCST_SETTINGS=$f bin=$work/inst/ppcst_settings is tests -- "a${nl}b"'
check "empty PPCST_SETTINGS: beside" \
	eval 'PPCST_SETTINGS= bin=$work/inst/ppcst_settings is tests -- beside'
check "beside the binary (an installed tree)" eval 'bin=$work/inst/ppcst_settings is tests -- beside'
check "../../settings (build/host in the source tree)" \
	eval 'bin=$work/src/build/host/ppcst_settings is tests -- top'
check "none anywhere: one line, exit 2" eval 'bin=$work/none/a/b/ppcst_settings fails \
	"ppcst_settings: no settings file: give --file PATH or PPCST_SETTINGS, or install settings beside ppcst_settings (make install)" tests'

# Mistakes: one line, exit 2.
printf 'timeout=5\ntest=a\nhost.a=no\n' > "$work/bad"
check "bad file: its line" fails "ppcst_settings: $work/bad:3: host.a: 'no' is not 'yes'" --file "$work/bad" tests
check "bad file: every command fails alike" fails "ppcst_settings: $work/bad:3: host.a: 'no' is not 'yes'" --file "$work/bad" grace
check "missing file" fails "ppcst_settings: $work/nothing: No such file or directory" --file "$work/nothing" tests
check "unknown test" fails "ppcst_settings: unknown test 'c'" --file "$f" timeout c
check "no command" fails "ppcst_settings: no command (see --help)" --file "$f"
check "unknown command" fails "ppcst_settings: unknown command 'list' (see --help)" --file "$f" list
check "missing NAME" fails "ppcst_settings: env takes one test NAME (see --help)" --file "$f" env
check "extra argument" fails "ppcst_settings: tests takes no argument (see --help)" --file "$f" tests a
check "unknown option" fails "ppcst_settings: bad option '--frob' (see --help)" --frob --file "$f" tests
check "--file without PATH" fails "ppcst_settings: --file needs a PATH (see --help)" --file
check "--help: usage on stdout, exit 0" eval 'run --help && [ $rc = 0 ] && [[ $out == usage:* ]] && [ -z "$err" ]'

# The real file, as run_all.sh reads it today.
check "the real settings: the tests run_all.sh --list names" \
	eval 'is --file "$top/settings" tests -- "$(PPCST_SETTINGS=$top/settings "$top/run_all.sh" --list)"'
every_command() {	# FILE: each command answers for each of its tests
	local t c
	for t in $("$bin" --file "$1" tests); do
		for c in timeout env profiles host; do
			run --file "$1" "$c" "$t"
			[ $rc = 0 ] && [ -n "$out" ] || [ "$c" = env ] || return 1
			[ -z "$err" ] || return 1
		done
	done
}
check "the real settings: every test answers every command" every_command "$top/settings"

tap_end
