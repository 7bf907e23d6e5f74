/* cx-split: hash-partitions canonical CSV by a key column (client or
 * respondent) into N parts, each with the header, so that every record of
 * one key lands in the same part: the shuffle before --partial runs. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvio.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outfile.h"
#include "shard.h"
#include "tool.h"
#include "xalloc.h"

#define MAX_PARTS 10000 /* file names carry four digits */

struct split_opts {
    const char *key; /* NULL: client, or respondent (see choose_key) */
    size_t parts;    /* -n; 0 when not given */
    const char *prefix;
    bool one;              /* --part I/N */
    size_t part;           /* I of --part */
    size_t nparts;         /* N of --part, or -n */
    struct common_opts co; /* -o (with --part only) */
};

static void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: %s [OPTION]... [FILE]...\n", prog_name);
    puts("Hash-partition canonical CSV by a key column into N parts, each\n"
         "with the header, so that all records of one client (or "
         "respondent)\n"
         "land in the same part.\n"
         "\n"
         "  -k, --key COL           the column to partition by (default "
         "client;\n"
         "                          respondent when the header has it and "
         "no\n"
         "                          client)\n"
         "  -n, --parts N           write N parts, PREFIX-0000.csv to\n"
         "                          PREFIX-(N-1).csv (N from 1 to 10000)\n"
         "      --prefix PREFIX     file name prefix of -n (default 'part')\n"
         "      --part I/N          write only part I (0 to N-1) of N, to\n"
         "                          standard output or -o\n"
         "  -o, --output FILE       with --part: write FILE atomically\n"
         "  -h, --help              show this help and exit\n"
         "  -V, --version           show the version and exit\n"
         "\n"
         "A record goes to part FNV-1a-64(key) mod N (the key's bytes as "
         "read),\n"
         "the same on every machine and in every version. With no FILE, or\n"
         "FILE -, read standard input.\n"
         "\n"
         "Exit status: 0 success, 1 bad input data or a read or write "
         "error,\n"
         "2 bad command line.\n"
         "\n"
         "Example:\n"
         "  cx-split -n 8 --prefix events events.csv");
    exit(EXIT_OK);
}

/* --part I/N: 0 <= I < N <= MAX_PARTS. */
static void
parse_part(struct split_opts *o, const char *arg)
{
    const char *slash = strchr(arg, '/');
    long long i = -1, n = 0;
    bool ok = slash != NULL;
    if (ok) {
        char *is = xstrndup(arg, (size_t)(slash - arg));
        ok = num_parse_long(is, 0, MAX_PARTS - 1, &i) &&
             num_parse_long(slash + 1, 1, MAX_PARTS, &n) && i < n;
        free(is);
    }
    if (!ok)
        usage_error("invalid --part '%s': I/N with 0 <= I < N <= %d, such as "
                    "0/4",
                    arg, MAX_PARTS);
    o->one = true;
    o->part = (size_t)i;
    o->nparts = (size_t)n;
}

enum { OPT_PREFIX = 256, OPT_PART };

static void
parse_args(struct split_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"key", required_argument, NULL, 'k'},
        {"parts", required_argument, NULL, 'n'},
        {"prefix", required_argument, NULL, OPT_PREFIX},
        {"part", required_argument, NULL, OPT_PART},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    common_opts_init(&o->co);
    int c;
    while ((c = getopt_long(argc, argv, "k:n:o:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'k':
            if (!*optarg)
                usage_error("invalid --key '': a column name");
            o->key = optarg;
            break;
        case 'n':
            o->parts = (size_t)opt_long("-n", optarg, 1, MAX_PARTS);
            break;
        case OPT_PREFIX:
            if (!*optarg)
                usage_error("invalid --prefix '': a file name prefix");
            o->prefix = optarg;
            break;
        case OPT_PART:
            parse_part(o, optarg);
            break;
        default:
            if (!common_option(c, optarg, &o->co, usage))
                usage(EXIT_USAGE);
        }
    }
    if (o->one && o->parts)
        usage_error("-n and --part cannot be combined: -n writes every part "
                    "to files, --part one part to standard output");
    if (!o->one && !o->parts)
        usage_error("say how many parts: -n N (files) or --part I/N (one "
                    "part)");
    if (o->parts && o->co.output)
        usage_error("-o goes with --part; -n writes PREFIX-0000.csv... "
                    "(see --prefix)");
    if (o->one && o->prefix)
        usage_error("--prefix goes with -n; --part writes to standard output "
                    "or -o");
    if (o->parts)
        o->nparts = o->parts;
    if (!o->prefix)
        o->prefix = "part";
}

