/* gnuplot: running gnuplot on a script and collecting its picture. */
#include <config.h>

#include "gnuplot.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

char *
gp_find(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        /* An empty PATH entry means the current folder. */
        char *cand = xmalloc(len + sizeof "/gnuplot" + 1);
        if (len == 0)
            strcpy(cand, "./gnuplot");
        else {
            memcpy(cand, path, len);
            strcpy(cand + len, "/gnuplot");
        }
        struct stat st;
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) &&
            access(cand, X_OK) == 0)
            return cand;
        free(cand);
        path += len;
        if (*path == ':')
            path++;
    }
    return NULL;
}

void
gp_quote(FILE *fp, const char *s)
{
    putc('\'', fp);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\'')
            fputs("''", fp);
        else if (c < 0x20 || c == 0x7f)
            putc(' ', fp);
        else
            putc(c, fp);
    }
    putc('\'', fp);
}

/* Copies a temporary file holding gnuplot's stderr into messages, one per
 * line, as warnings or (fatal) as the reason of a failure. */
static void
pass_on_stderr(FILE *errf, bool fatal, const char *why)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    rewind(errf);
    while ((n = getline(&line, &cap, errf)) > 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        /* gnuplot repeats the offending command and marks it with a caret
         * line; blank lines carry nothing. */
        if (n == 0 || strspn(line, " \t^") == (size_t)n)
            continue;
        warn("gnuplot: %s", line + strspn(line, " \t"));
    }
    free(line);
    if (fatal)
        die(EXIT_DATA, "gnuplot %s", why);
}

void
gp_run(const char *script, size_t len, FILE *out)
{
    char *exe = gp_find();
    if (!exe)
        die(EXIT_DATA, "gnuplot not found on PATH (Debian package "
                       "gnuplot-nox)");
    FILE *in = tmpfile();
    FILE *errf = tmpfile();
    if (!in || !errf)
        die(EXIT_DATA, "temporary file:");
    if (fwrite(script, 1, len, in) != len || fflush(in) != 0)
        die(EXIT_DATA, "temporary file: write error:");
    rewind(in);
    int pfd[2];
    if (pipe(pfd) != 0)
        die(EXIT_DATA, "pipe:");
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        die(EXIT_DATA, "fork:");
    if (pid == 0) {
        dup2(fileno(in), 0);
        dup2(pfd[1], 1);
        dup2(fileno(errf), 2);
        close(pfd[0]);
        close(pfd[1]);
        /* The same bytes under any locale (C.UTF-8, so that gnuplot reads
         * UTF-8 text without complaint); no terminal chosen from the
         * environment. */
        setenv("LC_ALL", "C.UTF-8", 1);
        unsetenv("GNUTERM");
        signal(SIGPIPE, SIG_DFL);
        execl(exe, "gnuplot", (char *)NULL);
        fprintf(stderr, "cannot run %s: %s\n", exe, strerror(errno));
        _exit(127);
    }
    close(pfd[1]);
    char buf[65536];
    ssize_t n;
    bool sink_ok = true;
    size_t total = 0;
    for (;;) {
        n = read(pfd[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        total += (size_t)n;
        /* After a write error gnuplot is still drained, so that it ends
         * normally; close_stdout or outfile_commit reports the error. */
        if (sink_ok && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
            sink_ok = false;
    }
    if (n < 0)
        die(EXIT_DATA, "reading from gnuplot:");
    close(pfd[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            die(EXIT_DATA, "waiting for gnuplot:");
    if (WIFSIGNALED(status)) {
        char why[64];
        snprintf(why, sizeof why, "killed by signal %d", WTERMSIG(status));
        pass_on_stderr(errf, true, why);
    }
    if (WEXITSTATUS(status) != 0) {
        char why[64];
        snprintf(why, sizeof why, "failed with status %d", WEXITSTATUS(status));
        pass_on_stderr(errf, true, why);
    }
    /* A script without a plot command succeeds without a picture. */
    if (total == 0)
        pass_on_stderr(errf, true, "wrote no picture");
    pass_on_stderr(errf, false, NULL);
    fclose(in);
    fclose(errf);
    free(exe);
}
