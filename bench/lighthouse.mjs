// Runs Lighthouse over each address given, in one Node process against one Chromium that bench/lighthouse.py
// started (its DevTools port): starting Node and loading Lighthouse costs about as long as auditing a page here.
// Usage: node bench/lighthouse.mjs PORT CATEGORIES URL...   (CATEGORIES: comma-separated, or "all")
// Prints one JSON line per address: its category scores and the audits that did not pass.
import lighthouse from "lighthouse";

const [port, categories, ...addresses] = process.argv.slice(2);
const flags = { port: Number(port), output: "json", logLevel: "error", disableFullPageScreenshot: true, skipAboutBlank: true };
if (categories !== "all") { flags.onlyCategories = categories.split(","); }

for (const address of addresses) {
  const { lhr } = await lighthouse(address, flags);
  const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
  const weighed = Object.values(lhr.categories).flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => [category.id, ref.id]));
  const failing = weighed
    .filter(([, id]) => lhr.audits[id].score !== null && lhr.audits[id].score < 1)
    .map(([category, id]) => ({ category, id, score: lhr.audits[id].score, title: lhr.audits[id].title }));
  process.stdout.write(JSON.stringify({ address, scores, failing, warnings: lhr.runWarnings }) + "\n");
}
