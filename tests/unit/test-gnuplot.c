/* Unit tests for gnuplot: string quoting, finding gnuplot on PATH, and
 * running it (a stand-in script) with the script on its standard input
 * and its standard output collected. */
#include <config.h>

#include "gnuplot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "err.h"

static char *
quoted(const char *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    gp_quote(fp, s);
    fclose(fp);
    return buf;
}

int
main(void)
{
    err_init("test-gnuplot");
    static const struct {
        const char *in, *want;
    } q[] = {
        {"abc", "'abc'"},
        {"", "''"},
        {"it's", "'it''s'"},
        {"''", "''''''"},
        {"a\nb\tc\r", "'a b c '"},
        {"a_b^2 & {x} \\n \"q\"", "'a_b^2 & {x} \\n \"q\"'"},
        {"Cli\xc3\xabnt", "'Cli\xc3\xabnt'"},
    };
    for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
        char *got = quoted(q[i].in);
        CHECK_STR(got, q[i].want);
        free(got);
    }

    /* A stand-in gnuplot in a temporary folder: it echoes its standard
     * input (the script) and the locale it runs in. */
    char dir[] = "/tmp/test-gnuplot.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char exe[64];
    snprintf(exe, sizeof exe, "%s/gnuplot", dir);
    FILE *fp = fopen(exe, "w");
    CHECK(fp != NULL);
    fputs("#!/bin/sh\necho \"locale $LC_ALL\"\ncat\n", fp);
    fclose(fp);
    chmod(exe, 0755);

    char path[200];
    snprintf(path, sizeof path, "/nonexistent:%s:/usr/bin", dir);
    setenv("PATH", path, 1);
    char *found = gp_find();
    CHECK(found && strcmp(found, exe) == 0);
    free(found);
    setenv("PATH", "/nonexistent:/also/not", 1);
    found = gp_find();
    CHECK(found == NULL);
    free(found);

    setenv("PATH", path, 1);
    setenv("LC_ALL", "nl_NL.UTF-8", 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    const char script[] = "plot x\n$d << EOD\n1 2\nEOD\n";
    gp_run(script, sizeof script - 1, out);
    fclose(out);
    CHECK_STR(buf, "locale C.UTF-8\nplot x\n$d << EOD\n1 2\nEOD\n");
    free(buf);

    unlink(exe);
    rmdir(dir);
    CHECK_DONE();
}
