/* cx-ingest: turns what organisations export into canonical events or
 * responses CSV, accounting for every input record (written or rejected).
 * This file parses the options; the work is in src/lib/ingest.c. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "dialect.h"
#include "err.h"
#include "ingest.h"
#include "num.h"
#include "opts.h"
#include "pseudo.h"
#include "tool.h"
#include "tz.h"
#include "xalloc.h"

static noreturn void
usage(int status)
{
    if (status != 0)
        usage_error(NULL);
    printf(
        "Usage: cx-ingest [OPTION]... [FILE]...\n"
        "Turn an export (any delimiter, Windows-1252, Dutch dates, wide "
        "surveys)\ninto canonical events or responses CSV; rows that cannot "
        "be read are\nrejected with their line number and reason.\n"
        "\n"
        "  -s, --schema S          events (default), responses, or table "
        "(any columns)\n"
        "  -d, --delimiter C       field separator: , ; | or tab "
        "(default: detected)\n"
        "  -e, --encoding E        auto (default), utf-8, windows-1252 or "
        "latin1\n"
        "  -m, --map C=COL,...     take canonical column C from input column "
        "COL\n"
        "      --map-file FILE     read --map items from FILE, one per line\n"
        "  -k, --keep COLS         carry these input columns after the "
        "canonical ones\n"
        "      --keep-all          carry every input column not mapped\n"
        "  -f, --date-format FMT   read times with strptime format FMT "
        "(repeatable)\n"
        "      --time-of-day COL   take the time of day from column COL\n"
        "      --tz ZONE           local times are in ZONE (Europe/Amsterdam): "
        "write UTC\n"
        "      --tz-ambiguous A    a local time that happens twice: first "
        "(default),\n"
        "                            second or reject\n"
        "      --wide              one row per respondent, one column per "
        "question\n"
        "      --items COLS        the question columns of --wide\n"
        "      --labels FILE       text answers and their scores "
        "(label,score)\n"
        "      --na VALUES         answers that mean \"no answer\" "
        "(comma-separated;\n"
        "                            default NA; --na '' for none)\n"
        "      --scale LO-HI       reject scores outside LO..HI, e.g. 1-5\n"
        "      --pseudonymize KEY  replace identifiers by keyed pseudonyms "
        "(p_...),\n"
        "                            with the key in file KEY\n"
        "      --pseudonymize-cols COLS  the identifier columns (default: "
        "client,staff\n"
        "                            for events, respondent for responses)\n"
        "      --new-key FILE      write a new random key to FILE (mode 0600) "
        "and exit\n"
        "      --pad-short         give records with too few fields empty "
        "ones (counted)\n"
        "  -r, --rejects FILE      write rejected records to FILE\n"
        "      --max-rejects N     rejects allowed, a count or a share P%% "
        "(default 0)\n"
        "  -o, --output FILE       write FILE atomically (only on success)\n"
        "  -q, --quiet             on stderr, only the read/wrote/rejected "
        "line\n"
        "  -h, --help              display this help and exit\n"
        "  -V, --version           output version information and exit\n"
        "\n"
        "Without FILE, or when FILE is -, read standard input. Columns are "
        "found by\nname or synonym (Case ID, cliënt, datum, activiteit, "
        "afdeling, ...);\nthe choice is reported on stderr.\n"
        "\n"
        "Exit status: 0 success; 1 rejected records beyond --max-rejects, "
        "or a read\nor write error; 2 bad command line or missing column.\n"
        "\n"
        "Example:\n"
        "  cx-ingest --map client='Case ID' -r rejects.csv export.csv > "
        "events.csv\n");
    exit(EXIT_OK);
}

/* Option parsing. */

/* Splits "k=v,k2='v, with comma'" into pairs. */
static void
parse_map(struct ingest_opts *o, const char *arg)
{
    const char *p = arg;
    if (!*p)
        usage_error("invalid --map '': expected C=COLUMN, such as "
                    "client='Case ID'");
    while (*p) {
        const char *eq = p;
        while (*eq && *eq != '=' && *eq != ',')
            eq++;
        if (*eq != '=' || eq == p)
            usage_error("invalid --map '%s': expected C=COLUMN, such as "
                        "client='Case ID'",
                        arg);
        char *key = xstrndup(p, (size_t)(eq - p));
        const char *v = eq + 1, *end;
        char *val;
        if (*v == '\'' || *v == '"') {
            end = strchr(v + 1, *v);
            if (!end)
                usage_error("invalid --map '%s': unbalanced quote", arg);
            val = xstrndup(v + 1, (size_t)(end - v - 1));
            end++;
            if (*end && *end != ',')
                usage_error("invalid --map '%s': expected ',' after a quoted "
                            "name",
                            arg);
        } else {
            end = v;
            while (*end && *end != ',')
                end++;
            val = xstrndup(v, (size_t)(end - v));
        }
        o->map_keys = xreallocarray(o->map_keys, o->nmap + 1, sizeof(char *));
        o->map_vals = xreallocarray(o->map_vals, o->nmap + 1, sizeof(char *));
        o->map_keys[o->nmap] = key;
        o->map_vals[o->nmap++] = val;
        p = *end ? end + 1 : end;
    }
}

