/* What a tool writes, every tool reads (issue 11, item 11): numbers from
 * num_format read back with num_parse, within the rounding of the digits
 * asked for, over every binary exponent and the extremes (the largest
 * double was written as 1.797693135e308, past DBL_MAX, and read by no
 * reader); canonical times of years 1 to 9999 read back with time_parse. */
#include <config.h>

#include "cxtime.h"
#include "num.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "check.h"

static uint64_t state = 88172645463325252ULL;

static uint64_t
next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static bool
reads_back(double x, int digits)
{
    char buf[64];
    double y;
    num_format(x, digits, buf, sizeof buf);
    if (!num_parse(buf, &y) || !isfinite(y)) {
        printf("%.17g at %d digits: '%s' does not read back\n", x, digits,
               buf);
        return false;
    }
    /* Rounded (or, at the top, cut) to digits significant digits. */
    double tol = pow(10, 1 - digits) * fabs(x);
    if (fabs(y - x) > tol && !(x != 0 && fabs(x) < DBL_MIN)) {
        printf("%.17g at %d digits: '%s' reads as %.17g\n", x, digits, buf, y);
        return false;
    }
    return true;
}

int
main(void)
{
    double special[] = {DBL_MAX,          -DBL_MAX,      nextafter(DBL_MAX, 0),
                        1.7976931348e308, 9.9999999999e307, 1e308,
                        DBL_MIN,          -DBL_MIN,      4.9406564584124654e-324,
                        1e-320,           0.5,           0};
    for (size_t i = 0; i < sizeof special / sizeof *special; i++)
        for (int d = 1; d <= 17; d++)
            CHECK(reads_back(special[i], d));
    /* The case of the issue, by hand: DBL_MAX at 10 digits. */
    char buf[64];
    num_format(DBL_MAX, 10, buf, sizeof buf);
    CHECK_STR(buf, "1.797693134e308");
    /* Random doubles over every exponent. */
    long bad = 0;
    for (long i = 0; i < 200000 && bad < 5; i++) {
        uint64_t bits = next();
        double x;
        memcpy(&x, &bits, sizeof x);
        if (!isfinite(x))
            continue;
        int d = 1 + (int)(next() % 17);
        bool ok = reads_back(x, d);
        CHECK(ok);
        bad += !ok;
    }
    /* Times at the ends of the canonical range read back. */
    int64_t day = INT64_C(86400000);
    int64_t ends[] = {days_from_civil(1, 1, 1) * day,
                      days_from_civil(10000, 1, 1) * day - 1,
                      days_from_civil(9999, 12, 31) * day + 23 * 3600000};
    for (size_t i = 0; i < 3; i++) {
        int64_t back;
        bool donly;
        time_format(ends[i], false, true, buf, sizeof buf);
        CHECK(time_parse(buf, &back, &donly) && back == ends[i]);
    }
    CHECK_DONE();
}
