/* Unit tests for par: the ranges cover the body exactly once and start
 * after line breaks, never inside a quoted field; line numbers are those of
 * the whole file; records read through par_csvin are the file's records;
 * messages come back in range order, and a die in range 2 of 4 gives the
 * messages of ranges 0 to 2 and range 2's exit status. Every expected line
 * number is known from how the test writes its file, not from the code. */
#include <config.h>

#include "par.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "opts.h"
#include "xalloc.h"

#include "check.h"

#define NREC 200

static char path[] = "/tmp/test-par.XXXXXX";
static long want_line[NREC + 1]; /* physical line of record i (1-based) */
static size_t body_start;

/* Writes the header and NREC records with LF, CRLF and lone CR line ends
 * and quoted fields that hold a line break, noting where each record
 * starts. */
static void
write_mixed(void)
{
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd < 0)
        exit(1);
    FILE *fp = fdopen(fd, "w");
    fputs("id,val,note\n", fp);
    body_start = 12;
    long line = 2;
    for (int i = 1; i <= NREC; i++) {
        want_line[i] = line;
        if (i % 37 == 5) {
            fprintf(fp, "r%d,%d,\"two\nlines\"\n", i, i * 3);
            line += 2;
        } else if (i % 23 == 7) {
            fprintf(fp, "r%d,%d,crlf\r\n", i, i * 3);
            line++;
        } else if (i % 41 == 3 && i != NREC) {
            fprintf(fp, "r%d,%d,cr\r", i, i * 3);
            line++;
        } else {
            fprintf(fp, "r%d,%d,x\n", i, i * 3);
            line++;
        }
    }
    fclose(fp);
}

/* What the ranges' readers saw, in range order. */
struct seen {
    int id[NREC + 10];
    long line[NREC + 10];
    size_t n;
};

struct read_ctx {
    const struct par *p;
    struct seen s[8];
};

static void
read_range(void *vctx, size_t k, const struct par_range *r)
{
    struct read_ctx *ctx = vctx;
    struct seen *s = &ctx->s[k];
    struct csvin in;
    (void)r;
    par_csvin(ctx->p, k, &in);
    while (csvin_next(&in)) {
        if (s->n < NREC + 10) {
            s->id[s->n] = atoi(in.f[0] + 1);
            s->line[s->n] = in.line;
        }
        s->n++;
    }
    csvin_close(&in);
}

static void
test_ranges(void)
{
    for (size_t jobs = 2; jobs <= 8; jobs++) {
        struct par p;
        CHECK(par_open(&p, path, jobs, NULL));
        CHECK(p.n >= 1 && p.n <= jobs);
        CHECK(p.hdr.n == 3 && strcmp(p.hdr.names[2], "note") == 0);
        /* Contiguous, from the body's start to the end of the file. */
        CHECK(p.r[0].start == p.map + body_start);
        CHECK(p.r[0].first_line == 2);
        for (size_t k = 0; k < p.n; k++) {
            CHECK(p.r[k].len > 0);
            CHECK(p.r[k].start[-1] == '\n');
            if (k + 1 < p.n)
                CHECK(p.r[k].start + p.r[k].len == p.r[k + 1].start);
            else
                CHECK(p.r[k].start + p.r[k].len == p.map + p.size);
        }
        /* With 200 short records every job count gets all its ranges,
         * unless a cut fell inside a quoted field. */
        CHECK(p.n + 1 >= jobs);

        struct read_ctx ctx;
        memset(&ctx, 0, sizeof ctx);
        ctx.p = &p;
        par_run(&p, read_range, &ctx);
        int next = 1;
        for (size_t k = 0; k < p.n; k++) {
            /* A range starts at a record, on its whole-file line. */
            CHECK(ctx.s[k].n > 0);
            if (ctx.s[k].n > 0) {
                CHECK(ctx.s[k].id[0] == next);
                CHECK(p.r[k].first_line == want_line[next]);
            }
            for (size_t i = 0; i < ctx.s[k].n && i < NREC + 10; i++) {
                CHECK(ctx.s[k].id[i] == next);
                if (next <= NREC)
                    CHECK(ctx.s[k].line[i] == want_line[next]);
                next++;
            }
        }
        CHECK(next == NREC + 1);
        par_close(&p);
    }
    /* -j 1 and standard input are read the usual way. */
    struct par p;
    CHECK(!par_open(&p, path, 1, NULL));
    CHECK(!par_open(&p, "-", 4, NULL));
    char *files[] = {path, "-"};
    CHECK(par_usable(files, 1, 2));
    CHECK(!par_usable(files, 1, 1));
    CHECK(!par_usable(files, 2, 2));
    CHECK(par_default_jobs() >= 1);
}

