/* disclose: disclosure-control profiles (disclose.h). */
#include <config.h>

#include "disclose.h"

#include <string.h>

#include "suppress.h"

const char disclosure_names[] = "default, staff, opensafely or none";

bool
disclosure_profile(const char *name, struct disclosure *d)
{
    /* Sources: the default 5 is the common small-cell rule of Dutch care
     * reporting and of cxkit's --min-n; 10 is the smallest team the Dutch
     * employee survey vendors and the NHS Staff Survey publish; OpenSAFELY:
     * "redact counts <= 7, round to the nearest 5" (OpenSAFELY output
     * checking, statistical disclosure control guidance). */
    if (strcmp(name, "default") == 0)
        *d = (struct disclosure){"default", 5, 0, false};
    else if (strcmp(name, "staff") == 0)
        *d = (struct disclosure){"staff", 10, 0, false};
    else if (strcmp(name, "opensafely") == 0)
        *d = (struct disclosure){"opensafely", 8, 5, true};
    else if (strcmp(name, "none") == 0)
        *d = (struct disclosure){"none", 0, 0, false};
    else
        return false;
    return true;
}

long long
disclosure_round(const struct disclosure *d, long long n)
{
    if (d->round_to <= 1 || n < 0)
        return n;
    /* Nearest multiple; an odd step has no ties between whole numbers. */
    return (n + d->round_to / 2) / d->round_to * d->round_to;
}

size_t
disclosure_cells(const struct disclosure *d, size_t ncells, size_t ndims,
                 size_t nvary, const size_t *keys, const size_t *count,
                 bool *hidden)
{
    return suppress_cells(ncells, ndims, nvary, keys, count,
                          d->min_n > 0 ? (size_t)d->min_n : 0, hidden);
}