/* The key column: --key, else client, else respondent. */
static size_t
choose_key(const struct split_opts *o, const struct csvhdr *h)
{
    if (o->key)
        return csvhdr_require(h, o->key);
    long k = csvhdr_find(h, "client");
    if (k < 0)
        k = csvhdr_find(h, "respondent");
    if (k < 0)
        return csvhdr_require(h, "client");
    return (size_t)k;
}

/* The part files of -n: written under temporary names and renamed only
 * when every part was written, so a failed run leaves no parts behind. */
struct parts {
    size_t n;
    FILE **fp;
    char **tmp, **final;
    struct csvw *w;
    bool committed;
};

static struct parts *cleanup_parts;

static void
parts_cleanup(void)
{
    struct parts *p = cleanup_parts;
    if (!p || p->committed)
        return;
    for (size_t i = 0; i < p->n; i++) {
        if (p->fp[i])
            fclose(p->fp[i]);
        if (p->tmp[i])
            unlink(p->tmp[i]);
    }
}

static void
parts_open(struct parts *p, const char *prefix, size_t n)
{
    p->n = n;
    p->fp = xcalloc(n, sizeof *p->fp);
    p->tmp = xcalloc(n, sizeof *p->tmp);
    p->final = xcalloc(n, sizeof *p->final);
    p->w = xcalloc(n, sizeof *p->w);
    p->committed = false;
    cleanup_parts = p;
    atexit(parts_cleanup);
    mode_t mask = umask(0);
    umask(mask);
    size_t len = strlen(prefix) + 32;
    for (size_t i = 0; i < n; i++) {
        p->final[i] = xmalloc(len);
        snprintf(p->final[i], len, "%s-%04zu.csv", prefix, i);
        p->tmp[i] = xmalloc(len);
        snprintf(p->tmp[i], len, "%s.tmpXXXXXX", p->final[i]);
        int fd = mkstemp(p->tmp[i]);
        if (fd < 0) {
            int e = errno;
            free(p->tmp[i]);
            p->tmp[i] = NULL;
            errno = e;
            if (e == EMFILE)
                die(EXIT_DATA,
                    "%s: cannot open %zu parts at once (use "
                    "--part I/N, one job per part):",
                    p->final[i], n);
            die(EXIT_DATA, "%s:", p->final[i]);
        }
        fchmod(fd, 0666 & ~mask);
        p->fp[i] = fdopen(fd, "w");
        if (!p->fp[i])
            die(EXIT_DATA, "%s:", p->final[i]);
        csvw_init(&p->w[i], p->fp[i], NUM_DIGITS_DEFAULT);
    }
}

static void
parts_commit(struct parts *p)
{
    for (size_t i = 0; i < p->n; i++) {
        int failed = ferror(p->fp[i]) || fflush(p->fp[i]) != 0;
        failed |= fclose(p->fp[i]) != 0;
        p->fp[i] = NULL;
        if (failed)
            die(EXIT_DATA, "%s: write error:", p->final[i]);
    }
    for (size_t i = 0; i < p->n; i++) {
        if (rename(p->tmp[i], p->final[i]) != 0)
            die(EXIT_DATA, "%s:", p->final[i]);
        free(p->tmp[i]);
        p->tmp[i] = NULL;
    }
    p->committed = true;
}

static void
parts_free(struct parts *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->tmp[i]);
        free(p->final[i]);
    }
    free(p->fp);
    free(p->tmp);
    free(p->final);
    free(p->w);
    cleanup_parts = NULL;
}

static void
split_files(const struct split_opts *o, struct csvin *in, size_t key)
{
    struct parts p;
    parts_open(&p, o->prefix, o->nparts);
    for (size_t i = 0; i < p.n; i++)
        csvw_row(&p.w[i], in->hdr.names, in->hdr.n);
    while (csvin_next(in))
        csvw_row(&p.w[shard_of(in->f[key], p.n)], in->f, in->nf);
    parts_commit(&p);
    parts_free(&p);
}

static void
split_one(const struct split_opts *o, struct csvin *in, size_t key)
{
    FILE *out = outfile_open(o->co.output);
    struct csvw w;
    csvw_init(&w, out, NUM_DIGITS_DEFAULT);
    csvw_row(&w, in->hdr.names, in->hdr.n);
    while (csvin_next(in))
        if (shard_of(in->f[key], o->nparts) == o->part)
            csvw_row(&w, in->f, in->nf);
    outfile_commit();
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct split_opts o;
    parse_args(&o, argc, argv);
    struct csvin in;
    csvin_open(&in, argv + optind, (size_t)(argc - optind));
    size_t key = choose_key(&o, &in.hdr);
    if (o.one)
        split_one(&o, &in, key);
    else
        split_files(&o, &in, key);
    csvin_close(&in);
    return EXIT_OK;
}
