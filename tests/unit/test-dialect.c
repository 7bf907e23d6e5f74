/* Unit tests for dialect: encodings, delimiter sniffing, header synonyms,
 * the time forms of exports and decimal commas. Expected values are worked
 * out by hand (calendar dates, UTF-8 byte sequences from the Unicode
 * tables: U+00EB is C3 AB, U+20AC is E2 82 AC). */
#include <config.h>

#include "dialect.h"

#include <stdlib.h>

#include "check.h"
#include "cxtime.h"

/* "canonical|flags" of a time, or "-" when it does not parse; flags: d
 * date only, z zulu. */
static const char *
tm(const char *s, const char *fmt)
{
    static char out[64];
    int64_t ms;
    bool donly, zulu;
    bool ok = fmt ? dtime_strptime(s, fmt, &ms, &donly, &zulu)
                  : dtime_parse(s, &ms, &donly, &zulu);
    if (!ok)
        return "-";
    time_format(ms, donly, zulu, out, sizeof out);
    return out;
}

static const char *
norm(const char *s)
{
    static char out[64];
    colname_norm(s, out, sizeof out);
    return out;
}

static const char *
conv(enum enc e, const char *s)
{
    static char *buf;
    static size_t cap;
    size_t len = 0;
    size_t at = enc_to_utf8(e, s, strlen(s), &buf, &cap, &len);
    return buf + at;
}

static const char *
trimmed(const char *s)
{
    static char out[64];
    size_t n = trim_span(&s);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

int
main(void)
{
    static const struct {
        const char *in, *fmt, *want;
    } times[] = {
        {"2014/10/22 11:15:41.000", NULL, "2014-10-22T11:15:41"},
        {"22-10-2014", NULL, "2014-10-22"},
        {"03/04/2026", NULL, "2026-04-03"},
        {"3-4-2026 9:05", NULL, "2026-04-03T09:05:00"},
        {"22.10.2014 08:00", NULL, "2014-10-22T08:00:00"},
        {"2010-12-30 14:32:00+01:00", NULL, "2010-12-30T13:32:00Z"},
        {"2026-11-22T09:30:00.250Z", NULL, "2026-11-22T09:30:00.250Z"},
        {"2026-01-01T00:30+0100", NULL, "2025-12-31T23:30:00Z"},
        {"2026-01-01T00:30:00,5-02", NULL, "2026-01-01T02:30:00.500Z"},
        {"2024-02-29", NULL, "2024-02-29"},
        {"2026-02-29", NULL, "-"},
        {"31-02-2026", NULL, "-"},
        {"2026-13-01", NULL, "-"},
        {"22-10-14", NULL, "-"},
        {"2014-10-22 25:00", NULL, "-"},
        {"2014-10-22T", NULL, "-"},
        {"12:00", NULL, "-"},
        {"", NULL, "-"},
        {"04/03/2026", "%m/%d/%Y", "2026-04-03"},
        {"13/03/2026", "%m/%d/%Y", "-"},
        {"02/30/2026", "%m/%d/%Y", "-"},
        {"Mar 4, 2026 10:15", "%b %d, %Y %H:%M", "2026-03-04T10:15:00"},
        {"2026-03-04 10:15 +0200", "%Y-%m-%d %H:%M %z", "2026-03-04T08:15:00Z"},
        {"04/03/2026 extra", "%m/%d/%Y", "-"},
    };
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
        CHECK_STR(tm(times[i].in, times[i].fmt), times[i].want);

    double v = 0;
    CHECK(dnum_parse("7,5", &v) && v == 7.5);
    CHECK(dnum_parse("8", &v) && v == 8);
    CHECK(dnum_parse("-0,25", &v) && v == -0.25);
    CHECK(dnum_parse("6.5", &v) && v == 6.5);
    CHECK(!dnum_parse("1,000.5", &v));
    CHECK(!dnum_parse("1,2,3", &v));
    CHECK(!dnum_parse("abc", &v));
    CHECK(!dnum_parse("", &v));
    CHECK(!dnum_parse(" 7", &v));

    CHECK_STR(norm("Case ID"), "caseid");
    CHECK_STR(norm("case_id"), "caseid");
    CHECK_STR(norm("case:concept:name"), "caseconceptname");
    CHECK_STR(norm("Cli\xC3\xABnt"), "client");
    CHECK_STR(norm("PATI\xC3\x8BNTNUMMER"), "patientnummer");
    CHECK_STR(norm("Complete Timestamp"), "completetimestamp");
    CHECK_STR(norm(" Afdeling "), "afdeling");
    CHECK_STR(norm("Stra\xC3\x9F"
                   "e \xC3\x97"),
              "strase");
    CHECK(synonym_rank("client", "caseid") >= 0);
    CHECK(synonym_rank("respondent", "client") >= 0);
    CHECK(synonym_rank("activity", "activity") == 0);
    CHECK(synonym_rank("activity", "conceptname") > 0);
    CHECK(synonym_rank("unit", "orggroup") > 0);
    CHECK(synonym_rank("staff", "orgresource") >
          synonym_rank("staff", "resource"));
    CHECK(synonym_rank("time", "completetimestamp") >= 0);
    CHECK(synonym_rank("client", "activity") == -1);
    CHECK(synonym_rank("nosuch", "client") == -1);

    CHECK(sniff_delim("a;b;c\n", 6) == ';');
    CHECK(sniff_delim("a,b;c,d", 7) == ',');
    CHECK(sniff_delim("\"x;y;z\",b\n", 10) == ',');
    CHECK(sniff_delim("a\tb\n", 4) == '\t');
    CHECK(sniff_delim("a|b", 3) == '|');
    CHECK(sniff_delim("abc", 3) == ',');

    CHECK_STR(conv(ENC_CP1252, "cli\xEBnt"), "cli\xC3\xABnt");
    CHECK_STR(conv(ENC_CP1252, "\x80 5"), "\xE2\x82\xAC 5");
    CHECK_STR(conv(ENC_CP1252, "\x81"), "\xC2\x81");
    CHECK_STR(conv(ENC_LATIN1, "\x80"), "\xC2\x80");
    CHECK_STR(conv(ENC_LATIN1, "caf\xE9"), "caf\xC3\xA9");
    CHECK(utf8_valid("cli\xC3\xABnt", 7));
    CHECK(!utf8_valid("cli\xEBnt", 6));
    CHECK(!utf8_valid("\xED\xA0\x80", 3));
    CHECK(!utf8_valid("\xC0\xAF", 2));
    CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));
    CHECK(!utf8_valid("\xC3", 1));
    CHECK(utf8_valid("\xF0\x9F\x98\x80", 4));
    /* A sequence split across two blocks. */
    {
        struct utf8_state st = {0, 0x80, 0xBF};
        CHECK(utf8_feed(&st, (const unsigned char *)"a\xE2\x82", 3));
        CHECK(!utf8_finish(&st));
        CHECK(utf8_feed(&st, (const unsigned char *)"\xAC", 1));
        CHECK(utf8_finish(&st));
    }
    enum enc e;
    CHECK(enc_parse("CP1252", &e) && e == ENC_CP1252);
    CHECK(enc_parse("utf8", &e) && e == ENC_UTF8);
    CHECK(!enc_parse("ebcdic", &e));

    CHECK_STR(trimmed("  a b  "), "a b");
    CHECK_STR(trimmed("\xC2\xA0x\t\r"), "x");
    CHECK_STR(trimmed("   "), "");
    CHECK_DONE();
}
