/* err: diagnostics, exit statuses and the checked close of stdout. */
#include <config.h>

#include "err.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *prog_name = "cxkit";

/* The capture of the calling thread, if any (err_capture_start). */
static _Thread_local struct err_capture *capture;

void
err_capture_start(struct err_capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->status = EXIT_OK;
    c->died = false;
    c->fp = open_memstream(&c->buf, &c->len);
    if (!c->fp)
        die(EXIT_DATA, "memory exhausted");
    capture = c;
}

void
err_capture_finish(struct err_capture *c)
{
    if (c->fp && fclose(c->fp) != 0)
        die(EXIT_DATA, "memory exhausted");
    c->fp = NULL;
}

/* Where messages go: the calling thread's capture, or stderr. */
static FILE *
msg_out(void)
{
    return capture ? capture->fp : stderr;
}

/* Ends the process, or only the calling thread when it captures. */
static noreturn void
end(int status)
{
    if (capture) {
        capture->status = status;
        capture->died = true;
        fflush(capture->fp);
        capture = NULL;
        pthread_exit(NULL);
    }
    exit(status);
}

void
err_init(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;
    if (argv0 && *argv0)
        prog_name = slash ? slash + 1 : argv0;
    /* Names built by libtool-style wrappers keep their real name. */
    if (strncmp(prog_name, "lt-", 3) == 0)
        prog_name += 3;
}

/* Writes s with control bytes made visible (\r, \n, \t, \xHH), so that
 * a value from binary or hostile input can neither garble the terminal
 * nor forge a second message line. */
static void
put_visible(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p != 0x7F)
            fputc(*p, out);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\r')
            fputs("\\r", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else
            fprintf(out, "\\x%02X", *p);
    }
}

static void
vmessage(const char *file, long line, const char *fmt, va_list ap)
{
    int saved = errno;
    size_t n = strlen(fmt);
    char *text = NULL;
    FILE *out = msg_out();

    if (!capture)
        fflush(stdout);
    fprintf(out, "%s: ", prog_name);
    if (file) {
        put_visible(out, file);
        fprintf(out, ":%ld: ", line);
    }
    if (vasprintf(&text, fmt, ap) >= 0) {
        put_visible(out, text);
        free(text);
    }
    if (n > 0 && fmt[n - 1] == ':')
        fprintf(out, " %s", strerror(saved));
    fputc('\n', out);
}

void
die(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(NULL, 0, fmt, ap);
    va_end(ap);
    end(status);
}

void
warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(NULL, 0, fmt, ap);
    va_end(ap);
}

void
die_at(const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(file, line, fmt, ap);
    va_end(ap);
    end(EXIT_DATA);
}

void
warn_at(const char *file, long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmessage(file, line, fmt, ap);
    va_end(ap);
}

void
usage_error(const char *fmt, ...)
{
    va_list ap;
    if (fmt) {
        va_start(ap, fmt);
        vmessage(NULL, 0, fmt, ap);
        va_end(ap);
    }
    fprintf(msg_out(), "Try '%s --help' for more information.\n",
            prog_name);
    end(EXIT_USAGE);
}

void
close_stdout(void)
{
    int failed = ferror(stdout);
    errno = 0;
    if (fclose(stdout) != 0)
        failed = 1;
    if (failed) {
        /* EPIPE cannot reach here: SIGPIPE keeps its default action. */
        fprintf(stderr, "%s: write error%s%s\n", prog_name, errno ? ": " : "",
                errno ? strerror(errno) : "");
        _exit(EXIT_DATA);
    }
    if (fclose(stderr) != 0)
        _exit(EXIT_DATA);
}

void
print_version(void)
{
    printf("%s (%s) %s\n", prog_name, PACKAGE_NAME, PACKAGE_VERSION);
    printf("License GPLv3+: GNU GPL version 3 or later "
           "<https://gnu.org/licenses/gpl.html>.\n"
           "This is free software: you are free to change and redistribute "
           "it.\nThere is NO WARRANTY, to the extent permitted by law.\n");
    exit(EXIT_OK);
}
