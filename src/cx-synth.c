/* cx-synth: a synthetic care organisation with planted effects. */
#include <config.h>

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxtime.h"
#include "err.h"
#include "num.h"
#include "opts.h"
#include "outdir.h"
#include "synth.h"
#include "tool.h"
#include "xalloc.h"

struct synth_opts {
    struct synth_params p;
    const char *outdir;
    const char *only;
    /* Per-unit lists, checked against --units once all options are read. */
    const char *list_arg[5];
};

enum {
    OPT_SEED = 256,
    OPT_UNITS,
    OPT_CLIENTS,
    OPT_STAFF,
    OPT_HOME,
    OPT_START,
    OPT_WEEKS,
    OPT_LAG,
    OPT_EFFECT,
    OPT_WAIT_EFFECT,
    OPT_HANDOFF_EFFECT,
    OPT_INTAKE,
    OPT_TREATMENT,
    OPT_SIGMA,
    OPT_HANDOFF,
    OPT_RETURN,
    OPT_CONTINUITY,
    OPT_COMPLAINT,
    OPT_ANSWER,
    OPT_NONRESP,
    OPT_STAFF_NONRESP,
    OPT_ITEM_MISSING,
    OPT_ONLY
};

/* The per-unit list options, in list_arg order. */
static const struct {
    const char *name;
    double min, max;
} list_opt[5] = {
    {"--intake-median", 0.01, 3650},
    {"--treatment-median", 0.01, 3650},
    {"--handoff", 0, 1},
    {"--return", 0, 1},
    {"--continuity", 0, 1},
};

