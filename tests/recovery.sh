#!/bin/bash
# recovery.sh: the real tools recover what cx-synth planted.
#
# cx-synth writes truth.csv beside the data (see man/cx-synth.1). Every
# expected value below is read from truth.csv, never from a tool. Over
# several seeds (not one lucky seed) this checks, with the tools on PATH:
#
# 1. Exact reproductions (relative difference at most 1e-9; truth and
#    tools both print 15 significant digits). Realised values are computed
#    by the generator from exactly the rows it wrote, so a tool applying
#    the same definition must give the same number:
#    - cx-handoffs -g unit: handoffs_mean and returns_mean per unit;
#    - cx-handoffs --by staff --per-client -g unit: the mean of providers
#      over the unit's clients with at least one provider is carers_mean
#      (the summary's providers_mean is over all clients, including those
#      still waiting for an intake who met nobody, so it is not);
#    - cx-satisfaction -s 1-5 -g unit -p quarter: mean and respondents per
#      unit and quarter are staff_score_sample / staff_respondents on
#      staff.csv, and client_score_sample / client_respondents on
#      clients.csv without the 0-10 recommend item;
#    - cx-correlate --lag 1 -k unit,period -x mean -y mean -m pearson on
#      those two outputs: estimate and n are link_pearson_sample and
#      link_pairs_sample.
# 2. Coverage: the share of intervals that contain the planted value,
#    pooled over seeds and units, against the confidence level 95%. The
#    tolerance is binomial: with n intervals each covering with chance
#    0.95, the share lies within 0.95 +- 3 sqrt(0.95 0.05 / n) (three
#    standard errors: a correct tool would fail a two-sided check for
#    about 3 seed sets in 1000; the seeds are fixed and cx-synth is
#    deterministic, so the test itself never flickers). Where an
#    interval is knowingly conservative for the target we have, only the
#    lower bound applies.
#    - cx-waits median_lo..median_hi (Brookmeyer-Crowley, per unit,
#      referral -> intake and intake -> treatment, clients still waiting
#      right-censored at the end of the window): an interval for the
#      population median wait of the unit, which is exactly the planted
#      intake_median_days / treatment_median_days (the waits are lognormal
#      draws with that median, and censoring by the end of the window is
#      independent of the wait). Two-sided.
#    - cx-satisfaction mean_lo..mean_hi on staff.csv: a t interval for the
#      expected respondent mean score of the unit in that quarter. Each
#      employee's latent is drawn afresh around S(u,q) and items
#      independently, so the respondents are i.i.d. with expectation
#      staff_score_expected (planted). Two-sided.
#    - cx-satisfaction mean_lo..mean_hi on clients.csv (recommend left
#      out): client_score_expected is realised over the clients INVITED in
#      that unit and quarter, and the respondents are a random half of
#      them (nonresponse 0.5, independent of everything). The t interval
#      is for an infinite population and so ignores that half of the
#      finite population is observed: it is too wide for this target, and
#      its coverage should be at or above 95%. One-sided (lower bound).
#      Cells with fewer than 20 respondents are left out (the first
#      quarter of an organisation that starts empty has a handful).
#    - cx-correlate lo..hi (Fisher's z): an interval for the population
#      correlation of the two measures it is given, the unit-quarter
#      survey MEANS, over independent pairs. link_pearson_latent is not
#      that: it is the realised correlation of the latent means, without
#      the sampling noise of the survey means (so larger in size), and
#      --effect is a slope on the latent scale, not a correlation. The one
#      planted value this interval is for is the null: with --effect 0
#      client satisfaction does not depend on staff satisfaction at all,
#      so the population correlation of the survey means is exactly 0.
#      Pairs must be independent, so each null organisation has one pair
#      per unit (staff in 2026-Q1, clients in 2026-Q2: 25 weeks from
#      2026-01-05, no staff survey before the window). Two-sided. The
#      coverage of link_pearson_latent by the intervals of the main
#      organisations (4 quarters per unit, pooled) is printed for
#      information only.
# 3. The open worklist: cx-waits --open lists, per unit, exactly the
#    clients truth.csv counts as still waiting at the end
#    (waiting_intake, waiting_treatment), and the summary's waiting
#    column counts them too.
set -u
# The tools run under the suite's locale (CX_TEST_LOCALE); awk and sort,
# which check their output here, keep the C locale.
awk() { LC_ALL=C command awk "$@"; }
sort() { LC_ALL=C command sort "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/recovery.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0

seeds="1 2 3 4 5 6"
null_seeds=$(seq 1 30)
start=2026-01-05
weeks=52
end=2027-01-04T00:00:00 # start + 7 weeks days
units=10
level=0.95

# Each check appends "covered planted lo hi ..." lines to a file; a line
# with covered 1 is an interval that contains the planted value.
cover_check() { # name file sides(two|lower) [info]
    awk -v name="$1" -v sides="$3" -v info="${4:-}" -v p="$level" '
    { n++; k += $1 }
    END {
        if (n == 0) { print "FAIL: " name ": no intervals"; exit 1 }
        se = sqrt(p * (1 - p) / n); lo = p - 3 * se; hi = p + 3 * se
        if (lo < 0) lo = 0
        if (hi > 1 || sides == "lower") hi = 1
        share = k / n
        printf "%s: coverage %.1f%% (%d of %d intervals; nominal %g%%, %s %.1f%%..%.1f%%)\n",
            name, 100 * share, k, n, 100 * p, info ? "for information, binomial" : "allowed",
            100 * lo, 100 * hi
        if (!info && (share < lo || share > hi)) { print "FAIL: " name; exit 1 }
    }' "$2" || fail=1
}

# exact_check name file: lines "name key want got"; relative 1e-9.
exact_check() {
    awk -v name="$1" '
    function abs(x) { return x < 0 ? -x : x }
    {
        n++
        if ($3 == "" || $4 == "") { bad++; print "  " $0 " (missing)"; next }
        d = abs($3 - $4); s = abs($3) > abs($4) ? abs($3) : abs($4)
        if (d > 1e-9 * s) { bad++; print "  " $2 ": truth " $3 ", tool " $4 }
    }
    END {
        printf "%s: %d of %d values reproduced\n", name, n - bad, n
        if (n == 0 || bad) { print "FAIL: " name; exit 1 }
    }' "$2" || fail=1
}

# join_exact seed measure toolcsv column: "measure key want got" for every
# truth row of the measure with a value, from a tool CSV whose first
# columns are unit (and period, when it has one); and every tool figure
# the truth does not have.
join_exact() {
    awk -F, -v m="$2" -v col="$4" -v s="$1" '
    FILENAME ~ /truth/ { if ($1 == m && $4 != "") want[$2 "/" $3] = $4; next }
    FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { got[$1 "/" ("period" in c ? $2 : "")] = $c[col] }
    END {
        for (k in want) print m, "seed" s "/" k, want[k], (k in got) ? got[k] : ""
        # a figure the truth does not have must not appear either
        for (k in got) if (!(k in want) && got[k] != "") print m, "seed" s "/" k " (extra)", "", got[k]
    }' "org$1/truth.csv" "$3"
}

# ---- Main organisations --------------------------------------------------
for seed in $seeds; do
    cx-synth --seed "$seed" --units $units --clients 15000 --weeks $weeks \
        --start $start --staff-per-unit 30 --digits 15 -o "org$seed" || exit 99
done

: > exact.txt; : > waits.txt; : > staffcov.txt; : > clientcov.txt
: > latent.txt; : > open.txt
for seed in $seeds; do
    ev=org$seed/events.csv
    # 1. handoffs and returns per home unit.
    cx-handoffs --disclosure none -g unit --digits 15 "$ev" > h.csv || exit 99
    join_exact "$seed" handoffs_mean h.csv handoffs_mean >> exact.txt
    join_exact "$seed" returns_mean h.csv returns_mean >> exact.txt
    # carers: distinct staff per client, averaged over clients who met one.
    cx-handoffs --by staff -g unit --per-client --digits 15 "$ev" > pc.csv || exit 99
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print "unit,carers"; next }
        $c["providers"] > 0 { n[$2]++; s[$2] += $c["providers"] }
        END { for (u in n) printf "%s,%.17g\n", u, s[u] / n[u] }' pc.csv > carers.csv
    join_exact "$seed" carers_mean carers.csv carers >> exact.txt

    # Survey means per unit and quarter.
    cx-satisfaction --disclosure none -s 1-5 -g unit -p quarter --digits 15 "org$seed/staff.csv" \
        > staff.out || exit 99
    awk -F, '$4 != "recommend"' "org$seed/clients.csv" |
        cx-satisfaction --disclosure none -s 1-5 -g unit -p quarter --digits 15 > clients.out || exit 99
    join_exact "$seed" staff_score_sample staff.out mean >> exact.txt
    join_exact "$seed" client_score_sample clients.out mean >> exact.txt
    join_exact "$seed" staff_respondents staff.out respondents | awk '$3 != 0' >> exact.txt
    join_exact "$seed" client_respondents clients.out respondents | awk '$3 != 0' >> exact.txt
    for kind in staff client; do
        out=staff.out; [ $kind = client ] && out=clients.out
        awk -F, -v m=${kind}_score_expected -v kind=$kind -v s="$seed" '
        FILENAME ~ /truth/ { if ($1 == m) want[$2 "/" $3] = $4; next }
        FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        kind == "client" && $c["respondents"] < 20 { next }
        {
            w = want[$1 "/" $2]; lo = $c["mean_lo"]; hi = $c["mean_hi"]
            if (w == "" || lo == "" || hi == "") {
                # an interval or a planted value missing counts as a miss
                print 0, m, "seed" s "/" $1 "/" $2, w, lo, hi, "(missing)"
                next
            }
            print (lo <= w + 0 && w + 0 <= hi), m, "seed" s "/" $1 "/" $2, w, lo, hi
        }' "org$seed/truth.csv" $out >> ${kind}cov.txt
    done

    # The staff-to-client link.
    cx-correlate --disclosure none -k unit,period --lag 1 -x mean -y mean -m pearson --digits 15 \
        staff.out clients.out > r.csv 2> r.err || { cat r.err; exit 99; }
    awk -F, -v s="$seed" '
    FILENAME ~ /truth/ {
        if ($1 == "link_pearson_sample") r = $4
        if ($1 == "link_pairs_sample") n = $4
        if ($1 == "link_pearson_latent") lat = $4
        next
    }
    FNR == 2 {
        print "link_pearson_sample", "seed" s, r, $6 > "exact.add"
        print "link_pairs_sample", "seed" s, n, $5 > "exact.add"
        print (lat >= $7 && lat <= $8), "seed" s, lat, $7, $8 > "latent.add"
    }' "org$seed/truth.csv" r.csv
    cat exact.add >> exact.txt; cat latent.add >> latent.txt

    # 2. median waits, 3. open worklist.
    for leg in "referral intake" "intake treatment"; do
        set -- $leg
        cx-waits --disclosure none -f "$1" -t "$2" -g unit --asof $end --digits 15 "$ev" > w.csv || exit 99
        awk -F, -v m="$2_median_days" -v to="$2" -v s="$seed" '
        FILENAME ~ /truth/ {
            if ($1 == m) want[$2] = $4
            if ($1 == "waiting_" to) waiting[$2] = $4
            next
        }
        FNR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        {
            w = want[$1]; lo = $c["median_lo"]; hi = $c["median_hi"]
            print (w != "" && lo != "" && hi != "" && lo <= w + 0 && w + 0 <= hi), \
                m, "seed" s "/" $1, w, lo, hi
            # the count of clients still waiting in the summary
            print "waiting_" to "(summary)", "seed" s "/" $1, waiting[$1], $c["waiting"] > "open.add"
        }' "org$seed/truth.csv" w.csv >> waits.txt
        cat open.add >> open.txt
        cx-waits -f "$1" -t "$2" -g unit --asof $end --open "$ev" > o.csv || exit 99
        awk -F, -v m="waiting_$2" -v s="$seed" '
        FILENAME ~ /truth/ { if ($1 == m) want[$2] = $4; next }
        FNR > 1 { got[$2]++ }
        END { for (u in want) print m, "seed" s "/" u, want[u], got[u] + 0 }' \
            "org$seed/truth.csv" o.csv >> open.txt
    done
