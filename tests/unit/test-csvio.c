/* Unit tests for csvio: the reader's records, line numbers, strictness and
 * recovery, and the writer's minimal quoting. */
#include <config.h>

#include "csvio.h"

#include <stdlib.h>

#include "check.h"

/* Reads all of text and renders each result as "line:f1|f2" (blank line:
 * "line:(blank)", error: "line!message") joined by " / ". */
static const char *
parse(const char *text, bool recover)
{
    static char out[2048];
    FILE *fp = fmemopen((void *)text, strlen(text), "r");
    struct csvr r;
    csvr_init(&r, fp, "t", ',', recover);
    out[0] = '\0';
    int rc;
    while ((rc = csvr_next(&r)) != 0) {
        char item[256];
        if (rc < 0) {
            snprintf(item, sizeof item, "%ld!%s", r.rec_line, r.errmsg);
        } else if (r.nf == 0) {
            snprintf(item, sizeof item, "%ld:(blank)", r.rec_line);
        } else {
            snprintf(item, sizeof item, "%ld:", r.rec_line);
            for (size_t i = 0; i < r.nf; i++) {
                if (i)
                    strcat(item, "|");
                strcat(item, r.f[i]);
            }
        }
        if (out[0])
            strcat(out, " / ");
        strcat(out, item);
        if (rc < 0 && !recover)
            break;
    }
    csvr_free(&r);
    fclose(fp);
    return out;
}

static const char *
write_row(char **fields, size_t n)
{
    static char out[512];
    FILE *fp = fmemopen(out, sizeof out, "w");
    struct csvw w;
    csvw_init(&w, fp, 10);
    csvw_row(&w, fields, n);
    fclose(fp);
    return out;
}

int
main(void)
{
    CHECK_STR(parse("a,b\n1,2\n", false), "1:a|b / 2:1|2");
    CHECK_STR(parse("a,b\r\n1,2\r\n", false), "1:a|b / 2:1|2");
    CHECK_STR(parse("a,b\n1,2", false), "1:a|b / 2:1|2");
    CHECK_STR(parse("\xEF\xBB\xBF" "a,b\n", false), "1:a|b");
    CHECK_STR(parse("a,b\n\n1,2\n", false), "1:a|b / 2:(blank) / 3:1|2");
    CHECK_STR(parse("a,b\r\n\r\n1,2\r\n", false), "1:a|b / 2:(blank) / 3:1|2");
    CHECK_STR(parse(" a , b \n", false), "1: a | b ");
    CHECK_STR(parse("a,,\n", false), "1:a||");
    CHECK_STR(parse("\"x,y\",\"say \"\"hi\"\"\"\n", false), "1:x,y|say \"hi\"");
    CHECK_STR(parse("a,\"two\nlines\"\nnext,row\n", false),
              "1:a|two\nlines / 3:next|row");
    CHECK_STR(parse("a,b\n\"open,x\n1,2\n", false),
              "1:a|b / 2!unterminated quoted field");
    CHECK_STR(parse("a,b\nx\"y,2\n3,4\n", false), "1:a|b / 2!stray quote");
    CHECK_STR(parse("a,b\n\"x\"y,2\n", false),
              "1:a|b / 2!unexpected character after a quoted field");
    /* Recovery: the bad line is reported, reading goes on after it. */
    CHECK_STR(parse("a,b\nx\"y,2\n3,4\n", true),
              "1:a|b / 2!stray quote / 3:3|4");
    CHECK_STR(parse("a,b\n\"open,x\n1,2\n3,4\n", true),
              "1:a|b / 2!unterminated quoted field / 3:1|2 / 4:3|4");
    CHECK_STR(parse("a,b\n1,\"ok\nstill\"\n\"bad\n5,6\n", true),
              "1:a|b / 2:1|ok\nstill / 4!unterminated quoted field / 5:5|6");
    /* A stray quote opening a field, closed badly lines later: only the
     * line it opened on is rejected. */
    CHECK_STR(parse("a,b\n\"x,1\n2,3\n4,y\"z\n5,6\n", true),
              "1:a|b / 2!unterminated quoted field / 3:2|3 / "
              "4!stray quote / 5:5|6");
    CHECK_STR(parse("", false), "");

    /* Raw text of a rejected record (recover mode). */
    {
        const char *text = "a,b\nx\"y,2\n";
        FILE *fp = fmemopen((void *)text, strlen(text), "r");
        struct csvr r;
        size_t len;
        csvr_init(&r, fp, "t", ',', true);
        CHECK(csvr_next(&r) == 1);
        CHECK(csvr_next(&r) == -1);
        const char *raw = csvr_raw(&r, &len);
        CHECK(len == 6 && strncmp(raw, "x\"y,2\n", 6) == 0);
        csvr_free(&r);
        fclose(fp);
    }

    /* Other delimiters. */
    {
        const char *text = "a;b\n\"1;5\";2\n";
        FILE *fp = fmemopen((void *)text, strlen(text), "r");
        struct csvr r;
        csvr_init(&r, fp, "t", ';', false);
        CHECK(csvr_next(&r) == 1 && r.nf == 2);
        CHECK(csvr_next(&r) == 1 && r.nf == 2 && strcmp(r.f[0], "1;5") == 0);
        CHECK(csvr_next(&r) == 0);
        csvr_free(&r);
        fclose(fp);
    }

    /* Header lookup. */
    {
        char *names[] = {"client", "time", "activity"};
        struct csvhdr h;
        csvhdr_copy(&h, names, 3);
        CHECK(csvhdr_find(&h, "time") == 1);
        CHECK(csvhdr_find(&h, "Time") == -1);
        CHECK(csvhdr_require(&h, "activity") == 2);
        csvhdr_free(&h);
    }

    /* Writer: quote only when needed. */
    char *plain[] = {"a", "b c", ""};
    CHECK_STR(write_row(plain, 3), "a,b c,\n");
    char *special[] = {"x,y", "say \"hi\"", " lead", "trail ", "two\nlines"};
    CHECK_STR(write_row(special, 5),
              "\"x,y\",\"say \"\"hi\"\"\",\" lead\",\"trail \",\"two\nlines\"\n");
    CHECK_DONE();
}
