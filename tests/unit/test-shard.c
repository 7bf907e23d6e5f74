/* Unit tests for shard: FNV-1a 64 against the published test vectors of
 * the FNV reference (Fowler, Noll, Vo: "", "a", "foobar"), and the part
 * as the hash modulo the number of parts. */
#include <config.h>

#include "shard.h"

#include "check.h"

int
main(void)
{
    CHECK(shard_hash("", 0) == UINT64_C(0xcbf29ce484222325));
    CHECK(shard_hash("a", 1) == UINT64_C(0xaf63dc4c8601ec8c));
    CHECK(shard_hash("foobar", 6) == UINT64_C(0x85944171f73967e8));
    /* Only the first n bytes count. */
    CHECK(shard_hash("foobarbaz", 6) == UINT64_C(0x85944171f73967e8));
    /* Parts: 0xaf63dc4c8601ec8c mod 7 = 5, 0x85944171f73967e8 mod 7 = 6,
     * 0xcbf29ce484222325 mod 7 = 2 (python3: int(h) % 7). */
    CHECK(shard_of("a", 7) == 5);
    CHECK(shard_of("foobar", 7) == 6);
    CHECK(shard_of("", 7) == 2);
    CHECK(shard_of("foobar", 1) == 0);
    /* UTF-8 bytes as they are: "cël" is 63 c3 ab 6c. */
    CHECK(shard_hash("c\xc3\xabl", 4) == UINT64_C(0x66e0c28f09b0fcbc));
    CHECK_DONE();
}
