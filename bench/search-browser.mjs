// Runs search queries in headless Chromium against a built site, for duet's
// own index and for Pagefind's (built into OUT/pagefind), and prints the
// bytes each first query transfers (raw, and gzip-compressed as a host
// would send them; files that are gzip already count as they are) and the
// time from submitting the query to results on screen.
// Usage: node bench/search-browser.mjs OUT lang:query...
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import zlib from "node:zlib";
import { launch } from "../tests/browser/server.mjs";

const root = path.resolve(process.argv[2]);
const queries = process.argv.slice(3).map((arg) => { const i = arg.indexOf(":"); return [arg.slice(0, i), arg.slice(i + 1)]; });
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".wasm": "application/wasm" };
// A page that loads Pagefind's own API, as its docs show, in the query's language.
const pagefindPage = (lang) => `<!doctype html><html lang="${lang}"><meta charset="utf-8"><title>pf</title><body><ol id="r"></ol><script type="module">
const pagefind = await import("/pagefind/pagefind.js"); await pagefind.init();
window.run = async (q) => { const t = performance.now(); const s = await pagefind.search(q);
  const data = await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
  document.getElementById("r").replaceChildren(...data.map((d) => Object.assign(document.createElement("li"), { textContent: d.meta.title })));
  return { ms: performance.now() - t, count: s.results.length }; };
window.ready = true;</script>`;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  if (url.pathname.startsWith("/pf-")) { res.writeHead(200, { "content-type": types[".html"] }).end(pagefindPage(url.pathname.slice(4, 6))); return; }
  let file = path.join(root, decodeURIComponent(url.pathname));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch();

/** Counts every response of `page`: raw bytes and gzip bytes. */
function meter(page) {
  const total = { raw: 0, gzip: 0, files: 0 };
  page.on("response", async (r) => {
    try {
      const body = await r.body();
      const gz = body[0] === 0x1f && body[1] === 0x8b;
      total.raw += body.length; total.gzip += gz ? body.length : zlib.gzipSync(body, { level: 6 }).length; total.files++;
    } catch { /* redirects have no body */ }
  });
  return total;
}
const kB = (n) => (n / 1000).toFixed(1);
console.log("engine    lang  query                 results   files   raw kB  gzip kB  ms to results");
for (const [lang, q] of queries) {
  // duet: the search page loads, then the reader submits the query.
  {
    const page = await browser.newPage();
    const total = meter(page);
    await page.goto(`${base}/${lang}/search/`, { waitUntil: "networkidle" });
    await page.fill("#search-q", q);
    const t = Date.now();
    await page.press("#search-q", "Enter");
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
    const ms = Date.now() - t;
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    const n = (await page.locator("#search-status").textContent()).match(/\d+/)?.[0] ?? "0";
    console.log(`duet      ${lang.padEnd(5)} ${q.padEnd(21)} ${n.padStart(7)} ${String(total.files).padStart(7)} ${kB(total.raw).padStart(8)} ${kB(total.gzip).padStart(8)} ${String(ms).padStart(14)}`);
    await page.close();
  }
  if (fs.existsSync(path.join(root, "pagefind"))) {
    const page = await browser.newPage();
    const total = meter(page);
    await page.goto(`${base}/pf-${lang}`, { waitUntil: "networkidle" });
    await page.waitForFunction(() => window.ready);
    const { ms, count } = await page.evaluate((q) => window.run(q), q);
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(300);
    console.log(`pagefind  ${lang.padEnd(5)} ${q.padEnd(21)} ${String(count).padStart(7)} ${String(total.files).padStart(7)} ${kB(total.raw).padStart(8)} ${kB(total.gzip).padStart(8)} ${String(Math.round(ms)).padStart(14)}`);
    await page.close();
  }
}
await browser.close();
server.close();
