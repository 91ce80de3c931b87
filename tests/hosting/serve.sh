#!/usr/bin/env bash
# Serves a built site with the host configuration duet wrote for it, with a
# real nginx and (if installed) a real Caddy, and checks what readers and
# crawlers get: language negotiation at the root, each language's 404 page,
# cache headers, media types, the Content-Security-Policy, and that the
# configuration itself is never served. Then loads pages in headless
# Chromium through the server and fails on any CSP violation.
#
# Usage: tests/hosting/serve.sh PUBLIC_DIR [BASE_PATH]
#   PUBLIC_DIR  a site built with `hosting: [nginx, caddy]` in site.yaml
#   BASE_PATH   the base URL's path, e.g. /portal (default: none)
# Needs: nginx (Debian's nginx-light), curl, node with playwright-core and
# Debian's chromium; caddy is checked when it is installed.
set -euo pipefail
public=$(cd "$1" && pwd)
base=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
# The server's workers run as another user: they must be able to enter it.
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The site is copied where the server's workers (another user) can read
# it; under a sub-path it lives in a folder of that name.
docroot=$work/root
mkdir -p "$docroot$base"
cp -R "$public/." "$docroot$base/"
chmod -R a+rX "$docroot"

check() { # name port
    local name=$1 port=$2 url="http://127.0.0.1:$2$base"
    local got
    got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept-Language: en-GB,en;q=0.9' "$url/")
    [ "$got" = "302 $url/en/" ] || fail "$name: Accept-Language en at / gave '$got'"
    got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept-Language: vi' "$url/")
    [ "$got" = "302 $url/vi/" ] || fail "$name: Accept-Language vi at / gave '$got'"
    got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept-Language: fr, en;q=0.5' "$url/")
    [ "$got" = "302 $url/en/" ] || fail "$name: fr then en at / gave '$got'"
    got=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -H 'Accept-Language: fr' "$url/")
    [ "$got" = "302 $url/vi/" ] || fail "$name: an unknown language at / gave '$got' (the default language was expected)"
    got=$(curl -s -H "Accept-Language:" "$url/" -o "$work/root.html" -w "%{http_code} %{redirect_url}")
    [ "$got" = "200 " ] || fail "$name: / without Accept-Language gave $got"
    grep -q 'root-chooser' "$work/root.html" || fail "$name: / without Accept-Language is not the chooser"
    got=$(curl -s -o "$work/404.html" -w '%{http_code}' "$url/en/no-such-page/")
    [ "$got" = 404 ] || fail "$name: /en/no-such-page/ answered $got"
    grep -q '<html lang="en"' "$work/404.html" || fail "$name: /en/no-such-page/ is not the English 404 page"
    got=$(curl -s -o "$work/404.html" -w '%{http_code}' "$url/vi/khong-co/")
    [ "$got" = 404 ] && grep -q '<html lang="vi"' "$work/404.html" || fail "$name: /vi/khong-co/ is not the Vietnamese 404 page"
    local css
    css=$(grep -o 'href="[^"]*/assets/duet\.[0-9a-f]\{8\}\.css"' "$public/vi/index.html" | head -1 | sed 's/href="//; s/"$//')
    [ -n "$css" ] || fail "no fingerprinted stylesheet in vi/index.html"
    curl -sI "http://127.0.0.1:$port$css" | tr -d '\r' > "$work/css.h"
    grep -qi '^cache-control: public, max-age=31536000, immutable$' "$work/css.h" || fail "$name: $css is not cached for a year: $(cat "$work/css.h")"
    curl -sI "$url/vi/" | tr -d '\r' > "$work/html.h"
    grep -qi '^cache-control: public, max-age=300, must-revalidate$' "$work/html.h" || fail "$name: HTML has no short cache header: $(cat "$work/html.h")"
    grep -qi "^content-security-policy: default-src 'self'" "$work/html.h" || fail "$name: no CSP on HTML"
    grep -qi '^x-content-type-options: nosniff$' "$work/html.h" || fail "$name: no nosniff"
    curl -sI "$url/vi/atom.xml" | tr -d '\r' | grep -qi '^content-type: application/atom+xml' || fail "$name: the feed's media type"
    got=$(curl -s -o /dev/null -w '%{http_code}' "$url/_hosting/nginx.conf")
    [ "$got" = 404 ] || fail "$name: the host configuration is served ($got)"
    echo "ok   $name: language at /, 404 pages, cache headers, media types, CSP, hidden configuration"
    node "$here/../browser/csp.mjs" "$url"
}

port=$((20000 + RANDOM % 10000))
mkdir -p "$work/tmp"
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/tmp/body;
    proxy_temp_path $work/tmp/proxy;
    fastcgi_temp_path $work/tmp/fastcgi;
    uwsgi_temp_path $work/tmp/uwsgi;
    scgi_temp_path $work/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $docroot;
        include $docroot$base/_hosting/nginx.conf;
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" || { cat "$work/error.log"; fail "nginx did not start"; }
check nginx "$port"

if command -v caddy >/dev/null; then
    cport=$((port + 1))
    cat > "$work/Caddyfile" <<CONF
{
    admin off
    auto_https off
    storage file_system $work/caddy
}
http://127.0.0.1:$cport {
    root * $docroot
    import $docroot$base/_hosting/Caddyfile
}
CONF
    XDG_DATA_HOME=$work XDG_CONFIG_HOME=$work caddy run --config "$work/Caddyfile" --adapter caddyfile > "$work/caddy.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$cport/" && break; sleep 0.1; done
    check caddy "$cport" || { cat "$work/caddy.log"; exit 1; }
else
    echo "skip caddy: not installed"
fi
