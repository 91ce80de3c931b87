// The theme as a reader sees it, in headless Chromium: the header fits one
// row on a desktop and 64 px on a phone, its menus open without JavaScript,
// nothing scrolls sideways at 320 px, images keep their place, partner
// pages link their websites, articles lead on to related ones, search
// results do not push the page around, dark mode reaches the form controls,
// and print drops the navigation. Optionally writes the screenshots of
// docs/screenshots/.
// Usage: node tests/browser/theme.mjs [public] [screenshot-dir]
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

/** The article pages of a language, from the files written. */
const articles = (lang) =>
  fs.readdirSync(path.join(root, lang, "articles"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "page")
    .map((e) => `/${lang}/articles/${e.name}/`);
const viArticle = articles("vi").find((u) => u.includes("imexco")) ?? articles("vi")[0];
const enArticle = articles("en").find((u) => u.includes("imexco")) ?? articles("en")[0];
const pages = {
  root: "/",
  home: "/vi/",
  article: viArticle,
  partner: "/vi/partners/unesco/",
  search: "/vi/search/?q=hop+tac",
};

/** A page at a viewport size, optionally in dark mode or without JavaScript. */
async function open(url, { width = 1280, height = 900, scheme = "light", javaScript = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: javaScript, colorScheme: scheme });
  const page = await context.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(base + url);
  page.errors = errors;
  page.done = () => context.close();
  return page;
}

/** The box of `selector`'s first visible element, or null. */
const box = (page, selector) => page.evaluate((s) => {
  const e = [...document.querySelectorAll(s)].find((x) => x.checkVisibility());
  if (!e) return null;
  const r = e.getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
}, selector);

