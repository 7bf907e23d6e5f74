/* test-wkconf: configuration lines and shell-like word splitting. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "err.h"
#include "wkconf.h"

static void
test_words(void)
{
    size_t n;
    const char *err;
    char **w =
        words_split("--map client='Case ID' --labels  labels.csv", &n, &err);
    CHECK(w && n == 4);
    CHECK_STR(w[0], "--map");
    CHECK_STR(w[1], "client=Case ID");
    CHECK_STR(w[3], "labels.csv");
    words_free(w);
    w = words_split("\"a \\\"b\\\" c\" d\\ e '' x", &n, &err);
    CHECK(w && n == 4);
    CHECK_STR(w[0], "a \"b\" c");
    CHECK_STR(w[1], "d e");
    CHECK_STR(w[2], "");
    words_free(w);
    w = words_split("   ", &n, &err);
    CHECK(w && n == 0 && w[0] == NULL);
    words_free(w);
    CHECK(words_split("--map client='Case ID", &n, &err) == NULL);
    CHECK(err && strstr(err, "unterminated"));
    char *one = words_one("'events 2026*.csv'", &err);
    CHECK_STR(one, "events 2026*.csv");
    free(one);
    CHECK(words_one("a b", &err) == NULL);
}

static void
test_conf(void)
{
    struct wkconf c;
    wkconf_init(&c);
    wkconf_parse(&c, "# defaults\na = 1\nb =\nevents = x\n", "(default)", true);
    wkconf_parse(&c,
                 "\n  a=2   # a comment\nevents = 'my #1 file.csv' # c\n"
                 "b = --map client=\"Case ID\"\n",
                 "my.conf", false);
    CHECK_STR(wkconf_get(&c, "a")->value, "2");
    CHECK(wkconf_get(&c, "a")->line == 2);
    CHECK_STR(wkconf_get(&c, "a")->file, "my.conf");
    CHECK_STR(wkconf_get(&c, "events")->value, "'my #1 file.csv'");
    CHECK_STR(wkconf_get(&c, "b")->value, "--map client=\"Case ID\"");
    CHECK(wkconf_get(&c, "b")->line == 4);
    CHECK(wkconf_get(&c, "nosuch") == NULL);
    wkconf_free(&c);
}

int
main(int argc, char **argv)
{
    (void)argc;
    err_init(argv[0]);
    test_words();
    test_conf();
    CHECK_DONE();
}