done

exact_check "exact: handoffs_mean, returns_mean, carers_mean, survey means and respondents, link" exact.txt
exact_check "open worklist (cx-waits --open rows, summary waiting) = still waiting in truth" open.txt
cover_check "cx-waits median_lo..median_hi around the planted median" waits.txt two
cover_check "cx-satisfaction staff mean_lo..mean_hi around staff_score_expected" staffcov.txt two
cover_check "cx-satisfaction client mean_lo..mean_hi around client_score_expected" clientcov.txt lower
cover_check "cx-correlate lo..hi around link_pearson_latent (pooled quarters)" latent.txt two info

# ---- Null organisations: the correlation interval ------------------------
: > null.txt
for seed in $null_seeds; do
    cx-synth --seed "$seed" --units 40 --clients 8000 --weeks 25 --start $start \
        --effect 0 -o null || exit 99
    cx-satisfaction -s 1-5 -g unit -p quarter null/staff.csv > staff.out || exit 99
    awk -F, '$4 != "recommend"' null/clients.csv |
        cx-satisfaction -s 1-5 -g unit -p quarter > clients.out || exit 99
    cx-correlate -k unit,period --lag 1 -x mean -y mean -m pearson \
        staff.out clients.out > r.csv 2> r.err || { cat r.err; exit 99; }
    awk -F, -v s="$seed" 'NR == 2 { print ($7 <= 0 && 0 <= $8), "seed" s, 0, $7, $8, "n=" $5 }' \
        r.csv >> null.txt
done
cover_check "cx-correlate lo..hi around 0 with --effect 0 (one pair per unit)" null.txt two

[ $fail = 0 ] || {
    echo "details:"
    awk '$1 == 0' waits.txt staffcov.txt clientcov.txt null.txt | head -40
}
exit $fail
