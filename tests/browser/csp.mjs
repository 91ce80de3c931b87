// Loads pages of a site served with duet's host configuration (so with its
// Content-Security-Policy header) in headless Chromium and fails on any CSP
// violation or console error: the theme must need no inline script or style.
// Usage: node tests/browser/csp.mjs BASE_URL   (e.g. http://127.0.0.1:8080/portal)
import { launch } from "./server.mjs";

const base = process.argv[2].replace(/\/$/, "");
const pages = ["/", "/vi/", "/en/", "/vi/articles/", "/en/partners/", "/vi/search/?q=hop+tac", "/en/search/?q=heritage", "/vi/topics/", "/en/no-such-page/"];
const browser = await launch();
const problems = [];
for (const path of pages) {
  const page = await browser.newPage();
  page.on("console", (m) => {
    // The 404 page is asked for on purpose: its own status is not a problem.
    const expected = path.includes("no-such-page") && m.text().includes("status of 404");
    if (m.type() === "error" && !expected) problems.push(`${path}: console: ${m.text()}`);
  });
  await page.exposeFunction("reportViolation", (v) => problems.push(`${path}: CSP ${v}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`));
  });
  const response = await page.goto(base + path, { waitUntil: "networkidle" });
  const csp = response && (await response.allHeaders())["content-security-policy"];
  if (!csp) problems.push(`${path}: no Content-Security-Policy header`);
  await page.waitForTimeout(200);
  await page.close();
}
await browser.close();
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`ok   no CSP violation or console error on ${pages.length} pages through the server`);
