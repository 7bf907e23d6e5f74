/* fuzz.h: what the libFuzzer harnesses under tests/fuzz/ share.
 *
 * The library reports bad input with die(), which calls exit(). A fuzz
 * target must not exit, so the harnesses are linked with
 * -Wl,--wrap=exit,--wrap=fopen,--wrap=fdopen,--wrap=fmemopen,
 * --wrap=fopencookie,--wrap=fclose (see tests/fuzz/run.sh): while a call
 * into the library is armed with FZ_TRY, exit() jumps back to the harness
 * with the status, and every stream the library opened and left open is
 * closed, so that millions of inputs do not run out of file descriptors.
 * A die() is an expected outcome (a clear message and status 1 or 2); any
 * other status, a crash or a sanitizer report is a finding.
 *
 * FZ_FAIL reports a broken invariant: it prints the reason and aborts, which
 * libFuzzer records as a crash with the input that caused it. */
#ifndef CX_FUZZ_H
#define CX_FUZZ_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sanitizer/allocator_interface.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static jmp_buf *fz_jmp;
/* Where broken invariants are reported: a copy of the original stderr,
 * taken by fz_init, since libFuzzer's -close_fd_mask=2 (used for the
 * harnesses whose library calls print) closes stderr itself. */
static int fz_errfd = 2;
static int fz_status;

#define FZ_MAXFILES 64
static FILE *fz_files[FZ_MAXFILES];

void __real_exit(int status) __attribute__((noreturn));
void __wrap_exit(int status) __attribute__((noreturn));
FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);
FILE *__real_fmemopen(void *buf, size_t size, const char *mode);
FILE *__wrap_fmemopen(void *buf, size_t size, const char *mode);
FILE *__real_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);
FILE *__wrap_fopencookie(void *cookie, const char *mode,
                         cookie_io_functions_t io);
int __real_fclose(FILE *fp);
int __wrap_fclose(FILE *fp);

void
__wrap_exit(int status)
{
    if (fz_jmp) {
        jmp_buf *j = fz_jmp;
        fz_jmp = NULL;
        fz_status = status;
        longjmp(*j, 1);
    }
    __real_exit(status);
}

static FILE *
fz_track(FILE *fp)
{
    if (fp && fz_jmp)
        for (int i = 0; i < FZ_MAXFILES; i++)
            if (!fz_files[i]) {
                fz_files[i] = fp;
                break;
            }
    return fp;
}

FILE *
__wrap_fopen(const char *path, const char *mode)
{
    return fz_track(__real_fopen(path, mode));
}

FILE *
__wrap_fdopen(int fd, const char *mode)
{
    return fz_track(__real_fdopen(fd, mode));
}

FILE *
__wrap_fmemopen(void *buf, size_t size, const char *mode)
{
    return fz_track(__real_fmemopen(buf, size, mode));
}

FILE *
__wrap_fopencookie(void *cookie, const char *mode, cookie_io_functions_t io)
{
    return fz_track(__real_fopencookie(cookie, mode, io));
}

int
__wrap_fclose(FILE *fp)
{
    for (int i = 0; i < FZ_MAXFILES; i++)
        if (fz_files[i] == fp)
            fz_files[i] = NULL;
    return __real_fclose(fp);
}

/* Memory: while armed, every block allocated (through the sanitizer's
 * malloc hooks) is remembered until it is freed, so that after a die()
 * the blocks left behind are freed; otherwise a long run would grow by the
 * buffers of every input that dies. */

#define FZ_MSLOTS (1u << 16)
static void *fz_mem[FZ_MSLOTS];
static size_t fz_nmem;

static size_t
fz_mhash(void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 17;
    x *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(x >> 40) & (FZ_MSLOTS - 1);
}

static void
fz_mtrack(void *p)
{
    if (!p || fz_nmem >= FZ_MSLOTS / 2)
        return; /* full: that block is not freed after a die (rare) */
    size_t i = fz_mhash(p);
    while (fz_mem[i] && fz_mem[i] != (void *)1)
        i = (i + 1) & (FZ_MSLOTS - 1);
    fz_mem[i] = p;
    fz_nmem++;
}

