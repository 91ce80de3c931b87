#!/usr/bin/env bash
# Costly input: how long duet takes on hostile content, each case laid over
# the `bilingual` fixture and built with the release binary. Each size is
# run at N and at 2N, so the ratio shows whether the cost grows linearly
# (a ratio near 2) or faster.
#
#   bench/hostile.sh
#
# Cases: an article of N repeated headings (heading ids), front matter
# nested N levels deep (refused at 64 levels: the time is the refusal's).
# Needs: cargo, python3, /usr/bin/time (GNU time). Installs nothing.

set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
duet="$PWD/target/release/duet"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # name size python-expression-writing-the-article
    local name=$1 n=$2 site="$tmp/$1-$2"
    cp -r tests/fixtures/bilingual "$site"
    N=$n python3 -c "$3" > "$site/content/articles/hostile.vi.md"
    local out
    /usr/bin/time -o "$tmp/time" -f '%e %M' "$duet" build --root "$site" -q >/dev/null 2>&1 || true
    out=$(tail -1 "$tmp/time")
    printf '%-22s %8d   %6.2f s   %7d KiB\n' "$name" "$n" "${out% *}" "${out#* }"
}

printf '%-22s %8s   %8s   %11s\n' case N wall peak-RSS
for n in 10000 20000; do
    run repeated-headings "$n" 'import os; n=int(os.environ["N"]); print("---\ntitle: H\ndate: 2025-01-01\n---\n" + "## Mục\n\nx\n\n" * n)'
done
for n in 20000 40000; do
    run nested-yaml "$n" 'import os; n=int(os.environ["N"]); print("---\ntitle: H\ndate: 2025-01-01\nsummary: " + "[" * n + "]" * n + "\n---\n")'
done
