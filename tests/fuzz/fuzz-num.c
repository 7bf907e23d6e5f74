/* fuzz-num: the number parser and the number format (src/lib/num).
 * Invariants: num_parse accepts only its documented syntax and never an
 * infinity or NaN; what num_format writes (17 digits, and the default 10)
 * reads back through num_parse, exactly at 17 digits and within the printed
 * precision at 10; num_parse_long agrees with its range; dnum_parse (the
 * decimal-comma reader of cx-ingest) agrees with num_parse on '.' input. */
#include <config.h>

#include <math.h>

#include "dialect.h"
#include "fuzz.h"
#include "num.h"

/* The documented syntax, written again here:
 * [+-]digits[.digits][(e|E)[+-]digits], at least one mantissa digit. */
static bool
syntax_ok(const char *s)
{
    size_t i = 0, mant = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    for (; s[i] >= '0' && s[i] <= '9'; i++)
        mant++;
    if (s[i] == '.')
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            mant++;
    if (!mant)
        return false;
    if (s[i] == 'e' || s[i] == 'E') {
        i++;
        if (s[i] == '+' || s[i] == '-')
            i++;
        if (!(s[i] >= '0' && s[i] <= '9'))
            return false;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
    }
    return s[i] == '\0';
}

static void
check_format(double x, int digits)
{
    char buf[64];
    double y;
    num_format(x, digits, buf, sizeof buf);
    FZ_CHECK(strlen(buf) < 40, "num_format(%a, %d) wrote %zu bytes", x, digits,
             strlen(buf));
    FZ_CHECK(!strchr(buf, ','), "num_format(%a) wrote a comma: '%s'", x, buf);
    if (fabs(x) > 1.7976931345e308 && fz_known("max-double"))
        return;
    FZ_CHECK(num_parse(buf, &y),
             "num_format(%.17g, %d) wrote '%s', which "
             "num_parse refuses",
             x, digits, buf);
    if (digits >= 17)
        FZ_CHECK(y == x || (x == 0 && y == 0),
                 "num_format(%.17g, 17) = '%s' reads back as %.17g", x, buf, y);
    else
        FZ_CHECK(fabs(y - x) <= fabs(x) * 1.0000001 * pow(10, 1 - digits),
                 "num_format(%.17g, %d) = '%s' reads back as %.17g", x, digits,
                 buf, y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 400)
        return 0;
    char *s = fz_cstr(data, size);
    double x = 0;
    bool ok = num_parse(s, &x);
    if (strlen(s) == size) {
        FZ_CHECK(!ok || syntax_ok(s), "num_parse accepted '%s'", s);
        if (ok) {
            FZ_CHECK(isfinite(x), "num_parse('%s') gave %g", s, x);
            check_format(x, 17);
            check_format(x, 10);
            check_format(x, 1 + (int)(size % 16));
        }
        double d;
        if (!strchr(s, ',') && strlen(s) < 64)
            FZ_CHECK(dnum_parse(s, &d) == ok && (!ok || d == x),
                     "dnum_parse and num_parse disagree on '%s'", s);
        long long v;
        long long lo = -1000000, hi = 1000000;
        if (num_parse_long(s, lo, hi, &v)) {
            FZ_CHECK(v >= lo && v <= hi, "num_parse_long('%s') = %lld", s, v);
            FZ_CHECK(ok && x == (double)v,
                     "num_parse_long('%s') = %lld but "
                     "num_parse gives %.17g",
                     s, v, x);
        }
    }
    /* The bytes as a double: every finite value formats and reads back. */
    if (size >= sizeof(double)) {
        double r;
        memcpy(&r, data, sizeof r);
        if (isfinite(r)) {
            check_format(r, 17);
            check_format(r, 10);
        } else {
            char buf[64];
            num_format(r, 10, buf, sizeof buf);
            FZ_CHECK(buf[0] == '\0', "num_format(%g) wrote '%s'", r, buf);
        }
    }
    free(s);
    return 0;
}
