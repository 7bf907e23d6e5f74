/* xalloc: checked allocation wrappers. */
#include <config.h>

#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

static void *
check(void *p)
{
    if (!p)
        die(EXIT_DATA, "memory exhausted");
    return p;
}

void *
xmalloc(size_t n)
{
    return check(malloc(n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
    return check(calloc(n ? n : 1, size ? size : 1));
}

void *
xrealloc(void *p, size_t n)
{
    return check(realloc(p, n ? n : 1));
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        die(EXIT_DATA, "memory exhausted");
    return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
