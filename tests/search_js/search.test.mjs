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
const { fold, tokens, search, highlight, snippet } = globalThis.duetSearch;

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
const urls = (results) => results.map((doc) => doc.url);

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

const index = {
  v: 1,
  docs: [
    { u: "/vi/a/body-old/", t: "Tin tức", x: "Hôm nay Lenovo công bố hợp tác với Viettel.", d: "2023-01-01" },
    { u: "/vi/a/title/", t: "Lenovo mở văn phòng", s: "Văn phòng mới tại Hà Nội.", d: "2022-05-05" },
    { u: "/vi/a/partner/", t: "Hội thảo AI", p: ["Lenovo"], k: ["Trí tuệ nhân tạo"], d: "2021-03-03" },
    { u: "/vi/a/summary/", t: "Bản tin", s: "Lenovo và các đối tác.", d: "2020-02-02" },
    { u: "/vi/a/body-new/", t: "Tin mới", x: "Lenovo tuyển dụng.", d: "2024-04-04" },
    { u: "/vi/a/ascii/", t: "Hop tac voi doi tac", d: "2025-01-01" },
    { u: "/zh/a/lenovo/", t: "联想集团与越南合作", s: "联想集团宣布新的合作。", d: "2024-10-17", dd: "2024年10月17日" },
  ],
};

test("a query without diacritics finds text with them", () => {
  assert.ok(urls(search(index, "hop tac")).includes("/vi/a/body-old/"));
  assert.ok(urls(search(index, "HỢP TÁC")).includes("/vi/a/ascii/"));
});

test("every query term must match", () => {
  assert.deepEqual(urls(search(index, "lenovo viettel")), ["/vi/a/body-old/"]);
  assert.deepEqual(urls(search(index, "lenovo samsung")), []);
  assert.deepEqual(urls(search(index, "  ,, ")), []);
});

test("a Chinese query matches inside a longer run", () => {
  assert.deepEqual(urls(search(index, "联想")), ["/zh/a/lenovo/"]);
  assert.deepEqual(urls(search(index, "集团")), ["/zh/a/lenovo/"]);
  assert.deepEqual(urls(search(index, "联")), ["/zh/a/lenovo/"]);
  assert.deepEqual(urls(search(index, "联集")), []);
});

test("the last word is a prefix while it is being typed", () => {
  assert.ok(urls(search(index, "hợp tá")).includes("/vi/a/body-old/"));
  assert.ok(urls(search(index, "len")).includes("/vi/a/title/"));
  assert.deepEqual(urls(search(index, "len ")), []);
  assert.deepEqual(urls(search(index, "ta hop")), []);
});

test("title above partner above summary above body, then newest first", () => {
  assert.deepEqual(urls(search(index, "lenovo")).filter((u) => u.startsWith("/vi/")), [
    "/vi/a/title/",
    "/vi/a/partner/",
    "/vi/a/summary/",
    "/vi/a/body-new/",
    "/vi/a/body-old/",
  ]);
});

test("exact diacritics come first", () => {
  // "hợp tác" is written so only in a body; the title match has no diacritics.
  assert.deepEqual(urls(search(index, "hợp tác")), ["/vi/a/body-old/", "/vi/a/ascii/"]);
  assert.deepEqual(urls(search(index, "hop tac")), ["/vi/a/ascii/", "/vi/a/body-old/"]);
});

test("exact means at the start of a word", () => {
  const docs = { v: 1, docs: [
    { u: "/new/", t: "Ái hữu", x: "Hai bên", d: "2025-01-01" },
    { u: "/old/", t: "AI mới", d: "2020-01-01" },
  ] };
  // Both match "ai"; only /old/ has it as written, as a word: "ai" inside "Hai" does not count.
  assert.deepEqual(urls(search(docs, "ai")), ["/old/", "/new/"]);
  assert.deepEqual(urls(search(docs, "ái")), ["/new/", "/old/"]);
});

test("highlights map back to text with diacritics", () => {
  const text = "Đối tác: Hợp tác chiến lược";
  assert.deepEqual(marked(text, highlight(text, "hop tac")), ["tác", "Hợp", "tác"]);
  assert.deepEqual(marked(text, highlight(text, "doi")), ["Đối"]);
  assert.deepEqual(marked(text, highlight(text, "hợp tá")), ["tá", "Hợp", "tá"]);
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

test("a malformed index gives no results, not an exception", () => {
  assert.deepEqual(search({}, "x"), []);
  assert.deepEqual(search({ v: 1, docs: [null, 3, { u: "/x/" }] }, "x"), []);
});

if (failed) {
  console.log(`${failed} failed`);
  process.exit(1);
}
