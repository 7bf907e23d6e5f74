/* Unit test for ingest: one whole run over a small Windows-1252,
 * ';'-separated export with one bad record, checked against the output
 * and counts worked out by hand (0xEB is e-diaeresis, UTF-8 C3 AB; line 3
 * has 30 February). */
#include <config.h>

#include "ingest.h"

#include <stdlib.h>
#include <unistd.h>

#include "check.h"

static char *
slurp(const char *path)
{
    static char buf[1024];
    FILE *fp = fopen(path, "r");
    size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;
    buf[n] = '\0';
    if (fp)
        fclose(fp);
    return buf;
}

int
main(void)
{
    char in[] = "/tmp/test-ingest-in.XXXXXX";
    char out[] = "/tmp/test-ingest-out.XXXXXX";
    int fd = mkstemp(in), fd2 = mkstemp(out);
    CHECK(fd >= 0 && fd2 >= 0);
    const char *text = "Cli\353nt;Datum;Activiteit;Afdeling\r\n"
                       "7;06-01-2026 09:15;Aanmelding;Wachtlijst\r\n"
                       "7;30-02-2026 10:00;Intake;Geriatrie\r\n"
                       "\r\n"
                       "8;2026-01-07;Intake;Geriatrie\r\n";
    CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    close(fd2);

    struct ingest_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    o.max_pct = -1;
    o.max_count = 1;
    o.max_rejects = "1";
    o.output = out;
    ingest_validate(&o);
    char *files[] = {in};
    struct ingest_counts c;
    CHECK(ingest_run(&o, files, 1, &c) == 0);
    CHECK(c.read == 3 && c.written == 2 && c.rejected == 1 && c.blank == 1);
    CHECK_STR(slurp(out), "client,time,activity,unit,staff\n"
                          "7,2026-01-06T09:15:00,Aanmelding,Wachtlijst,\n"
                          "8,2026-01-07,Intake,Geriatrie,\n");
    unlink(in);
    unlink(out);
    ingest_opts_free(&o);
    CHECK_DONE();
}
