#!/usr/bin/env bash
# Interoperability of `duet translations` with a real third-party client,
# the Translate Toolkit (PyPI translate-toolkit), and the OASIS schema:
#   1. a copy of the reference portal loses two English translations and
#      has one Vietnamese source edited (so one English page is stale);
#   2. duet exports XLIFF 1.2, which must validate against the OASIS XLIFF
#      1.2 strict schema (xmllint), and PO;
#   3. the Translate Toolkit pseudo-translates them (podebug --rewrite=unicode
#      rewrites every letter but keeps inline codes and tags) and its XLIFF
#      storage class reads them back, checking every unit has a target
#      with as many codes as its source;
#   4. duet imports the results and builds the portal; the pages show the
#      pseudo-translation, the stale page is no longer stale.
# Needs: python3 with translate-toolkit (podebug on PATH), xmllint.
# Usage: DUET=target/release/duet tests/translations/interop.sh
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
duet=${DUET:-$repo/target/release/duet}
[ -x "$duet" ] || { echo "no duet binary at $duet (set DUET)" >&2; exit 2; }
podebug=${PODEBUG:-podebug}
python=${PYTHON:-python3}
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

site=$work/site
mkdir -p "$site"
cp -r "$repo/site.yaml" "$repo/content" "$repo/locales" "$site/"
[ -d "$repo/themes" ] && cp -r "$repo/themes" "$site/"
rm "$site/content/articles/panasonic-world-heritage.en.md" "$site/content/partners/lenovo.en.md"
# Edit one section of a translated source, with inline markup: its English page becomes stale.
python3 - "$site/content/articles/unesco-korea-policy-dialogue.vi.md" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
heading = re.search(r"^## .*$", text, re.M)
assert heading, "the article has a heading"
end = heading.end()
text = text[:end] + "\n\nĐoạn **mới** do [UNESCO](https://www.unesco.org) thêm vào sau khi bản dịch đã hoàn tất, kèm mã `duet`." + text[end:]
open(path, "w", encoding="utf-8").write(text)
EOF

echo "== status before"
"$duet" translations status --root "$site"

echo "== export XLIFF (missing and stale, changed sections only) and validate against the OASIS schema"
"$duet" -q translations export --root "$site" --to en --changed --output "$work/xliff"
xliffs=$(find "$work/xliff" -name '*.xlf' | sort)
[ "$(echo "$xliffs" | wc -l)" = 3 ] || { echo "expected 3 XLIFF files, got: $xliffs" >&2; exit 1; }
# shellcheck disable=SC2086
xmllint --noout --schema "$here/xliff-core-1.2-strict.xsd" $xliffs

echo "== pseudo-translate with the Translate Toolkit"
mkdir -p "$work/xliff-done" "$work/po-done"
for f in $xliffs; do
  "$podebug" --progress=none --rewrite=unicode "$f" "$work/xliff-done/$(basename "$f")"
done
# shellcheck disable=SC2086
xmllint --noout --schema "$here/xliff-core-1.2-strict.xsd" "$work"/xliff-done/*.xlf
"$python" - "$work"/xliff-done/*.xlf <<'EOF'
import sys
from translate.storage import factory
from translate.storage.placeables import StringElem
def codes(rich):
    # Inline codes are the elements that are not plain strings: `<UnknownXML{bpt}(id="1" `.
    return sorted(repr(e).split("[")[0] for tree in rich for e in tree.depth_first() if type(e) is not StringElem)
for path in sys.argv[1:]:
    store = factory.getobject(path)
    units = [u for u in store.units if not u.isheader()]
    assert units, path
    for u in units:
        assert u.target and u.target != u.source, (path, u.getid())
        assert codes(u.rich_target) == codes(u.rich_source), (path, u.getid(), u.rich_source, u.rich_target)
    n = sum(len(codes(u.rich_source)) for u in units)
    print(f"{path.rsplit('/', 1)[-1]}: {len(units)} units read by translate.storage.xliff, {n} inline codes intact")
EOF

echo "== import the XLIFF"
"$duet" translations import --root "$site" --publish "$work"/xliff-done/*.xlf

echo "== export PO for a missing page, pseudo-translate, import"
rm "$site/content/articles/unesco-imexco-green-production.en.md"
"$duet" -q translations export --root "$site" --to en --format po --output "$work/po"
pos=$(find "$work/po" -name '*.po' | sort)
[ "$(echo "$pos" | wc -l)" = 1 ] || { echo "expected 1 PO file, got: $pos" >&2; exit 1; }
for f in $pos; do
  "$podebug" --progress=none --rewrite=unicode "$f" "$work/po-done/$(basename "$f")"
done
"$python" -c "
import sys
from translate.storage import po
store = po.pofile.parsefile(sys.argv[1])
units = [u for u in store.units if not u.isheader()]
assert units and all(u.target for u in units)
print(f'{len(units)} PO units read by translate.storage.po, all translated')
" "$work"/po-done/*.po
"$duet" translations import --root "$site" --publish "$work"/po-done/*.po

echo "== status after"
"$duet" translations status --root "$site" --format json | tee "$work/status.json"
"$python" -c "
import json, sys
en = [l for l in json.load(open(sys.argv[1])) if l['lang'] == 'en'][0]
assert en['missing']['pages'] == 0 and en['stale']['pages'] == 0, en
" "$work/status.json"

echo "== build"
"$duet" build --root "$site" --output public
page=$(find "$site/public/en" -path '*panasonic*' -name index.html | head -1)
grep -q 'Ƥȧƞȧşǿƞīƈ' "$page" || { echo "the imported pseudo-translation is not in $page" >&2; exit 1; }
korea=$(find "$site/public/en" -path '*korea*' -name index.html | head -1)
grep -q '<strong>ḿớī</strong>' "$korea" && grep -q 'href="https://www.unesco.org"' "$korea" \
  || { echo "the markup protected by inline codes did not survive in $korea" >&2; exit 1; }
echo "interop: OK"
