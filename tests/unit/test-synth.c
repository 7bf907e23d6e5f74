/* Unit tests for synth: the score model, its expectations, the handoff
 * and return counts, and the stream seeds. */
#include <config.h>

#include "synth.h"

#include <math.h>

#include "check.h"

int
main(void)
{
    /* Expected scores: python3, statistics.NormalDist, summing k P(score=k)
     * over the clamped, rounded normal (not the tail sum the code uses). */
    static const struct {
        double theta, sigma, item, rec;
    } ex[] = {
        {0, 0.7, 3, 6.99309204316508},
        {0, 0.9219544457292886, 3, 6.96218735091912},
        {0.5, 0.7, 3.49786263301991, 7.95601923533524},
        {0.5, 0.9219544457292886, 3.48497021605379, 7.87458462408221},
        {-1.2, 0.7, 1.83217426253308, 4.60012865275425},
        {-1.2, 0.9219544457292886, 1.88570961003829, 4.60258411775386},
        {3, 0.7, 4.98375990798982, 9.99309200025125},
        {3, 0.9219544457292886, 4.94470753528835, 9.9621614345539},
    };
    for (size_t i = 0; i < sizeof ex / sizeof ex[0]; i++) {
        CHECK_NEAR(synth_item_expected(ex[i].theta, ex[i].sigma), ex[i].item,
                   1e-12);
        CHECK_NEAR(synth_recommend_expected(ex[i].theta, ex[i].sigma),
                   ex[i].rec, 1e-12);
    }

    /* Scores by hand: round half up, then clamp. */
    static const struct {
        double theta, e;
        int item, rec;
    } sc[] = {
        {0, 0, 3, 7},    {0, 0.49, 3, 8},     {0, 0.5, 4, 8},
        {2.6, 0, 5, 10}, {-3, 0, 1, 1},       {-4, 0, 1, 0},
        {0.25, 0, 3, 8}, {-0.5, -0.01, 2, 6}, {1.5, 0, 5, 10},
    };
    for (size_t i = 0; i < sizeof sc / sizeof sc[0]; i++) {
        CHECK(synth_item_score(sc[i].theta, sc[i].e) == sc[i].item);
        CHECK(synth_recommend_score(sc[i].theta, sc[i].e) == sc[i].rec);
    }

    /* Handoffs and returns: the worked sequences of STATISTICS.md (A=0,
     * B=1, C=2, D=3; -1 is an event without a provider). */
    static const struct {
        int seq[8];
        size_t n, h, pp;
    } ho[] = {
        {{0, 0, 1, 0, 2, 2, 0, 1}, 8, 5, 1},
        {{0, 0, 0, 0}, 4, 0, 0},
        {{0, 1, 0, 1}, 4, 3, 2},
        {{0, 1, 2, 3}, 4, 3, 0},
        {{0, 1}, 2, 1, 0},
        {{0, -1, 1, -1, 0}, 5, 2, 1},
        {{-1, -1}, 2, 0, 0},
        {{0}, 1, 0, 0},
    };
    for (size_t i = 0; i < sizeof ho / sizeof ho[0]; i++) {
        size_t h, pp;
        synth_count_handoffs(ho[i].seq, ho[i].n, &h, &pp);
        CHECK(h == ho[i].h);
        CHECK(pp == ho[i].pp);
    }

    /* Stream seeds: python3 re-implementation of the documented mixer. */
    CHECK(synth_stream_seed(1, 1) == 3849843626UL);
    CHECK(synth_stream_seed(1, 2) == 241636691UL);
    CHECK(synth_stream_seed(1, 3) == 717201983UL);
    CHECK(synth_stream_seed(0, 1) == 520022130UL);
    CHECK(synth_stream_seed(4294967295UL, 3) == 3404690766UL);
    /* Neighbouring seeds give different streams. */
    for (unsigned long s = 0; s < 200; s++)
        for (unsigned k = 1; k <= 3; k++)
            CHECK(synth_stream_seed(s, k) != synth_stream_seed(s + 1, k));

    /* Defaults as the man page states them. */
    struct synth_params p;
    synth_defaults(&p);
    CHECK(p.units == 8 && p.clients == 2000 && p.weeks == 26);
    CHECK(p.staff_per_unit == 12 && p.lag == 1 && p.home_care == 1);
    CHECK_NEAR(p.effect, 0.4, 0);
    CHECK_DONE();
}
