// Lighthouse 12 on the built portal, served over HTTP on loopback: the home
// page, an article, a partner page and the search page, with the mobile and
// the desktop presets. Prints the four category scores as a table and exits
// non-zero if any is below the threshold (0.98 unless given).
// Usage: node tests/browser/lighthouse.mjs [public] [threshold]
// Needs Debian's Chromium at /usr/bin/chromium (or CHROME_PATH).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { serve } from "./server.mjs";

const root = path.resolve(process.argv[2] ?? "public");
const threshold = Number(process.argv[3] ?? 0.98);
const cli = createRequire(import.meta.url).resolve("lighthouse/cli/index.js");
const chromeFlags = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update";
const categories = ["performance", "accessibility", "best-practices", "seo"];

const article = fs.readdirSync(path.join(root, "vi/articles"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== "page").map((e) => e.name).sort()[0];
const pages = [
  ["home", "/vi/"],
  ["article", `/vi/articles/${article}/`],
  ["partner", "/vi/partners/unesco/"],
  ["search", "/vi/search/?q=hop+tac"],
];

const { base, close } = await serve(root);
const out = fs.mkdtempSync(path.join(os.tmpdir(), "duet-lighthouse-"));
const rows = [];
const problems = [];
try {
  for (const [name, url] of pages) {
    for (const preset of ["mobile", "desktop"]) {
      const report = path.join(out, `${name}-${preset}.json`);
      const args = [cli, base + url, "--output=json", `--output-path=${report}`, "--quiet",
        `--chrome-flags=${chromeFlags}`, `--only-categories=${categories.join(",")}`];
      if (preset === "desktop") args.push("--preset=desktop");
      // Asynchronously: the server answering Lighthouse's requests runs in this process.
      const run = await new Promise((done) => {
        const child = spawn(process.execPath, args, {
          env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? "/usr/bin/chromium" },
          stdio: ["ignore", "ignore", "pipe"],
          timeout: 180_000,
        });
        let stderr = "";
        child.stderr.on("data", (d) => { stderr = (stderr + d).slice(-2000); });
        child.on("close", (status) => done({ status, stderr }));
      });
      if (!fs.existsSync(report)) {
        problems.push(`${name} ${preset}: Lighthouse wrote no report (${run.status}) ${run.stderr.slice(-400)}`);
        rows.push([name, preset, ...categories.map(() => null)]);
        continue;
      }
      const lhr = JSON.parse(fs.readFileSync(report, "utf8"));
      const scores = categories.map((c) => lhr.categories[c]?.score ?? null);
      rows.push([name, preset, ...scores]);
      // Name the audits that cost points, so a low score says why.
      for (const c of categories) {
        if ((lhr.categories[c]?.score ?? 0) >= 1) continue;
        for (const ref of lhr.categories[c].auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            problems.push(`${name} ${preset} ${c}: ${ref.id} ${audit.score}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
          }
        }
      }
    }
  }
} finally {
  close();
}

const cell = (s) => (s === null ? "  -- " : s.toFixed(2).padStart(5));
console.log(`page     preset   ${categories.map((c) => c.padStart(16)).join("")}`);
for (const [name, preset, ...scores] of rows) {
  console.log(`${name.padEnd(8)} ${preset.padEnd(8)} ${scores.map((s) => cell(s).padStart(16)).join("")}`);
}
if (problems.length) console.log(`\naudits below full marks:\n  ${problems.join("\n  ")}`);
const low = rows.filter(([, , ...scores]) => scores.some((s) => s === null || s < threshold));
if (low.length) {
  console.error(`\n${low.length} run(s) scored below ${threshold}`);
  process.exit(1);
}
console.log(`\nevery score is at least ${threshold}`);