static void
read_map_file(struct ingest_opts *o, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die(EXIT_DATA, "%s:", path);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        const char *s = line;
        trim_span(&s);
        if (*s && *s != '#')
            parse_map(o, s);
    }
    if (ferror(fp))
        die(EXIT_DATA, "%s: read error:", path);
    free(line);
    fclose(fp);
}

static char
opt_delim(const char *arg)
{
    if (strcmp(arg, "tab") == 0 || strcmp(arg, "\\t") == 0)
        return '\t';
    if (strlen(arg) != 1 || strchr("\"\r\n", arg[0]))
        usage_error("invalid --delimiter '%s': one character, or 'tab'", arg);
    return arg[0];
}

static void
opt_scale(struct ingest_opts *o, const char *arg)
{
    const char *dash = arg[0] ? strchr(arg + 1, '-') : NULL;
    char lo[64];
    if (!dash || (size_t)(dash - arg) >= sizeof lo)
        goto bad;
    memcpy(lo, arg, (size_t)(dash - arg));
    lo[dash - arg] = '\0';
    if (!num_parse(lo, &o->scale_lo) || !num_parse(dash + 1, &o->scale_hi) ||
        !(o->scale_lo < o->scale_hi))
        goto bad;
    o->scale = arg;
    return;
bad:
    usage_error("invalid --scale '%s': LO-HI with LO < HI, such as 1-5 or "
                "0-10",
                arg);
}

static void
opt_max_rejects(struct ingest_opts *o, const char *arg)
{
    size_t n = strlen(arg);
    o->max_rejects = arg;
    o->max_pct = -1;
    if (n > 1 && arg[n - 1] == '%') {
        char buf[64];
        double p;
        if (n < sizeof buf) {
            memcpy(buf, arg, n - 1);
            buf[n - 1] = '\0';
            if (num_parse(buf, &p) && p >= 0 && p <= 100) {
                o->max_pct = p;
                return;
            }
        }
    } else if (num_parse_long(arg, 0, LLONG_MAX, &o->max_count)) {
        return;
    }
    usage_error("invalid --max-rejects '%s': a count such as 10, or a share "
                "such as 0.5%%",
                arg);
}

enum {
    OPT_MAP_FILE = 256,
    OPT_KEEP_ALL,
    OPT_WIDE,
    OPT_ITEMS,
    OPT_LABELS,
    OPT_NA,
    OPT_SCALE,
    OPT_MAX_REJECTS,
    OPT_TIME_OF_DAY,
    OPT_PSEUDONYMIZE,
    OPT_PSEUDONYMIZE_COLS,
    OPT_NEW_KEY,
    OPT_TZ,
    OPT_TZ_AMBIGUOUS,
    OPT_PAD_SHORT
};

/* A --date-format must at least name the day of the month (%d, %e, or a
 * conversion that holds it: %F %D %x %c %s): without one every time of
 * the input would be rejected. */
static void
check_date_format(const char *fmt)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || !p[1])
            continue;
        p++;
        if (*p == 'E' || *p == 'O')
            p++;
        if (*p && strchr("deFDxcs", *p))
            return;
    }
    usage_error("invalid --date-format '%s': a strptime format with the day "
                "of the month, such as '%%d-%%m-%%Y %%H:%%M'",
                fmt);
}

