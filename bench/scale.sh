#!/usr/bin/env bash
# How duet's build scales with the size of the site: the issue's "100,000
# pairs in under a minute, linear, and a one-edit build in seconds".
#
#   bench/scale.sh              # N = 10000 and 100000 article pairs
#   bench/scale.sh 1000 2000    # a quick run
#
# For each N: generates the corpus (examples/corpus.rs; social cards off)
# and reports, each the median of RUNS cold builds (each into an output
# folder that does not exist yet; outputs are deleted outside the timed
# region), in one table:
#   - duet: wall and CPU (user + sys) seconds and peak RSS (GNU time), files
#     and bytes of the output (find, du -sb), pages/s, CPU µs and peak RSS
#     bytes per page (pages: duet's own "Built P pages" line), and the time
#     of each stage (`duet build -v`);
#   - the copy floor: `cp -r` of duet's output to a fresh folder in the same
#     place, and the same in RAM (/dev/shm, when it has room), with the
#     duet/copy ratios;
#   - Hugo at N = HUGO_AT only, on the same content, with the duet/Hugo ratio;
# all on disk (BENCH_TMP) and, for N <= RAM_MAX, again in RAM (/dev/shm).
# Then the ratios between consecutive sizes (time, peak RSS: linear is the
# ratio of the pages), and one edit: builds in a new process with the
# previous output and the build cache in place (on disk: no change, an
# article's body, its title, its topics), each checked byte for byte
# against a full build (`duet build --full`, diff -r), and the one-edit
# time in a running dev server (examples/incremental.rs, on disk).
# The report is printed and written to bench/scale-latest.txt.
#
# Environment: RUNS (default 1 for N >= 100000, 3 otherwise), SEED (1),
# HUGO_AT (10000; 0 for never), RAM_MAX (10000; 0 for disk only),
# RAM_SPARE_MIB (4096: memory left free for others when deciding whether a
# RAM run fits), BENCH_TMP (where the disk runs go; default $TMPDIR or
# /tmp), BENCH_SHM (/dev/shm), KEEP=1 to keep the scratch folders,
# GNU_TIME (/usr/bin/time).
# Disk: about 230 KiB free per pair (corpus + output + its copy), plus 80
# KiB per pair at HUGO_AT: 22 GiB for N = 100000; checked before each N.
# RAM: the copy floor above RAM_MAX holds two outputs in /dev/shm (about
# 15 GiB at 100000), run only if that leaves RAM_SPARE_MIB; Hugo peaks near
# 4.3 GB at 10000.
# Needs: cargo, GNU time, flock; hugo (Debian's `hugo` package) for the Hugo
# rows, skipped with a note without it. Nothing is installed by this script.

set -euo pipefail
STARTED=$(date +%s)

