/* strmap: a string interning table. Each distinct string gets a dense id
 * (0, 1, 2, ... in order of first appearance); the table owns copies of the
 * strings, valid until strmap_free. Used for grouping keys, client ids and
 * activity names. */
#ifndef CX_STRMAP_H
#define CX_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap {
    char **strs; /* id -> string */
    size_t *lens;
    size_t n, cap;
    size_t *slots; /* open addressing: id + 1, 0 for empty */
    size_t nslots;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* The id of s (of length len), adding it when new; *added (may be NULL)
 * tells which. */
size_t strmap_intern(struct strmap *m, const char *s, size_t len, bool *added);
size_t strmap_add(struct strmap *m, const char *s);
/* The id of s, or (size_t)-1. */
size_t strmap_find(const struct strmap *m, const char *s);
/* Ids sorted by their strings in byte order, in a new array (caller frees). */
size_t *strmap_sorted(const struct strmap *m);

/* Joins fields into one key with the unit separator 0x1f between them, the
 * way grouping tables build composite keys. Returns the length; buf grows. */
size_t key_join(char **buf, size_t *cap, char *const *fields, size_t n);

#endif
