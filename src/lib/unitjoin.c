/* unitjoin: reading and pairing unit-level rows for cx-correlate. */
#include <config.h>

#include "unitjoin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "cxtime.h"
#include "err.h"
#include "num.h"
#include "xalloc.h"

/* What is read from one file. */
struct side {
    struct csvin in;
    size_t *cols; /* header index of each numeric slot */
    size_t ncols, colcap;
    long wslot;    /* slot of the weight column, or -1 */
    size_t *ucols; /* unit key columns (all key columns without a lag) */
    size_t nucols;
    long lagcol; /* the period column, or -1 */
    size_t *gcols;
    size_t ngcols;
};

/* Pairing state: keys seen, the row on each side. */
struct keytab {
    struct strmap keys;
    size_t *row[2]; /* row + 1, 0 when absent */
    long *line[2];
    size_t cap;
    bool have_kind;
    enum period_kind kind;
};

static size_t
slot_of(struct side *s, size_t col)
{
    for (size_t i = 0; i < s->ncols; i++)
        if (s->cols[i] == col)
            return i;
    XGROW(s->cols, s->colcap, s->ncols + 1);
    s->cols[s->ncols] = col;
    return s->ncols++;
}

static struct uj_var
var_in(struct side *s, int role, const char *name)
{
    struct uj_var v = {role, slot_of(s, csvhdr_require(&s->in.hdr, name))};
    return v;
}

/* A weight or covariate: from the first file, else the second. */
static struct uj_var
var_either(struct side *sd, size_t nsides, const char *name)
{
    if (nsides == 1 || csvhdr_find(&sd[0].in.hdr, name) >= 0)
        return var_in(&sd[0], 0, name);
    return var_in(&sd[1], 1, name);
}

static void
setup_keys(struct side *s, const struct uj_opts *o)
{
    s->lagcol = -1;
    s->ucols = xcalloc(o->nkeys + 1, sizeof *s->ucols);
    for (size_t i = 0; i < o->nkeys; i++) {
        if (o->lag_on && strcmp(o->keys[i], o->lag_key) == 0)
            continue;
        s->ucols[s->nucols++] = csvhdr_require(&s->in.hdr, o->keys[i]);
    }
    if (o->lag_on)
        s->lagcol = (long)csvhdr_require(&s->in.hdr, o->lag_key);
}

static bool
is_na(const struct uj_opts *o, const char *f)
{
    if (*f == '\0')
        return true;
    for (size_t i = 0; i < o->nna; i++)
        if (strcmp(f, o->na[i]) == 0)
            return true;
    return false;
}

/* Parses the kept numbers of the current record into table t. */
static void
read_numbers(struct side *s, struct uj_table *t, const struct uj_opts *o)
{
    struct csvin *in = &s->in;
    size_t need = (t->nrows + 1) * t->nnum;
    XGROW(t->v, t->cap, need ? need : 1);
    double *v = t->v + t->nrows * t->nnum;
    for (size_t i = 0; i < s->ncols; i++) {
        const char *f = in->f[s->cols[i]];
        if (is_na(o, f)) {
            v[i] = NAN;
            continue;
        }
        if (!num_parse(f, &v[i]))
            die_at(in->file, in->line, "bad number '%s' in column '%s'", f,
                   in->hdr.names[s->cols[i]]);
        if ((long)i == s->wslot && v[i] < 0)
            die_at(in->file, in->line, "negative weight '%s' in column '%s'", f,
                   in->hdr.names[s->cols[i]]);
    }
    t->nrows++;
}

/* The pairing key of the current record, its period moved by shift. */
static size_t
make_key(struct side *s, struct keytab *kt, long shift, char **buf, size_t *cap)
{
    struct csvin *in = &s->in;
    size_t nf = s->nucols + (s->lagcol >= 0);
    char **f = xcalloc(nf ? nf : 1, sizeof *f);
    char label[32];
    for (size_t i = 0; i < s->nucols; i++)
        f[i] = in->f[s->ucols[i]];
    if (s->lagcol >= 0) {
        const char *p = in->f[s->lagcol];
        enum period_kind k;
        int64_t idx;
        if (!period_parse_label(p, &k, &idx))
            die_at(in->file, in->line, "bad period '%s' in column '%s'", p,
                   in->hdr.names[s->lagcol]);
        if (kt->have_kind && k != kt->kind)
            die_at(in->file, in->line,
                   "period '%s' in column '%s' is not of the kind of the "
                   "periods before it",
                   p, in->hdr.names[s->lagcol]);
        kt->have_kind = true;
        kt->kind = k;
        period_label(k, idx + shift, label, sizeof label);
        f[s->nucols] = label;
    }
    size_t len = key_join(buf, cap, f, nf);
    free(f);
    return len;
}