SEED=${SEED:-1}
HUGO_AT=${HUGO_AT:-10000}
RAM_MAX=${RAM_MAX:-10000}
RAM_SPARE_MIB=${RAM_SPARE_MIB:-4096}
SHM=${BENCH_SHM:-/dev/shm}
GNU_TIME=${GNU_TIME:-/usr/bin/time}
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(10000 100000); fi
for n in "${SIZES[@]}"; do
    [[ $n =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a positive number, got '$n'" >&2; exit 2; }
done
[ -z "${RUNS:-}" ] || [[ $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "bench: RUNS must be a positive number, got '$RUNS'" >&2; exit 2; }
runs_for() { if [ -n "${RUNS:-}" ]; then echo "$RUNS"; elif [ "$1" -ge 100000 ]; then echo 1; else echo 3; fi; }

# --- what this needs -------------------------------------------------------
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_common
[ $missing -eq 0 ] || exit 2
HUGO=$(command -v hugo 2>/dev/null || true)
if [ -z "$HUGO" ]; then
    HUGO_NOTE="hugo is not installed (apt-get install -y hugo): no Hugo rows"
    echo "bench: $HUGO_NOTE" >&2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

# Two benchmark runs at once would time each other: wait for any other
# (the same lock as bench/run.sh).
LOCK="${TMPDIR:-/tmp}/duet-bench.lock"
exec 9>>"$LOCK"
if ! flock -n 9; then
    echo "bench: another benchmark is running; waiting for it to finish…" >&2
    flock 9
fi

echo "bench: building duet, the corpus generator and the incremental example (release)…"
cargo build --release --quiet --bin duet --example corpus --example incremental
DUET="$TARGET/release/duet"
CORPUS="$TARGET/release/examples/corpus"

DISK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/duet-scale.XXXXXX")
RAM=""
cleanup() {
    if [ "${KEEP:-0}" = 1 ]; then
        echo "bench: kept $DISK ${RAM}"
    else
        rm -rf "$DISK"
        [ -z "$RAM" ] || rm -rf "$RAM"
    fi
}
trap cleanup EXIT
NOTES="$DISK/notes.txt"
: >"$NOTES"
[ -z "${HUGO_NOTE:-}" ] || echo "$HUGO_NOTE" >>"$NOTES"

# --- helpers ---------------------------------------------------------------
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
file_count() { find "$1" -type f | wc -l; }
byte_size() { du -sb "$1" | cut -f1; }
free_kib() { df -Pk "$1" | awk 'NR == 2 { print $4 }'; }
mem_available_kib() { awk '/^MemAvailable:/ { print $2 }' /proc/meminfo; }
note() { echo "bench: $*"; echo "$*" >>"$NOTES"; }

# settle: lets the previous run's writes and deletions reach the disk, so
# that a timed run does not pay for its predecessor's writeback.
settle() { sync; }

# timed RECORD LOG CMD...: runs CMD under GNU time, its output to LOG;
# appends "wall cpu rss_kib" to RECORD.
timed() {
    local record=$1 log=$2; shift 2
    local tf="$DISK/time.out"
    if ! "$GNU_TIME" -f '%e %U %S %M' -o "$tf" "$@" >"$log" 2>&1; then
        echo "bench: command failed: $*" >&2
        cat "$log" "$tf" >&2
        exit 1
    fi
    awk '{ printf "%s %.2f %d", $1, $2 + $3, $4 }' "$tf" >>"$record"
}

# duet_figures LOG: " pages ms stage_ms…" from `duet build -v`'s output,
# appended to the record line that timed began; the stage names go to
# $STAGES the first time and must be the same every time.
STAGES="$DISK/stages"
duet_figures() {
    local log=$1 built names
    built=$(sed -nE 's/^Built ([0-9]+) pages .* in ([0-9]+) ms: [0-9]+ files, [0-9]+ KiB written\.$/\1 \2/p' "$log")
    if [ -z "$built" ]; then
        echo "bench: no 'Built P pages … in T ms' line in duet's output:" >&2
        cat "$log" >&2
        exit 1
    fi
    names=$(sed -nE 's/^  (.+): [0-9]+ ms$/\1/p' "$log")
    if [ ! -s "$STAGES" ]; then
        echo "$names" >"$STAGES"
    elif [ "$names" != "$(cat "$STAGES")" ]; then
        echo "bench: duet's stages changed between builds:" >&2
        cat "$STAGES" "$log" >&2
        exit 1
    fi
    echo " $built $(sed -nE 's/^  .+: ([0-9]+) ms$/\1/p' "$log" | tr '\n' ' ')"
}

# summarise N WHERE WHAT RECORD FILES BYTES: one line of $RESULTS, each
# column the median over the runs, except peak RSS: the highest.
RESULTS="$DISK/results.tsv"
: >"$RESULTS"
summarise() {
    local n=$1 where=$2 what=$3 record=$4 files=$5 bytes=$6 cols i line
    cols=$(awk '{ print NF; exit }' "$record")
    line="$n	$where	$what	$(wc -l <"$record")	$files	$bytes"
    for i in $(seq 1 "$cols"); do
        if [ "$i" -eq 3 ]; then
            line="$line	$(cut -d' ' -f3 "$record" | sort -n | tail -1)"
        else
            line="$line	$(awk -v c="$i" '{ print $c }' "$record" | median)"
        fi
    done
    echo "$line" >>"$RESULTS"
}

# bench_place N WHERE DIR RUNS HUGO: the timed runs of one size in one place
# (disk or RAM): duet, then cp -r of its output, then Hugo if asked,
# interleaved so that a change of background load hits them alike. Leaves
# duet's last output in DIR/out-duet for the caller.
bench_place() {
    local n=$1 where=$2 dir=$3 runs=$4 hugo=$5 i
    local corpus="$dir/n$n"
    for what in duet copy hugo; do : >"$dir/$what.times"; done
    for i in $(seq 1 "$runs"); do
        # Cold: without the previous run's build cache, which a second
        # run would otherwise read (parsed pages, search chunks).
        rm -rf "$dir/out-duet" "$corpus/duet/.duet-cache"
        settle
        timed "$dir/duet.times" "$dir/duet.log" "$DUET" build --root "$corpus/duet" --output "$dir/out-duet" -v
        duet_figures "$dir/duet.log" >>"$dir/duet.times"
        settle
        timed "$dir/copy.times" "$dir/copy.log" cp -r "$dir/out-duet" "$dir/out-copy"
        echo >>"$dir/copy.times"
        rm -rf "$dir/out-copy"
        local line="bench: N=$n $where run $i/$runs: duet $(tail -1 "$dir/duet.times" | cut -d' ' -f1) s, cp -r $(tail -1 "$dir/copy.times" | cut -d' ' -f1) s"
        if [ "$hugo" = 1 ]; then
            settle
            timed "$dir/hugo.times" "$dir/hugo.log" "$HUGO" --source "$corpus/hugo" --destination "$dir/out-hugo" --quiet
            echo >>"$dir/hugo.times"
            rm -f "$corpus/hugo/.hugo_build.lock"
            [ "$i" -eq "$runs" ] || rm -rf "$dir/out-hugo"
            line="$line, hugo $(tail -1 "$dir/hugo.times" | cut -d' ' -f1) s"
        fi
        echo "$line"
    done
    local files bytes
    files=$(file_count "$dir/out-duet")
    bytes=$(byte_size "$dir/out-duet")
    local vi en
    vi=$(find "$dir/out-duet/vi/articles" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
    en=$(find "$dir/out-duet/en/articles" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
    if [ "$vi" -ne "$n" ] || [ "$en" -ne "$n" ]; then
        echo "bench: duet wrote $vi vi and $en en article pages, expected $n each" >&2
        exit 1
    fi
    summarise "$n" "$where" duet "$dir/duet.times" "$files" "$bytes"
    summarise "$n" "$where" copy "$dir/copy.times" "$files" "$bytes"
    if [ "$hugo" = 1 ]; then
        summarise "$n" "$where" hugo "$dir/hugo.times" "$(file_count "$dir/out-hugo")" "$(byte_size "$dir/out-hugo")"
        rm -rf "$dir/out-hugo"
    fi
}

# copy_in_ram N RUNS SOURCE: the RAM copy floor of an output that is on disk
# (sizes above RAM_MAX): one untimed copy into RAM, then RUNS timed copies.
copy_in_ram() {
    local n=$1 runs=$2 src=$3 i
    local dir="$RAM/n$n"
    mkdir -p "$dir"
    cp -r "$src" "$dir/out-duet"
    : >"$dir/copy.times"
    for i in $(seq 1 "$runs"); do
        settle
        timed "$dir/copy.times" "$dir/copy.log" cp -r "$dir/out-duet" "$dir/out-copy"
        echo >>"$dir/copy.times"
        rm -rf "$dir/out-copy"
        echo "bench: N=$n RAM run $i/$runs: cp -r $(tail -1 "$dir/copy.times" | cut -d' ' -f1) s"
    done
    summarise "$n" RAM copy "$dir/copy.times" "$(file_count "$dir/out-duet")" "$(byte_size "$dir/out-duet")"
    rm -rf "$dir"
}

# ram_fits NEED_KIB: whether NEED_KIB more fit in $SHM and in memory,
# leaving RAM_SPARE_MIB free; prints why not.
ram_fits() {
    local need=$1 shm avail
    shm=$(free_kib "$SHM")
    avail=$(( $(mem_available_kib) - RAM_SPARE_MIB * 1024 ))
    if [ "$need" -le "$shm" ] && [ "$need" -le "$avail" ]; then return 0; fi
    echo "needs $((need / 1024)) MiB, $SHM has $((shm / 1024)) MiB free and memory $((avail / 1024)) MiB (MemAvailable less RAM_SPARE_MIB=$RAM_SPARE_MIB)"
    return 1
}

# --- the machine -------------------------------------------------------------
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (uncommitted changes)')"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
MACHINE="machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(uname -sr); load average $LOAD_BEFORE; memory $(awk '/^MemTotal:/ { t = $2 } /^MemAvailable:/ { a = $2 } END { printf "%.1f GiB available of %.1f GiB", a / 1048576, t / 1048576 }' /proc/meminfo)"
FREE_DISK="free: $(df -Ph "$DISK" | awk 'NR == 2 { print $4 }') on $(df -PT "$DISK" | awk 'NR == 2 { print $2 }') ($DISK), $(df -Ph "$SHM" | awk 'NR == 2 { print $4 }') in $SHM"
BUSY=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 { printf "%s%s (%s%% CPU)", sep, $2, $1; sep = ", " }')
echo "bench: duet $COMMIT; $MACHINE"
echo "bench: $FREE_DISK"
if [ -n "$BUSY" ]; then
    note "warning: other processes are using the CPUs at the start: $BUSY; timings will be noisy"
fi

# --- run ---------------------------------------------------------------------
SHM_OK=1
if [ ! -d "$SHM" ] || [ ! -w "$SHM" ]; then
    SHM_OK=""
    note "$SHM is not a writable folder: no runs in RAM"
fi
INCREMENTAL="$DISK/incremental.txt"
: >"$INCREMENTAL"

# one_edit N DIR: from the output the last disk run left in DIR/out-duet
# and the build cache, builds after each edit of one article in a new
# process (timed), then a full build into DIR/out-full, which must be
# byte-identical.
one_edit() {
    local n=$1 dir=$2 site="$dir/n$1/duet" file edit line
    file="$site/content/articles/$(find "$site/content/articles" -name '*.vi.md' -printf '%f\n' | sort | sed -n "$((n / 2))p")"
    echo "N=$n, one article edited, then built by a new process with the previous output and the build cache in place, on disk:"
    echo "  article: ${file#"$site"/}"
    for edit in none body title topics; do
        case $edit in
            body) printf '\n\nMột câu thêm vào cuối bài.\n' >>"$file" ;;
            title) sed -i '0,/^title: "/s//title: "Tin sửa: /' "$file" ;;
            # Its first topic dropped (or, with one, another added): two term listings change.
            topics) if grep -q '^topics: \[[^],]*,' "$file"; then sed -i 's/^topics: \[[^],]*, /topics: [/' "$file"; else sed -i 's/^topics: \[/topics: [culture, /' "$file"; fi ;;
        esac
        settle
        : >"$dir/edit.times"
        timed "$dir/edit.times" "$dir/edit.log" "$DUET" build --root "$site" --output "$dir/out-duet" -v
        read -r wall cpu rss <"$dir/edit.times" || true
        line=$(sed -nE 's/^Built [0-9]+ pages .* in [0-9]+ ms: (.*)\.$/\1/p' "$dir/edit.log")
        printf '  %-7s %6.2f s wall %6.2f CPU-s %6.0f MiB: %s\n' "$edit" "$wall" "$cpu" "$((rss / 1024))" "$line"
        printf '          stages: %s\n' "$(sed -nE 's/^  (.+): ([0-9]+) ms$/\1 \2 ms/p' "$dir/edit.log" | paste -sd';' | sed 's/;/; /g')"
        rm -rf "$dir/out-full"
        "$DUET" build --root "$site" --output "$dir/out-full" --full --quiet
        if diff -rq "$dir/out-duet" "$dir/out-full" >"$dir/diff.txt"; then
            echo "          byte-identical to a full build (diff -r)"
        else
            echo "bench: N=$n: after the $edit edit the output differs from a full build:" >&2
            head "$dir/diff.txt" >&2
            exit 1
        fi
        rm -rf "$dir/out-full"
    done
}
for n in "${SIZES[@]}"; do
    runs=$(runs_for "$n")
    hugo=0
    if [ "$n" -eq "$HUGO_AT" ] && [ -n "$HUGO" ]; then hugo=1; fi
    need=$(( n * (230 + 80 * hugo) ))
    if [ "$need" -gt "$(free_kib "$DISK")" ]; then
        echo "bench: N=$n needs about $((need / 1024)) MiB free in $DISK; $(( $(free_kib "$DISK") / 1024 )) MiB are (set BENCH_TMP)" >&2
        exit 1
    fi

    # On disk.
    dir="$DISK/n$n"
    mkdir -p "$dir"
    "$CORPUS" "$n" "$dir/n$n" --seed "$SEED"
    [ "$hugo" = 1 ] || rm -rf "$dir/n$n/hugo"
    corpus_bytes=$(byte_size "$dir/n$n")
    bench_place "$n" disk "$dir" "$runs" "$hugo"
    out_bytes=$(byte_size "$dir/out-duet")
    echo "bench: N=$n one edit, new processes with the build cache…"
    one_edit "$n" "$dir" >>"$INCREMENTAL"
    # The larger peak RSS of duet and Hugo, to leave room for in RAM.
    rss_kib=$(awk -F'\t' -v n="$n" '$1 == n && $2 == "disk" && $3 != "copy" && $9 > m { m = $9 } END { print m + 0 }' "$RESULTS")

    # In RAM: corpus, output and copy; only the copy above RAM_MAX.
    if [ "$n" -le "$RAM_MAX" ] && [ -n "$SHM_OK" ]; then
        # Corpus + output + copy (or Hugo's output) + duet's memory.
        if why=$(ram_fits $(( (corpus_bytes + 2 * out_bytes) / 1024 + rss_kib ))); then
            rm -rf "$dir/out-duet"
            [ -n "$RAM" ] || RAM=$(mktemp -d "$SHM/duet-scale.XXXXXX")
            mkdir -p "$RAM/n$n"
            "$CORPUS" "$n" "$RAM/n$n/n$n" --seed "$SEED" 2>/dev/null
            [ "$hugo" = 1 ] || rm -rf "$RAM/n$n/n$n/hugo"
            bench_place "$n" RAM "$RAM/n$n" "$runs" "$hugo"
            rm -rf "$RAM/n$n"
        else
            note "N=$n: no run in RAM: it $why"
        fi
    elif [ -n "$SHM_OK" ]; then
        if why=$(ram_fits $(( 2 * out_bytes / 1024 ))); then
            [ -n "$RAM" ] || RAM=$(mktemp -d "$SHM/duet-scale.XXXXXX")
            copy_in_ram "$n" "$runs" "$dir/out-duet"
        else
            note "N=$n: no cp -r in RAM: it $why"
        fi
        rm -rf "$dir/out-duet"
    fi
    rm -rf "$dir/out-duet"
    settle

    # One edit in a running dev server, on disk (its scratch output goes to TMPDIR).
    echo "bench: N=$n one edit in a running dev server (examples/incremental.rs: 3 full builds, then 10 edits)…"
    if ! TMPDIR="$DISK" cargo run --release --quiet --example incremental -- "$dir/n$n/duet" >"$dir/incremental.log" 2>&1; then
        echo "bench: examples/incremental.rs failed:" >&2
        cat "$dir/incremental.log" >&2
        exit 1
    fi
    {
        echo "N=$n, in a running dev server, examples/incremental.rs on disk:"
        sed 's/^/  /' "$dir/incremental.log"
    } >>"$INCREMENTAL"
    rm -rf "$dir"
    settle
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
BUSY=$(ps -eo pcpu=,comm= --sort=-pcpu | awk '$1 >= 20 { printf "%s%s (%s%% CPU)", sep, $2, $1; sep = ", " }')
if [ -n "$BUSY" ]; then
    note "warning: other processes were using the CPUs at the end: $BUSY; timings may be noisy"
fi
ELAPSED=$(( $(date +%s) - STARTED ))

# --- report ----------------------------------------------------------------
REPORT="$DISK/report.txt"
{
    echo "duet at scale, $(date -u '+%Y-%m-%d %H:%M UTC'); duet $COMMIT; $(if [ -n "$HUGO" ]; then "$HUGO" version | cut -d' ' -f1-2; else echo 'hugo not installed'; fi)"
    echo "$MACHINE"
    echo "$FREE_DISK; load average after $LOAD_AFTER; the run took $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
    echo "corpus: examples/corpus.rs --seed $SEED (social cards off); each figure the median of the runs (peak RSS: the highest), each build into a fresh output folder"
    echo
    awk -F'\t' -v stages="$(tr '\n' '|' <"$STAGES")" '
        function short(name) {
            if (name ~ /^load/) return "load"
            if (name ~ /image/) return "images"
            if (name ~ /search/) return "search"
            if (name ~ /^render/) return "render"
            split(name, word, " "); return substr(word[1], 1, 7)
        }
        # Looks a figure up without creating it (awk creates what it reads).
        function get(arr_name, k) {
            if (arr_name == "wall") return (k in wall) ? wall[k] : ""
            if (arr_name == "cpu") return (k in cpu) ? cpu[k] : ""
            if (arr_name == "rss") return (k in rss) ? rss[k] : ""
            if (arr_name == "files") return (k in files) ? files[k] : ""
            return (k in bytes) ? bytes[k] : ""
        }
        function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
        BEGIN { ns = split(stages, stage, "|") - 1 }
        {
            k = $1 SUBSEP $2 SUBSEP $3
            runs[k] = $4; files[k] = $5; bytes[k] = $6; wall[k] = $7; cpu[k] = $8; rss[k] = $9
            if ($3 == "duet") { pages[$1] = $10; ms[k] = $11; for (s = 1; s <= ns; s++) st[k, s] = $(11 + s) }
            if (!($1 in seen)) { seen[$1] = 1; order[++count] = $1 }
        }
        END {
            printf "%-7s %-4s %-5s %4s %7s %7s %7s %7s %7s %7s %7s %6s %7s %7s", "N", "in", "what", "runs", "wall", "CPU", "peak", "files", "output", "pages", "pages", "CPU", "RSS", "build"
            for (s = 1; s <= ns; s++) printf " %6s", short(stage[s])
            printf " %6s %6s %6s\n", "vs cp", "vs cp", "vs"
            printf "%-7s %-4s %-5s %4s %7s %7s %7s %7s %7s %7s %7s %6s %7s %7s", "pairs", "", "", "", "s", "s", "RSS MiB", "", "MiB", "", "/s", " µs/pg", "B/pg", "line ms"
            for (s = 1; s <= ns; s++) printf " %6s", "ms"
            printf " %6s %6s %6s\n", "same", "in RAM", "Hugo"
            for (i = 1; i <= count; i++) {
                n = order[i]; p = pages[n]
                for (j = 1; j <= 2; j++) {
                    where = (j == 1) ? "disk" : "RAM"
                    for (t = 1; t <= 3; t++) {
                        what = (t == 1) ? "duet" : (t == 2) ? "copy" : "hugo"
                        k = n SUBSEP where SUBSEP what
                        if (!(k in wall)) continue
                        w = wall[k]
                        printf "%-7s %-4s %-5s %4d %7.2f %7.2f %7.1f %7d %7.1f", n, where, (what == "copy") ? "cp -r" : what, runs[k], w, cpu[k], rss[k] / 1024, files[k], bytes[k] / 1048576
                        if (what == "copy") printf " %7s %7s %6s %7s %7s", "-", "-", "-", "-", "-"
                        else printf " %7d %7.0f %6.0f %7.0f %7s", p, p / w, cpu[k] * 1e6 / p, rss[k] * 1024 / p, (what == "duet") ? ms[k] : "-"
                        for (s = 1; s <= ns; s++) printf " %6s", (what == "duet") ? st[k, s] : "-"
                        printf " %6s %6s %6s\n", ratio(w, get("wall", n SUBSEP where SUBSEP "copy")), ratio(w, get("wall", n SUBSEP "RAM" SUBSEP "copy")), (what == "copy") ? "-" : ratio(w, get("wall", n SUBSEP where SUBSEP "hugo"))
                    }
                }
            }
            if (count > 1) print "\nlinearity (ratio between consecutive sizes; linear is the ratio of pages):"
            for (i = 2; i <= count; i++) {
                a = order[i - 1]; b = order[i]
                for (j = 1; j <= 2; j++) {
                    where = (j == 1) ? "disk" : "RAM"
                    for (t = 1; t <= 2; t++) {
                        what = (t == 1) ? "duet" : "copy"
                        ka = a SUBSEP where SUBSEP what; kb = b SUBSEP where SUBSEP what
                        if (!(ka in wall) || !(kb in wall)) continue
                        printf "  %s/%s %-4s %-5s pages %6s  wall %6s  CPU %6s  peak RSS %6s  output %6s\n", b, a, where, (what == "copy") ? "cp -r" : what, ratio(pages[b], pages[a]), ratio(wall[kb], wall[ka]), ratio(cpu[kb], cpu[ka]), (what == "duet") ? ratio(rss[kb], rss[ka]) : "-", ratio(bytes[kb], bytes[ka])
                    }
                }
            }
            for (i = 1; i <= count; i++) {
                n = order[i]
                for (j = 1; j <= 2; j++) {
                    where = (j == 1) ? "disk" : "RAM"
                    kd = n SUBSEP where SUBSEP "duet"; kh = n SUBSEP where SUBSEP "hugo"
                    if (!(kh in wall)) continue
                    if (!hugo_head++) print "\nduet/Hugo (the same content; Hugo also writes page/1/ aliases and per-language sitemaps):"
                    printf "  N=%s %-4s wall %s  CPU %s  peak RSS %s  files %s  output %s\n", n, where, ratio(get("wall", kd), wall[kh]), ratio(get("cpu", kd), cpu[kh]), ratio(get("rss", kd), rss[kh]), ratio(get("files", kd), files[kh]), ratio(get("bytes", kd), bytes[kh])
                }
            }
        }' "$RESULTS"
    echo
    echo "one edit:"
    sed 's/^/  /' "$INCREMENTAL"
    echo
    echo "wall, CPU (user + sys), peak RSS: GNU time. files: find -type f (duet's own count, plus its"
    echo ".duet-output marker); output: du -sb (files and folders: a folder counts 4 KiB on ext4, less on"
    echo "tmpfs, hence the smaller RAM figure). pages: duet's \"Built P pages\" (articles, partners and home,"
    echo "both languages; Hugo's per-page figures use the same count)."
    echo "CPU µs/pg and RSS B/pg: CPU seconds and peak RSS over pages. build line ms: duet's own total;"
    echo "the stages (ms) are duet build -v's: $(tr '\n' ';' <"$STAGES" | sed 's/;$//; s/;/; /g')."
    echo "vs cp same: wall / cp -r of duet's output in the same place; vs cp in RAM: wall / cp -r in $SHM."
    if [ -s "$NOTES" ]; then
        echo
        echo "notes:"
        sed 's/^/  /' "$NOTES"
    fi
} >"$REPORT"

echo
cat "$REPORT"
cp "$REPORT" "$ROOT/bench/scale-latest.txt"
echo
echo "bench: written to bench/scale-latest.txt"
