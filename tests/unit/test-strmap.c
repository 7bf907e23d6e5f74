/* Unit tests for strmap: interning, lookup, byte-order sorting, keys. */
#include <config.h>

#include "strmap.h"

#include <stdlib.h>

#include "check.h"

int
main(void)
{
    struct strmap m;
    strmap_init(&m);
    const char *words[] = {"b", "a", "B", "", "ab", "a b"};
    for (size_t i = 0; i < 6; i++)
        CHECK(strmap_add(&m, words[i]) == i);
    CHECK(strmap_add(&m, "a") == 1);
    CHECK(strmap_find(&m, "ab") == 4);
    CHECK(strmap_find(&m, "zz") == (size_t)-1);
    bool added = true;
    CHECK(strmap_intern(&m, "abc", 2, &added) == 4 && !added);
    /* Many keys force rehashing. */
    char buf[16];
    for (int i = 0; i < 5000; i++) {
        snprintf(buf, sizeof buf, "k%d", i);
        strmap_add(&m, buf);
    }
    CHECK(m.n == 5006);
    CHECK(strmap_find(&m, "k4999") == 5005);
    strmap_free(&m);

    strmap_init(&m);
    for (size_t i = 0; i < 6; i++)
        strmap_add(&m, words[i]);
    size_t *ids = strmap_sorted(&m);
    /* Byte order: "" < "B" < "a" < "a b" < "ab" < "b". */
    const char *want[] = {"", "B", "a", "a b", "ab", "b"};
    for (size_t i = 0; i < 6; i++)
        CHECK_STR(m.strs[ids[i]], want[i]);
    free(ids);
    strmap_free(&m);

    char *key = NULL;
    size_t cap = 0;
    char *f[] = {"unit A", "2026-11"};
    CHECK(key_join(&key, &cap, f, 2) == 14);
    CHECK_STR(key, "unit A\x1f" "2026-11");
    free(key);
    CHECK_DONE();
}