static void
parse_options(struct ingest_opts *o, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"schema", required_argument, NULL, 's'},
        {"delimiter", required_argument, NULL, 'd'},
        {"encoding", required_argument, NULL, 'e'},
        {"map", required_argument, NULL, 'm'},
        {"map-file", required_argument, NULL, OPT_MAP_FILE},
        {"keep", required_argument, NULL, 'k'},
        {"keep-all", no_argument, NULL, OPT_KEEP_ALL},
        {"date-format", required_argument, NULL, 'f'},
        {"wide", no_argument, NULL, OPT_WIDE},
        {"items", required_argument, NULL, OPT_ITEMS},
        {"labels", required_argument, NULL, OPT_LABELS},
        {"na", required_argument, NULL, OPT_NA},
        {"scale", required_argument, NULL, OPT_SCALE},
        {"rejects", required_argument, NULL, 'r'},
        {"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
        {"time-of-day", required_argument, NULL, OPT_TIME_OF_DAY},
        {"pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE},
        {"pseudonymize-cols", required_argument, NULL, OPT_PSEUDONYMIZE_COLS},
        {"new-key", required_argument, NULL, OPT_NEW_KEY},
        {"tz", required_argument, NULL, OPT_TZ},
        {"tz-ambiguous", required_argument, NULL, OPT_TZ_AMBIGUOUS},
        {"pad-short", no_argument, NULL, OPT_PAD_SHORT},
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0}};
    const char *map_file = NULL, *new_key = NULL;
    bool tz_fold_given = false;
    struct common_opts co;
    common_opts_init(&co);
    int c;
    o->max_pct = -1;
    while ((c = getopt_long(argc, argv, "s:d:e:m:k:f:r:o:qhV", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 's':
            if (strcmp(optarg, "events") == 0)
                o->schema = SCHEMA_EVENTS;
            else if (strcmp(optarg, "responses") == 0)
                o->schema = SCHEMA_RESPONSES;
            else if (strcmp(optarg, "table") == 0)
                o->schema = SCHEMA_TABLE;
            else
                usage_error("invalid --schema '%s': events, responses or "
                            "table",
                            optarg);
            break;
        case 'd':
            o->delim = opt_delim(optarg);
            break;
        case 'e':
            if (!enc_parse(optarg, &o->enc))
                usage_error("invalid --encoding '%s': auto, utf-8, "
                            "windows-1252 or latin1",
                            optarg);
            break;
        case 'm':
            parse_map(o, optarg);
            break;
        case OPT_MAP_FILE:
            map_file = optarg;
            break;
        case 'k':
            o->keep = opt_list_append("--keep", optarg, o->keep, &o->nkeep);
            break;
        case OPT_KEEP_ALL:
            o->keep_all = true;
            break;
        case 'f':
            check_date_format(optarg);
            o->datefmts =
                xreallocarray(o->datefmts, o->ndatefmts + 1, sizeof(char *));
            o->datefmts[o->ndatefmts++] = optarg;
            break;
        case OPT_WIDE:
            o->wide = true;
            break;
        case OPT_ITEMS:
            o->items = opt_list_append("--items", optarg, o->items, &o->nitems);
            break;
        case OPT_LABELS:
            o->labels = optarg;
            break;
        case OPT_NA:
            /* --na '' : nothing means "no answer", not even NA. */
            if (!*optarg)
                o->na_none = true;
            else
                o->na = opt_list_append("--na", optarg, o->na, &o->nna);
            break;
        case OPT_PAD_SHORT:
            o->pad_short = true;
            break;
        case OPT_SCALE:
            opt_scale(o, optarg);
            break;
        case 'r':
            o->rejects = optarg;
            break;
        case OPT_MAX_REJECTS:
            opt_max_rejects(o, optarg);
            break;
        case OPT_TIME_OF_DAY:
            o->time_of_day = optarg;
            break;
        case OPT_PSEUDONYMIZE:
            o->pseudonymize = optarg;
            break;
        case OPT_PSEUDONYMIZE_COLS:
            o->pseudo_cols = opt_list_append("--pseudonymize-cols", optarg,
                                             o->pseudo_cols, &o->npseudo_cols);
            break;
        case OPT_NEW_KEY:
            new_key = optarg;
            break;
        case OPT_TZ: {
            struct tz z;
            char why[300];
            if (!tz_open(&z, optarg, why, sizeof why))
                usage_error("invalid --tz '%s': %s", optarg, why);
            o->tz = optarg;
            break;
        }
        case OPT_TZ_AMBIGUOUS:
            if (strcmp(optarg, "first") == 0)
                o->tz_fold = TZ_FOLD_FIRST;
            else if (strcmp(optarg, "second") == 0)
                o->tz_fold = TZ_FOLD_SECOND;
            else if (strcmp(optarg, "reject") == 0)
                o->tz_fold = TZ_FOLD_REJECT;
            else
                usage_error("invalid --tz-ambiguous '%s': first, second or "
                            "reject",
                            optarg);
            tz_fold_given = true;
            break;
        case 'q':
            o->quiet = true;
            break;
        default:
            if (!common_option(c, optarg, &co, usage))
                usage(EXIT_USAGE);
        }
    }
    o->output = co.output;
    if (new_key) {
        if (optind < argc || o->pseudonymize || co.output)
            usage_error("--new-key writes a key and does nothing else");
        pseudo_new_key(new_key);
        if (!o->quiet)
            warn("wrote a new key to '%s' (mode 0600): keep it apart from "
                 "the data; without it no new export can be linked to the "
                 "pseudonyms made with it",
                 new_key);
        exit(EXIT_OK);
    }
    if (tz_fold_given && !o->tz)
        usage_error("--tz-ambiguous needs --tz");
    if (map_file)
        read_map_file(o, map_file);
}

int
main(int argc, char **argv)
{
    tool_init(argv[0]);
    struct ingest_opts o;
    memset(&o, 0, sizeof o);
    parse_options(&o, argc, argv);
    ingest_validate(&o);
    static char *stdin_only[] = {"-"};
    char **files = optind < argc ? argv + optind : stdin_only;
    size_t nfiles = optind < argc ? (size_t)(argc - optind) : 1;
    int status = ingest_run(&o, files, nfiles, NULL);
    ingest_opts_free(&o);
    return status;
}
