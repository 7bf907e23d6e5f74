/* outdir: a set of output files committed together into one folder. */
#include <config.h>

#include "outdir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

struct outdir_file {
    char *final, *temp;
    FILE *fp;
};

static char *dir_path;
static struct outdir_file *files;
static size_t nfiles, filescap;
static int cleanup_registered;

static void
cleanup(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        if (files[i].fp)
            fclose(files[i].fp);
        files[i].fp = NULL;
        if (files[i].temp)
            unlink(files[i].temp);
        free(files[i].temp);
        free(files[i].final);
        files[i].temp = files[i].final = NULL;
    }
    nfiles = 0;
}

void
outdir_init(const char *dir)
{
    struct stat st;
    free(dir_path);
    dir_path = xstrdup(dir);
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0)
            die(EXIT_DATA, "%s:", dir);
    } else if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        die(EXIT_DATA, "%s:", dir);
    }
    if (!cleanup_registered) {
        atexit(cleanup);
        cleanup_registered = 1;
    }
}

FILE *
outdir_open(const char *name)
{
    XGROW(files, filescap, nfiles + 1);
    struct outdir_file *f = &files[nfiles];
    size_t len = strlen(dir_path) + strlen(name) + 2;
    f->final = xmalloc(len);
    snprintf(f->final, len, "%s/%s", dir_path, name);
    f->temp = xmalloc(len + 16);
    snprintf(f->temp, len + 16, "%s/.%s.tmpXXXXXX", dir_path, name);
    int fd = mkstemp(f->temp);
    if (fd < 0) {
        free(f->temp);
        free(f->final);
        die(EXIT_DATA, "%s:", dir_path);
    }
    nfiles++;
    /* mkstemp makes 0600; give the file the usual umask-based mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    f->fp = fdopen(fd, "w");
    if (!f->fp)
        die(EXIT_DATA, "%s:", f->final);
    return f->fp;
}

void
outdir_commit(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        struct outdir_file *f = &files[i];
        int failed = ferror(f->fp) || fflush(f->fp) != 0;
        failed |= fclose(f->fp) != 0;
        f->fp = NULL;
        if (failed)
            die(EXIT_DATA, "%s: write error:", f->final);
    }
    for (size_t i = 0; i < nfiles; i++) {
        struct outdir_file *f = &files[i];
        if (rename(f->temp, f->final) != 0)
            die(EXIT_DATA, "%s:", f->final);
        free(f->temp);
        f->temp = NULL;
    }
    cleanup();
}
