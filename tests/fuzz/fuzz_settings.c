// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: settings_parse() (lib/base/settings.c) on arbitrary bytes,
 * then the parsed settings checked against the header's promises.
 *
 * Untrusted source: the settings file is the operator's, edited by hand
 * (timeouts, cycle counts, profiles) and taken from $PPCST_SETTINGS or
 * beside the binaries; run_all.sh, vm/run-vm.sh (through ppcst_settings)
 * and the test programs (settings_test_env) read it. A typo must end as one
 * "FILE:LINE: what" line, never as a crash or a name that escapes a
 * directory.
 *
 * seeds: settings tests/fuzz/seeds/settings
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A NAME of lib/base/settings.h, NUL-terminated within its buffer. */
static bool good_name(const char *s)
{
	size_t n = strnlen(s, SETTINGS_NAME_MAX);

	if (!n || n == SETTINGS_NAME_MAX || s[0] == '.' || s[0] == '-' || s[0] == '_')
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

static void check_test(const struct settings *s, const struct settings_test *t)
{
	if (!good_name(t->name) || settings_find(s, t->name) != t || t->n_env > SETTINGS_MAX_ENV ||
	    t->n_profiles > SETTINGS_MAX_PROFILES || !settings_timeout(s, t))
		abort();
	for (size_t i = 0; i < t->n_env; i++) {
		const char *e = t->env[i], *eq = memchr(e, '=', SETTINGS_VALUE_MAX);
		char var[SETTINGS_VALUE_MAX];

		if (!eq || eq == e || strnlen(e, SETTINGS_VALUE_MAX) == SETTINGS_VALUE_MAX)
			abort();
		/* Each VAR once, and found again by its name. */
		memcpy(var, e, (size_t)(eq - e));
		var[eq - e] = '\0';
		if (settings_env(t, var) != eq + 1)
			abort();
	}
	for (size_t i = 0; i < t->n_profiles; i++)
		if (!good_name(t->profiles[i]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Some 150 KiB: not on the fuzzer's stack. */
	static struct settings s;
	const char *msg;
	int ret = settings_parse((const char *)data, size, "fuzz", &s);

	if (ret) {
		/* The contract: -EINVAL or -E2BIG, one line naming the
		 * source, nothing parsed left behind. */
		msg = ppcst_last_error();
		if ((ret != -EINVAL && ret != -E2BIG) || strncmp(msg, "fuzz", 4) ||
		    strpbrk(msg, "\n\r") || s.n_tests || s.timeout_s || s.grace_s)
			abort();
		return 0;
	}
	if (!s.timeout_s || s.timeout_s > 999999999 || !s.grace_s || s.grace_s > 999999999 ||
	    s.n_tests > SETTINGS_MAX_TESTS)
		abort();
	for (size_t i = 0; i < s.n_tests; i++)
		check_test(&s, &s.tests[i]);
	return 0;
}
