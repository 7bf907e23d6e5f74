/* disclose: the one disclosure-control policy of every tool that writes
 * group figures (--disclosure PROFILE, --min-n N).
 *
 * A profile says which cells of a report are hidden and how counts are
 * shown:
 *   default     a cell of fewer than 5 clients or respondents is hidden
 *               (primary), with complementary suppression (suppress.h);
 *               its key and count stay, its figures are empty
 *   staff       the same with 10: employee surveys, where vendors and NHS
 *               staff survey reports promise that no team smaller than 10
 *               is shown
 *   opensafely  OpenSAFELY's output rules: a count of 7 or fewer is
 *               redacted (the cell hidden, its count empty too), every
 *               count shown is rounded to the nearest multiple of 5, and
 *               figures derived from counts are computed from the rounded
 *               counts or left empty; complementary suppression as well
 *   none        nothing hidden: for analysts working inside the secure
 *               environment on their own figures, never for outputs that
 *               are shared
 * The default profile applies when no option is given (opts.h,
 * common_disclosure_default). --min-n N sets the threshold by hand (with or without a profile; without
 * one it is the default profile with N).
 *
 * Complementary suppression runs over every dimension the output has: the
 * -g columns and the period. A struct disclosure is a plain value; nothing
 * here allocates what the caller must free. */
#ifndef CX_DISCLOSE_H
#define CX_DISCLOSE_H

#include <stdbool.h>
#include <stddef.h>

struct disclosure {
    const char *profile; /* "default", "staff", "opensafely", "none";
                            NULL: not set (no suppression) */
    long long min_n;     /* cells with a count below are hidden; 0: off */
    long long round_to;  /* counts shown rounded to this multiple; 0: exact */
    bool redact_counts;  /* a hidden cell's count is not shown either */
};

/* Sets d from a profile name; false for an unknown name. */
bool disclosure_profile(const char *name, struct disclosure *d);
/* The profiles, for messages: "default, staff, opensafely or none". */
extern const char disclosure_names[];
/* A count as it may be shown: rounded to the nearest multiple of
 * round_to (exact without rounding). Negative counts are not counts. */
long long disclosure_round(const struct disclosure *d, long long n);
/* Hides cells: primary below min_n, then complementary over the first
 * nvary of ndims key dimensions (see suppress_cells). Returns the number
 * hidden by the complementary rule. */
size_t disclosure_cells(const struct disclosure *d, size_t ncells, size_t ndims,
                        size_t nvary, const size_t *keys, const size_t *count,
                        bool *hidden);

#endif
