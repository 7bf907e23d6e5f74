/* Unit tests for outdir: files appear only at commit, all together (a new
 * folder appears whole; a folder of an earlier run is exchanged). */
#include <config.h>

#include "outdir.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static size_t
entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d)
        return 999;
    while ((e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static int
content_is(const char *path, const char *want)
{
    char buf[64] = "";
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strcmp(buf, want) == 0;
}

int
main(void)
{
    char base[] = "/tmp/test-outdir.XXXXXX";
    CHECK(mkdtemp(base) != NULL);
    char dir[64], a[96], b[96];
    snprintf(dir, sizeof dir, "%s/new", base);
    snprintf(a, sizeof a, "%s/a.csv", dir);
    snprintf(b, sizeof b, "%s/b.csv", dir);

    outdir_init(dir); /* a temporary folder beside it */
    struct stat st;
    FILE *fa = outdir_open("a.csv");
    FILE *fb = outdir_open("b.csv");
    fputs("x\n1\n", fa);
    fputs("y\n2\n", fb);
    /* Before commit: no folder, only the hidden temporary one beside it
     * with the two files. */
    CHECK(stat(dir, &st) != 0);
    CHECK(entries(base) == 1);
    outdir_commit();
    CHECK(stat(dir, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(entries(base) == 1);
    CHECK(entries(dir) == 2);
    CHECK(content_is(a, "x\n1\n"));
    CHECK(content_is(b, "y\n2\n"));

    /* A second round replaces both files. */
    outdir_init(dir);
    fputs("z\n", outdir_open("a.csv"));
    fputs("w\n", outdir_open("b.csv"));
    outdir_commit();
    CHECK(content_is(a, "z\n"));
    CHECK(content_is(b, "w\n"));
    CHECK(entries(dir) == 2);

    unlink(a);
    unlink(b);
    rmdir(dir);
    rmdir(base);
    CHECK_DONE();
}
