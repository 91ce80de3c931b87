#!/usr/bin/env bash
# Benchmark duet's image processing against Hugo's on the same photos, in
# the same run.
#
#   bench/media.sh          # N = 100 photos (one per bilingual article pair)
#   bench/media.sh 500      # the issue's corpus: 500 photos of 3000 × 2000
#
# Generates the corpus (examples/photos.rs: JPEGs with EXIF orientation and
# GPS tags, each shown as hero and in the body of both languages), then
# reports, each the median of RUNS:
#   - duet cold: empty image cache, fresh output;
#   - duet warm: cache filled, fresh output;
#   - duet without images: the same articles with the photos and their
#     references removed (the floor a warm build is held against);
#   - Hugo cold (resources/_gen removed) and warm, with the same widths
#     (480, 960, 1600), WebP and JPEG at quality 80, Lanczos;
# and each one's output size. Figures go to stdout and bench/media-latest.txt.
#
# Environment: RUNS (default 3), KEEP=1 to keep the corpus, BENCH_TMP for
# where it is made (about 2.5 GB free for N = 500).
# Needs: cargo, hugo (Debian's `hugo` package, extended: it encodes WebP).

set -euo pipefail
RUNS=${RUNS:-3}
N=${1:-100}
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "bench: N must be a positive number, got '$N'" >&2; exit 2; }
command -v hugo >/dev/null || { echo "bench: install hugo: apt-get install -y hugo" >&2; exit 2; }

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
echo "bench: building duet and the photo generator (release)…"
cargo build --release --quiet --bin duet --example photos
DUET="$TARGET/release/duet"
WORK=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/duet-media.XXXXXX")
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "bench: kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

echo "bench: generating $N photos…"
"$TARGET/release/examples/photos" "$N" "$WORK"
# Photos only: social cards (drawn for pages without an image) would give
# the build without images pictures of its own.
printf 'cards: { enabled: false }\n' >> "$WORK/duet/site.yaml"
cp -r "$WORK/duet" "$WORK/plain"
rm -f "$WORK"/plain/content/articles/*.jpg
sed -i '/^image/d; /^!\[/d' "$WORK"/plain/content/articles/*.md

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

D="$WORK/duet"; P="$WORK/plain"; H="$WORK/hugo"
duet_cold=$(time_runs "rm -rf $D/public $D/.duet-cache" "$DUET build --quiet --root $D")
duet_out=$(size "$D/public")
duet_warm=$(time_runs "rm -rf $D/public" "$DUET build --quiet --root $D")
plain=$(time_runs "rm -rf $P/public" "$DUET build --quiet --root $P")
hugo_cold=$(time_runs "rm -rf $H/public $H/resources" "hugo --quiet --source $H")
hugo_out=$(size "$H/public")
hugo_warm=$(time_runs "rm -rf $H/public" "hugo --quiet --source $H")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
{
    echo "media benchmark: $N photos of 3000 × 2000, 2 languages, widths 480/960/1600, WebP + JPEG q80 ($(nproc) cores, median of $RUNS)"
    printf "%-28s %8s %12s\n" "" "seconds" "output"
    printf "%-28s %8s %12s\n" "duet cold (empty cache)" "$duet_cold" "$duet_out"
    printf "%-28s %8s\n" "duet warm (cache hit)" "$duet_warm"
    printf "%-28s %8s\n" "duet without images" "$plain"
    printf "%-28s %8s %12s\n" "hugo cold (no resources/)" "$hugo_cold" "$hugo_out"
    printf "%-28s %8s\n" "hugo warm" "$hugo_warm"
    echo "duet/hugo cold: $(ratio "$duet_cold" "$hugo_cold")   duet/hugo warm: $(ratio "$duet_warm" "$hugo_warm")   duet warm/without images: $(ratio "$duet_warm" "$plain")"
} | tee "$ROOT/bench/media-latest.txt"
