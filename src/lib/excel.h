/* excel: the spreadsheet dialect of cx-excel, for the last step of a
 * pipeline that ends in Excel with a comma-decimal locale (Dutch, German,
 * French): a UTF-8 byte order mark first (so that Excel reads UTF-8), ';'
 * between fields, CRLF line ends, and numbers with a decimal comma. A
 * field is a number when the suite's strict number reader accepts it
 * (num.h: 12, -0.25, 1.5e-08); its '.' becomes ','. A field is quoted when
 * it holds ';', '"', CR or LF, or begins or ends with a space. The writer
 * owns nothing; the caller's FILE stays open. */
#ifndef CX_EXCEL_H
#define CX_EXCEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct xlw {
    FILE *fp;
    bool mid;       /* a field was written on this row */
    size_t numbers; /* fields written with a decimal comma */
};

/* Starts the output with the byte order mark. */
void xlw_init(struct xlw *w, FILE *fp);
/* One field; as_number false keeps a number's text (a --text column). */
void xlw_field(struct xlw *w, const char *s, bool as_number);
void xlw_end(struct xlw *w);

#endif
