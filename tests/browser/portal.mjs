// Opens the built reference portal in headless Chromium and checks what
// only a browser can show: pages load without console errors, the language
// switcher leads to the translation, and an untranslated page says so.
// Usage: node tests/browser/portal.mjs [public] [screenshot-dir]
import { chromium } from "playwright-core";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const root = path.resolve(process.argv[2] ?? "public");
const shots = process.argv[3];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".xml": "application/xml", ".js": "text/javascript", ".svg": "image/svg+xml" };

// A static server over the output folder, like any host would be.
const server = http.createServer((req, res) => {
  let file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
  if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  if (!fs.existsSync(file)) {
    res.writeHead(404, { "content-type": types[".html"] }).end(fs.readFileSync(path.join(root, "404.html")));
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" }).end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update"],
});
const failures = [];
const check = (ok, what) => { console.log(`${ok ? "ok  " : "FAIL"} ${what}`); if (!ok) failures.push(what); };

try {
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => errors.push(`${page.url()}: ${e.message}`));

  // Every page of the site loads without a console error.
  const pages = [];
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p); else if (e.name.endsWith(".html")) pages.push("/" + path.relative(root, p));
  });
  walk(root);
  for (const p of pages) {
    const response = await page.goto(base + p.replace(/index\.html$/, ""));
    if (response.status() !== 200) errors.push(`${p}: HTTP ${response.status()}`);
  }
  check(errors.length === 0, `${pages.length} pages load without console errors ${errors.slice(0, 5).join("; ")}`);

  // From the Vietnamese home, open the first article, then switch to English.
  await page.goto(`${base}/vi/`);
  check((await page.getAttribute("html", "lang")) === "vi", "/vi/ is Vietnamese");
  await page.locator(".card-title a").first().click();
  const viUrl = page.url();
  check(viUrl.includes("/vi/articles/"), `an article opens from the home page (${viUrl})`);
  await page.locator(".switcher a[hreflang=en]").click();
  check((await page.getAttribute("html", "lang")) === "en", "the switcher leads to an English page");
  check(page.url().includes("/en/articles/"), `... which is the article's translation (${page.url()})`);
  const back = await page.locator(".switcher a[hreflang=vi]").getAttribute("href");
  check(viUrl.endsWith(back), "... whose switcher leads back to the same Vietnamese article");

  // The keyboard reaches the skip link first, and it is visible when focused.
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement?.className);
  check(focused === "skip-link", "Tab focuses the skip link first");
  const box = await page.locator(".skip-link").boundingBox();
  check(box && box.x >= 0 && box.y >= 0, "the focused skip link is on screen");

  // Accessibility (axe, WCAG 2 A and AA rules) on one page of each kind, in
  // both colour schemes.
  const kinds = ["/", "/vi/", "/en/articles/", "/vi/partners/", "/vi/topics/", "/vi/404.html", new URL(viUrl).pathname];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const url of kinds) {
      await page.goto(base + url);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] }));
      const found = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target}`);
      check(found.length === 0, `axe ${scheme} ${url} ${found.join("; ")}`);
    }
  }
  await page.emulateMedia({ colorScheme: "light" });

  // A page that does not exist shows the 404 page.
  await page.goto(`${base}/vi/khong-co/`);
  check((await page.locator("h1").textContent()).includes("Không tìm thấy"), "unknown URLs get the 404 page");

  if (shots) {
    fs.mkdirSync(shots, { recursive: true });
    const article = viUrl.replace(base, "");
    for (const [name, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
      const view = await browser.newPage({ viewport: { width, height } });
      for (const [label, url] of [["home", "/vi/"], ["article", article]]) {
        await view.goto(base + url);
        await view.screenshot({ path: path.join(shots, `${label}-${name}.png`), fullPage: false });
      }
      await view.close();
    }
    console.log(`screenshots in ${shots}`);
  }
} finally {
  await browser.close();
  server.close();
}
if (failures.length) { console.error(`${failures.length} browser check(s) failed`); process.exit(1); }
