/* evstream: journeys streamed from input sorted by client. */
#include <config.h>

#include "evstream.h"

#include <stdlib.h>
#include <string.h>

#include "cxtime.h"
#include "err.h"
#include "xalloc.h"

void
evstream_open(struct evstream *s, struct csvin *in, char *const *cols,
              size_t ncols)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    strmap_init(&s->clients);
    strmap_init(&s->values);
    s->all_dates = true;
    s->ci = csvhdr_require(&in->hdr, "client");
    s->ti = csvhdr_require(&in->hdr, "time");
    s->ncols = ncols;
    s->idx = xcalloc(ncols + 1, sizeof *s->idx);
    for (size_t k = 0; k < ncols; k++)
        s->idx[k] = csvhdr_require(&in->hdr, cols[k]);
    s->next_vals = xcalloc(ncols + 1, sizeof *s->next_vals);
    evjourney_init(&s->j, ncols, &s->values);
    s->cur = (size_t)-1;
}

/* Reads the next record into the read-ahead slot; false at the end. The
 * checks and messages are those of evlog_read. */
static bool
read_record(struct evstream *s)
{
    struct csvin *in = s->in;
    if (!csvin_next(in))
        return false;
    const char *client = in->f[s->ci], *ts = in->f[s->ti];
    if (!*client)
        die_at(in->file, in->line, "empty client");
    if (!*ts)
        die_at(in->file, in->line, "empty time");
    bool donly;
    if (!time_parse(ts, &s->next_t, &donly))
        die_at(in->file, in->line, "bad time '%s' in column 'time'", ts);
    s->all_dates &= donly;
    size_t len = strlen(client);
    size_t cur = s->cur;
    if (cur != (size_t)-1 && s->clients.lens[cur] == len &&
        memcmp(s->clients.strs[cur], client, len) == 0) {
        s->next_client = cur;
    } else {
        bool added;
        s->next_client = strmap_intern(&s->clients, client, len, &added);
        if (!added)
            die_at(in->file, in->line,
                   "input not sorted by client: '%s' appears again after "
                   "other clients (leave out --sorted)",
                   client);
    }
    for (size_t k = 0; k < s->ncols; k++) {
        const char *v = in->f[s->idx[k]];
        s->next_vals[k] =
            (uint32_t)strmap_intern(&s->values, v, strlen(v), NULL);
    }
    s->next_line = in->line;
    s->have_next = true;
    return true;
}

/* Moves the read-ahead record into the current journey. */
static void
take_record(struct evstream *s)
{
    struct evjourney *j = &s->j;
    evjourney_reserve(j, j->n + 1);
    j->t[j->n] = s->next_t;
    memcpy(j->vals + j->n * s->ncols, s->next_vals,
           s->ncols * sizeof *j->vals);
    if (j->n == 0) {
        j->first_line = s->next_line;
        s->cur = s->next_client;
    }
    j->n++;
    s->have_next = false;
}

bool
evstream_next(struct evstream *s)
{
    s->j.n = 0;
    if (!s->have_next && !read_record(s))
        return false;
    take_record(s);
    while (read_record(s) && s->next_client == s->cur)
        take_record(s);
    s->j.client = s->clients.strs[s->cur];
    evjourney_order(&s->j);
    return true;
}

void
evstream_free(struct evstream *s)
{
    strmap_free(&s->clients);
    strmap_free(&s->values);
    free(s->idx);
    evjourney_free(&s->j);
    free(s->next_vals);
    memset(s, 0, sizeof *s);
}
