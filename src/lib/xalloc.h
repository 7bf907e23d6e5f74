/* xalloc: allocation that never returns NULL; on failure the tool exits
 * with "tool: memory exhausted" and status 1. The caller owns and frees
 * what these return. */
#ifndef CX_XALLOC_H
#define CX_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc of n elements of size each, with overflow checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grows *cap (at least doubling) so that need elements fit in *p. */
#define XGROW(p, cap, need)                                                  \
    do {                                                                     \
        if ((need) > (cap)) {                                                \
            size_t xg_new_ = (cap) ? (cap) : 8;                              \
            while (xg_new_ < (need))                                         \
                xg_new_ *= 2;                                                \
            (p) = xreallocarray((p), xg_new_, sizeof *(p));                  \
            (cap) = xg_new_;                                                 \
        }                                                                    \
    } while (0)

#endif
