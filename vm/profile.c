// SPDX-License-Identifier: GPL-2.0
/* Machine profile files of the QEMU testbed; the format is in vm/profile.h. */
#include "profile.h"
#include "base/args.h"
#include "base/proc.h"
#include "report/report.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MACHINE "pseries,x-vof=on"
#define DEFAULT_CPU "POWER10"
#define DEFAULT_MEMORY "2G"
#define DEFAULT_BOOT_TIMEOUT 120

int vm_profile_stem(const char *name_or_path, char *stem, size_t len)
{
	const char *base = strrchr(name_or_path, '/');
	size_t n;

	base = base ? base + 1 : name_or_path;
	n = strlen(base);
	if (n > 8 && !strcmp(base + n - 8, ".profile"))
		n -= 8;
	if (n >= len)
		return -1;
	snprintf(stem, len, "%.*s", (int)n, base);
	return report_is_name(stem) ? 0 : -1;
}

int vm_profile_resolve(const char *name_or_path, const char *dir,
		       char *out, size_t outlen, char *err, size_t errlen)
{
	size_t len = strlen(name_or_path);
	int n;

	if (!len) {
		snprintf(err, errlen, "empty profile name");
		return -1;
	}
	if (strchr(name_or_path, '/') ||
	    (len > 8 && !strcmp(name_or_path + len - 8, ".profile")))
		n = snprintf(out, outlen, "%s", name_or_path);
	else
		n = snprintf(out, outlen, "%s/%s.profile", dir, name_or_path);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "profile path too long: %s", name_or_path);
		return -1;
	}
	return 0;
}

enum key_kind { SCALAR_STR, SCALAR_UINT, LIST, INCLUDE };

struct key {
	const char *name;
	enum key_kind kind;
	size_t off;	/* of the char *, unsigned int or struct vm_strv */
};

