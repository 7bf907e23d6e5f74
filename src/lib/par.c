/* par: one regular file read by N threads (par.h). */
#include <config.h>

#include "par.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

size_t
par_default_jobs(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0)
            return (size_t)n;
    }
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (size_t)n : 1;
}

bool
par_usable(char *const *files, size_t nfiles, size_t jobs)
{
    if (jobs <= 1 || nfiles == 0)
        return false;
    for (size_t i = 0; i < nfiles; i++) {
        struct stat st;
        if (strcmp(files[i], "-") == 0 || stat(files[i], &st) != 0 ||
            !S_ISREG(st.st_mode))
            return false;
    }
    return true;
}

/* The name of the last operand par_open was given as a first one: the
 * message for a later operand whose header differs names it. */
static const char *first_name;

/* Maps file (a regular file) into p; false when it is not one. */
static bool
map_file(struct par *p, const char *file)
{
    int fd = open(file, O_RDONLY);
    if (fd < 0)
        die(EXIT_DATA, "%s:", file);
    struct stat st;
    if (fstat(fd, &st) != 0)
        die(EXIT_DATA, "%s:", file);
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    memset(p, 0, sizeof *p);
    p->file = file;
    p->size = (size_t)st.st_size;
    if (p->size > 0) {
        void *m = mmap(NULL, p->size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m == MAP_FAILED)
            die(EXIT_DATA, "%s: cannot map the file:", file);
        p->map = m;
    }
    close(fd);
    return true;
}

/* Counts of one stretch of the file, for line numbers and for finding cuts
 * that fall inside a quoted field. */
struct counts {
    const char *s;
    size_t n;
    size_t lines;  /* line ends: LF, CRLF, or CR on its own */
    size_t quotes; /* '"' bytes */
};

static size_t
count_byte(const char *s, size_t n, char c)
{
    size_t k = 0;
    const char *end = s + n, *q;
    while (s < end && (q = memchr(s, c, (size_t)(end - s))) != NULL) {
        k++;
        s = q + 1;
    }
    return k;
}

/* Lines ending in a CR not followed by LF (old Mac line ends). */
static size_t
count_lone_cr(const char *s, size_t n)
{
    size_t k = 0;
    const char *end = s + n, *q;
    while (s < end && (q = memchr(s, '\r', (size_t)(end - s))) != NULL) {
        if (q + 1 == end || q[1] != '\n')
            k++;
        s = q + 1;
    }
    return k;
}

static void *
count_thread(void *arg)
{
    struct counts *c = arg;
    c->lines = count_byte(c->s, c->n, '\n') + count_lone_cr(c->s, c->n);
    c->quotes = count_byte(c->s, c->n, '"');
    return NULL;
}

static void
start_thread(pthread_t *t, void *(*fn)(void *), void *arg)
{
    int e = pthread_create(t, NULL, fn, arg);
    if (e != 0) {
        errno = e;
        die(EXIT_DATA, "cannot start a thread:");
    }
}

/* Cuts the body [body, size) into at most jobs ranges of about equal size,
 * each starting right after a LF, and numbers their lines. A cut inside a
 * quoted field (an odd number of quotes before it) is dropped: the range
 * before it runs on. If the quotes before it are odd because the input is
 * malformed, an earlier range meets the error and ends the reading. */
static void
plan(struct par *p, size_t jobs, size_t body, long body_line)
{
    size_t blen = p->size - body;
    size_t *cut = xcalloc(jobs + 1, sizeof *cut);
    size_t ncut = 0;
    cut[ncut++] = body;
    for (size_t k = 1; k < jobs; k++) {
        size_t t = body + (size_t)((double)blen * (double)k / (double)jobs);
        if (t <= cut[ncut - 1])
            t = cut[ncut - 1] + 1;
        if (t >= p->size)
            break;
        const char *q = memchr(p->map + t - 1, '\n', p->size - (t - 1));
        if (!q || (size_t)(q - p->map) + 1 >= p->size)
            break;
        cut[ncut++] = (size_t)(q - p->map) + 1;
    }
    cut[ncut] = p->size;

    struct counts *c = xcalloc(ncut, sizeof *c);
    pthread_t *th = xcalloc(ncut, sizeof *th);
    for (size_t k = 0; k < ncut; k++) {
        c[k].s = p->map + cut[k];
        c[k].n = cut[k + 1] - cut[k];
        start_thread(&th[k], count_thread, &c[k]);
    }
    for (size_t k = 0; k < ncut; k++)
        pthread_join(th[k], NULL);

    p->r = xcalloc(ncut, sizeof *p->r);
    p->n = 0;
    long line = body_line;
    size_t quotes = 0;
    for (size_t k = 0; k < ncut; k++) {
        if (k > 0 && quotes % 2 == 0) {
            p->n++;
        }
        if (k == 0 || quotes % 2 == 0) {
            struct par_range *r = &p->r[p->n];
            r->start = c[k].s;
            r->len = 0;
            r->first_line = line;
        }
        p->r[p->n].len += c[k].n;
        line += (long)c[k].lines;
        quotes += c[k].quotes;
    }
    p->n++;
    free(th);
    free(c);
    free(cut);
}

