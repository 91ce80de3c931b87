#!/usr/bin/env bash
# Load test of `duet serve`: 200 concurrent connections for 10 s from a
# second process (wrk) on loopback, against the bilingual test fixture.
# Needs wrk (Debian: apt-get install -y wrk); installs nothing itself.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
cargo build --release -q
site=$(mktemp -d)
cp -r tests/fixtures/bilingual/. "$site"
port=18231
./target/release/duet serve --root "$site" --port "$port" -q &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$site"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/vi/" >/dev/null && break; sleep 0.1; done
wrk -t2 -c200 -d10s --latency "http://127.0.0.1:$port/vi/"
# Still up and answering afterwards?
curl -sf -o /dev/null -w "after the load: HTTP %{http_code}\n" "http://127.0.0.1:$port/en/"
