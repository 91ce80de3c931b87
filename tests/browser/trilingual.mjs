// Chinese search on the three-language fixture: queries without spaces
// find their article through bigrams. Usage: node tests/browser/trilingual.mjs OUTPUT
import path from "node:path";
import { serve, launch, watchErrors, checker } from "./server.mjs";

const root = path.resolve(process.argv[2]);
const { base, close } = await serve(root);
const browser = await launch();
const check = checker();
try {
  const page = await browser.newPage();
  const errors = [];
  watchErrors(page, errors);
  await page.goto(`${base}/zh/search/`);
  // Wait for the status line to speak of this query, so results of the last one are never read.
  const settle = (query) => page.waitForFunction((q) => document.querySelector("#search-status").textContent.includes(q), query, { timeout: 5000 }).catch(() => {});
  for (const query of ["绿色低碳", "宣传教育中心签署"]) {
    await page.fill("#search-q", query);
    await settle(query);
    const hrefs = await page.locator("#search-results a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    check(hrefs.length === 1 && hrefs[0].startsWith("/zh/articles/"), `"${query}" finds the Chinese article (${hrefs.join(", ")})`);
  }
  await page.fill("#search-q", "联想苹果");
  await settle("联想苹果");
  check((await page.locator("#search-results li").count()) === 0, "an unknown word finds nothing");
  check((await page.locator("#search-status").textContent()).includes("没有找到"), "and says so in Chinese");
  check(errors.length === 0, `no console errors ${errors.join("; ")}`);
} finally {
  await browser.close();
  close();
}
check.done();
