/* outfile: atomic output files, written through for devices and FIFOs. */
#include <config.h>

#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "tmpname.h"
#include "xalloc.h"

struct outf {
    char *path;   /* as given, for messages */
    char *target; /* renamed over at commit (a symlink's target) */
    char *temp;   /* NULL: written through, or stdout */
    FILE *fp;
    mode_t mode; /* of the committed file */
    bool committed;
};

static struct outf **outs;
static size_t nouts, outscap;
static struct outf *main_out;

static void
cleanup(void)
{
    for (size_t i = 0; i < nouts; i++) {
        struct outf *o = outs[i];
        if (o->committed)
            continue;
        if (o->fp && o->fp != stdout)
            fclose(o->fp);
        o->fp = NULL;
        if (o->temp) {
            tmp_unregister(o->temp);
            unlink(o->temp);
        }
    }
}

/* /dev/stdout, /dev/stderr, /dev/fd/N: the descriptor number, or -1. */
static int
fd_path(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *p = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        p = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        p = path + 14;
    if (!p || !*p)
        return -1;
    char *end;
    long n = strtol(p, &end, 10);
    return *end || n < 0 || n > INT_MAX ? -1 : (int)n;
}

static void
open_through(struct outf *o, int fd)
{
    if (fd < 0)
        die(EXIT_DATA, "%s:", o->path);
    o->fp = fdopen(fd, "w");
    if (!o->fp)
        die(EXIT_DATA, "%s:", o->path);
}

static void
open_temp(struct outf *o, const struct stat *old)
{
    mode_t mask = umask(0);
    umask(mask);
    o->mode = old ? old->st_mode & 07777 : 0666 & ~mask;
    char *dir = path_dir(o->target), *base = path_base(o->target);
    tmp_clean(dir, base);
    o->temp = tmp_path(dir, base);
    free(dir);
    free(base);
    /* A leftover with our own PID is from a dead process: replace it. */
    unlink(o->temp);
    int fd = open(o->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(o->temp);
        o->temp = NULL;
        die(EXIT_DATA, "%s:", o->path);
    }
    tmp_register(o->temp, 0);
    open_through(o, fd);
}

struct outf *
outf_open(const char *path)
{
    struct outf *o = xcalloc(1, sizeof *o);
    if (nouts == 0)
        atexit(cleanup);
    XGROW(outs, outscap, nouts + 1);
    outs[nouts++] = o;
    if (!path || strcmp(path, "-") == 0) {
        o->path = xstrdup("-");
        o->fp = stdout;
        return o;
    }
    o->path = xstrdup(path);
    int fd = fd_path(path);
    if (fd >= 0) {
        open_through(o, fcntl(fd, F_DUPFD_CLOEXEC, 3));
        return o;
    }
    struct stat st, lst;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            die(EXIT_DATA, "%s:", path);
        }
        if (!S_ISREG(st.st_mode)) { /* device, FIFO, socket */
            open_through(o, open(path, O_WRONLY | O_CLOEXEC));
            return o;
        }
        o->target = realpath(path, NULL);
        if (!o->target)
            die(EXIT_DATA, "%s:", path);
        open_temp(o, &st);
        return o;
    }
    if (errno != ENOENT)
        die(EXIT_DATA, "%s:", path);
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        die(EXIT_DATA, "%s: a symbolic link to a missing file; not followed",
            path);
    o->target = xstrdup(path);
    open_temp(o, NULL);
    return o;
}

FILE *
outf_fp(const struct outf *o)
{
    return o->fp;
}

void
outf_commit(struct outf *o)
{
    if (o->fp == stdout || o->committed)
        return;
    int failed = ferror(o->fp) || fflush(o->fp) != 0;
    if (o->temp)
        failed |= fchmod(fileno(o->fp), o->mode) != 0;
    failed |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (failed)
        die(EXIT_DATA, "%s: write error:", o->path);
    if (o->temp && rename(o->temp, o->target) != 0)
        die(EXIT_DATA, "%s:", o->path);
    if (o->temp) {
        tmp_unregister(o->temp);
        free(o->temp);
        o->temp = NULL;
    }
    o->committed = true;
}

FILE *
outfile_open(const char *path)
{
    main_out = outf_open(path);
    return outf_fp(main_out);
}

void
outfile_commit(void)
{
    if (main_out)
        outf_commit(main_out);
}
