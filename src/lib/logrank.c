/* logrank: the (stratified) log-rank test, as survival::survdiff. */
#include <config.h>

#include "logrank.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "xalloc.h"

static int
cmp_lr(const void *pa, const void *pb)
{
    const struct lr_obs *a = pa, *b = pb;
    if (a->stratum != b->stratum)
        return a->stratum < b->stratum ? -1 : 1;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return 0;
}

/* Solves A x = b (m by m, symmetric positive definite) by Cholesky in
 * long double; false when A is not positive definite. */
static bool
cholesky_solve(long double *A, long double *b, size_t m)
{
    for (size_t j = 0; j < m; j++) {
        long double d = A[j * m + j];
        for (size_t k = 0; k < j; k++)
            d -= A[j * m + k] * A[j * m + k];
        if (!(d > 1e-14L * fabsl(A[j * m + j])) || !(d > 0))
            return false;
        A[j * m + j] = sqrtl(d);
        for (size_t i = j + 1; i < m; i++) {
            long double s = A[i * m + j];
            for (size_t k = 0; k < j; k++)
                s -= A[i * m + k] * A[j * m + k];
            A[i * m + j] = s / A[j * m + j];
        }
    }
    for (size_t i = 0; i < m; i++) { /* L y = b */
        for (size_t k = 0; k < i; k++)
            b[i] -= A[i * m + k] * b[k];
        b[i] /= A[i * m + i];
    }
    for (size_t i = m; i-- > 0;) { /* L' x = y */
        for (size_t k = i + 1; k < m; k++)
            b[i] -= A[k * m + i] * b[k];
        b[i] /= A[i * m + i];
    }
    return true;
}

void
logrank_test(struct lr_obs *obs, size_t nobs, size_t ngroups,
             struct logrank *lr)
{
    size_t G = ngroups;
    lr->ngroups = G;
    lr->n = xcalloc(G + 1, sizeof *lr->n);
    lr->observed = xcalloc(G + 1, sizeof *lr->observed);
    lr->expected = xcalloc(G + 1, sizeof *lr->expected);
    lr->chisq = lr->df = lr->p = NAN;
    long double *O = xcalloc(G + 1, sizeof *O), *E = xcalloc(G + 1, sizeof *E);
    long double *V = xcalloc(G * G + 1, sizeof *V);
    size_t *risk = xcalloc(G + 1, sizeof *risk), *dg = xcalloc(G + 1, sizeof *dg);
    if (nobs)
        qsort(obs, nobs, sizeof *obs, cmp_lr);
    for (size_t i = 0; i < nobs; i++)
        lr->n[obs[i].group]++;
    for (size_t s0 = 0; s0 < nobs;) {
        /* One stratum: obs[s0 .. s1). Everyone is at risk at first. */
        size_t s1 = s0, nrisk = 0;
        while (s1 < nobs && obs[s1].stratum == obs[s0].stratum)
            s1++;
        for (size_t g = 0; g < G; g++)
            risk[g] = 0;
        for (size_t i = s0; i < s1; i++)
            risk[obs[i].group]++;
        nrisk = s1 - s0;
        for (size_t i = s0; i < s1;) {
            size_t j = i, d = 0;
            for (size_t g = 0; g < G; g++)
                dg[g] = 0;
            while (j < s1 && obs[j].t == obs[i].t) {
                if (obs[j].event) {
                    dg[obs[j].group]++;
                    d++;
                }
                j++;
            }
            if (d) {
                long double n = (long double)nrisk;
                long double kt = nrisk > 1 ? (long double)d * (n - d) /
                                                 (n - 1) / n
                                           : 0;
                for (size_t g = 0; g < G; g++) {
                    O[g] += dg[g];
                    E[g] += (long double)d * risk[g] / n;
                    for (size_t h = 0; h < G; h++)
                        V[g * G + h] += kt * risk[g] *
                                        ((g == h) - (long double)risk[h] / n);
                }
            }
            /* Events and censorings at t leave the risk set after t. */
            for (size_t k = i; k < j; k++)
                risk[obs[k].group]--;
            nrisk -= j - i;
            i = j;
        }
        s0 = s1;
    }
    size_t *take = xcalloc(G + 1, sizeof *take), m = 0;
    for (size_t g = 0; g < G; g++) {
        lr->observed[g] = (double)O[g];
        lr->expected[g] = (double)E[g];
        if (E[g] > 0)
            take[m++] = g;
    }
    if (m >= 2) {
        /* Drop the first group taking part: V is singular with all. */
        size_t k = m - 1;
        long double *A = xcalloc(k * k + 1, sizeof *A);
        long double *b = xcalloc(k + 1, sizeof *b), *r = xcalloc(k + 1, sizeof *r);
        for (size_t a = 0; a < k; a++) {
            b[a] = r[a] = O[take[a + 1]] - E[take[a + 1]];
            for (size_t c = 0; c < k; c++)
                A[a * k + c] = V[take[a + 1] * G + take[c + 1]];
        }
        if (cholesky_solve(A, b, k)) {
            long double chi = 0;
            for (size_t a = 0; a < k; a++)
                chi += b[a] * r[a];
            lr->chisq = chi > 0 ? (double)chi : 0;
            lr->df = (double)k;
            lr->p = gsl_cdf_chisq_Q(lr->chisq, lr->df);
        }
        free(A);
        free(b);
        free(r);
    }
    free(take);
    free(O);
    free(E);
    free(V);
    free(risk);
    free(dg);
}

void
logrank_free(struct logrank *lr)
{
    free(lr->n);
    free(lr->observed);
    free(lr->expected);
    lr->n = NULL;
    lr->observed = lr->expected = NULL;
}
