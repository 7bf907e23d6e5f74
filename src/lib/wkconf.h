/* wkconf: "key = value" configuration files, as cx-weekly reads them, and
 * the shell-like splitting of a value into words.
 *
 * A configuration has one "key = value" per line; '#' outside quotes
 * starts a comment (at the start of a line or after a space); blank lines
 * are skipped. The set of keys is defined by a first text read with
 * define set (the built-in defaults); later files may only set those keys,
 * and an unknown key or a line that is not "key = value" dies with status 2
 * naming file and line. Each value remembers where it was set, so that a
 * later message can name FILE:LINE, and the folder of that file, so that a
 * relative path in it can be taken relative to the file. The struct owns
 * every string in it until wkconf_free. */
#ifndef CX_WKCONF_H
#define CX_WKCONF_H

#include <stdbool.h>
#include <stddef.h>

struct wkconf_val {
    char *key, *value;
    const char *file; /* where it was set: a name in wkconf.files */
    long line;        /* 0 for the built-in text */
};

struct wkconf {
    struct wkconf_val *v;
    size_t n, cap;
    char **files; /* names of the files read, owned */
    size_t nfiles;
};

void wkconf_init(struct wkconf *c);
void wkconf_free(struct wkconf *c);
/* Reads text (a whole file's contents) named name in messages. With define,
 * every key in it becomes known; otherwise an unknown key dies. */
void wkconf_parse(struct wkconf *c, const char *text, const char *name,
                  bool define);
/* Reads the file at path; a missing or unreadable file dies with status 2
 * ("path: No such file or directory"). */
void wkconf_read_file(struct wkconf *c, const char *path);
/* The value of key (which must be defined), or NULL for an unknown key. */
const struct wkconf_val *wkconf_get(const struct wkconf *c, const char *key);

/* Splits s into words as a POSIX shell would, without expansions: blanks
 * separate words; '...' keeps everything literally; "..." keeps everything
 * but lets a backslash escape " and \; outside quotes a backslash keeps the
 * next character. Returns a NULL-terminated array the caller frees with
 * words_free, or NULL with *err set to a reason (an unterminated quote). */
char **words_split(const char *s, size_t *n, const char **err);
void words_free(char **w);

/* The single word of a value ("" when empty); NULL with *err set when the
 * value has a quote error or more than one word. Caller frees. */
char *words_one(const char *s, const char **err);

#endif
