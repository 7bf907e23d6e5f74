/* human: figures formatted for a page a manager reads. */
#include <config.h>

#include "human.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "num.h"

void
human_fixed(double x, int decimals, char *buf, size_t size)
{
    if (!isfinite(x)) {
        snprintf(buf, size, "n/a");
        return;
    }
    snprintf(buf, size, "%.*f", decimals, x);
    /* "-0.0" reads as a change that is not there. */
    bool zero = true;
    for (const char *p = buf; *p; p++)
        if (*p >= '1' && *p <= '9')
            zero = false;
    if (zero && buf[0] == '-')
        memmove(buf, buf + 1, strlen(buf));
}

double
human_value(const char *s)
{
    double x;
    if (!s || !*s || !num_parse(s, &x))
        return NAN;
    return x;
}

void
human_field(const char *s, int decimals, char *buf, size_t size)
{
    human_fixed(human_value(s), decimals, buf, size);
}
