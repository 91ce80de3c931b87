// Opens the built reference portal in headless Chromium and checks what
// only a browser can show: pages load without console errors, the language
// switcher leads to the translation, and an untranslated page says so.
// Usage: node tests/browser/portal.mjs [public] [screenshot-dir]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { serve, launch, watchErrors, checker } from "./server.mjs";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const root = path.resolve(process.argv[2] ?? "public");
const shots = process.argv[3];
if (shots) fs.mkdirSync(shots, { recursive: true });
const { base, close } = await serve(root);
const browser = await launch();
const check = checker();

try {
  const page = await browser.newPage();
  const errors = [];
  watchErrors(page, errors);

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
  const kinds = ["/", "/vi/", "/en/articles/", "/vi/partners/", "/vi/topics/", "/vi/404.html", "/vi/search/?q=unesco", new URL(viUrl).pathname];
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

  // Search: from the header of the Vietnamese home, without diacritics.
  await page.goto(`${base}/vi/`);
  await page.fill("#header-q", "hop tac");
  await page.press("#header-q", "Enter");
  await page.waitForSelector("#search-results li");
  check(page.url().includes("/vi/search/?q=hop+tac"), `the header search leads to the search page (${page.url()})`);
  const results = await page.locator("#search-results a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  check(results.some((href) => href.includes("/vi/articles/unesco-va-imexco")), `"hop tac" finds the Imexco article (${results.length} results)`);
  const marked = await page.locator("#search-results mark").first().textContent();
  check(/^h[ợơ]p$|^hợp tác$/i.test(marked) && marked !== "hop", `the match is highlighted in the text with its diacritics ("${marked}")`);
  check((await page.locator("#search-status").textContent()).includes("hop tac"), "the status line names the query");
  // A bookmarked search works on its own.
  await page.goto(`${base}/en/search/?q=lenovo`);
  await page.waitForSelector("#search-results li");
  const first = await page.locator("#search-results a").first().getAttribute("href");
  check(first.includes("/en/articles/lenovo"), `a linked English search shows its results (${first})`);
  // Keyboard: from the search field, Tab reaches the first result (past the button and the filters).
  await page.focus("#search-q");
  let tabs = 0;
  while (tabs < 10 && !(await page.evaluate(() => document.activeElement?.closest("#search-results") !== null))) {
    await page.keyboard.press("Tab");
    tabs++;
  }
  check(tabs < 10, `Tab reaches the results (${tabs} presses)`);

  const requested = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  // Search finds every word of a page, however far down: the Imexco article names Glasgow and COP26 in its last paragraph.
  const search = async (lang, q) => {
    await page.goto(`${base}/${lang}/search/?q=${encodeURIComponent(q)}`);
    await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
    return page.locator("#search-results li > a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  };
  for (const [lang, q, article] of [["vi", "Glasgow", "/vi/articles/unesco-va-imexco"], ["en", "Glasgow", "/en/articles/unesco-imexco"], ["vi", "COP26", "/vi/articles/unesco-va-imexco"], ["en", "COP26", "/en/articles/unesco-imexco"]]) {
    const found = await search(lang, q);
    check(found.some((href) => href.startsWith(article)), `"${q}" finds the Imexco article in ${lang} (${found.join(", ")})`);
  }
  // "hop tac": only pages with both words (folded, whole words), the ones with "hợp tác" as written first.
  const folded = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  const hopTac = await search("vi", "hop tac");
  const texts = [];
  for (const href of hopTac) texts.push(await (await fetch(base + href)).text().then((html) => html.replace(/<[^>]+>/g, " ")));
  const words = (text) => new Set(folded(text).split(/[^\p{L}\p{N}]+/u));
  check(hopTac.length > 0 && texts.every((t) => words(t).has("hop") && words(t).has("tac")), `every result of "hop tac" has both words (${hopTac.length} results)`);
  const exactFirst = await search("vi", "hợp tác");
  const firstText = await (await fetch(base + exactFirst[0])).text();
  check(/hợp tác/i.test(firstText.replace(/<[^>]+>/g, " ")), `"hợp tác" puts a page with "hợp tác" as written first (${exactFirst[0]})`);
  // Each result shows its kind, and its date on a line of its own.
  const metas = await page.locator("#search-results .result-meta").allTextContents();
  check(metas.length === exactFirst.length && metas.every((m) => /^(Bài viết|Đối tác|Trang)/.test(m)), `results show their kind (${[...new Set(metas.map((m) => m.split(" · ")[0]))].join(", ")})`);
  check(metas.some((m) => m.startsWith("Bài viết ·") && /năm 20\d\d/.test(m)), "articles show their date after their kind");
  // The filters' data is loaded when the reader opens the filters, not with every query.
  check(requested.some((p) => p.includes("/search-index/s/")) && !requested.some((p) => p.endsWith("/filters.gz")),
    `queries load shards but not the filters' data (${requested.filter((p) => p.includes("search-index")).length} index files)`);
  // Filtering by partner keeps only that partner's pages, as many as the menu said.
  await page.click("#search-filters > summary");
  await page.waitForFunction(() => !document.querySelector('#search-filters select[name="partner"]').disabled);
  check(requested.some((p) => p === "/vi/search-index/filters.gz"), "opening the filters loads their data");
  const option = await page.locator('#search-filters select[name="partner"] option', { hasText: "Imexco" }).first();
  const label = await option.textContent();
  await page.selectOption('#search-filters select[name="partner"]', await option.getAttribute("value"));
  await page.waitForFunction((n) => document.querySelectorAll("#search-results li").length === n, Number(label.match(/\((\d+)\)/)[1]));
  const filtered = await page.locator("#search-results li > a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
  check(filtered.length < exactFirst.length && filtered.some((h) => h.includes("imexco")), `a partner filter narrows the results (${label}: ${filtered.join(", ")})`);
  // Results in the other language: shown when this one has few, linking to the same query there.
  await search("en", "hop tac");
  await page.waitForSelector("#search-other a:not([hidden])");
  const also = page.locator("#search-other a:not([hidden])");
  check((await also.getAttribute("href")) === "/vi/search/?q=hop+tac" && /\d/.test(await also.textContent()), `an English search with no results links to the Vietnamese ones ("${await also.textContent()}")`);
  await search("vi", "hop tac");
  await page.waitForTimeout(300);
  check((await page.locator("#search-other a:not([hidden])").count()) === 0, "... and not when there are plenty of results");
  // No layout shift while a linked search loads its results.
  await page.goto(`${base}/vi/search/?q=hop+tac`);
  await page.waitForSelector("#search-results li");
  await page.waitForTimeout(500);
  const shift = await page.evaluate(() => new Promise((done) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; }).observe({ type: "layout-shift", buffered: true });
    setTimeout(() => done(total), 100);
  }));
  check(shift === 0, `no layout shift while results load (CLS ${shift})`);
  if (shots) {
    for (const [name, width, height] of [["phone", 390, 844], ["desktop", 1280, 900]]) {
      const view = await browser.newPage({ viewport: { width, height } });
      await view.goto(`${base}/vi/search/?q=hop+tac`);
      await view.waitForSelector("#search-results li");
      await view.click("#search-filters > summary");
      await view.waitForFunction(() => !document.querySelector('#search-filters select[name="partner"]').disabled);
      await view.screenshot({ path: path.join(shots, `search-${name}.png`), fullPage: false });
      await view.close();
    }
  }

  // A page that does not exist shows the 404 page.
  await page.goto(`${base}/vi/khong-co/`);
  check((await page.locator("h1").textContent()).includes("Không tìm thấy"), "unknown URLs get the 404 page");

  if (shots) {
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
  close();
}
check.done();
