#!/usr/bin/env bash
# Benchmark duet's search against Pagefind on the same generated corpus and
# the same built HTML, in the same run, in headless Chromium.
#
#   bench/search.sh            # N = 10000 article pairs
#   bench/search.sh 1000
#
# Generates N pairs (examples/corpus.rs), plants a rare word at the end of
# one article per language, builds with duet (reporting the build time and
# the search stage's share), runs Pagefind (npm, into a scratch folder) over
# the built HTML (time, peak RSS), prints index bytes on disk per language,
# then runs the queries in Chromium and prints bytes transferred (raw and
# gzip) and time to results for both.
#
# Needs: cargo, node with this repository's node_modules (npm ci), Debian's
# chromium, /usr/bin/time, and npm to fetch pagefind the first time.
# Environment: SEED (1), BENCH_TMP (where the scratch folder goes),
# PAGEFIND_DIR (a folder with node_modules/pagefind already installed),
# PAGEFIND=0 to leave Pagefind out (at 100,000 pairs it needs far more
# memory than duet: 7.4 GB peak at 10,000).
set -euo pipefail
N=${1:-10000}
SEED=${SEED:-1}
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d "${BENCH_TMP:-${TMPDIR:-/tmp}}/duet-search.XXXXXX")
trap 'rm -rf "$work"' EXIT

PAGEFIND=${PAGEFIND:-1}
pf=${PAGEFIND_DIR:-$work/pagefind-npm}
if [ "$PAGEFIND" != 0 ] && [ ! -x "$pf/node_modules/.bin/pagefind" ]; then
    mkdir -p "$pf" && (cd "$pf" && npm install --no-audit --no-fund --silent pagefind >/dev/null)
fi

cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/duet
cargo run --release --quiet --example corpus -- "$N" "$work/c" --seed "$SEED" >/dev/null
# The corpus's Hugo copy is for bench/run.sh: 1.3 GB of disk at 100,000 pairs.
rm -rf "$work/c/hugo"
site=$work/c/duet
# The rare word, at the very end of one article in each language (printf, a
# builtin: at 100,000 pairs the names overflow an argument list for ls).
for lang in vi en; do
    f=$(printf "%s\n" "$site"/content/articles/*."$lang".md | sed -n "$((N / 2))p")
    printf '\n\nQuokkafest.\n' >> "$f"
done

echo "== duet build, N=$N pairs ($(git rev-parse --short HEAD))"
/usr/bin/time -f "duet build: %e s wall, peak RSS %M KB" "$bin" build --root "$site" --output "$work/out" -v 2>&1 \
    | grep -E "Built|search index|render and write|load, parse|duet build"
for lang in vi en; do
    printf 'duet index %s: %s bytes in %s files (shards %s, fragments %s, meta+filters %s)\n' "$lang" \
        "$(du -sb "$work/out/$lang/search-index" | cut -f1)" "$(find "$work/out/$lang/search-index" -type f | wc -l)" \
        "$(du -sb "$work/out/$lang/search-index/s" | cut -f1)" "$(du -sb "$work/out/$lang/search-index/f" | cut -f1)" \
        "$(( $(stat -c %s "$work/out/$lang/search-index/meta.json") + $(stat -c %s "$work/out/$lang/search-index/filters.gz") ))"
done

if [ "$PAGEFIND" != 0 ]; then
    echo "== Pagefind $("$pf/node_modules/.bin/pagefind" --version 2>/dev/null | tr -d '\n') over the same HTML"
    /usr/bin/time -f "pagefind: %e s wall, peak RSS %M KB" "$pf/node_modules/.bin/pagefind" --site "$work/out" --output-path "$work/out/pagefind" 2>&1 \
        | grep -E "pagefind:|Indexed|Finished" || true
    echo "pagefind index: $(du -sb "$work/out/pagefind" | cut -f1) bytes in $(find "$work/out/pagefind" -type f | wc -l) files (all languages)"
fi

echo "== first queries in headless Chromium (gzip: as sent compressed; time: submit to results shown)"
node "$repo/bench/search-browser.mjs" "$work/out" "vi:quokkafest" "en:quokkafest" "vi:hợp tác" "vi:hop tac" "en:partnership agreement"