static const struct option long_opts[] = {
    {"seed", required_argument, NULL, OPT_SEED},
    {"units", required_argument, NULL, OPT_UNITS},
    {"clients", required_argument, NULL, OPT_CLIENTS},
    {"staff-per-unit", required_argument, NULL, OPT_STAFF},
    {"home-care", required_argument, NULL, OPT_HOME},
    {"start", required_argument, NULL, OPT_START},
    {"weeks", required_argument, NULL, OPT_WEEKS},
    {"lag", required_argument, NULL, OPT_LAG},
    {"effect", required_argument, NULL, OPT_EFFECT},
    {"wait-effect", required_argument, NULL, OPT_WAIT_EFFECT},
    {"handoff-effect", required_argument, NULL, OPT_HANDOFF_EFFECT},
    {"intake-median", required_argument, NULL, OPT_INTAKE},
    {"treatment-median", required_argument, NULL, OPT_TREATMENT},
    {"wait-sigma", required_argument, NULL, OPT_SIGMA},
    {"handoff", required_argument, NULL, OPT_HANDOFF},
    {"return", required_argument, NULL, OPT_RETURN},
    {"continuity", required_argument, NULL, OPT_CONTINUITY},
    {"complaint", required_argument, NULL, OPT_COMPLAINT},
    {"answer-median", required_argument, NULL, OPT_ANSWER},
    {"nonresponse", required_argument, NULL, OPT_NONRESP},
    {"staff-nonresponse", required_argument, NULL, OPT_STAFF_NONRESP},
    {"item-missing", required_argument, NULL, OPT_ITEM_MISSING},
    {"digits", required_argument, NULL, OPT_COMMON_DIGITS},
    {"output", required_argument, NULL, 'o'},
    {"only", required_argument, NULL, OPT_ONLY},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static noreturn void
usage(int status)
{
    if (status != EXIT_OK)
        usage_error(NULL);
    printf(
        "Usage: cx-synth [OPTION]... -o DIR\n"
        "  or:  cx-synth [OPTION]... --only NAME\n"
        "Generate a synthetic care organisation with planted effects: "
        "events,\nclient and staff survey responses, and the truth a tool "
        "should recover.\n"
        "\n"
        "Organisation:\n"
        "      --seed N               random seed (default 1)\n"
        "      --units N              units (teams) (default 8)\n"
        "      --clients N            clients referred (default 2000)\n"
        "      --staff-per-unit N     employees per unit (default 12)\n"
        "      --home-care N          the last N units are home care, "
        "where clients\n"
        "                               meet many carers (default 1)\n"
        "      --start DATE           first day (default 2026-01-05)\n"
        "      --weeks N              weeks covered (default 26)\n"
        "Planted effects:\n"
        "      --lag N                client satisfaction follows staff "
        "satisfaction\n"
        "                               N quarters earlier (default 1)\n"
        "      --effect X             strength of that link (default 0.4)\n"
        "      --wait-effect X        per week waited (default -0.04)\n"
        "      --handoff-effect X     per handoff during care (default "
        "-0.2)\n"
        "      --intake-median DAYS   median wait referral to intake; one "
        "value, or\n"
        "                               one per unit, comma-separated\n"
        "                               (default: drawn per unit around 21)\n"
        "      --treatment-median DAYS  median wait intake to treatment\n"
        "                               (default: drawn around 14)\n"
        "      --wait-sigma X         lognormal sigma of the waits "
        "(default 0.6)\n"
        "      --handoff P            chance of a handoff at each contact, "
        "per unit\n"
        "                               (default: drawn, 0.03 to 0.12)\n"
        "      --return P             chance a handoff returns after one "
        "contact\n"
        "                               (default: drawn, 0.15 to 0.5)\n"
        "      --continuity P         chance a contact is with the "
        "client's own carer\n"
        "                               (default: drawn, 0.55 to 0.9; "
        "home care 0.1\n"
        "                               to 0.25)\n"
        "      --complaint P          chance a client complains (default "
        "0.06)\n"
        "      --answer-median DAYS   median days to answer a complaint "
        "(default 21)\n"
        "      --nonresponse P        client survey non-response (default "
        "0.5)\n"
        "      --staff-nonresponse P  staff survey non-response (default "
        "0.3)\n"
        "      --item-missing P       chance an item is left unanswered "
        "(default 0.03)\n"
        "Output:\n"
        "  -o, --output DIR           write events.csv, clients.csv, "
        "staff.csv and\n"
        "                               truth.csv into DIR (created if "
        "missing),\n"
        "                               all replaced together at the end\n"
        "      --only NAME            write only events, clients, staff or "
        "truth to\n"
        "                               standard output\n"
        "      --digits N             significant digits in truth.csv "
        "(default 10)\n"
        "  -h, --help                 display this help and exit\n"
        "  -V, --version              output version information and exit\n"
        "\n"
        "The same options and seed give byte-identical files on every "
        "machine.\n"
        "\n"
        "Exit status: 0 success, 1 write error, 2 bad command line.\n"
        "\n"
        "Example:\n"
        "  cx-synth --seed 7 --units 40 -o org && cx-waits --from referral "
        "\\\n"
        "      --to intake -g unit org/events.csv\n");
    exit(EXIT_OK);
}

static void
parse_start(struct synth_opts *o, const char *arg)
{
    bool date_only = false;
    if (!time_parse(arg, &o->p.start, &date_only) || !date_only)
        usage_error("invalid --start '%s': a date such as 2026-01-05", arg);
}

static void
parse_list(const char *arg, size_t which, size_t units, struct synth_list *l)
{
    const char *name = list_opt[which].name;
    size_t n;
    char **items = opt_list(name, arg, &n);
    if (n != 1 && n != units)
        usage_error("invalid %s '%s': one value, or one per unit (%zu)", name,
                    arg, units);
    l->v = xcalloc(n, sizeof *l->v);
    l->n = n;
    for (size_t i = 0; i < n; i++)
        l->v[i] = opt_double(name, items[i], list_opt[which].min,
                             list_opt[which].max);
    opts_free_list(items, n);
}

static void
parse_args(struct synth_opts *o, int argc, char **argv)
{
    struct synth_params *p = &o->p;
    struct common_opts co;
    common_opts_init(&co);
    co.digits = p->digits;
    int c;
    while ((c = getopt_long(argc, argv, "o:hV", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_SEED:
            p->seed =
                (unsigned long)opt_long("--seed", optarg, 0, 4294967295LL);
            break;
        case OPT_UNITS:
            p->units = (size_t)opt_long("--units", optarg, 1, 999);
            break;
        case OPT_CLIENTS:
            p->clients = (size_t)opt_long("--clients", optarg, 0, 100000000);
            break;
        case OPT_STAFF:
            p->staff_per_unit =
                (size_t)opt_long("--staff-per-unit", optarg, 2, 999);
            break;
        case OPT_HOME:
            p->home_care = (size_t)opt_long("--home-care", optarg, 0, 999);
            break;
        case OPT_START:
            parse_start(o, optarg);
            break;
        case OPT_WEEKS:
            p->weeks = (long)opt_long("--weeks", optarg, 1, 1040);
            break;
        case OPT_LAG:
            p->lag = (long)opt_long("--lag", optarg, 0, 8);
            break;
        case OPT_EFFECT:
            p->effect = opt_double("--effect", optarg, -5, 5);
            break;
        case OPT_WAIT_EFFECT:
            p->wait_effect = opt_double("--wait-effect", optarg, -5, 5);
            break;
        case OPT_HANDOFF_EFFECT:
            p->handoff_effect = opt_double("--handoff-effect", optarg, -5, 5);
            break;
        case OPT_INTAKE:
            o->list_arg[0] = optarg;
            break;
        case OPT_TREATMENT:
            o->list_arg[1] = optarg;
            break;
        case OPT_HANDOFF:
            o->list_arg[2] = optarg;
            break;
        case OPT_RETURN:
            o->list_arg[3] = optarg;
            break;
        case OPT_CONTINUITY:
            o->list_arg[4] = optarg;
            break;
        case OPT_SIGMA:
            p->wait_sigma = opt_double("--wait-sigma", optarg, 0, 3);
            break;
        case OPT_COMPLAINT:
            p->complaint = opt_double("--complaint", optarg, 0, 1);
            break;
        case OPT_ANSWER:
            p->answer_median =
                opt_double("--answer-median", optarg, 0.01, 3650);
            break;
        case OPT_NONRESP:
            p->nonresponse = opt_double("--nonresponse", optarg, 0, 1);
            break;
        case OPT_STAFF_NONRESP:
            p->staff_nonresponse =
                opt_double("--staff-nonresponse", optarg, 0, 1);
            break;
        case OPT_ITEM_MISSING:
            p->item_missing = opt_double("--item-missing", optarg, 0, 1);
            break;
        case OPT_ONLY:
            o->only = optarg;
            break;
        default:
            if (!common_option(c, optarg, &co, usage))
                usage(EXIT_USAGE);
        }
    }
    p->digits = co.digits;
    o->outdir = co.output;
    if (optind < argc)
        usage_error("extra operand '%s'", argv[optind]);
}

static void
validate(struct synth_opts *o)
{
    struct synth_params *p = &o->p;
    if (p->home_care > p->units)
        usage_error("invalid --home-care '%zu': more than --units (%zu)",
                    p->home_care, p->units);
    /* Times are written with four-digit years. */
    if (p->start + (int64_t)p->weeks * 7 * MS_PER_DAY >
        days_from_civil(10000, 1, 1) * MS_PER_DAY)
        usage_error("invalid --weeks '%ld': the window would end after "
                    "9999-12-31",
                    p->weeks);
    struct synth_list *lists[5] = {&p->intake_median, &p->treatment_median,
                                   &p->handoff, &p->ret, &p->continuity};
    for (size_t i = 0; i < 5; i++)
        if (o->list_arg[i])
            parse_list(o->list_arg[i], i, p->units, lists[i]);
    if (o->outdir && o->only)
        usage_error("-o and --only exclude each other");
    if (!o->outdir && !o->only)
        usage_error("no output: give -o DIR or --only NAME");
    if (o->only && strcmp(o->only, "events") != 0 &&
        strcmp(o->only, "clients") != 0 && strcmp(o->only, "staff") != 0 &&
        strcmp(o->only, "truth") != 0)
        usage_error("invalid --only '%s': events, clients, staff or truth",
                    o->only);
}

int
main(int argc, char **argv)
{
    struct synth_opts o;
    tool_init(argv[0]);
    memset(&o, 0, sizeof o);
    synth_defaults(&o.p);
    parse_args(&o, argc, argv);
    validate(&o);

    struct synth_out out = {NULL, NULL, NULL, NULL};
    if (o.only) {
        if (strcmp(o.only, "events") == 0)
            out.events = stdout;
        else if (strcmp(o.only, "clients") == 0)
            out.clients = stdout;
        else if (strcmp(o.only, "staff") == 0)
            out.staff = stdout;
        else
            out.truth = stdout;
        synth_run(&o.p, &out);
    } else {
        outdir_init(o.outdir);
        out.events = outdir_open("events.csv");
        out.clients = outdir_open("clients.csv");
        out.staff = outdir_open("staff.csv");
        out.truth = outdir_open("truth.csv");
        synth_run(&o.p, &out);
        outdir_commit();
    }
    struct synth_list *lists[5] = {&o.p.intake_median, &o.p.treatment_median,
                                   &o.p.handoff, &o.p.ret, &o.p.continuity};
    for (size_t i = 0; i < 5; i++)
        free(lists[i]->v);
    return EXIT_OK;
}