/* The key of the current record as the user wrote it, for messages. */
static char *
show_key(struct side *s)
{
    size_t len = 1;
    for (size_t i = 0; i <= s->nucols; i++) {
        if (i == s->nucols && s->lagcol < 0)
            break;
        size_t c = i < s->nucols ? s->ucols[i] : (size_t)s->lagcol;
        len += strlen(s->in.f[c]) + 1;
    }
    char *out = xmalloc(len);
    out[0] = '\0';
    for (size_t i = 0; i <= s->nucols; i++) {
        if (i == s->nucols && s->lagcol < 0)
            break;
        size_t c = i < s->nucols ? s->ucols[i] : (size_t)s->lagcol;
        if (i)
            strcat(out, ",");
        strcat(out, s->in.f[c]);
    }
    return out;
}

/* Records row (0-based) on side r of key; dup: a repeat is an error. */
static void
key_put(struct keytab *kt, struct side *s, const char *key, size_t len, int r,
        size_t row, bool dup, bool hint)
{
    size_t id = strmap_intern(&kt->keys, key, len, NULL);
    if (id >= kt->cap) {
        size_t old = kt->cap;
        size_t cap = old;
        XGROW(kt->row[0], cap, id + 1);
        cap = old;
        XGROW(kt->row[1], cap, id + 1);
        cap = old;
        XGROW(kt->line[0], cap, id + 1);
        cap = old;
        XGROW(kt->line[1], cap, id + 1);
        for (size_t i = old; i < cap; i++) {
            kt->row[0][i] = kt->row[1][i] = 0;
            kt->line[0][i] = kt->line[1][i] = 0;
        }
        kt->cap = cap;
    }
    if (dup && kt->row[r][id])
        die_at(s->in.file, s->in.line,
               "duplicate key '%s' (also on line %ld)%s", show_key(s),
               kt->line[r][id],
               hint ? "; with --lag and one file, -k names the columns that "
                      "identify a unit"
                    : "");
    kt->row[r][id] = row + 1;
    kt->line[r][id] = s->in.line;
}

static void
read_side(struct unitjoin *j, struct side *s, int which, struct keytab *kt,
          const struct uj_opts *o)
{
    struct uj_table *t = &j->tab[which];
    bool keyed = o->nkeys > 0 || o->lag_on;
    char *buf = NULL;
    size_t cap = 0;
    char **gf = xcalloc(s->ngcols + 1, sizeof *gf);
    size_t ngcap = 0;
    while (csvin_next(&s->in)) {
        size_t row = t->nrows;
        read_numbers(s, t, o);
        if (which == 0) {
            for (size_t i = 0; i < s->ngcols; i++)
                gf[i] = s->in.f[s->gcols[i]];
            size_t len = key_join(&buf, &cap, gf, s->ngcols);
            size_t g = strmap_intern(&j->groups, buf, len, NULL);
            XGROW(j->rgroup, ngcap, row + 1);
            j->rgroup[row] = g;
        }
        if (!keyed)
            continue;
        if (o->nfiles == 2) {
            /* x rows wait for the y row lag periods later. */
            long shift = which == 0 && o->lag_on ? o->lag : 0;
            size_t len = make_key(s, kt, shift, &buf, &cap);
            key_put(kt, s, buf, len, which, row, true, false);
        } else {
            size_t len = make_key(s, kt, 0, &buf, &cap);
            key_put(kt, s, buf, len, 1, row, true, o->lag_on && s->nucols == 0);
            if (o->lag_on) {
                len = make_key(s, kt, o->lag, &buf, &cap);
                key_put(kt, s, buf, len, 0, row, false, false);
            }
        }
    }
    free(buf);
    free(gf);
}

