/* tmpname: temporary output names, leftovers of killed runs, signals. */
#include <config.h>

#include "tmpname.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

#define TMP_TAG ".cx-tmp."

char *
path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup("");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

char *
path_base(const char *path)
{
    const char *slash = strrchr(path, '/');
    return xstrdup(slash ? slash + 1 : path);
}

static char *
join(const char *dir, const char *name)
{
    size_t n = (dir ? strlen(dir) : 0) + strlen(name) + 2;
    char *s = xmalloc(n);
    if (!dir || !*dir)
        snprintf(s, n, "%s", name);
    else
        snprintf(s, n, "%s%s%s", dir,
                 dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    return s;
}

char *
tmp_path(const char *dir, const char *name)
{
    size_t n = strlen(name) + sizeof TMP_TAG + 24;
    char *base = xmalloc(n);
    snprintf(base, n, ".%s" TMP_TAG "%ld", name, (long)getpid());
    char *s = join(dir, base);
    free(base);
    return s;
}

/* The PID of a leftover's name ".NAME.cx-tmp.PID", or 0. */
static long
leftover_pid(const char *entry, const char *name)
{
    size_t n = strlen(name);
    if (entry[0] != '.' || strncmp(entry + 1, name, n) != 0 ||
        strncmp(entry + 1 + n, TMP_TAG, sizeof TMP_TAG - 1) != 0)
        return 0;
    const char *p = entry + 1 + n + sizeof TMP_TAG - 1;
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (errno || end == p || *end || pid <= 0)
        return 0;
    return pid;
}

static bool
running(long pid)
{
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* A leftover folder is ours: it holds only the files we wrote. */
static void
remove_folder(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = join(path, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && !S_ISDIR(st.st_mode))
            unlink(p);
        free(p);
    }
    closedir(d);
    rmdir(path);
}

void
tmp_clean_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode))
        remove_folder(path);
    else
        unlink(path);
}

void
tmp_clean(const char *dir, const char *name)
{
    DIR *d = opendir(dir && *dir ? dir : ".");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        long pid = leftover_pid(e->d_name, name);
        if (!pid || running(pid))
            continue;
        char *p = join(dir, e->d_name);
        tmp_clean_path(p);
        free(p);
    }
    closedir(d);
}

/* Signals. The table is fixed so that the handler never sees it moved. */

#define TMP_SLOTS 32

static const char *volatile slot_path[TMP_SLOTS];
static volatile sig_atomic_t slot_folder[TMP_SLOTS];
static bool handlers_set;

static void
on_signal(int sig)
{
    for (int i = 0; i < TMP_SLOTS; i++) {
        const char *p = slot_path[i];
        if (!p)
            continue;
        if (slot_folder[i]) {
            /* Its files are registered too, before it in the table. */
            rmdir(p);
        } else {
            unlink(p);
        }
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

void
tmp_register(const char *path, int folder)
{
    if (!handlers_set) {
        int sigs[] = {SIGINT, SIGTERM, SIGHUP};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
            struct sigaction sa, old;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_signal;
            sigemptyset(&sa.sa_mask);
            if (sigaction(sigs[i], NULL, &old) == 0 &&
                old.sa_handler == SIG_IGN)
                continue; /* ignored (nohup): leave it so */
            sigaction(sigs[i], &sa, NULL);
        }
        handlers_set = true;
    }
    /* Files before their folder: a folder takes the last free slot. */
    if (folder) {
        for (int i = TMP_SLOTS - 1; i >= 0; i--)
            if (!slot_path[i]) {
                slot_folder[i] = 1;
                slot_path[i] = path;
                return;
            }
    }
    for (int i = 0; i < TMP_SLOTS; i++)
        if (!slot_path[i]) {
            slot_folder[i] = 0;
            slot_path[i] = path;
            return;
        }
}

void
tmp_unregister(const char *path)
{
    for (int i = 0; i < TMP_SLOTS; i++)
        if (slot_path[i] == path)
            slot_path[i] = NULL;
}
