// duet's built-in search. Loads /LANG/search-index.json (written by
// src/search.rs) when a reader first searches, and matches, ranks and
// highlights in the page. Folding and tokens follow src/search.rs; the pure
// functions are on globalThis.duetSearch so tests/search_js can run them in
// Node, and the page wiring only runs where there is a document.
(function () {
  "use strict";

  const MARKS = /[\u0300-\u036f]/g;
  const WORD = /[\p{Alphabetic}\p{N}]/u;
  // The same ranges as is_cjk in src/search.rs: Han, Hiragana, Katakana, Hangul.
  const CJK = /[\u1100-\u11ff\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3ffff}]/u;
  const SNIPPET = 160;

  /**
   * Normalises text for matching as fold() in src/search.rs does: lowercase,
   * marks U+0300–U+036F dropped, đ → d (and final ς → σ) — "Hợp Tác" → "hop tac".
   */
  function fold(text) {
    return String(text).normalize("NFC").toLowerCase().normalize("NFD").replace(MARKS, "").replace(/đ/g, "d").replace(/ς/g, "σ").normalize("NFC");
  }

  /**
   * Folds text character by character, keeping where each folded code unit
   * came from, so a match found in folded text can be marked in the original.
   * `at[i]` is the original offset of folded unit i; `at[folded.length]` is
   * the original length, so a range [a, b) maps to [at[a], at[b]) and takes
   * along any marks that folded to nothing. Folding a character at a time
   * gives the same text as fold() on NFC text (bar contrived sequences of
   * marks), only slower, so it is kept for the few texts shown as results.
   */
  function foldMap(text) {
    let folded = "";
    const at = [];
    let i = 0;
    for (const c of text) {
      const f = fold(c);
      for (let k = 0; k < f.length; k++) at.push(i);
      folded += f;
      i += c.length;
    }
    at.push(i);
    return { folded, at };
  }

  /** Tokens of folded text with their offsets: words, and CJK runs as bigrams (a lone character as itself). */
  function spans(folded) {
    const out = [];
    let word = null;
    let run = [];
    const endWord = () => { if (word) out.push(word); word = null; };
    const endRun = () => {
      if (run.length === 1) out.push({ t: run[0].c, start: run[0].i, cjk: true });
      for (let k = 1; k < run.length; k++) out.push({ t: run[k - 1].c + run[k].c, start: run[k - 1].i, cjk: true });
      run = [];
    };
    let i = 0;
    for (const c of folded) {
      if (CJK.test(c)) { endWord(); run.push({ c, i }); }
      else if (!WORD.test(c)) { endWord(); endRun(); }
      else if (word) { endRun(); word.t += c; }
      else { endRun(); word = { t: c, start: i, cjk: false }; }
      i += c.length;
    }
    endWord(); endRun();
    return out;
  }

  /** Tokens of a text, as tokens() in src/search.rs. */
  function tokens(text) {
    return spans(fold(text)).map((s) => s.t);
  }

  /**
   * The query as tokens to find. The last word is a prefix while the reader
   * is still typing it (no space after it yet).
   */
  function parseQuery(query) {
    const terms = spans(fold(query)).map((s) => ({ t: s.t, cjk: s.cjk, prefix: false }));
    const last = terms[terms.length - 1];
    if (last && !last.cjk && !/\s$/.test(query)) last.prefix = true;
    const exact = String(query).normalize("NFC").toLowerCase().trim().replace(/\s+/g, " ");
    return { terms, exact };
  }

  /** Whether a field (folded text and its word set) contains a query term. */
  function hasTerm(field, term) {
    if (term.cjk) return field.folded.includes(term.t);
    if (!term.prefix) return field.words.has(term.t);
    for (const w of field.words) if (w.startsWith(term.t)) return true;
    return false;
  }

  /** Fields of a document in ranking order: title, partners and topics, summary, body. */
  function prepareDoc(d) {
    const text = (s) => (typeof s === "string" ? s.normalize("NFC") : "");
    const list = (a) => (Array.isArray(a) ? a.map(text).join(" · ") : "");
    const doc = { url: text(d.u), title: text(d.t), summary: text(d.s), body: text(d.x), date: text(d.d), dateDisplay: text(d.dd) };
    doc.fields = [doc.title, list(d.p) + " · " + list(d.k), doc.summary, doc.body].map((t) => {
      const folded = fold(t);
      return { folded, lower: t.toLowerCase(), words: new Set(spans(folded).filter((s) => !s.cjk).map((s) => s.t)) };
    });
    return doc;
  }

  /** Whether `needle` occurs in `text` at the start of a word, so "ai" is not found in "hai". */
  function startsWord(text, needle) {
    for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      if (i === 0 || CJK.test(needle[0]) || !WORD.test(text[i - 1])) return true;
    }
    return false;
  }

  const prepared = new WeakMap();

  /**
   * Documents of an index that contain every query term, best first: exact
   * (diacritics included) matches, then by where the terms are (title,
   * partners and topics, summary, body), then newest.
   */
  function search(index, query) {
    const { terms, exact } = parseQuery(query);
    if (!terms.length || !index || !Array.isArray(index.docs)) return [];
    if (!prepared.has(index)) prepared.set(index, index.docs.filter((d) => d && typeof d === "object").map(prepareDoc));
    const hits = [];
    for (const doc of prepared.get(index)) {
      const counts = doc.fields.map(() => 0);
      const all = terms.every((term) => {
        let found = false;
        doc.fields.forEach((field, f) => { if (hasTerm(field, term)) { counts[f]++; found = true; } });
        return found;
      });
      if (all) hits.push({ doc, counts, exact: doc.fields.some((field) => startsWord(field.lower, exact)) });
    }
    return hits.sort((a, b) => (b.exact - a.exact)
      || b.counts.reduce((c, n, f) => c || n - a.counts[f], 0)
      || (b.doc.date > a.doc.date) - (b.doc.date < a.doc.date)).map((hit) => hit.doc);
  }

  /** Ranges [start, end) of `text` that match the query, sorted and merged. */
  function highlight(text, query) {
    const { terms } = parseQuery(query);
    const { folded, at } = foldMap(text);
    const found = [];
    const words = spans(folded).filter((s) => !s.cjk);
    for (const term of terms) {
      if (term.cjk) {
        for (let i = folded.indexOf(term.t); i >= 0; i = folded.indexOf(term.t, i + 1)) found.push([i, i + term.t.length]);
      } else {
        for (const s of words) if (s.t === term.t || (term.prefix && s.t.startsWith(term.t))) found.push([s.start, s.start + term.t.length]);
      }
    }
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const merged = [];
    for (const [a, b] of found) {
      const last = merged[merged.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b); else merged.push([a, b]);
    }
    return merged.map(([a, b]) => [at[a], at[b]]);
  }

  /**
   * About SNIPPET characters of `text` around its first match, cut at spaces
   * where there are some, with "…" where text was left out. Returns the
   * snippet and its highlighted ranges.
   */
  function snippet(text, query, width = SNIPPET) {
    const ranges = highlight(text, query);
    const first = ranges.length ? ranges[0][0] : 0;
    let start = Math.max(0, first - Math.floor(width / 3));
    let end = Math.min(text.length, start + width);
    start = Math.max(0, end - width);
    if (start > 0) {
      const space = text.indexOf(" ", start);
      if (space >= 0 && space < first) start = space + 1;
      else while (start > 0 && /[\udc00-\udfff\u0300-\u036f]/.test(text[start])) start--;
    }
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      const firstEnd = ranges.length ? ranges[0][1] : 0;
      if (space > first && space >= firstEnd) end = space;
      else while (end < text.length && /[\udc00-\udfff\u0300-\u036f]/.test(text[end])) end++;
    }
    const lead = start > 0 ? "…" : "";
    const shown = ranges.filter(([a, b]) => a >= start && b <= end).map(([a, b]) => [a - start + lead.length, b - start + lead.length]);
    return { text: lead + text.slice(start, end) + (end < text.length ? "…" : ""), ranges: shown };
  }

  globalThis.duetSearch = { fold, tokens, search, highlight, snippet };

  if (typeof document === "undefined") return;

  const script = document.currentScript || document.querySelector("script[data-index]");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  if (!script || !input || !status || !list || !input.form) return;
  const data = script.dataset;

  let loading = null;
  /** The index, fetched once, on the first query or focus. */
  function load() {
    loading = loading || fetch(data.index).then((r) => {
      if (!r.ok) throw new Error(r.status + " " + data.index);
      return r.json();
    }).then((index) => {
      if (!index || index.v !== 1) throw new Error("unknown search index format");
      return index;
    });
    return loading;
  }

  // One pass, so a query that contains "{n}" stays as typed.
  const fill = (template, q, n) => (template || "").replace(/\{([qn])\}/g, (_, key) => (key === "q" ? q : String(n)));

  /** Text with its ranges wrapped in <mark>, as DOM nodes: index text is never parsed as HTML. */
  function marked(parent, text, ranges) {
    let i = 0;
    for (const [a, b] of ranges) {
      parent.append(text.slice(i, a));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      parent.append(mark);
      i = b;
    }
    parent.append(text.slice(i));
    return parent;
  }

  /** One result: the linked title, its date, and a snippet of the summary or body, matches marked. */
  function item(doc, q) {
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = doc.url;
    li.append(marked(a, doc.title, highlight(doc.title, q)));
    if (doc.dateDisplay) {
      const time = document.createElement("time");
      if (/^\d{4}-\d{2}-\d{2}$/.test(doc.date)) time.dateTime = doc.date;
      time.textContent = doc.dateDisplay;
      li.append(" ", time);
    }
    const from = [doc.summary, doc.body].find((text) => highlight(text, q).length) || doc.summary || doc.body;
    if (from) {
      const s = snippet(from, q);
      li.append(marked(document.createElement("p"), s.text, s.ranges));
    }
    return li;
  }

  let latest = 0;
  /** Searches for `q`, keeps ?q= in the address, and shows the results. */
  function run(q) {
    const ticket = ++latest;
    const url = new URL(location.href);
    if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
    if (!q.trim()) { list.replaceChildren(); status.textContent = ""; return; }
    load().then((index) => {
      if (ticket !== latest) return;
      // Only root-relative links: the index is data, and must not smuggle in javascript: URLs.
      const docs = search(index, q).filter((doc) => /^\/(?![/\\])/.test(doc.url));
      list.replaceChildren(...docs.map((doc) => item(doc, q)));
      status.textContent = fill(docs.length ? data.count : data.noResults, q.trim(), docs.length);
    }).catch(() => {
      if (ticket !== latest) return;
      list.replaceChildren();
      status.textContent = data.error || "Search is unavailable right now.";
      loading = null;
    });
  }

  let timer = 0;
  input.addEventListener("focus", () => { load().catch(() => { loading = null; }); }, { once: true });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => run(input.value), 150); });
  input.form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(input.value); });

  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (q.trim()) run(q);
})();