static void
make_pairs(struct unitjoin *j, struct keytab *kt)
{
    size_t n = kt->keys.n, cap = 0;
    for (size_t id = 0; id < n; id++) {
        size_t xr = kt->row[0][id], yr = kt->row[1][id];
        if (xr && yr) {
            size_t c2 = cap;
            XGROW(j->xrow, cap, j->npairs + 1);
            XGROW(j->yrow, c2, j->npairs + 1);
            j->xrow[j->npairs] = xr - 1;
            j->yrow[j->npairs] = yr - 1;
            j->npairs++;
        } else if (xr) {
            j->unmatched[0]++;
        } else if (yr) {
            j->unmatched[1]++;
        }
    }
    if (!j->xrow) {
        /* No pair at all: a non-NULL empty mapping, not the identity. */
        j->xrow = xmalloc(sizeof *j->xrow);
        j->yrow = xmalloc(sizeof *j->yrow);
    }
}

void
uj_read(struct unitjoin *j, const struct uj_opts *o)
{
    memset(j, 0, sizeof *j);
    strmap_init(&j->groups);
    /* Without -g there is one group, present even with no rows. */
    if (o->ngroups == 0)
        strmap_add(&j->groups, "");
    size_t ns = o->nfiles == 2 ? 2 : 1;
    struct side sd[2];
    memset(sd, 0, sizeof sd);
    for (size_t i = 0; i < ns; i++) {
        csvin_open(&sd[i].in, o->files + i, o->nfiles ? 1 : 0);
        sd[i].wslot = -1;
    }

    j->xv = xcalloc(o->nx, sizeof *j->xv);
    j->yv = xcalloc(o->ny, sizeof *j->yv);
    j->zv = xcalloc(o->ncontrols + 1, sizeof *j->zv);
    for (size_t i = 0; i < o->nx; i++)
        j->xv[i] = var_in(&sd[0], 0, o->x[i]);
    for (size_t i = 0; i < o->ny; i++)
        j->yv[i] = var_in(&sd[ns - 1], 1, o->y[i]);
    if (o->weight) {
        j->wv = var_either(sd, ns, o->weight);
        j->has_weight = true;
        sd[j->wv.role == 1 && ns == 2].wslot = (long)j->wv.slot;
    }
    for (size_t i = 0; i < o->ncontrols; i++)
        j->zv[i] = var_either(sd, ns, o->controls[i]);
    sd[0].gcols = xcalloc(o->ngroups + 1, sizeof *sd[0].gcols);
    sd[0].ngcols = o->ngroups;
    for (size_t i = 0; i < o->ngroups; i++)
        sd[0].gcols[i] = csvhdr_require(&sd[0].in.hdr, o->groups[i]);
    for (size_t i = 0; i < ns; i++)
        setup_keys(&sd[i], o);
    /* With one file, the y row is a row of the same table. */
    j->role[0] = &j->tab[0];
    j->role[1] = &j->tab[ns - 1];
    for (size_t i = 0; i < ns; i++)
        j->tab[i].nnum = sd[i].ncols;

    struct keytab kt;
    memset(&kt, 0, sizeof kt);
    strmap_init(&kt.keys);
    for (size_t i = 0; i < ns; i++) {
        read_side(j, &sd[i], (int)i, &kt, o);
        csvin_close(&sd[i].in);
        free(sd[i].cols);
        free(sd[i].ucols);
        free(sd[i].gcols);
    }
    if (ns == 2 || o->lag_on)
        make_pairs(j, &kt);
    else
        j->npairs = j->tab[0].nrows;
    strmap_free(&kt.keys);
    for (int r = 0; r < 2; r++) {
        free(kt.row[r]);
        free(kt.line[r]);
    }
}

void
uj_free(struct unitjoin *j)
{
    for (int i = 0; i < 2; i++)
        free(j->tab[i].v);
    strmap_free(&j->groups);
    free(j->rgroup);
    free(j->xrow);
    free(j->yrow);
    free(j->xv);
    free(j->yv);
    free(j->zv);
    memset(j, 0, sizeof *j);
}
