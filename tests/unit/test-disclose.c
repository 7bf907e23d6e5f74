/* Unit tests for disclose: the profiles, the rounding rule (expected
 * values by hand), and an attacker who tries to recover hidden cells by
 * subtracting shown cells from line totals (the organisation's month, a
 * team's year), which must fail once the complementary rule has run. */
#include <config.h>

#include "disclose.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

enum { R = 3, C = 4 }; /* units x periods */

/* The attacker knows every line total of a figure (sum over the units of
 * a period, sum over the periods of a unit, the grand total: other runs of
 * the tool without -g or without -p give them) and the figure of every
 * shown cell; it solves any line with exactly one unknown cell, again and
 * again. A line total of fewer than min_n clients is hidden in that other
 * run by the same policy, so the attacker does not know it. Returns how
 * many hidden cells it recovered, each checked against the true value. */
static int
attack(const double *v, const bool *hidden, const size_t *count,
       long long min_n)
{
    bool known[R * C];
    for (int i = 0; i < R * C; i++)
        known[i] = !hidden[i];
    int recovered = 0;
    bool progress = true;
    while (progress) {
        progress = false;
        /* Lines: rows (a unit over periods), columns, the whole table. */
        for (int line = 0; line < R + C + 1; line++) {
            int unknown = -1, nunknown = 0;
            double total = 0, known_sum = 0;
            long long n = 0;
            for (int i = 0; i < R * C; i++) {
                int r = i / C, c = i % C;
                bool in = line < R       ? r == line
                          : line < R + C ? c == line - R
                                         : true;
                if (!in)
                    continue;
                total += v[i];
                n += (long long)count[i];
                if (known[i])
                    known_sum += v[i];
                else {
                    unknown = i;
                    nunknown++;
                }
            }
            if (nunknown == 1 && n >= min_n) {
                CHECK(total - known_sum == v[unknown]);
                known[unknown] = true;
                recovered++;
                progress = true;
            }
        }
    }
    return recovered;
}

static void
keys_of_table(size_t *keys)
{
    for (int i = 0; i < R * C; i++) {
        keys[2 * i] = (size_t)(i / C);
        keys[2 * i + 1] = (size_t)(i % C);
    }
}

int
main(void)
{
    struct disclosure d;
    CHECK(disclosure_profile("default", &d) && d.min_n == 5 &&
          d.round_to == 0 && !d.redact_counts);
    CHECK(disclosure_profile("staff", &d) && d.min_n == 10 && d.round_to == 0);
    CHECK(disclosure_profile("opensafely", &d) && d.min_n == 8 &&
          d.round_to == 5 && d.redact_counts);
    /* none: nothing hidden, nothing rounded. */
    CHECK(disclosure_profile("none", &d) && d.min_n == 0 && d.round_to == 0 &&
          !d.redact_counts && disclosure_round(&d, 7) == 7);
    CHECK(!disclosure_profile("Default", &d));
    CHECK(!disclosure_profile("", &d));

    /* Nearest multiple of 5, by hand: remainders 1, 2 go down, 3, 4 up. */
    disclosure_profile("opensafely", &d);
    static const long long in[] = {0, 1, 2, 3, 7, 8, 10, 12, 13, 22, 23, 99};
    static const long long out[] = {0, 0, 0, 5, 5, 10, 10, 10, 15, 20, 25, 100};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        CHECK(disclosure_round(&d, in[i]) == out[i]);
    disclosure_profile("default", &d);
    CHECK(disclosure_round(&d, 13) == 13);

    /* A 3 x 4 table of client counts, one cell small: unit 1 in period 2
     * has 3 clients. Figures v: the sum of waits of each cell. */
    size_t count[R * C] = {12, 9, 8, 15, 7, 11, 3, 9, 6, 10, 14, 8};
    double v[R * C];
    for (int i = 0; i < R * C; i++)
        v[i] = 10.0 * (double)count[i] + (double)i;
    size_t keys[2 * R * C];
    keys_of_table(keys);
    bool hidden[R * C];

    /* Primary suppression alone: the attacker gets the small cell back
     * (this is what the test would catch if the rule were broken). */
    disclosure_profile("default", &d);
    CHECK(disclosure_cells(&d, R * C, 2, 0, keys, count, hidden) == 0);
    CHECK(hidden[1 * C + 2]);
    CHECK(attack(v, hidden, count, d.min_n) >= 1);

    /* Complementary over both dimensions, by hand (counts, * hidden):
     *   12  9  8 15        12  9*  8* 15
     *    7 11  3*  9   ->    7* 11   3*  9
     *    6 10 14  8          6* 10* 14   8
     * pass 1: period 2 holds only 3*: hide its smallest, 8; unit 0 then
     * holds only 8*: hide 9; unit 1 holds only 3*: hide 7. pass 2: period
     * 0 holds only 7*: hide 6; period 1 holds only 9*: hide 10. Then every
     * line holds 0 or 2 hidden cells: 5 added. */
    size_t added = disclosure_cells(&d, R * C, 2, 2, keys, count, hidden);
    CHECK(added == 5);
    static const bool want[R * C] = {0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0};
    CHECK(memcmp(hidden, want, sizeof want) == 0);
    CHECK(attack(v, hidden, count, d.min_n) == 0);
    for (int r = 0; r < R; r++) { /* every line: 0 or >= 2 hidden */
        int n = 0;
        for (int c = 0; c < C; c++)
            n += hidden[r * C + c];
        CHECK(n != 1);
    }
    for (int c = 0; c < C; c++) {
        int n = 0;
        for (int r = 0; r < R; r++)
            n += hidden[r * C + c];
        CHECK(n != 1);
    }

    /* Many pseudo-random tables under each profile: never recovered. */
    unsigned long long x = 88172645463325252ULL;
    const char *profiles[] = {"default", "staff", "opensafely"};
    for (int t = 0; t < 3000; t++) {
        disclosure_profile(profiles[t % 3], &d);
        for (int i = 0; i < R * C; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            count[i] = (size_t)(x % 25);
            v[i] = (double)(x % 1000);
        }
        disclosure_cells(&d, R * C, 2, 2, keys, count, hidden);
        /* Cells of 0 clients have no figure to hide; count them known. */
        bool h2[R * C];
        for (int i = 0; i < R * C; i++) {
            h2[i] = hidden[i] && count[i] > 0;
            if (count[i] > 0 && count[i] < (size_t)d.min_n)
                CHECK(hidden[i]);
            if (count[i] == 0)
                v[i] = 0;
        }
        int got = attack(v, h2, count, d.min_n);
        CHECK(got == 0);
        if (got)
            for (int i = 0; i < R * C; i++)
                printf("%zu%s%s", count[i], hidden[i] ? "*" : "",
                       i % C == C - 1 ? "\n" : " ");
    }
    CHECK_DONE();
}
