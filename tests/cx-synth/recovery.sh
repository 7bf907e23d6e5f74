#!/bin/bash
# recovery.sh: the planted values of cx-synth are recoverable from the
# files it writes, by estimators written here in awk (independent of the
# generator), over several seeds, not one lucky seed:
#   - per-unit median waits referral -> intake and intake -> treatment:
#     the distribution-free 95% interval of the sample median (order
#     statistics n/2 -+ 0.98 sqrt(n)) covers intake_median_days and
#     treatment_median_days; clients still waiting count as longer than
#     any wait, which leaves the median unbiased because only clients
#     referred (or taken in) at least 150 days before the end are used;
#   - per-unit handoff probability: handoffs among care contacts with no
#     return pending, 95% Wald interval covers handoff_prob; the return
#     share of those handoffs lies within 0.08 of return_prob;
#   - per unit and quarter, the 95% t interval (1.96) of the mean of the
#     respondents' item means covers staff_score_expected and
#     client_score_expected;
#   - the realised latent link: link_slope_latent within 0.25 of --effect
#     with 40 units, for --effect 0.4 and 0.
# Each interval family must cover in at least 85% of cases (95% nominal).
set -u
# The tools run under the suite's locale (CX_TEST_LOCALE); awk and sort,
# which check their output here, keep the C locale.
awk() { LC_ALL=C command awk "$@"; }
sort() { LC_ALL=C command sort "$@"; }
work=$(mktemp -d "${TMPDIR:-/tmp}/recovery.XXXXXX") || exit 99
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 99
fail=0

cover_check() { # name covered total
    local pct=$((100 * $2 / $3))
    echo "$1: $2 of $3 intervals cover the planted value ($pct%)"
    [ "$pct" -ge 85 ] || { echo "FAIL: $1 coverage below 85%"; fail=1; }
}

for seed in 1 2 3; do
    cx-synth --seed "$seed" --units 8 --clients 40000 --weeks 52 \
        --staff-per-unit 40 -o "org$seed" || exit 99
done

# Median waits: one line per unit and wait, "covered planted lo hi".
for seed in 1 2 3; do
    awk -F, -v end=2027-01-04T00:00:00 '
    function secs(t,   y, m, d, mp) {
        y = substr(t, 1, 4) + 0; m = substr(t, 6, 2) + 0; d = substr(t, 9, 2) + 0
        if (m <= 2) y--
        mp = (m + 9) % 12
        return ((y * 365 + int(y / 4) - int(y / 100) + int(y / 400) + \
            int((153 * mp + 2) / 5) + d) * 86400) + substr(t, 12, 2) * 3600 + \
            substr(t, 15, 2) * 60 + substr(t, 18, 2)
    }
    FILENAME ~ /truth/ {
        if ($1 == "intake_median_days") m1[$2] = $4
        if ($1 == "treatment_median_days") m2[$2] = $4
        next
    }
    FNR == 1 { cut = secs(end) - 150 * 86400; next }
    $3 == "referral" { u[$1] = $4; r[$1] = secs($2) }
    $3 == "intake" { i[$1] = secs($2) }
    $3 == "treatment" { t[$1] = secs($2) }
    END {
        for (c in r) {
            if (r[c] <= cut) { k = u[c] SUBSEP 1; w[k, ++n[k]] = (c in i) ? (i[c] - r[c]) / 86400 : 1e9 }
            if ((c in i) && i[c] <= cut) { k = u[c] SUBSEP 2; w[k, ++n[k]] = (c in t) ? (t[c] - i[c]) / 86400 : 1e9 }
        }
        for (k in n) {
            split(k, p, SUBSEP)
            m = n[k]
            for (j = 1; j <= m; j++) a[j] = w[k, j]
            # heap sort a[1..m]
            for (s = int(m / 2); s >= 1; s--) sift(s, m)
            for (e = m; e > 1; e--) { x = a[1]; a[1] = a[e]; a[e] = x; sift(1, e - 1) }
            lo = a[int(m / 2 - 0.98 * sqrt(m))]; hi = a[int(m / 2 + 0.98 * sqrt(m)) + 1]
            planted = p[2] == 1 ? m1[p[1]] : m2[p[1]]
            print (lo <= planted && planted <= hi), p[1], p[2], planted, lo, hi
        }
    }
    function sift(s, m,   c, x) {
        while (2 * s <= m) {
            c = 2 * s
            if (c < m && a[c + 1] > a[c]) c++
            if (a[s] >= a[c]) return
            x = a[s]; a[s] = a[c]; a[c] = x; s = c
        }
    }' "org$seed/truth.csv" "org$seed/events.csv"