static void
fz_muntrack(void *p)
{
    if (!p || !fz_nmem)
        return;
    for (size_t i = fz_mhash(p); fz_mem[i]; i = (i + 1) & (FZ_MSLOTS - 1))
        if (fz_mem[i] == p) {
            fz_mem[i] = (void *)1; /* a tombstone */
            fz_nmem--;
            return;
        }
}

static void
fz_mclear(bool release)
{
    if (!fz_nmem && !release)
        return;
    for (size_t i = 0; i < FZ_MSLOTS; i++) {
        /* Still allocated: not freed by a path the hooks miss. */
        if (release && fz_mem[i] && fz_mem[i] != (void *)1 &&
            __sanitizer_get_ownership(fz_mem[i]))
            fz_mem[i] = NULL;
    }
    fz_nmem = 0;
}

static void
fz_malloc_hook(const volatile void *p, size_t n)
{
    (void)n;
    if (fz_jmp)
        fz_mtrack((void *)p);
}

static void
fz_free_hook(const volatile void *p)
{
    fz_muntrack((void *)p);
}

/* After a die(): close what the library left open. A chained stream (a
 * fopencookie over other streams) goes first, since its close frees the
 * cookie but not the streams under it. */
static void
fz_close_leftovers(void)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = FZ_MAXFILES - 1; i >= 0; i--)
            if (fz_files[i]) {
                FILE *fp = fz_files[i];
                fz_files[i] = NULL;
                __real_fclose(fp);
            }
}

/* Runs stmt; evaluates to -1 when it returned, or to the exit status when
 * it died. */
#define FZ_TRY(stmt)                                                           \
    __extension__({                                                            \
        jmp_buf fz_j_;                                                         \
        int fz_r_ = -1;                                                        \
        memset(fz_files, 0, sizeof fz_files);                                  \
        if (setjmp(fz_j_) == 0) {                                              \
            fz_jmp = &fz_j_;                                                   \
            stmt;                                                              \
            fz_jmp = NULL;                                                     \
        } else {                                                               \
            fz_r_ = fz_status;                                                 \
            fz_close_leftovers();                                              \
        }                                                                      \
        fz_mclear(fz_r_ >= 0);                                                 \
        memset(fz_files, 0, sizeof fz_files);                                  \
        fz_r_;                                                                 \
    })

__attribute__((unused)) static void
fz_init(void)
{
    int fd = dup(2);
    if (fd >= 0)
        fz_errfd = fd;
    __sanitizer_install_malloc_and_free_hooks(fz_malloc_hook, fz_free_hook);
    /* stdout's buffer, which lives on, is allocated now, not while armed. */
    fflush(stdout);
}

__attribute__((format(printf, 1, 2), noreturn)) static void
fz_fail(const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    dprintf(fz_errfd, "\nFUZZ INVARIANT BROKEN: ");
    va_start(ap, fmt);
    vdprintf(fz_errfd, fmt, ap);
    va_end(ap);
    dprintf(fz_errfd, "\n");
    abort();
}

#define FZ_CHECK(cond, ...)                                                    \
    do {                                                                       \
        if (!(cond))                                                           \
            fz_fail(__VA_ARGS__);                                              \
    } while (0)

/* Known defects: each names an invariant a filed, not yet fixed defect
 * breaks. run.sh passes the ids of tests/fuzz/known-defects in
 * CXFUZZ_KNOWN so that a run goes on to find what is not known yet; when
 * a fix lands, its line goes and the invariant is checked again. */
__attribute__((unused)) static bool
fz_known(const char *id)
{
    static const char *known;
    if (!known) {
        known = getenv("CXFUZZ_KNOWN");
        if (!known)
            known = "";
    }
    size_t n = strlen(id);
    for (const char *p = known; (p = strstr(p, id)) != NULL; p += n)
        if ((p == known || p[-1] == ' ' || p[-1] == ',') &&
            (p[n] == '\0' || p[n] == ' ' || p[n] == ','))
            return true;
    return false;
}

/* FZ_CHECK unless the defect id is a known one. */
#define FZ_CHECK_UNLESS(id, cond, ...)                                         \
    do {                                                                       \
        if (!(cond) && !fz_known(id))                                          \
            fz_fail(__VA_ARGS__);                                              \
    } while (0)

/* A NUL-terminated copy of the input; the caller frees it. */
static char *
fz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
