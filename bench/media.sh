#!/usr/bin/env bash
# Benchmark duet's image processing against Hugo's on the same photos, in
# the same run.
#
#   bench/media.sh          # N = 100 article pairs, a photo each
#   bench/media.sh 500      # 500 photos of 3000 × 2000
#
# Generates the benchmark corpus of N article pairs twice with the same
# seed (examples/corpus.rs): once with `--photos` (a JPEG with EXIF
# orientation and GPS tags beside each article, shown as its hero and in
# its body in both languages), once without. Then reports:
#   - duet cold: empty image cache, fresh output (median of RUNS);
#   - duet warm: cache filled, fresh output, and duet on the same articles
#     without the photos (the floor a warm build is held against): WARM_RUNS
#     of each, in turn, medians;
#   - Hugo cold (resources/_gen removed) and warm, with the same widths
#     (480, 960, 1600), WebP and JPEG at quality 80, Lanczos;
# and each one's output size. Figures go to stdout and bench/media-latest.txt.
#
# Environment: RUNS (default 3), WARM_RUNS (default 11), KEEP=1 to keep the corpus, BENCH_TMP for
# where it is made (about 2.5 GB free for N = 500).
# Needs: cargo, hugo (Debian's `hugo` package, extended: it encodes WebP).

set -euo pipefail
RUNS=${RUNS:-3}
WARM_RUNS=${WARM_RUNS:-11}
N=${1:-100}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a positive number, got '$N'" >&2; exit 2; }
command -v hugo >/dev/null || { echo "bench: install hugo: apt-get install -y hugo" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
echo "bench: building duet and the corpus generator (release)…"
cargo build --release --quiet --bin duet --example corpus
DUET="$TARGET/release/duet"
WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/duet-media.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

echo "bench: generating $N article pairs with a photo each, and the same without…"
"$TARGET/release/examples/corpus" "$N" "$WORK/photos" --photos >/dev/null
"$TARGET/release/examples/corpus" "$N" "$WORK/text" >/dev/null

now_ns() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_runs PREP CMD: median seconds of RUNS runs of CMD, each after PREP (untimed).
time_runs() {
    local prep=$1 cmd=$2
    for _ in $(seq "$RUNS"); do
        eval "$prep"
        local t0; t0=$(now_ns)
        eval "$cmd" >/dev/null 2>&1 || { echo "bench: failed: $cmd" >&2; eval "$cmd" >&2; exit 1; }
        echo $(( $(now_ns) - t0 ))
    done | median | awk '{printf "%.2f", $1 / 1e9}'
}
size() { du -sb "$1" | awk '{printf "%.1f MB", $1 / 1e6}'; }

D="$WORK/photos/duet"; P="$WORK/text/duet"; H="$WORK/photos/hugo"
duet_cold=$(time_runs "rm -rf $D/public $D/.duet-cache" "$DUET build --quiet --root $D")
duet_out=$(size "$D/public")
# Warm and without images: short builds, so WARM_RUNS of each, taken in
# turn (the machine's state drifts alike for both); medians in ms.
warm_ms=(); plain_ms=()
for _ in $(seq "$WARM_RUNS"); do
    for site in "$D" "$P"; do
        rm -rf "$site/public"
        t0=$(now_ns)
        "$DUET" build --quiet --root "$site" >/dev/null
        ms=$(( ($(now_ns) - t0) / 1000000 ))
        if [ "$site" = "$D" ]; then warm_ms+=("$ms"); else plain_ms+=("$ms"); fi
    done
done
duet_warm=$(printf '%s\n' "${warm_ms[@]}" | median | awk '{printf "%.3f", $1 / 1e3}')
plain=$(printf '%s\n' "${plain_ms[@]}" | median | awk '{printf "%.3f", $1 / 1e3}')
hugo_cold=$(time_runs "rm -rf $H/public $H/resources" "hugo --quiet --source $H")
hugo_out=$(size "$H/public")
hugo_warm=$(time_runs "rm -rf $H/public" "hugo --quiet --source $H")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
    echo "media benchmark: $N article pairs, each with a photo of 3000 × 2000; 2 languages, widths 480/960/1600, WebP + JPEG q80"
    echo "($(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); cold and Hugo: median of $RUNS; warm and without images: median of $WARM_RUNS in turn)"
    printf "%-28s %8s %12s\n" "" "seconds" "output"
    printf "%-28s %8s %12s\n" "duet cold (empty cache)" "$duet_cold" "$duet_out"
    printf "%-28s %8s\n" "duet warm (cache hit)" "$duet_warm"
    printf "%-28s %8s\n" "duet without the photos" "$plain"
    printf "%-28s %8s %12s\n" "hugo cold (no resources/)" "$hugo_cold" "$hugo_out"
    printf "%-28s %8s\n" "hugo warm" "$hugo_warm"
    echo "duet/hugo cold: $(ratio "$duet_cold" "$hugo_cold")   duet/hugo warm: $(ratio "$duet_warm" "$hugo_warm")   duet warm/without images: $(ratio "$duet_warm" "$plain")"
} | tee "$ROOT/bench/media-latest.txt"
