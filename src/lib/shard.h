/* shard: the stable key-to-part hash that cx-split (and, later, the -j
 * threads) use to send every record of one client or respondent to the
 * same part. The hash is FNV-1a 64 over the key's bytes (UTF-8 as read),
 * and the part is the hash modulo the number of parts: fixed by this
 * definition, so the same key lands in the same part on every machine and
 * in every version. Nothing is allocated; nothing is owned. */
#ifndef CX_SHARD_H
#define CX_SHARD_H

#include <stddef.h>
#include <stdint.h>

#define SHARD_FNV_OFFSET UINT64_C(14695981039346656037)
#define SHARD_FNV_PRIME UINT64_C(1099511628211)

/* FNV-1a 64 of s[0..n). */
uint64_t shard_hash(const char *s, size_t n);
/* The part of key s (NUL-terminated) among nparts (>= 1): 0..nparts-1. */
size_t shard_of(const char *s, size_t nparts);

#endif
