/* outdir: a set of output files committed together into one folder. */
#include <config.h>

#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "tmpname.h"
#include "xalloc.h"

struct outdir_file {
    char *name, *temp;
    FILE *fp;
};

static char *dir_path;  /* DIR as given */
static char *tmp_dir;   /* the temporary folder; NULL once gone */
static bool dir_exists; /* DIR existed at init */
static mode_t dir_mode; /* of DIR when it existed */
static struct outdir_file *files;
static size_t nfiles, filescap;
static bool cleanup_registered;

static char *
join(const char *dir, const char *name)
{
    char *s = xmalloc(strlen(dir) + strlen(name) + 2);
    sprintf(s, "%s/%s", dir, name);
    return s;
}

static void
cleanup(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        if (files[i].fp)
            fclose(files[i].fp);
        files[i].fp = NULL;
        if (files[i].temp) {
            tmp_unregister(files[i].temp);
            unlink(files[i].temp);
            free(files[i].temp);
        }
        free(files[i].name);
    }
    nfiles = 0;
    if (tmp_dir) {
        tmp_unregister(tmp_dir);
        rmdir(tmp_dir);
        free(tmp_dir);
        tmp_dir = NULL;
    }
}

void
outdir_init(const char *dir)
{
    struct stat st;
    free(dir_path);
    dir_path = xstrdup(dir);
    dir_exists = stat(dir, &st) == 0;
    if (!dir_exists && errno != ENOENT)
        die(EXIT_DATA, "%s:", dir);
    if (dir_exists && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        die(EXIT_DATA, "%s:", dir);
    }
    dir_mode = dir_exists ? st.st_mode & 07777 : 0;
    /* Beside DIR, or inside it when DIR has no name of its own ("." or
     * "a/..", "/"). */
    char *parent = path_dir(dir), *base = path_base(dir);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        free(parent);
        free(base);
        parent = xstrdup(dir);
        base = xstrdup("cx-out");
    }
    tmp_clean(parent, base);
    tmp_dir = tmp_path(parent, base);
    free(parent);
    free(base);
    if (!cleanup_registered) {
        atexit(cleanup);
        cleanup_registered = true;
    }
    /* A leftover with our own PID is from a dead process. */
    tmp_clean_path(tmp_dir);
    if (mkdir(tmp_dir, 0700) != 0) {
        int e = errno;
        free(tmp_dir);
        tmp_dir = NULL;
        errno = e;
        if (e == ENOENT) /* DIR's parent is missing */
            die(EXIT_DATA, "%s:", dir);
        die(EXIT_DATA, "%s: cannot make a temporary folder beside it:", dir);
    }
    tmp_register(tmp_dir, 1);
}

FILE *
outdir_open(const char *name)
{
    XGROW(files, filescap, nfiles + 1);
    struct outdir_file *f = &files[nfiles];
    f->name = xstrdup(name);
    f->temp = join(tmp_dir, name);
    int fd = open(f->temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        free(f->temp);
        free(f->name);
        die(EXIT_DATA, "%s/%s:", dir_path, name);
    }
    nfiles++;
    tmp_register(f->temp, 0);
    f->fp = fdopen(fd, "w");
    if (!f->fp)
        die(EXIT_DATA, "%s/%s:", dir_path, name);
    return f->fp;
}

/* DIR holds nothing but files named like ours. */
static bool
only_ours(void)
{
    DIR *d = opendir(dir_path);
    if (!d)
        return false;
    bool ours = true;
    struct dirent *e;
    while (ours && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        bool found = false;
        for (size_t i = 0; !found && i < nfiles; i++)
            found = strcmp(e->d_name, files[i].name) == 0;
        ours = found;
    }
    closedir(d);
    return ours;
}

/* The old DIR, now at the temporary name: our files only. */
static void
remove_old(void)
{
    for (size_t i = 0; i < nfiles; i++) {
        char *p = join(tmp_dir, files[i].name);
        unlink(p);
        free(p);
    }
    rmdir(tmp_dir);
}

void
outdir_commit(void)
{
    mode_t mask = umask(0);
    umask(mask);
    for (size_t i = 0; i < nfiles; i++) {
        struct outdir_file *f = &files[i];
        int failed = ferror(f->fp) || fflush(f->fp) != 0;
        failed |= fchmod(fileno(f->fp), 0666 & ~mask) != 0;
        failed |= fclose(f->fp) != 0;
        f->fp = NULL;
        if (failed)
            die(EXIT_DATA, "%s/%s: write error:", dir_path, f->name);
    }
    bool whole = false;
    if (chmod(tmp_dir, dir_exists ? dir_mode : 0777 & ~mask) != 0)
        die(EXIT_DATA, "%s:", tmp_dir);
    if (!dir_exists && rename(tmp_dir, dir_path) == 0) {
        whole = true;
    } else if (dir_exists && only_ours() &&
               renameat2(AT_FDCWD, tmp_dir, AT_FDCWD, dir_path,
                         RENAME_EXCHANGE) == 0) {
        remove_old();
        whole = true;
    }
    if (whole) {
        for (size_t i = 0; i < nfiles; i++) {
            tmp_unregister(files[i].temp);
            free(files[i].temp);
            files[i].temp = NULL;
        }
        tmp_unregister(tmp_dir);
        free(tmp_dir);
        tmp_dir = NULL;
        cleanup();
        return;
    }
    for (size_t i = 0; i < nfiles; i++) {
        struct outdir_file *f = &files[i];
        char *final = join(dir_path, f->name);
        if (rename(f->temp, final) != 0)
            die(EXIT_DATA, "%s:", final);
        free(final);
        tmp_unregister(f->temp);
        free(f->temp);
        f->temp = NULL;
    }
    cleanup();
}
