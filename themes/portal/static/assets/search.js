// duet's built-in search. Reads the sharded index under /LANG/search-index/
// (written by src/search/index.rs; the format is described there): a query
// loads meta.json, the shards of its words, then the fragments of the
// results it shows, and the filters when the reader opens them. Folding,
// words and shard numbers follow src/search/mod.rs; the pure functions are on globalThis.duetSearch
// so tests/search_js can run them in Node, and the page wiring only runs
// where there is a document.
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

  // As KEY_CHARS and shard_of in src/search/mod.rs.
  const KEY_CHARS = 4;
  const FORMAT = 2;
  const TITLE = 1, SUMMARY = 2;

  /** The shard of a folded term: FNV-1a of its first KEY_CHARS characters (one for CJK), as shard_of() in src/search/mod.rs. */
  function shardOf(term, shards) {
    const chars = [...term];
    const key = chars.slice(0, CJK.test(chars[0] || "") ? 1 : KEY_CHARS).join("");
    let hash = 0x811c9dc5;
    for (const byte of new TextEncoder().encode(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    return hash % Math.max(1, shards);
  }

  /**
   * The query as terms to find: folded (`t`), as typed (`v`, lowercase with
   * marks), and whether it is a prefix. The last word is a prefix while the
   * reader is still typing it (no space after it yet) and has KEY_CHARS
   * characters, which pick its shard; a shorter one matches whole words.
   * A lone CJK character is a prefix of the bigrams it starts.
   */
  function parseQuery(query) {
    const lower = String(query).normalize("NFC").toLowerCase();
    const terms = spans(fold(lower)).map((s) => ({ t: s.t, cjk: s.cjk, prefix: false, start: s.start }));
    // The written form of each word: the same word of the unfolded query.
    const written = spans(lower).filter((s) => !s.cjk).map((s) => s.t.normalize("NFC"));
    let w = 0;
    for (const term of terms) term.v = term.cjk ? term.t : (written[w++] ?? term.t);
    const last = terms[terms.length - 1];
    if (last && !/\s$/.test(query)) last.prefix = last.cjk ? [...last.t].length === 1 : [...last.t].length >= KEY_CHARS;
    return { terms };
  }

  /** The shards a query needs. */
  function shardsFor(query, shards) {
    return [...new Set(parseQuery(query).terms.map((term) => shardOf(term.t, shards)))];
  }

  /** Postings of one written form, decoded: doc → { fields, positions }. */
  function decode(list, into) {
    let doc = 0;
    for (let i = 0; i < list.length;) {
      doc += list[i++];
      const head = list[i++];
      const n = head >> 3;
      const positions = [];
      let p = 0;
      for (let k = 0; k < n; k++) { p = k === 0 ? list[i + k] : p + list[i + k]; positions.push(p); }
      i += n;
      into(doc, head & 7, positions);
    }
  }

  /**
   * Where one query term occurs: doc → { fields, exact, positions }.
   * `exact` when the page has the word as the reader wrote it, marks
   * included; it counts only for words written with marks.
   */
  function occurrences(shard, term) {
    const found = new Map();
    const marked = term.v !== term.t;
    const add = (key, forms) => {
      if (!forms || typeof forms !== "object") return;
      for (const [form, list] of Object.entries(forms)) {
        if (!Array.isArray(list)) continue;
        const exact = marked && (form || key) === term.v;
        decode(list, (doc, fields, positions) => {
          const hit = found.get(doc) || { fields: 0, exact: false, positions: [] };
          hit.fields |= fields; hit.exact ||= exact; hit.positions.push(...positions);
          found.set(doc, hit);
        });
      }
    };
    if (!shard || typeof shard !== "object") return found;
    if (term.prefix) { for (const key of Object.keys(shard)) if (key.startsWith(term.t)) add(key, shard[key]); }
    else add(term.t, shard[term.t]);
    return found;
  }

  /**
   * Documents that contain every query term, best first: more query words
   * side by side as in the query, then more words as written (with their
   * marks), then more words in the title, then in the summary, then
   * newest (documents are numbered newest first). `shards` maps a shard
   * number to its parsed JSON; returns [{ doc, exact, phrase, title }].
   */
  function rank(shards, query, count) {
    const { terms } = parseQuery(query);
    if (!terms.length) return [];
    const per = terms.map((term) => occurrences(shards.get(shardOf(term.t, count)), term));
    const hits = [];
    for (const [doc] of per.reduce((a, b) => (a.size <= b.size ? a : b))) {
      const each = per.map((m) => m.get(doc));
      if (each.some((hit) => !hit)) continue;
      let phrase = 0;
      for (let k = 1; k < each.length; k++) {
        const next = new Set(each[k].positions);
        if (each[k - 1].positions.some((p) => next.has(p + 1))) phrase++;
      }
      hits.push({
        doc,
        exact: each.filter((hit) => hit.exact).length,
        phrase,
        title: each.filter((hit) => hit.fields & TITLE).length,
        summary: each.filter((hit) => hit.fields & SUMMARY).length,
      });
    }
    return hits.sort((a, b) => b.phrase - a.phrase || b.exact - a.exact || b.title - a.title || b.summary - a.summary || a.doc - b.doc);
  }

  /** filters.gz parsed: facet → value → Set of docs (lists are delta-coded). */
  function parseFilters(json) {
    const out = {};
    for (const [facet, values] of Object.entries(json && typeof json === "object" ? json : {})) {
      out[facet] = new Map();
      for (const [value, list] of Object.entries(values || {})) {
        let doc = 0;
        out[facet].set(value, new Set((Array.isArray(list) ? list : []).map((d) => (doc += d))));
      }
    }
    return out;
  }

  /** Hits that have every selected facet value (`selected`: facet → value, "" for any). */
  function applyFilters(hits, filters, selected, except) {
    return hits.filter((hit) => Object.entries(selected).every(([facet, value]) =>
      facet === except || !value || filters[facet]?.get(value)?.has(hit.doc)));
  }

  /** Per facet, each value with how many of `hits` have it under the other selected filters. */
  function facetCounts(hits, filters, selected) {
    const out = {};
    for (const [facet, values] of Object.entries(filters)) {
      const pool = applyFilters(hits, filters, selected, facet);
      out[facet] = [...values].map(([value, docs]) => [value, pool.filter((hit) => docs.has(hit.doc)).length]).filter(([, n]) => n > 0);
    }
    return out;
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

  globalThis.duetSearch = { fold, tokens, shardOf, parseQuery, shardsFor, rank, parseFilters, facetCounts, applyFilters, highlight, snippet };

  if (typeof document === "undefined") return;

  const script = document.currentScript || document.querySelector("script[data-index]");
  const input = document.getElementById("search-q");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const other = document.getElementById("search-other");
  const facets = document.getElementById("search-filters");
  if (!script || !input || !status || !list || !input.form) return;
  const data = script.dataset;
  const PAGE = 10;
  const FEW = 3;

  const files = new Map();
  /** A file of an index, fetched once: JSON, gunzipped by the browser when it ends in .gz. */
  function file(url) {
    if (!files.has(url)) {
      files.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(r.status + " " + url);
        if (!url.endsWith(".gz")) return r.json();
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }).catch((error) => { files.delete(url); throw error; }));
    }
    return files.get(url);
  }

  /** The results of `q` in the index at `base`: its meta and ranked hits. */
  async function find(base, q) {
    const meta = await file(base + "meta.json");
    if (!meta || meta.v !== FORMAT) throw new Error("unknown search index format");
    const numbers = shardsFor(q, meta.shards);
    const shards = new Map(await Promise.all(numbers.map(async (n) => [n, await file(`${base}s/${n}.gz`)])));
    return rank(shards, q, meta.shards);
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

  const kinds = { article: data.kindArticle, partner: data.kindPartner, page: data.kindPage };

  /** One result: the linked title; its kind and date on a line of their own; a snippet, matches marked. */
  function item(doc, q) {
    const text = (s) => (typeof s === "string" ? s : "");
    const li = document.createElement("li");
    const a = document.createElement("a");
    a.href = text(doc.u);
    li.append(marked(a, text(doc.t), highlight(text(doc.t), q)));
    const meta = document.createElement("p");
    meta.className = "result-meta";
    const kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = kinds[doc.k] || "";
    meta.append(kind);
    if (doc.dd) {
      const time = document.createElement("time");
      if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(doc.d)) time.dateTime = doc.d;
      time.textContent = text(doc.dd);
      meta.append(" · ", time);
    }
    li.append(meta);
    const from = [text(doc.s), text(doc.x)].find((t) => highlight(t, q).length) || text(doc.s) || text(doc.x);
    if (from) {
      const s = snippet(from, q);
      li.append(marked(document.createElement("p"), s.text, s.ranges));
    }
    return li;
  }

  const selected = {};
  const facetNames = ["kind", "partner", "topic", "year"];
  let state = null;
  let latest = 0;
  // Folded filters (a <details>) load their data when opened; a theme's own
  // always-visible filters load it with every query.
  const lazy = facets && facets.tagName === "DETAILS";
  let parsed = null;
  /** filters.gz, fetched and parsed once; null when it cannot be had. */
  function filtersData() {
    parsed ||= file(data.index + "filters.gz").then(parseFilters).catch(() => { parsed = null; return null; });
    return parsed;
  }
  /** Gives the current results their filters and shows the menus with counts. */
  async function loadFilters() {
    const current = state;
    if (!current || current.filters) return;
    const filters = await filtersData();
    if (current !== state) return;
    current.filters = filters;
    showFacets();
  }

  /** Fills the filter menus with the values of the current results and their counts. */
  function showFacets() {
    if (!facets) return;
    const counts = state && state.filters ? facetCounts(state.hits, state.filters, selected) : {};
    for (const facet of facetNames) {
      const select = facets.querySelector(`select[name="${facet}"]`);
      if (!select) continue;
      const values = (counts[facet] || []).sort((a, b) => (facet === "year" ? b[0].localeCompare(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
      const any = new Option(select.dataset.any || "—", "");
      const options = values.map(([value, n]) => new Option(`${facet === "kind" ? kinds[value] || value : value} (${n})`, value));
      select.replaceChildren(any, ...options);
      select.value = values.some(([value]) => value === selected[facet]) ? selected[facet] : "";
      select.disabled = values.length === 0;
    }
  }

  /** Shows results `from`…`from + PAGE` of the current query, fragments fetched together so they appear at once. */
  async function showPage(ticket, from) {
    // Without the filters' data (not loaded yet, or unavailable) nothing is filtered out.
    const shown = state.filters ? applyFilters(state.hits, state.filters, selected) : state.hits;
    const slice = shown.slice(from, from + PAGE);
    const docs = await Promise.all(slice.map((hit) => file(`${data.index}f/${hit.doc}.gz`)));
    if (ticket !== latest) return;
    // Only root-relative links: the index is data, and must not smuggle in javascript: URLs.
    const items = docs.filter((doc) => doc && /^\/(?![/\\])/.test(doc.u)).map((doc) => item(doc, state.q));
    if (from === 0) list.replaceChildren(...items); else list.append(...items);
    list.start = 1;
    status.textContent = fill(shown.length ? data.count : data.noResults, state.q.trim(), shown.length);
    if (more) more.hidden = from + PAGE >= shown.length;
    state.next = from + PAGE;
  }

  /** How many results the query has in each other language, linked, when this one has few. */
  async function showOther(ticket, q, count) {
    if (!other) return;
    const links = [...other.querySelectorAll("a[data-index]")];
    for (const a of links) a.hidden = true;
    if (count >= FEW) return;
    for (const a of links) {
      const hits = await find(a.dataset.index, q).catch(() => []);
      if (ticket !== latest || !hits.length) continue;
      const url = new URL(a.getAttribute("href"), location.href);
      url.searchParams.set("q", q);
      a.href = url.pathname + url.search;
      a.textContent = fill(a.dataset.label, q.trim(), hits.length);
      a.hidden = false;
    }
  }

  /** Searches for `q`, keeps ?q= in the address, and shows the results. */
  async function run(q) {
    const ticket = ++latest;
    const url = new URL(location.href);
    if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
    history.replaceState(history.state, "", url);
    if (!q.trim()) { state = null; list.replaceChildren(); status.textContent = ""; if (more) more.hidden = true; showOther(ticket, q, Infinity); showFacets(); return; }
    try {
      const hits = await find(data.index, q);
      if (ticket !== latest) return;
      state = { q, hits, filters: null, next: 0 };
      await showPage(ticket, 0);
      showFacets();
      // Filters chosen before stay in force, so their data is needed again.
      if (!lazy || facets.open || Object.values(selected).some(Boolean)) await loadFilters();
      await showOther(ticket, q, hits.length);
    } catch {
      if (ticket !== latest) return;
      list.replaceChildren();
      status.textContent = data.error || "Search is unavailable right now.";
    }
  }

  let timer = 0;
  input.addEventListener("focus", () => { file(data.index + "meta.json").catch(() => {}); }, { once: true });
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => run(input.value), 150); });
  input.form.addEventListener("submit", (event) => { event.preventDefault(); clearTimeout(timer); run(input.value); });
  if (more) more.addEventListener("click", () => { if (state) showPage(latest, state.next); });
  if (lazy) facets.addEventListener("toggle", () => { if (facets.open) loadFilters(); });
  if (facets) facets.addEventListener("change", (event) => {
    const select = event.target.closest("select");
    if (!select || !state) return;
    selected[select.name] = select.value;
    const ticket = ++latest;
    showPage(ticket, 0).then(showFacets);
  });

  const q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  if (q.trim()) run(q);
})();
