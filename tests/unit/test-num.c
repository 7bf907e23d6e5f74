/* Unit tests for num: strict parsing and the output format. */
#include <config.h>

#include "num.h"

#include "check.h"

int
main(void)
{
    static const struct {
        const char *s;
        int ok;
        double v;
    } parse[] = {
        {"12", 1, 12},        {"-0.5", 1, -0.5},   {"+3", 1, 3},
        {"1e3", 1, 1000},     {".5", 1, 0.5},      {"5.", 1, 5},
        {"", 0, 0},           {" 1", 0, 0},        {"1 ", 0, 0},
        {"1,5", 0, 0},        {"0x10", 0, 0},      {"inf", 0, 0},
        {"nan", 0, 0},        {"1e", 0, 0},        {"-", 0, 0},
        {"1e999", 0, 0},      {"abc", 0, 0},       {"10000000.1", 1, 10000000.1},
    };
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        double v = -99;
        int ok = num_parse(parse[i].s, &v);
        CHECK(ok == parse[i].ok);
        if (ok && parse[i].ok)
            CHECK_NEAR(v, parse[i].v, 0);
    }

    long long l;
    CHECK(num_parse_long("42", 0, 100, &l) && l == 42);
    CHECK(!num_parse_long("101", 0, 100, &l));
    CHECK(!num_parse_long("4.2", 0, 100, &l));
    CHECK(!num_parse_long("", 0, 100, &l));

    static const struct {
        double x;
        int digits;
        const char *want;
    } fmt[] = {
        {0, 10, "0"},
        {-0.0, 10, "0"},
        {1, 10, "1"},
        {0.5, 10, "0.5"},
        {2.0 / 3, 10, "0.6666666667"},
        {-2.0 / 3, 4, "-0.6667"},
        {0.2857142857142857, 10, "0.2857142857"},
        {1234567.891, 10, "1234567.891"},
        {123456789012.0, 10, "123456789012"},
        {1e-7, 10, "0.0000001"},
        {5.95022070769685e-05, 10, "0.00005950220708"},
        {1.5e-12, 10, "1.5e-12"},
        {30, 10, "30"},
        {14.692191925, 10, "14.69219192"}, /* python3 .10g */
        {99.99999999999, 10, "100"},
        {10000000.1, 10, "10000000.1"},
        {0.1 + 0.2, 10, "0.3"},
    };
    for (size_t i = 0; i < sizeof fmt / sizeof fmt[0]; i++) {
        char buf[64];
        num_format(fmt[i].x, fmt[i].digits, buf, sizeof buf);
        CHECK_STR(buf, fmt[i].want);
    }
    char buf[64];
    num_format(NAN, 10, buf, sizeof buf);
    CHECK_STR(buf, "");
    num_format(INFINITY, 10, buf, sizeof buf);
    CHECK_STR(buf, "");
    CHECK_DONE();
}
