/* Unit tests for partial: the fingerprint's name=value pairs, joined by
 * ';', with '%' and ';' in values escaped as %25 and %3B (cx-partial(5)),
 * and the frame a row starts with. */
#include <config.h>

#include "partial.h"

#include <stdio.h>
#include <stdlib.h>

#include "check.h"

int
main(void)
{
    struct partial_fp fp;
    partial_fp_init(&fp);
    CHECK_STR(fp.s, "");
    partial_fp_add(&fp, "scale", "1-5");
    CHECK_STR(fp.s, "scale=1-5");
    partial_fp_add(&fp, "items", NULL);
    partial_fp_add(&fp, "group-by", "unit;team,50%");
    CHECK_STR(fp.s, "scale=1-5;items=;group-by=unit%3Bteam,50%25");

    /* A row's frame: tool, format, fingerprint (quoted: it has a comma). */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    struct csvw w;
    csvw_init(&w, mem, 10);
    partial_header_start(&w);
    csvw_end(&w);
    partial_row_start(&w, "cx-x", &fp);
    csvw_end(&w);
    fclose(mem);
    CHECK_STR(buf, "tool,format,options\n"
                   "cx-x,1,\"scale=1-5;items=;group-by=unit%3Bteam,50%25\"\n");
    free(buf);
    partial_fp_free(&fp);
    CHECK_DONE();
}
