/* tool: common start-up of every cxkit program. */
#include <config.h>

#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "err.h"

/* A closed standard descriptor is given /dev/null, opened the wrong way
 * round (stdin write-only, stdout and stderr read-only): no file the tool
 * opens can take its number, and using the closed stream still fails as
 * it would have (a read or write error) instead of reading or writing
 * some other file. Lowest first, so that open returns the number itself. */
static void
guard_std_fds(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int got = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
}

void
tool_init(const char *argv0)
{
    guard_std_fds();
    err_init(argv0);
    atexit(close_stdout);
    gsl_set_error_handler_off();
}
