// Tests of the search script's pure functions, without a browser: folding,
// tokens, matching, ranking, highlighting and snippets. The script attaches
// them to globalThis.duetSearch and skips its page wiring when there is no
// document, so importing it here runs only the definitions.
// Usage: node tests/search_js/search.test.mjs (exits non-zero on failure)
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
await import(pathToFileURL(path.join(here, "../../themes/portal/static/assets/search.js")).href);
const { fold, tokens, shardOf, parseQuery, rank, parseFilters, facetCounts, applyFilters, highlight, snippet } = globalThis.duetSearch;

let failed = 0;
function test(name, body) {
  try {
    body();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}\n${error.message}`);
  }
}

/** The marked parts of a text, to compare with what a reader would see. */
const marked = (text, ranges) => ranges.map(([a, b]) => text.slice(a, b));

// The same examples as the unit tests of src/search.rs, so the two agree.
test("folds case and Vietnamese diacritics like src/search.rs", () => {
  assert.equal(fold("Hợp tác"), "hop tac");
  assert.equal(fold("HOP TAC"), fold("Hợp Tác"));
  assert.equal(fold("Chuyển đổi số ở Việt Nam"), "chuyen doi so o viet nam");
  assert.equal(fold("Đối thoại"), "doi thoai");
  assert.equal(fold("Ho\u031b\u0323p ta\u0301c"), "hop tac");
  assert.equal(fold("İSTANBUL"), "istanbul");
  assert.equal(fold("联想集团"), "联想集团");
});

test("tokens like src/search.rs", () => {
  assert.deepEqual(tokens("Hợp tác chiến lược: AI/ML, 2025!"), ["hop", "tac", "chien", "luoc", "ai", "ml", "2025"]);
  assert.deepEqual(tokens("联想集团"), ["联想", "想集", "集团"]);
  assert.deepEqual(tokens("联"), ["联"]);
  assert.deepEqual(tokens("Lenovo 联想集团 2024"), ["lenovo", "联想", "想集", "集团", "2024"]);
  assert.deepEqual(tokens("東京とソウル"), ["東京", "京と", "とソ", "ソウ", "ウル"]);
  assert.deepEqual(tokens(" — , … "), []);
});

test("shard numbers like shard_of in src/search/mod.rs", () => {
  // The same numbers as the Rust unit test shards_follow_the_first_four_letters.
  assert.equal(shardOf("hop", 256), 136);
  assert.equal(shardOf("glasgow", 256), 122);
  assert.equal(shardOf("glasgow", 256), shardOf("glas", 256));
  assert.equal(shardOf("联想", 64), 2);
  assert.equal(shardOf("anything", 1), 0);
});

/**
 * Shards in the format of src/search/index.rs, for the examples below: a
 * test helper (the browser tests check the script against duet's own index).
 */
function shardsOf(docs, count = 4) {
  const shards = new Map();
  docs.forEach((doc, n) => {
    let position = 0;
    const seen = new Map();
    [[1, doc.t], [2, doc.s], [4, doc.x]].forEach(([field, text]) => {
      for (const term of parseQuery((text || "") + " ").terms) {
        const key = term.t + "\u0000" + term.v;
        const hit = seen.get(key) || { term, fields: 0, positions: [] };
        hit.fields |= field;
        if (hit.positions.length < 4) hit.positions.push(position);
        seen.set(key, hit);
        position++;
      }
      position++;
    });
    for (const { term, fields, positions } of seen.values()) {
      const shard = shards.get(shardOf(term.t, count)) || {};
      shards.set(shardOf(term.t, count), shard);
      const forms = (shard[term.t] ||= {});
      const list = (forms[term.v === term.t ? "" : term.v] ||= []);
      list.last = list.last ?? 0;
      list.push(n - list.last, fields + 8 * positions.length, ...positions.map((p, k) => (k ? p - positions[k - 1] : p)));
      list.last = n;
    }
  });
  return shards;
}
// Documents are numbered newest first, as the index numbers them.
const docs = [
  { t: "Tin mới", x: "Lenovo tuyển dụng." },
  { t: "Hop tac voi doi tac" },
  { t: "Tin tức", x: "Hôm nay Lenovo công bố hợp tác với Viettel." },
  { t: "Lenovo mở văn phòng", s: "Văn phòng mới tại Hà Nội." },
  { t: "Bản tin", s: "Lenovo và các đối tác." },
  { t: "Liên Hợp Quốc", x: "Các đối tác của Liên Hợp Quốc." },
  { t: "联想集团与越南合作", s: "联想集团宣布新的合作。" },
];
const shards = shardsOf(docs);
const found = (query) => rank(shards, query, 4).map((hit) => hit.doc);

test("a query without diacritics finds text with them", () => {
  assert.ok(found("hop tac").includes(2));
  assert.ok(found("HỢP TÁC").includes(1));
});

test("every query term must match, as whole words", () => {
  assert.deepEqual(found("lenovo viettel"), [2]);
  assert.deepEqual(found("lenovo samsung"), []);
  assert.deepEqual(found("  ,, "), []);
  // "Liên Hợp Quốc" has "hợp", and "đối tác" has "tác", but not side by side: it matches, last.
  assert.deepEqual(found("hop tac"), [1, 2, 5]);
  assert.deepEqual(found("tac"), [1, 4, 2, 5]);
  assert.deepEqual(found("ta"), []);
});

test("a Chinese query matches inside a longer run", () => {
  assert.deepEqual(found("联想"), [6]);
  assert.deepEqual(found("集团"), [6]);
  assert.deepEqual(found("联"), [6]);
  assert.deepEqual(found("联集"), []);
});

test("the last word is a prefix while it is being typed, from four letters", () => {
  assert.deepEqual(found("viett"), [2]);
  assert.deepEqual(found("leno"), [3, 4, 0, 2]);
  assert.deepEqual(found("leno "), []);
  assert.deepEqual(found("len"), [], "three letters match whole words only");
  assert.deepEqual(found("viett hop"), []);
});

test("title above summary above body, then newest first", () => {
  assert.deepEqual(found("lenovo"), [3, 4, 0, 2]);
});

test("phrases first, and among them exact diacritics", () => {
  // "hợp tác" is written so only in doc 2's body; doc 1's title has no
  // marks; doc 5 has both words as written, but apart.
  assert.deepEqual(found("hợp tác"), [2, 1, 5]);
  assert.deepEqual(found("hop tac"), [1, 2, 5]);
  const hits = rank(shards, "hợp tác", 4);
  assert.equal(hits[0].exact, 2);
  assert.equal(hits[2].phrase, 0);
});

test("filters count and narrow the results", () => {
  const filters = parseFilters({ kind: { article: [0, 2, 1], partner: [1] }, partner: { Lenovo: [0, 2] }, year: { 2025: [0], 2024: [2] } });
  assert.deepEqual([...filters.kind.get("article")], [0, 2, 3]);
  const hits = rank(shards, "lenovo", 4);
  const counts = facetCounts(hits, filters, { partner: "Lenovo" });
  assert.deepEqual(counts.kind, [["article", 2]]);
  assert.deepEqual(counts.partner, [["Lenovo", 2]]);
  assert.deepEqual(applyFilters(hits, filters, { partner: "Lenovo", year: "2024" }).map((h) => h.doc), [2]);
});

test("a malformed shard gives no results, not an exception", () => {
  assert.deepEqual(rank(new Map([[0, null]]), "x", 1), []);
  assert.deepEqual(rank(new Map([[0, { x: { "": "nope" }, y: 3 }]]), "x y", 1), []);
  assert.deepEqual(parseFilters(null), {});
});

test("highlights map back to text with diacritics", () => {
  const text = "Đối tác: Hợp tác chiến lược";
  assert.deepEqual(marked(text, highlight(text, "hop tac")), ["tác", "Hợp", "tác"]);
  assert.deepEqual(marked(text, highlight(text, "doi")), ["Đối"]);
  assert.deepEqual(marked(text, highlight(text, "hợp chiế")), ["Hợp", "chiế"]);
  assert.deepEqual(marked(text, highlight(text, "hợp tá")), ["Hợp"], "a prefix needs four letters, as in the index");
  const decomposed = "Ho\u031b\u0323p ta\u0301c";
  assert.deepEqual(marked(decomposed, highlight(decomposed, "hop tac")), ["Ho\u031b\u0323p", "ta\u0301c"]);
});

test("Chinese highlights merge overlapping bigrams", () => {
  const text = "公司联想集团宣布";
  assert.deepEqual(highlight(text, "联想集团"), [[2, 6]]);
  assert.deepEqual(marked(text, highlight(text, "想集")), ["想集"]);
});

test("a snippet is a window around the first match, marked", () => {
  const text = "Mở đầu dài dòng ".repeat(20) + "Hợp tác với Lenovo về trí tuệ nhân tạo. " + "Phần kết. ".repeat(30);
  const s = snippet(text, "lenovo hop");
  assert.ok(s.text.startsWith("…") && s.text.endsWith("…"), s.text);
  assert.ok(s.text.length <= 170, `${s.text.length}`);
  assert.deepEqual(marked(s.text, s.ranges), ["Hợp", "Lenovo"]);
  const short = snippet("Văn phòng mới tại Hà Nội.", "ha noi");
  assert.equal(short.text, "Văn phòng mới tại Hà Nội.");
  assert.deepEqual(marked(short.text, short.ranges), ["Hà", "Nội"]);
  const none = snippet("Không có gì", "lenovo");
  assert.deepEqual(none, { text: "Không có gì", ranges: [] });
});

if (failed) {
  console.log(`${failed} failed`);
  process.exit(1);
}
