/* cx-excel: canonical CSV to the dialect a comma-decimal Excel opens. */
#include <config.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "err.h"
#include "excel.h"
#include "opts.h"
#include "outfile.h"
#include "tool.h"
#include "xalloc.h"

struct excel_opts {
    char **text; /* --text: columns whose numbers keep their point */
    size_t ntext;
    struct common_opts co; /* -o */
};

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf("Usage: cx-excel [OPTION]... [FILE]...\n"
           "Write canonical CSV for a spreadsheet with decimal commas (Dutch "
           "Excel): ';'\nbetween fields, numbers with a decimal comma, CRLF "
           "line ends and a UTF-8 byte\norder mark. The last step of a "
           "pipeline; no cxkit tool reads its output.\n\n");
    printf("      --text COLS       keep the numbers of these columns as "
           "they are\n"
           "  -o, --output FILE     write FILE atomically instead of standard "
           "output\n"
           "  -h, --help            display this help and exit\n"
           "  -V, --version         output version information and exit\n\n");
    printf("With no FILE, or when FILE is -, read standard input.\n\n"
           "Exit status: 0 success, 1 bad input data or a read or write "
           "error,\n2 bad command line.\n\n"
           "Example:\n"
           "  cx-waits --from referral --to intake -g unit events.csv | "
           "cx-excel -o waits.csv\n");
    exit(EXIT_OK);
}

enum { OPT_TEXT = 256 };

static const struct option long_options[] = {
    {"text", required_argument, NULL, OPT_TEXT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static void
parse_options(int argc, char **argv, struct excel_opts *o)
{
    memset(o, 0, sizeof *o);
    common_opts_init(&o->co);
    int c;
    while ((c = getopt_long(argc, argv, "o:hV", long_options, NULL)) != -1) {
        if (c == OPT_TEXT)
            o->text = opt_list_append("--text", optarg, o->text, &o->ntext);
        else if (!common_option(c, optarg, &o->co, usage))
            usage(EXIT_USAGE);
    }
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct excel_opts o;
    parse_options(argc, argv, &o);
    struct csvin in;
    csvin_open(&in, argv + optind, (size_t)(argc - optind));
    bool *number = xcalloc(in.hdr.n + 1, sizeof *number);
    for (size_t i = 0; i < in.hdr.n; i++)
        number[i] = true;
    for (size_t k = 0; k < o.ntext; k++)
        number[csvhdr_require(&in.hdr, o.text[k])] = false;

    FILE *out = outfile_open(o.co.output);
    struct xlw w;
    xlw_init(&w, out);
    for (size_t i = 0; i < in.hdr.n; i++)
        xlw_field(&w, in.hdr.names[i], false);
    xlw_end(&w);
    while (csvin_next(&in)) {
        for (size_t i = 0; i < in.nf; i++)
            xlw_field(&w, in.f[i], number[i]);
        xlw_end(&w);
    }
    csvin_close(&in);
    outfile_commit();
    free(number);
    opts_free_list(o.text, o.ntext);
    return EXIT_OK;
}
