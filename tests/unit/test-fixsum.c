/* test-fixsum: sums that do not depend on the order of the terms. */
#include <config.h>

#include <math.h>

#include "check.h"
#include "fixsum.h"

int
main(void)
{
    /* 0.1 + 0.2 + 0.3 in two orders: doubles differ (0.6000000000000001
     * and 0.6), the fixed-point sum is one value, within 2^-96 of each
     * term's sum, and rounds to 0.6 (python3: 0.1 + 0.2 + 0.3 ==
     * 0.6000000000000001, 0.3 + 0.2 + 0.1 == 0.6). */
    struct fixsum a = {0}, b = {0};
    fixsum_add(&a, 0.1);
    fixsum_add(&a, 0.2);
    fixsum_add(&a, 0.3);
    fixsum_add(&b, 0.3);
    fixsum_add(&b, 0.2);
    fixsum_add(&b, 0.1);
    CHECK(a.v == b.v);
    CHECK(fixsum_value(&a) == 0.6);
    /* Merging two partial sums is the sum of all. */
    struct fixsum c = {0}, d = {0};
    fixsum_add(&c, 0.1);
    fixsum_add(&d, 0.3);
    fixsum_add(&d, 0.2);
    fixsum_merge(&c, &d);
    CHECK(c.v == a.v);
    /* Integers and halves are exact: 1 + 2.5 + 1e6 = 1000003.5. */
    struct fixsum e = {0};
    fixsum_add(&e, 1);
    fixsum_add(&e, 2.5);
    fixsum_add(&e, 1e6);
    CHECK(fixsum_value(&e) == 1000003.5);
    /* The written form: 1.0 is 2^96, "1" and 24 zeros in hex. */
    struct fixsum one = {0}, back;
    fixsum_add(&one, 1);
    char buf[FIXSUM_HEX];
    fixsum_format(&one, buf);
    CHECK_STR(buf, "00000001000000000000000000000000");
    CHECK(fixsum_parse(buf, &back) && back.v == one.v);
    fixsum_format(&a, buf);
    CHECK(fixsum_parse(buf, &back) && back.v == a.v);
    CHECK(!fixsum_parse("1", &back));
    CHECK(!fixsum_parse("0000000100000000000000000000000g", &back));
    CHECK(!fixsum_parse("", &back));
    CHECK_DONE();
}
