/* fixsum: order-independent sums of doubles (fixsum.h). */
#include <config.h>

#include "fixsum.h"

#include <math.h>
#include <string.h>

void
fixsum_add(struct fixsum *s, double x)
{
    /* ldexp is exact; the conversion drops the bits below 2^-96. */
    s->v += (unsigned __int128)ldexp(x, 96);
}

void
fixsum_merge(struct fixsum *s, const struct fixsum *t)
{
    s->v += t->v;
}

double
fixsum_value(const struct fixsum *s)
{
    /* The conversion rounds to nearest; scaling by 2^-96 is exact. */
    return ldexp((double)s->v, -96);
}

void
fixsum_format(const struct fixsum *s, char buf[FIXSUM_HEX])
{
    static const char hex[] = "0123456789abcdef";
    unsigned __int128 v = s->v;
    for (int i = 31; i >= 0; i--) {
        buf[i] = hex[(unsigned)(v & 15)];
        v >>= 4;
    }
    buf[32] = '\0';
}

bool
fixsum_parse(const char *text, struct fixsum *s)
{
    if (strlen(text) != 32)
        return false;
    unsigned __int128 v = 0;
    for (int i = 0; i < 32; i++) {
        char c = text[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else
            return false;
        v = v << 4 | d;
    }
    s->v = v;
    return true;
}
