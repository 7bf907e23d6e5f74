/* shard: FNV-1a 64 key hash and part choice (see shard.h). */
#include <config.h>

#include "shard.h"

#include <string.h>

uint64_t
shard_hash(const char *s, size_t n)
{
    uint64_t h = SHARD_FNV_OFFSET;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= SHARD_FNV_PRIME;
    }
    return h;
}

size_t
shard_of(const char *s, size_t nparts)
{
    return (size_t)(shard_hash(s, strlen(s)) % (uint64_t)nparts);
}
