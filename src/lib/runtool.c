/* runtool: the cxkit tools beside this executable, run as child processes. */
#include <config.h>

#include "runtool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

static char *dir;

const char *
tool_dir(void)
{
    if (dir)
        return dir;
    size_t cap = 256;
    for (;;) {
        char *buf = xmalloc(cap);
        ssize_t n = readlink("/proc/self/exe", buf, cap);
        if (n < 0)
            die(EXIT_DATA, "/proc/self/exe:");
        if ((size_t)n < cap) {
            buf[n] = '\0';
            char *slash = strrchr(buf, '/');
            if (slash)
                *slash = '\0';
            dir = buf;
            return dir;
        }
        free(buf);
        cap *= 2;
    }
}

static char *
tool_path(const char *name)
{
    const char *d = tool_dir();
    size_t len = strlen(d) + strlen(name) + 2;
    char *p = xmalloc(len);
    snprintf(p, len, "%s/%s", d, name);
    return p;
}

bool
tool_exists(const char *name)
{
    char *p = tool_path(name);
    bool ok = access(p, X_OK) == 0;
    free(p);
    return ok;
}

static int
run(const char *path, bool search, const char *name, char *const *args,
    const struct run_io *io)
{
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = xcalloc(n + 2, sizeof *argv);
    argv[0] = (char *)name;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = args[i];
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        die(EXIT_DATA, "cannot start %s:", name);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        int out = io->out_fd >= 0 ? io->out_fd : null;
        if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 ||
            (io->err_fd >= 0 && dup2(io->err_fd, 2) < 0))
            _exit(127);
        if (io->cwd && chdir(io->cwd) != 0) {
            dprintf(2, "%s: %s: %s\n", prog_name, io->cwd, strerror(errno));
            _exit(127);
        }
        if (search)
            execvp(path, argv);
        else
            execv(path, argv);
        dprintf(2, "%s: cannot run %s: %s\n", prog_name, path, strerror(errno));
        _exit(127);
    }
    free(argv);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            die(EXIT_DATA, "waiting for %s:", name);
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 127;
}

int
run_tool(const char *name, char *const *args, const struct run_io *io)
{
    char *p = tool_path(name);
    int st = run(p, false, name, args, io);
    free(p);
    return st;
}

int
run_program(const char *name, char *const *args, const struct run_io *io)
{
    return run(name, true, name, args, io);
}