/* A cut that would fall on the line break inside a quoted field is not
 * made. Body: record 1 on lines 2-3 ("1," then a quote, 30 x, a line
 * break, 5 y, a quote), record 2 on line 4. */
static void
test_quoted_cut(void)
{
    char qpath[] = "/tmp/test-par-q.XXXXXX";
    int fd = mkstemp(qpath);
    CHECK(fd >= 0);
    if (fd < 0)
        return;
    FILE *fp = fdopen(fd, "w");
    fputs("a,b\n1,\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nyyyyy\"\n2,z\n", fp);
    fclose(fp);
    struct par p;
    /* Body of 45 bytes: with 2 jobs the cut aims at byte 22, in the x's. */
    CHECK(par_open(&p, qpath, 2, NULL));
    CHECK(p.n == 1);
    CHECK(p.n == 1 && p.r[0].len == 45 && p.r[0].first_line == 2);
    par_close(&p);
    /* With 3 jobs the second cut lands after the record: line 4. */
    CHECK(par_open(&p, qpath, 3, NULL));
    CHECK(p.n == 2);
    if (p.n == 2) {
        CHECK(p.r[0].len == 41);
        CHECK(p.r[1].first_line == 4);
        CHECK(strncmp(p.r[1].start, "2,z\n", p.r[1].len) == 0);
    }
    par_close(&p);
    /* A file with only its header has no ranges. */
    fp = fopen(qpath, "w");
    fputs("a,b\n", fp);
    fclose(fp);
    CHECK(par_open(&p, qpath, 4, NULL));
    CHECK(p.n == 0);
    par_close(&p);
    unlink(qpath);
}

/* 40 records of the same length, so 4 jobs cut at records 11, 21 and 31;
 * record 25 (line 26) has one field. */
static char fpath[] = "/tmp/test-par-f.XXXXXX";

static void
write_fixed(void)
{
    int fd = mkstemp(fpath);
    CHECK(fd >= 0);
    if (fd < 0)
        exit(1);
    FILE *fp = fdopen(fd, "w");
    fputs("id,val,note\n", fp);
    for (int i = 1; i <= 40; i++) {
        if (i == 25)
            fprintf(fp, "r%04dxxxxx\n", i);
        else
            fprintf(fp, "r%04d,%03d,x\n", i, i);
    }
    fclose(fp);
}

static const struct par *msg_par;

static void
talk_range(void *ctx, size_t k, const struct par_range *r)
{
    (void)ctx;
    (void)r;
    /* Range 0 speaks last in time, first in the output. */
    usleep((useconds_t)(4 - k) * 20000);
    warn("range %zu", k);
    struct csvin in;
    par_csvin(msg_par, k, &in);
    while (csvin_next(&in))
        ;
    csvin_close(&in);
    if (k == 3)
        usage_error("range 3 is dropped");
}

/* Runs par over fpath with 4 jobs in a child; its stderr and status. */
static char *
run_child(int *status)
{
    int fds[2];
    if (pipe(fds) != 0)
        exit(1);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], 2);
        err_init("test-par");
        struct par p;
        if (!par_open(&p, fpath, 4, NULL) || p.n != 4)
            _exit(99);
        msg_par = &p;
        par_run(&p, talk_range, NULL);
        fputs("not reached\n", stderr);
        exit(0);
    }
    close(fds[1]);
    char *buf = xmalloc(65536);
    size_t len = 0;
    ssize_t k;
    while ((k = read(fds[0], buf + len, 65535 - len)) > 0)
        len += (size_t)k;
    buf[len] = '\0';
    close(fds[0]);
    waitpid(pid, status, 0);
    return buf;
}

static void
test_messages(void)
{
    int status;
    char *err = run_child(&status);
    char want[512];
    snprintf(want, sizeof want,
             "test-par: range 0\n"
             "test-par: range 1\n"
             "test-par: range 2\n"
             "test-par: %s:26: 1 field, header has 3\n",
             fpath);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 1);
    CHECK_STR(err, want);
    free(err);
}

int
main(void)
{
    write_mixed();
    test_ranges();
    test_quoted_cut();
    write_fixed();
    test_messages();
    unlink(path);
    unlink(fpath);
    CHECK_DONE();
}
