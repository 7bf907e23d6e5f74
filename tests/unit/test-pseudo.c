/* Unit tests for pseudo: HMAC-SHA-256 pseudonyms, base32, the cache. The
 * expected pseudonyms were computed with python3's hmac, hashlib and
 * base64.b32encode (see tests/cx-ingest/pseudonyms.py), not with this
 * code. */
#include <config.h>

#include "pseudo.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

int
main(void)
{
    unsigned char key[PSEUDO_KEY_BYTES], zero[PSEUDO_KEY_BYTES] = {0};
    for (int i = 0; i < PSEUDO_KEY_BYTES; i++)
        key[i] = (unsigned char)i;
    char out[PSEUDO_LEN + 1];
    pseudo_make(key, "c1", 2, out);
    CHECK_STR(out, "p_NP5BXQRRWY2OGHMUTGO4VVPVBQ");
    CHECK(strlen(out) == PSEUDO_LEN);
    pseudo_make(zero, "c1", 2, out);
    CHECK_STR(out, "p_LYI5OERLZBWRMSSWTVDV4XREEU");
    /* Bytes are hashed as they are, a NUL included. */
    pseudo_make(key, "\0a", 2, out);
    CHECK_STR(out, "p_OKPVBZWXNB6A6RWKDBMVDFB3JQ");
    char *long_id = malloc(1000);
    memset(long_id, 'x', 1000);
    pseudo_make(key, long_id, 1000, out);
    CHECK_STR(out, "p_FK2O2OKW6FYJJSNRQ6EVH2I2ZE");

    /* The cache gives the same string for the same id, and "" for "";
     * an id longer than the cache holds is computed each time. */
    struct pseudo p;
    pseudo_init_key(&p, key);
    const char *a = pseudo_of(&p, "c1", 2);
    CHECK_STR(a, "p_NP5BXQRRWY2OGHMUTGO4VVPVBQ");
    CHECK_STR(pseudo_of(&p, "", 0), "");
    char buf[32];
    for (int i = 0; i < 3000; i++) { /* forces the cache to grow */
        snprintf(buf, sizeof buf, "id%d", i);
        pseudo_of(&p, buf, strlen(buf));
    }
    CHECK_STR(pseudo_of(&p, "c1", 2), "p_NP5BXQRRWY2OGHMUTGO4VVPVBQ");
    CHECK_STR(pseudo_of(&p, long_id, 1000), "p_FK2O2OKW6FYJJSNRQ6EVH2I2ZE");
    CHECK_STR(pseudo_of(&p, "\0a", 2), "p_OKPVBZWXNB6A6RWKDBMVDFB3JQ");
    CHECK_STR(pseudo_of(&p, "c1", 2), "p_NP5BXQRRWY2OGHMUTGO4VVPVBQ");
    pseudo_free(&p);
    free(long_id);
    CHECK_DONE();
}