#define OFF(field) offsetof(struct vm_profile, field)
static const struct key keys[] = {
	{ "description", SCALAR_STR, OFF(description) },
	{ "include", INCLUDE, 0 },
	{ "machine", SCALAR_STR, OFF(machine) },
	{ "cpu", SCALAR_STR, OFF(cpu) },
	{ "smp", SCALAR_UINT, OFF(smp) },
	{ "memory", SCALAR_STR, OFF(memory) },
	{ "boot-timeout", SCALAR_UINT, OFF(boot_timeout) },
	{ "append", LIST, OFF(append) },
	{ "device", LIST, OFF(devices) },
	{ "object", LIST, OFF(objects) },
	{ "numa", LIST, OFF(numa) },
	{ "arg", LIST, OFF(args) },
	{ "scratch", LIST, OFF(scratch) },
	{ "memfile", LIST, OFF(memfiles) },
	{ "needs-property", LIST, OFF(needs) },
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static int set_value(struct vm_profile *p, const struct key *k, char *val,
		     char *why, size_t whylen)
{
	char *field = (char *)p + k->off;
	unsigned long u;
	char *end;

	switch (k->kind) {
	case SCALAR_STR:
		free(*(char **)field);
		*(char **)field = vm_xstrdup(val);
		return 0;
	case SCALAR_UINT:
		errno = 0;
		u = strtoul(val, &end, 10);
		if (errno || *end || !isdigit((unsigned char)*val) || !u ||
		    u > 100000) {
			snprintf(why, whylen, "%s must be a whole number from 1 to 100000, not '%s'",
				 k->name, val);
			return -1;
		}
		*(unsigned int *)field = (unsigned int)u;
		return 0;
	default:
		break;
	}
	if (!strcmp(k->name, "scratch")) {
		char node[VM_SCRATCH_NODE_MAX + 1];
		unsigned long long bytes;

		if (vm_scratch_parse(val, node, &bytes, why, whylen))
			return -1;
		vm_strv_push((struct vm_strv *)field, val);
	} else if (!strcmp(k->name, "memfile")) {
		char id[VM_SCRATCH_NODE_MAX + 1];
		unsigned long long bytes;

		if (vm_memfile_parse(val, id, &bytes, NULL, 0, why, whylen))
			return -1;
		vm_strv_push((struct vm_strv *)field, val);
	} else if (!strcmp(k->name, "needs-property")) {
		char type[VM_NEEDS_NAME_MAX + 1], prop[VM_NEEDS_NAME_MAX + 1];

		if (vm_needs_parse(val, type, prop, why, whylen))
			return -1;
		vm_strv_push((struct vm_strv *)field, val);
	} else if (!strcmp(k->name, "arg")) {
		/* Raw arguments: each space-separated word is one argv entry. */
		for (char *sp, *w = strtok_r(val, " \t", &sp); w;
		     w = strtok_r(NULL, " \t", &sp))
			vm_strv_push((struct vm_strv *)field, w);
	} else {
		vm_strv_push((struct vm_strv *)field, val);
	}
	return 0;
}

/* The files being read, innermost first: an include of one of them loops. */
struct chain {
	const char *real;
	const struct chain *up;
};

static int load_file(const char *path, struct vm_profile *p, const struct chain *up,
		     char *err, size_t errlen)
{
	char real[PATH_MAX];
	struct chain here = { real, up };
	/* Which scalar keys this file has set: a repeat is an error. */
	unsigned int seen = 0;
	char *line = NULL;
	size_t cap = 0;
	unsigned int lineno = 0;
	int ret = -1;
	FILE *f;

	f = fopen(path, "re");
	if (!f || !realpath(path, real)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	for (const struct chain *c = up; c; c = c->up) {
		if (!strcmp(c->real, real)) {
			snprintf(err, errlen, "%s: included again while it is being read (an include loop)",
				 path);
			fclose(f);
			return -1;
		}
	}
	while (getline(&line, &cap, f) >= 0) {
		const struct key *k = NULL;
		char *key, *val, *eq, why[256];

		lineno++;
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			snprintf(err, errlen, "%s:%u: expected 'key = value', got '%.60s'",
				 path, lineno, key);
			goto out;
		}
		*eq = '\0';
		key = trim(key);
		val = trim(eq + 1);
		for (size_t i = 0; i < NKEYS; i++)
			if (!strcmp(keys[i].name, key))
				k = &keys[i];
		if (!k) {
			snprintf(err, errlen, "%s:%u: unknown key '%.40s'", path, lineno, key);
			goto out;
		}
		if (!*val) {
			snprintf(err, errlen, "%s:%u: '%s' has no value", path, lineno, key);
			goto out;
		}
		if (k->kind == SCALAR_STR || k->kind == SCALAR_UINT) {
			unsigned int bit = 1u << (k - keys);

			if (seen & bit) {
				snprintf(err, errlen, "%s:%u: '%s' given twice", path, lineno, key);
				goto out;
			}
			seen |= bit;
		}
		if (k->kind == INCLUDE) {
			char inc[PATH_MAX], dir[PATH_MAX];
			/* The description belongs to each file, not to what it includes. */
			char *own = p->description;
			int rc;

			if (strchr(val, '/')) {
				snprintf(err, errlen, "%s:%u: include takes a profile name, not a path",
					 path, lineno);
				goto out;
			}
			snprintf(dir, sizeof(dir), "%s", path);
			p->description = NULL;
			rc = vm_profile_resolve(val, dirname(dir), inc, sizeof(inc),
						why, sizeof(why)) ||
			     load_file(inc, p, &here, why, sizeof(why));
			free(p->description);
			p->description = own;
			if (rc) {
				snprintf(err, errlen, "%s:%u: include %s: %s", path, lineno, val, why);
				goto out;
			}
			continue;
		}
		if (set_value(p, k, val, why, sizeof(why))) {
			snprintf(err, errlen, "%s:%u: %s", path, lineno, why);
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	if (!p->description) {
		snprintf(err, errlen, "%s: no 'description = ...' line", path);
		goto out;
	}
	ret = 0;
out:
	free(line);
	fclose(f);
	return ret;
}

int vm_profile_load(const char *path, struct vm_profile *p,
		    char *err, size_t errlen)
{
	char base[PATH_MAX], *b, *dot;

	memset(p, 0, sizeof(*p));
	if (load_file(path, p, NULL, err, errlen)) {
		vm_profile_free(p);
		return -1;
	}
	snprintf(base, sizeof(base), "%s", path);
	b = basename(base);
	dot = strstr(b, ".profile");
	if (dot && !dot[8])
		*dot = '\0';
	p->name = vm_xstrdup(b);
	p->path = vm_xstrdup(path);
	if (!p->machine)
		p->machine = vm_xstrdup(DEFAULT_MACHINE);
	if (!p->cpu)
		p->cpu = vm_xstrdup(DEFAULT_CPU);
	if (!p->memory)
		p->memory = vm_xstrdup(DEFAULT_MEMORY);
	if (!p->smp)
		p->smp = 1;
	if (!p->boot_timeout)
		p->boot_timeout = DEFAULT_BOOT_TIMEOUT;
	return 0;
}

void vm_profile_free(struct vm_profile *p)
{
	free(p->name);
	free(p->path);
	free(p->description);
	free(p->machine);
	free(p->cpu);
	free(p->memory);
	vm_strv_free(&p->append);
	vm_strv_free(&p->devices);
	vm_strv_free(&p->objects);
	vm_strv_free(&p->numa);
	vm_strv_free(&p->args);
	vm_strv_free(&p->scratch);
	vm_strv_free(&p->memfiles);
	vm_strv_free(&p->needs);
	memset(p, 0, sizeof(*p));
}

/* "ID SIZE..." : the ID, then the start of the size (after blanks) in *rest;
 * KEY names the profile key in the message. */
static int parse_id(const char *spec, const char *key, const char *form,
		    char id[VM_SCRATCH_NODE_MAX + 1], const char **rest, char *why, size_t whylen)
{
	size_t len = strspn(spec, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_");
	const char *size = spec + len;

	if (!len || len > VM_SCRATCH_NODE_MAX || !isalpha((unsigned char)*spec) ||
	    !isspace((unsigned char)*size)) {
		snprintf(why, whylen, "%s wants '%s' (%.*s: a letter, then letters, "
			 "digits, '-' or '_', at most %d), not '%s'", key, form,
			 (int)strcspn(form, " "), form, VM_SCRATCH_NODE_MAX, spec);
		return -1;
	}
	memcpy(id, spec, len);
	id[len] = '\0';
	while (isspace((unsigned char)*size))
		size++;
	*rest = size;
	return 0;
}

/* SIZE (suffix K, M or G) up to 64G, ending at END (the string's end or a
 * blank). */
static int parse_size(const char *size, const char *key, unsigned long long *bytes,
		      const char **end_out, char *why, size_t whylen)
{
	unsigned long long shift = 0, n;
	char *end;

	errno = 0;
	n = strtoull(size, &end, 10);
	switch (*end) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	default: break;
	}
	/* The files live in the host's temp directory: keep them small. */
	if (errno || (*end && !isspace((unsigned char)*end)) ||
	    !isdigit((unsigned char)*size) || !n || n > (64ULL << 30) >> shift) {
		snprintf(why, whylen, "%s size must be 1 to 64G (suffix K, M or G), not '%.*s'",
			 key, (int)strcspn(size, " \t"), size);
		return -1;
	}
	*bytes = n << shift;
	*end_out = end;
	return 0;
}

int vm_scratch_parse(const char *spec, char node[VM_SCRATCH_NODE_MAX + 1],
		     unsigned long long *bytes, char *why, size_t whylen)
{
	const char *size, *end;

	if (parse_id(spec, "scratch", "NODE SIZE", node, &size, why, whylen) ||
	    parse_size(size, "scratch", bytes, &end, why, whylen))
		return -1;
	if (*end) {
		snprintf(why, whylen, "scratch wants 'NODE SIZE', not '%s'", spec);
		return -1;
	}
	return 0;
}

int vm_memfile_parse(const char *spec, char id[VM_SCRATCH_NODE_MAX + 1],
		     unsigned long long *bytes, char *image, size_t imagelen,
		     char *why, size_t whylen)
{
	const char *size, *end;
	size_t len;

	if (parse_id(spec, "memfile", "ID SIZE [IMAGE]", id, &size, why, whylen) ||
	    parse_size(size, "memfile", bytes, &end, why, whylen))
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	len = strlen(end);
	if (strpbrk(end, " \t")) {
		snprintf(why, whylen, "memfile wants 'ID SIZE [IMAGE]' (IMAGE: one path, no "
			 "blanks), not '%s'", spec);
		return -1;
	}
	if (image) {
		if (len >= imagelen) {
			snprintf(why, whylen, "memfile image path too long: '%s'", end);
			return -1;
		}
		memcpy(image, end, len + 1);
	}
	return 0;
}

/* A QOM name as a profile may give it: it goes into "-device TYPE,help". */
static size_t qom_name_len(const char *s)
{
	size_t len = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_.");

	return isalpha((unsigned char)*s) && len <= VM_NEEDS_NAME_MAX ? len : 0;
}

int vm_needs_parse(const char *spec, char type[VM_NEEDS_NAME_MAX + 1],
		   char prop[VM_NEEDS_NAME_MAX + 1], char *why, size_t whylen)
{
	size_t tlen = qom_name_len(spec), plen;
	const char *p = spec + tlen;

	while (tlen && isspace((unsigned char)*p))
		p++;
	plen = p > spec + tlen ? qom_name_len(p) : 0;
	if (!tlen || !plen || p[plen]) {
		snprintf(why, whylen, "needs-property wants 'TYPE PROP' (a device type and "
			 "its property: letters, digits, '-', '_', '.', a letter first, at "
			 "most %d), not '%s'", VM_NEEDS_NAME_MAX, spec);
		return -1;
	}
	memcpy(type, spec, tlen);
	type[tlen] = '\0';
	memcpy(prop, p, plen);
	prop[plen] = '\0';
	return 0;
}

void vm_profiles_dir(char out[VM_PROFILES_DIR_LEN])
{
	const char *env = getenv("PPCST_PROFILES");

	if (env && *env)
		snprintf(out, VM_PROFILES_DIR_LEN, "%s", env);
	else
		proc_tree_path(out, VM_PROFILES_DIR_LEN, "vm/profiles");
}
