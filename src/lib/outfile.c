/* outfile: atomic output files. */
#include <config.h>

#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "xalloc.h"

static char *final_path;
static char *temp_path;
static FILE *temp_fp;

static void
cleanup(void)
{
    if (temp_path) {
        if (temp_fp)
            fclose(temp_fp);
        unlink(temp_path);
        temp_path = NULL;
    }
}

FILE *
outfile_open(const char *path)
{
    if (!path || strcmp(path, "-") == 0)
        return stdout;
    final_path = xstrdup(path);
    temp_path = xmalloc(strlen(path) + 16);
    sprintf(temp_path, "%s.tmpXXXXXX", path);
    int fd = mkstemp(temp_path);
    if (fd < 0) {
        free(temp_path);
        temp_path = NULL;
        die(EXIT_DATA, "%s:", path);
    }
    /* mkstemp makes 0600; give the file the usual umask-based mode. */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    atexit(cleanup);
    temp_fp = fdopen(fd, "w");
    if (!temp_fp)
        die(EXIT_DATA, "%s:", path);
    return temp_fp;
}

void
outfile_commit(void)
{
    if (!temp_fp)
        return;
    int failed = ferror(temp_fp) || fflush(temp_fp) != 0;
    failed |= fclose(temp_fp) != 0;
    temp_fp = NULL;
    if (failed)
        die(EXIT_DATA, "%s: write error:", final_path);
    if (rename(temp_path, final_path) != 0)
        die(EXIT_DATA, "%s:", final_path);
    free(temp_path);
    temp_path = NULL;
}