done > medians.txt
cover_check "median waits" "$(awk '$1 == 1' medians.txt | wc -l)" "$(wc -l < medians.txt)"

# Handoffs among care contacts (treatment and appointments) per unit.
for seed in 1 2 3; do
    awk -F, '
    FILENAME ~ /truth/ {
        if ($1 == "handoff_prob") h[$2] = $4
        if ($1 == "return_prob") rho[$2] = $4
        next
    }
    $1 != cur { cur = $1; p1 = p2 = ""; out = "" }
    $3 == "treatment" || $3 == "appointment" {
        if (out != "") { nout[out]++; if ($4 == back) nret[out]++; out = "" }
        if (p1 != "" && (p2 == "" || p2 == p1)) {
            n[p1]++
            if ($4 != p1) { k[p1]++; out = p1; back = p1 }
        }
        p2 = p1; p1 = $4
    }
    END {
        for (u in n) {
            q = k[u] / n[u]; se = sqrt(q * (1 - q) / n[u])
            print "h", (q - 1.96 * se <= h[u] && h[u] <= q + 1.96 * se), u, h[u], q
            rq = nret[u] / nout[u]; d = rq - rho[u]
            print "r", (d < 0.08 && d > -0.08), u, rho[u], rq
        }
    }' "org$seed/truth.csv" "org$seed/events.csv"
done > handoffs.txt
cover_check "handoff probability" "$(awk '$1 == "h" && $2 == 1' handoffs.txt | wc -l)" \
    "$(awk '$1 == "h"' handoffs.txt | wc -l)"
bad=$(awk '$1 == "r" && $2 == 0' handoffs.txt | wc -l)
echo "return share: $bad units off by 0.08 or more"
[ "$bad" = 0 ] || { echo "FAIL: return share"; sed -n '/^r 0/p' handoffs.txt; fail=1; }

# Survey means per unit and quarter against the expected scores (cells
# with at least 20 respondents).
for seed in 1 2 3; do
    for file in staff clients; do
        awk -F, -v kind="${file%s}" '
        function quarter(t) { return substr(t, 1, 4) "-Q" int((substr(t, 6, 2) - 1) / 3) + 1 }
        function flush() {
            if (rk != "" && rn) { m = rs / rn; n[cell]++; s[cell] += m; ss[cell] += m * m }
        }
        FILENAME ~ /truth/ { if ($1 == kind "_score_expected") want[$2, $3] = $4; next }
        FNR == 1 { next }
        { key = $1 SUBSEP quarter($3) }
        key != rk { flush(); rk = key; cell = $2 SUBSEP quarter($3); rn = rs = 0 }
        $5 != "" && $4 != "recommend" { rn++; rs += $5 }
        END {
            flush()
            for (c in n) {
                if (n[c] < 20) continue
                mean = s[c] / n[c]; sd = sqrt((ss[c] - n[c] * mean * mean) / (n[c] - 1))
                half = 1.96 * sd / sqrt(n[c])
                print (mean - half <= want[c] && want[c] <= mean + half), kind, c, want[c], mean
            }
        }' "org$seed/truth.csv" "org$seed/$file.csv"
    done
done > means.txt
for kind in staff client; do
    cover_check "$kind score means" "$(awk -v k=$kind '$2 == k && $1 == 1' means.txt | wc -l)" \
        "$(awk -v k=$kind '$2 == k' means.txt | wc -l)"
done

# The realised link on the latent scale, 40 units.
for effect in 0.4 0; do
    for seed in 1 2 3; do
        slope=$(cx-synth --seed "$seed" --units 40 --clients 40000 --weeks 52 \
            --effect "$effect" --only truth | awk -F, '$1 == "link_slope_latent" { print $4 }')
        ok=$(awk -v s="$slope" -v e="$effect" 'BEGIN { d = s - e; print (d < 0.25 && d > -0.25) }')
        echo "effect $effect seed $seed: link_slope_latent $slope"
        [ "$ok" = 1 ] || { echo "FAIL: slope too far from $effect"; fail=1; }
    done
done
exit $fail
