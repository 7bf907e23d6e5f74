/* err: uniform diagnostics ("tool: message", "tool: FILE:LINE: message"),
 * checked close of stdout, and the exit statuses every cxkit tool shares. */
#ifndef CX_ERR_H
#define CX_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdnoreturn.h>

/* Exit statuses of the conventions. */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* The program name used in messages; set once by err_init from argv[0]. */
extern const char *prog_name;

void err_init(const char *argv0);

/* A format ending in ':' gets ": strerror(errno)" appended. */
noreturn void die(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Data error at FILE:LINE (FILE "-" for standard input); exits with 1. */
noreturn void die_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void warn_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prints "Try 'tool --help' for more information." and exits with 2. */
noreturn void usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Registered with atexit: flushes and closes stdout, turning a write error
 * (such as /dev/full) into a message and exit status 1. */
void close_stdout(void);

/* Capture, for threads that read part of an input (par.h): while a thread
 * has a capture started, its messages (warn, warn_at, die, die_at,
 * usage_error) are written to c->fp instead of stderr, and die, die_at and
 * usage_error set c->status and c->died and end only that thread
 * (pthread_exit) instead of the process. Once the thread has ended,
 * err_capture_finish closes c->fp: c->buf then holds the c->len bytes the
 * messages would have written to stderr (the caller frees c->buf). */
struct err_capture {
    FILE *fp;
    char *buf;
    size_t len;
    int status;
    bool died;
};
void err_capture_start(struct err_capture *c);
void err_capture_finish(struct err_capture *c);

/* Prints "tool (cxkit) VERSION" and the license line, exits 0. */
noreturn void print_version(void);

#endif