try {
  // Header: one row from 1024 px wide, brand, menu, search and switcher in one band.
  for (const width of [1024, 1280]) {
    for (const name of ["home", "article", "partner"]) {
      const page = await open(pages[name], { width });
      const parts = {};
      for (const [part, selector] of [["brand", ".site-header .brand"], ["nav", ".site-header .site-nav a"], ["search", ".site-header input[type=search]"], ["switcher", ".site-header .switcher a"]]) {
        parts[part] = await box(page, selector);
      }
      const missing = Object.entries(parts).filter(([, b]) => !b).map(([p]) => p);
      const boxes = Object.values(parts).filter(Boolean);
      const band = boxes.length && Math.min(...boxes.map((b) => b.bottom)) - Math.max(...boxes.map((b) => b.top));
      const header = await box(page, ".site-header");
      // Each link on one line, and the brand's name not cut off.
      const cramped = await page.evaluate(() => [...document.querySelectorAll(".site-header a, .site-header .brand *")]
        .filter((e) => e.checkVisibility() && (e.getBoundingClientRect().height > 48 || e.scrollWidth > e.clientWidth + 1))
        .map((e) => e.textContent.trim() || e.className));
      check(missing.length === 0 && band > 0 && header.height <= 80 && cramped.length === 0,
        `${width} px ${name}: brand, navigation, search and switcher share one row (${missing.length ? `not visible: ${missing.join(", ")}` : `overlap ${Math.round(band)} px, header ${Math.round(header.height)} px`}${cramped.length ? `; wrapped or cut: ${cramped.join(", ")}` : ""})`);
      await page.done();
    }
  }

  // Phones: the header is at most 64 px tall, the menu and search hidden behind toggles.
  for (const name of ["home", "article", "partner", "search"]) {
    const page = await open(pages[name], { width: 390, height: 844 });
    const header = await box(page, ".site-header");
    const navShown = await box(page, ".site-header .site-nav a");
    check(header && header.height <= 64 && !navShown, `390 px ${name}: the header is ${Math.round(header?.height)} px tall (≤ 64), the navigation folded away`);
    await page.done();
  }

  // The toggles work without JavaScript, by mouse and by keyboard.
  {
    const page = await open(pages.home, { width: 390, height: 844, javaScript: false });
    const toggles = page.locator(".site-header summary, .site-header label[for]");
    const link = page.locator(".site-header .site-nav a").first();
    const before = await link.isVisible();
    const menu = toggles.first();
    if (await menu.count()) await menu.click({ timeout: 2000 }).catch(() => {});
    const after = await link.isVisible();
    check(!before && after, `without JavaScript, the menu button opens the navigation (hidden ${!before}, shown ${after})`);
    const input = page.locator(".site-header input[type=search]");
    const hidden = !(await input.isVisible());
    if ((await toggles.count()) > 1) {
      await toggles.nth(1).focus();
      await page.keyboard.press("Enter");
    }
    check(hidden && (await input.isVisible()), "without JavaScript, Enter on the search button shows the search field");
    const header = await box(page, ".site-header");
    check(header.height <= 64, `... and the open menus drop over the page: the header stays ${Math.round(header.height)} px`);
    const summaryName = (await menu.count()) ? await menu.evaluate((s) => s.textContent.trim()) : "";
    check(!before && summaryName.length > 0, `the menu button has a name for screen readers ("${summaryName}")`);
    await page.done();
  }

  // No sideways scrolling at 320 px, menus closed and open.
  for (const [name, url] of Object.entries(pages)) {
    const page = await open(url, { width: 320, height: 640 });
    const widths = [];
    widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
    if (name !== "root") {
      for (const t of await page.locator(".site-header summary").all()) await t.click();
      widths.push(await page.evaluate(() => document.documentElement.scrollWidth));
    }
    check(widths.every((w) => w <= 320), `320 px ${name}: no horizontal overflow (scroll widths ${widths.join(", ")})`);
    await page.done();
  }

  // Every image has a width, a height and an alt, on every page written.
  {
    const all = [];
    const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p); else if (e.name.endsWith(".html")) all.push(p);
    });
    walk(root);
    const bad = [];
    let images = 0;
    for (const file of all) {
      for (const tag of fs.readFileSync(file, "utf8").match(/<img\b[^>]*>/g) ?? []) {
        images++;
        if (!/\swidth="\d+"/.test(tag) || !/\sheight="\d+"/.test(tag) || !/\salt="/.test(tag)) bad.push(`${path.relative(root, file)}: ${tag.slice(0, 80)}`);
      }
    }
    check(bad.length === 0, `${images} <img> on ${all.length} pages all have width, height and alt ${bad.slice(0, 3).join("; ")}`);
  }

  // Partner pages link the official website in both languages, without nofollow.
  for (const url of ["/vi/partners/unesco/", "/en/partners/unesco/"]) {
    const page = await open(url);
    const link = page.locator("main a[rel~=external][href^='https://www.unesco.org']").first();
    const shown = (await link.count()) > 0 && (await link.isVisible());
    const rel = shown ? await link.getAttribute("rel") : "";
    check(shown && !rel.includes("nofollow"), `${url} shows the website link (rel="${rel}")`);
    await page.done();
  }

  // Articles: breadcrumbs, one metadata line, related articles, previous and next.
  for (const url of [viArticle, enArticle]) {
    const page = await open(url);
    const crumbs = await page.evaluate(() => {
      const nav = document.querySelector("main nav ol")?.closest("nav");
      const items = nav ? [...nav.querySelectorAll("ol > li")] : [];
      return { label: nav?.getAttribute("aria-label") ?? "", n: items.length, current: items.at(-1)?.querySelector("[aria-current=page]") !== null };
    });
    check(crumbs.n >= 2 && crumbs.current && crumbs.label, `${url}: breadcrumbs (${crumbs.n} items, the last one aria-current="page", "${crumbs.label}")`);
    const meta = await page.evaluate(() => {
      const header = document.querySelector("article header");
      const lines = header ? [...header.querySelectorAll(".meta")] : [];
      const line = lines[0];
      return {
        lines: lines.length,
        time: !!line?.querySelector("time"),
        partners: line ? line.querySelectorAll("a[href*='/partners/']").length : 0,
        logos: line ? line.querySelectorAll("a[href*='/partners/'] svg, a[href*='/partners/'] img").length : 0,
        years: line ? line.querySelectorAll("a[href*='/years/'], a[href*='/nam/']").length : 0,
        height: line?.getBoundingClientRect().height ?? 0,
      };
    });
    check(meta.lines === 1 && meta.time && meta.partners > 0 && meta.logos === meta.partners && meta.years === 0,
      `${url}: one metadata line with the date and ${meta.partners} partners with logos, no year (${JSON.stringify(meta)})`);
    const related = await page.locator("main .related article a[href*='/articles/']").count();
    check(related >= 1 && related <= 3, `${url}: related articles (${related})`);
    const sequence = await page.locator("main nav.prev-next a[href*='/articles/']").count();
    check(sequence >= 1, `${url}: previous/next article links (${sequence})`);
    const source = await page.locator("main a[href^='http'][rel~=nofollow]").count();
    check(source === 0, `${url}: no rel="nofollow" on outside links`);
    await page.done();
  }

  // Link underlines clear the marks below Vietnamese letters.
  {
    const page = await open(viArticle);
    const lines = await page.evaluate(() => {
      const style = (e) => getComputedStyle(e);
      const card = document.querySelector(".card-title a, .prev-next a, .related a");
      const prose = document.querySelector(".prose a, .article-footer a, .meta a");
      const em = (e) => parseFloat(style(e).textUnderlineOffset) / parseFloat(style(e).fontSize);
      return {
        card: card ? style(card).textDecorationLine : "none",
        prose: prose ? em(prose) : 1,
        skip: prose ? style(prose).textDecorationSkipInk : "auto",
      };
    });
    check(lines.card === "none", `card titles are not underlined until hovered (${lines.card})`);
    check(lines.prose >= 0.25 && lines.skip === "auto", `link underlines sit ${lines.prose.toFixed(2)} em below the text (≥ 0.25), skipping ink`);
    await page.done();
  }

  // Footer: the publisher, copyright with the year, the independence notice.
  {
    const page = await open(pages.home);
    const footer = await page.evaluate(() => {
      const f = document.querySelector("body > footer");
      return { text: f?.textContent.replace(/\s+/g, " ") ?? "", navs: f?.querySelectorAll("nav").length ?? 0 };
    });
    const year = /©\s*\d{4}/.test(footer.text);
    const notice = await page.locator("body > footer .footer-notice").count();
    check(year && notice === 1 && footer.navs >= 1, `the footer names the publisher with a copyright year and says the portal is independent (© year ${year}, notice ${notice}, ${footer.navs} navigation lists)`);
    await page.done();
  }

  // The root page is branded: a logo and every language's site name and tagline.
  {
    const page = await open(pages.root);
    const root = await page.evaluate(() => ({
      logo: [...document.images].some((i) => i.checkVisibility() && i.getBoundingClientRect().height >= 32),
      sections: document.querySelectorAll("main [lang] h1, main [lang] h2").length,
      taglines: document.querySelectorAll("main [lang] .lede").length,
    }));
    check(root.logo && root.sections >= 2 && root.taglines >= 2, `the root page shows a logo and each language's name and tagline (${JSON.stringify(root)})`);
    await page.done();
  }

  // Search: results appear without moving the page, and the filters are dark in dark mode.
  for (const [width, height] of [[390, 844], [1280, 900]]) {
    const page = await open("/vi/search/", { width, height });
    await page.evaluate(() => {
      window.shift = 0;
      // As CLS counts it: a shift right after the reader's own input (opening the filters) is theirs.
      new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.shift += e.value; }).observe({ type: "layout-shift", buffered: true });
    });
    const target = await page.evaluate(() => document.querySelector("#search-filters > summary").getBoundingClientRect().height);
    check(target >= 24, `${width} px: the filters' toggle is at least a 24 px target (${target.toFixed(1)} px)`);
    await page.click("#search-filters > summary");
    await page.fill("#search-q", "hop tac");
    await page.waitForSelector("#search-results li");
    await page.waitForFunction(() => !document.querySelector('#search-filters select[name="partner"]').disabled);
    await page.waitForTimeout(400);
    await page.fill("#search-q", "unesco");
    await page.waitForFunction(() => document.querySelector("#search-status").textContent.includes("unesco"));
    await page.waitForTimeout(400);
    const shift = await page.evaluate(() => window.shift);
    check(shift < 0.01, `${width} px: typing two queries shifts the layout by ${shift.toFixed(4)} (< 0.01)`);
    await page.done();
  }
  {
    const page = await open(pages.search, { scheme: "dark" });
    await page.waitForSelector("#search-results li");
    await page.click("#search-filters > summary");
    const colours = await page.evaluate(() => {
      const lum = (c) => { const [r, g, b] = c.match(/[\d.]+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
      return [...document.querySelectorAll("#search-filters select, #search-q")].map((e) => {
        const s = getComputedStyle(e);
        return { bg: lum(s.backgroundColor), fg: lum(s.color), scheme: s.colorScheme };
      });
    });
    check(colours.length >= 2 && colours.every((c) => c.bg < 0.25 && c.fg > 0.6 && c.scheme.includes("dark")),
      `dark mode: the search field and filters are dark with light text (${JSON.stringify(colours[1])})`);
    // Native controls and their menus follow the scheme from the first paint, before the style sheet arrives.
    const meta = await page.evaluate(() => document.querySelector('meta[name="color-scheme"]')?.content ?? "");
    check(/dark/.test(meta), `the pages declare their colour schemes to the browser (meta color-scheme "${meta}")`);
    await page.done();
  }

  // Print: no navigation, search, switcher or footer navigation; prose links followed by their URLs.
  {
    const page = await open(pages.partner);
    await page.emulateMedia({ media: "print" });
    const print = await page.evaluate(() => {
      const shown = (s) => [...document.querySelectorAll(s)].filter((e) => e.checkVisibility()).length;
      const link = document.querySelector("main a[href^='http']");
      return {
        chrome: shown(".site-header nav a, .site-header input, .switcher a, body > footer nav a"),
        after: link ? getComputedStyle(link, "::after").content : "(no outside link)",
        bg: getComputedStyle(document.body).backgroundColor,
        fg: getComputedStyle(document.body).color,
      };
    });
    check(print.chrome === 0 && print.bg === "rgb(255, 255, 255)" && print.fg === "rgb(0, 0, 0)",
      `print: no navigation, search or switcher, black on white (${JSON.stringify(print)})`);
    check(/attr\(href\)|http/.test(print.after), `print: outside links show their address (${print.after})`);
    await page.done();
  }

  // axe with the phone menus open, in both colour schemes.
  for (const scheme of ["light", "dark"]) {
    for (const [name, url] of Object.entries(pages)) {
      const page = await open(url, { width: 390, height: 844, scheme });
      for (const t of await page.locator(".site-header summary").all()) await t.click();
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] }));
      const found = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target}`);
      check(found.length === 0 && page.errors.length === 0, `axe ${scheme} 390 px, menus open, ${name} ${found.join("; ")} ${page.errors.join("; ")}`);
      await page.done();
    }
  }

  if (shots) {
    const named = [["home", pages.home], ["article", viArticle], ["partner", pages.partner]];
    for (const [device, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
      for (const scheme of ["light", "dark"]) {
        for (const [name, url] of named) {
          const page = await open(url, { width, height, scheme });
          await page.screenshot({ path: path.join(shots, `${name}-${device}${scheme === "dark" ? "-dark" : ""}.png`) });
          await page.done();
        }
      }
    }
    const page = await open(pages.search, { width: 390, height: 844 });
    await page.waitForSelector("#search-results li");
    await page.click("#search-filters > summary");
    await page.waitForFunction(() => !document.querySelector('#search-filters select[name="partner"]').disabled);
    await page.screenshot({ path: path.join(shots, "search-phone.png") });
    await page.done();
    console.log(`screenshots in ${shots}`);
  }
} finally {
  await browser.close();
  close();
}
check.done();
