#!/usr/bin/env bash
# Benchmark duet against Hugo on the same generated corpus, in the same run.
#
#   bench/run.sh            # N = 1000 and 10000 article pairs
#   bench/run.sh 1000       # a quick run
#   bench/run.sh 500 2000 20000
#
# For each N: generates the corpus (examples/corpus.rs) into a temporary
# folder, then reports for duet and Hugo the median wall time of RUNS cold
# builds (each into a fresh, not-yet-existing output folder; outputs are
# deleted outside the timed region), the duet/Hugo ratio, peak RSS, files
# per second, output size and file count, and the time to merely `cp -r`
# duet's output (median of COPY_RUNS; the floor) with the duet/copy ratio.
# The table is printed and written to bench/results-latest.txt.
#
# Environment: RUNS (default 5), COPY_RUNS (3), SEED (1), KEEP=1 to keep the
# temporary folder, BENCH_TMP to choose where it is made (default $TMPDIR
# or /tmp; it needs about 1.5 GB free for N = 10000).
#
# Needs: cargo, hugo (Debian's `hugo` package), /usr/bin/time (GNU time).
# Nothing is installed by this script.

set -euo pipefail

RUNS=${RUNS:-5}
COPY_RUNS=${COPY_RUNS:-3}
SEED=${SEED:-1}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a positive number, got '$n'" >&2; exit 2; }
done

# --- what this needs -------------------------------------------------------
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need hugo "apt-get install -y hugo"
need_common
[ $missing -eq 0 ] || exit 2

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

# Two benchmark runs at once would time each other: wait for any other.
LOCK="${TMPDIR:-/tmp}/duet-bench.lock"
exec 9>>"$LOCK"
if ! flock -n 9; then
    echo "bench: another bench/run.sh is running; waiting for it to finish…" >&2
    flock 9
fi

echo "bench: building duet and the corpus generator (release)…"
cargo build --release --quiet --bin duet --example corpus
DUET="$ROOT/target/release/duet"
CORPUS="$ROOT/target/release/examples/corpus"
HUGO=$(command -v hugo)

WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/duet-bench.XXXXXX")
cleanup() {
    if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# --- helpers ---------------------------------------------------------------
now_ns() { date +%s%N; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minmax() { sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.3f-%.3f", lo, hi }'; }

# run_timed OUTFILE CMD...: runs CMD under GNU time; appends "seconds kib" to OUTFILE.
# Wall time is taken with nanosecond clocks around the run (GNU time's %e
# has 10 ms resolution); peak RSS is GNU time's %M (KiB).
run_timed() {
    local record=$1; shift
    local tf="$WORK/time.out" start end
    start=$(now_ns)
    if ! /usr/bin/time -f '%e %M' -o "$tf" "$@" >"$WORK/run.log" 2>&1; then
        echo "bench: command failed: $*" >&2
        cat "$WORK/run.log" >&2
        exit 1
    fi
    end=$(now_ns)
    awk -v ns=$((end - start)) '{ printf "%.4f %d\n", ns / 1e9, $2 }' "$tf" >>"$record"
}

file_count() { find "$1" -type f | wc -l; }
byte_size() { du -sb "$1" | cut -f1; }

# build_cmd TOOL SITE OUT: sets CMD to the build command (an array, so that
# /usr/bin/time runs the tool itself, not a shell).
build_cmd() {
    case $1 in
        duet) CMD=("$DUET" build --root "$2" --output "$3" -q) ;;
        hugo) CMD=("$HUGO" --source "$2" --destination "$3" --quiet) ;;
    esac
}

# --- run ---------------------------------------------------------------------
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
CHECKS="$WORK/checks.txt"
: >"$CHECKS"

# summarise N TOOL RECORD FILES BYTES HTML: one line of $RESULTS.
summarise() {
    local wall range rss
    wall=$(cut -d' ' -f1 "$3" | median)
    range=$(cut -d' ' -f1 "$3" | minmax)
    rss=$(cut -d' ' -f2 "$3" | sort -n | tail -1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$wall" "$range" "$rss" "$4" "$5" "$6" >>"$RESULTS"
}

# settle: lets the previous run's writes and deletions reach the disk, so
# that a timed run does not pay for its predecessor's writeback.
settle() { sync; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# Anything else using the CPUs skews the ratios (runs are interleaved to
# share the harm, but a tool that uses every core loses more).
BUSY=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 { printf "%s%s (%s%% CPU)", sep, $2, $1; sep = ", " }')
if [ -n "$BUSY" ]; then
    echo "bench: warning: other processes are using the CPUs: $BUSY; timings will be noisy" >&2
fi
for n in "${SIZES[@]}"; do
    corpus="$WORK/n$n"
    "$CORPUS" "$n" "$corpus" --seed "$SEED"
    declare -A FILES BYTES HTML
    # One untimed build of each tool first: both then read a warm page
    # cache, and its output is checked and counted (and copied for the floor).
    for tool in duet hugo; do
        site="$corpus/$tool"
        sample="$WORK/$tool-$n-sample"
        build_cmd "$tool" "$site" "$sample"
        "${CMD[@]}" >/dev/null
        rm -f "$site/.hugo_build.lock"
        FILES[$tool]=$(file_count "$sample")
        BYTES[$tool]=$(byte_size "$sample")
        aliases=$(find "$sample" -type f -path '*/page/1/index.html' | wc -l)
        HTML[$tool]=$(( $(find "$sample" -type f -name '*.html' | wc -l) - aliases ))
        vi_articles=$(find "$sample/vi/articles" -mindepth 2 -maxdepth 2 -name index.html -not -path '*/page/*' | wc -l)
        en_articles=$(find "$sample/en/articles" -mindepth 2 -maxdepth 2 -name index.html -not -path '*/page/*' | wc -l)
        terms=$(find "$sample"/{vi,en}/{topics,countries,years,partners} -mindepth 2 -maxdepth 2 -name index.html 2>/dev/null | wc -l)
        sitemaps=$(find "$sample" -name 'sitemap.xml' | wc -l)
        printf 'N=%-6s %-4s files %6d (html pages %6d + page/1 aliases %4d) articles vi %5d en %5d, first term pages %4d, sitemap files %d\n' \
            "$n" "$tool" "${FILES[$tool]}" "${HTML[$tool]}" "$aliases" "$vi_articles" "$en_articles" "$terms" "$sitemaps" | tee -a "$CHECKS"
        if [ "$vi_articles" -ne "$n" ] || [ "$en_articles" -ne "$n" ]; then
            echo "bench: $tool wrote $vi_articles vi and $en_articles en article pages, expected $n each" >&2
            exit 1
        fi
        [ "$tool" = duet ] || rm -rf "$sample"
    done
    # Timed runs, interleaved (duet, Hugo, copy, duet, …) so that a change of
    # background load hits both tools alike. Each build writes into a folder
    # that does not exist yet; outputs are deleted outside the timed region.
    for tool in duet hugo copy; do : >"$WORK/$tool-$n.times"; done
    for i in $(seq 1 "$RUNS"); do
        for tool in duet hugo copy; do
            out="$WORK/$tool-$n-out$i"
            if [ "$tool" = copy ]; then
                [ "$i" -le "$COPY_RUNS" ] || continue
                CMD=(cp -r "$WORK/duet-$n-sample" "$out")
            else
                build_cmd "$tool" "$corpus/$tool" "$out"
            fi
            settle
            run_timed "$WORK/$tool-$n.times" "${CMD[@]}"
            rm -rf "$out"
            rm -f "$corpus/$tool/.hugo_build.lock"
        done
        echo "bench: N=$n run $i: duet $(tail -1 "$WORK/duet-$n.times" | cut -d' ' -f1)s, hugo $(tail -1 "$WORK/hugo-$n.times" | cut -d' ' -f1)s"
    done
    summarise "$n" duet "$WORK/duet-$n.times" "${FILES[duet]}" "${BYTES[duet]}" "${HTML[duet]}"
    summarise "$n" hugo "$WORK/hugo-$n.times" "${FILES[hugo]}" "${BYTES[hugo]}" "${HTML[hugo]}"
    summarise "$n" copy "$WORK/copy-$n.times" "${FILES[duet]}" "${BYTES[duet]}" "${HTML[duet]}"
    rm -rf "$WORK/duet-$n-sample" "$corpus"
    settle
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ----------------------------------------------------------------
REPORT="$WORK/report.txt"
{
    echo "duet vs Hugo benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
    echo "duet: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)'); $("$HUGO" version | cut -d' ' -f1-2)"
    echo "corpus: examples/corpus.rs --seed $SEED; median of $RUNS cold builds (fresh output folder each), cp -r median of $COPY_RUNS"
    echo "work folder: $(df -T "$WORK" | awk 'NR == 2 { print $2 }') ($WORK); load average before $LOAD_BEFORE, after $LOAD_AFTER"
    [ -z "$BUSY" ] || echo "warning: busy at the start: $BUSY"
    echo
    awk -F'\t' '
        { n = $1; t = $2; wall[n, t] = $3; range[n, t] = $4; rss[n, t] = $5; files[n, t] = $6; bytes[n, t] = $7; html[n, t] = $8
          if (!(n in seen)) { seen[n] = 1; order[++count] = n } }
        END {
            printf "%-6s %-5s %8s %13s %7s %7s %8s %7s %8s %7s %8s %7s\n", "N", "tool", "median", "min-max", "vs", "vs", "peak", "files", "files/s", "pages", "pages/s", "size"
            printf "%-6s %-5s %8s %13s %7s %7s %8s %7s %8s %7s %8s %7s\n", "", "", "s", "s", "Hugo", "copy", "RSS MiB", "", "", "(html)", "", "MiB"
            for (i = 1; i <= count; i++) {
                n = order[i]
                for (j = 1; j <= 3; j++) {
                    t = (j == 1) ? "duet" : (j == 2) ? "hugo" : "copy"
                    if (!((n, t) in wall)) continue
                    w = wall[n, t]
                    vh = (t == "duet") ? sprintf("%.2fx", w / wall[n, "hugo"]) : (t == "hugo" ? "1.00x" : sprintf("%.2fx", w / wall[n, "hugo"]))
                    vc = (t == "copy") ? "1.00x" : sprintf("%.2fx", w / wall[n, "copy"])
                    label = (t == "copy") ? "cp -r" : t
                    printf "%-6s %-5s %8.3f %13s %7s %7s %8.1f %7d %8.0f %7d %8.0f %7.1f\n", n, label, w, range[n, t], vh, vc, rss[n, t] / 1024, files[n, t], files[n, t] / w, html[n, t], html[n, t] / w, bytes[n, t] / 1048576
                }
            }
            print ""
            print "duet memory (peak RSS per HTML page written):"
            prev = ""
            for (i = 1; i <= count; i++) {
                n = order[i]
                b = rss[n, "duet"] * 1024
                printf "  N=%-6s %6d pages  %8.1f MiB  %8.0f bytes/page", n, html[n, "duet"], b / 1048576, b / html[n, "duet"]
                if (prev != "") printf "  (growth from N=%s: %.0f bytes per extra page)", prev, (b - rss[prev, "duet"] * 1024) / (html[n, "duet"] - html[prev, "duet"])
                printf "\n"
                prev = n
            }
            print "Hugo memory, for comparison:"
            for (i = 1; i <= count; i++) {
                n = order[i]
                b = rss[n, "hugo"] * 1024
                printf "  N=%-6s %6d pages  %8.1f MiB  %8.0f bytes/page\n", n, html[n, "hugo"], b / 1048576, b / html[n, "hugo"]
            }
        }' "$RESULTS"
    echo
    echo "outputs (from the untimed first build of each):"
    sed 's/^/  /' "$CHECKS"
    echo
    echo "vs Hugo: wall time / Hugo's (below 1 is faster). vs copy: wall time / cp -r of duet's output."
    echo "files/s: files in that tool's output / median wall time; pages/s: HTML pages (without"
    echo "Hugo's page/1/ alias redirects) / median wall time. The cp -r row copies duet's output."
    echo "Hugo's files include those aliases and a sitemap index plus one sitemap per language."
} >"$REPORT"

echo
cat "$REPORT"
cp "$REPORT" "$ROOT/bench/results-latest.txt"
echo
echo "bench: written to bench/results-latest.txt"