bool
par_open(struct par *p, const char *file, size_t jobs,
         const struct csvhdr *first_hdr)
{
    if (!first_hdr)
        first_name = file;
    if (jobs <= 1 || strcmp(file, "-") == 0)
        return false;
    if (!map_file(p, file))
        return false;
    long hdr_end = csvin_read_header((char *)file, first_hdr,
                                     (char *)(first_name ? first_name : "-"),
                                     &p->hdr);
    /* The body starts after the header's hdr_end physical lines. */
    size_t off = 0;
    for (long l = 0; l < hdr_end && off < p->size; l++) {
        while (off < p->size && p->map[off] != '\n' && p->map[off] != '\r')
            off++;
        if (off < p->size && p->map[off] == '\r' && off + 1 < p->size &&
            p->map[off + 1] == '\n')
            off++;
        if (off < p->size)
            off++;
    }
    if (off < p->size)
        plan(p, jobs, off, hdr_end + 1);
    return true;
}

bool
par_open_at(struct par *p, const char *file, size_t jobs, size_t body,
            long body_line)
{
    if (jobs <= 1 || strcmp(file, "-") == 0)
        return false;
    if (!map_file(p, file))
        return false;
    if (body < p->size)
        plan(p, jobs, body, body_line);
    return true;
}

/* One range's thread: its messages captured, a die ending only it. */
struct job {
    par_work_fn *work;
    void *ctx;
    size_t k;
    const struct par_range *r;
    struct err_capture cap;
};

static void *
job_thread(void *arg)
{
    struct job *j = arg;
    err_capture_start(&j->cap);
    j->work(j->ctx, j->k, j->r);
    return NULL;
}

void
par_run(struct par *p, par_work_fn *work, void *ctx)
{
    if (p->n == 0)
        return;
    struct job *j = xcalloc(p->n, sizeof *j);
    pthread_t *th = xcalloc(p->n, sizeof *th);
    for (size_t k = 0; k < p->n; k++) {
        j[k].work = work;
        j[k].ctx = ctx;
        j[k].k = k;
        j[k].r = &p->r[k];
        start_thread(&th[k], job_thread, &j[k]);
    }
    for (size_t k = 0; k < p->n; k++)
        pthread_join(th[k], NULL);
    for (size_t k = 0; k < p->n; k++)
        err_capture_finish(&j[k].cap);

    /* Replay in range order, as one reader would have written them. */
    fflush(stdout);
    int status = EXIT_OK;
    bool died = false;
    for (size_t k = 0; k < p->n; k++) {
        if (!died) {
            if (j[k].cap.len)
                fwrite(j[k].cap.buf, 1, j[k].cap.len, stderr);
            if (j[k].cap.died) {
                died = true;
                status = j[k].cap.status;
            }
        }
        free(j[k].cap.buf);
    }
    free(th);
    free(j);
    if (died) {
        fflush(stderr);
        exit(status);
    }
}

void
par_each(size_t n, par_work_fn *work, void *ctx)
{
    struct par q;
    memset(&q, 0, sizeof q);
    q.n = n;
    q.r = xcalloc(n + 1, sizeof *q.r);
    par_run(&q, work, ctx);
    free(q.r);
}

void
par_csvin(const struct par *p, size_t k, struct csvin *in)
{
    const struct par_range *r = &p->r[k];
    csvin_open_mem(in, p->file, r->start, r->len, r->first_line, &p->hdr);
}

void
par_close(struct par *p)
{
    if (p->map)
        munmap((void *)p->map, p->size);
    free(p->r);
    csvhdr_free(&p->hdr);
    memset(p, 0, sizeof *p);
}
