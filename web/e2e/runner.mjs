// Runs the browser tests in tests/*.test.mjs one after another against PRALINE_E2E_BASE.
//   node runner.mjs [name filter…]
// Writes output/summary.txt ("<passed> <failed>") and output/results.txt; exits 1 on a failure.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registeredTests, TestContext, closeBrowser, launchBrowser, OUTPUT_DIR } from './lib/harness.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const base = process.env.PRALINE_E2E_BASE;
if (!base) {
  console.error('PRALINE_E2E_BASE is not set (run.sh starts the server and sets it)');
  process.exit(2);
}
const filters = process.argv.slice(2).map((s) => s.toLowerCase());
const budgetMs = Number(process.env.PRALINE_E2E_BUDGET_MS || 420_000);

fs.mkdirSync(OUTPUT_DIR, { recursive: true });
const summaryFile = path.join(OUTPUT_DIR, 'summary.txt');
fs.writeFileSync(summaryFile, '0 1\n'); // until the run finishes, count it as failed

const testDir = path.join(here, 'tests');
for (const file of fs.readdirSync(testDir).filter((f) => f.endsWith('.test.mjs')).sort()) {
  await import(pathToFileURL(path.join(testDir, file)).href);
}
const selected = registeredTests().filter((tc) => filters.length === 0 || filters.some((f) => tc.name.toLowerCase().includes(f)));

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const results = [];
const noise = new Map();
const started = Date.now();
let passed = 0;
let failed = 0;

try {
  await launchBrowser();
} catch (e) {
  console.error(`could not launch Chromium: ${e.message}`);
  fs.writeFileSync(summaryFile, `0 ${Math.max(1, selected.length)}\n`);
  process.exit(1);
}

console.log(`${selected.length} browser tests against ${base}\n`);
for (const tc of selected) {
  const t = new TestContext(tc.name, base);
  const t0 = Date.now();
  let error = null;
  console.log(`▶ ${tc.name}`);
  fs.writeFileSync(summaryFile, `${passed} ${failed + 1}\n`); // a killed run counts this test as failed
  const left = budgetMs - (Date.now() - started);
  if (left <= 5_000) {
    error = new Error('skipped: the run went over its time budget');
  } else {
    try {
      await withTimeout(tc.fn(t), Math.min(tc.timeout, left), 'test');
      t.assertClean();
    } catch (e) {
      error = e;
      if (t.problems.length && !e.pageProblems) error.message += `\n  page problems seen before the failure:\n      - ${[...new Set(t.problems)].join('\n      - ')}`;
    }
  }
  let shots = [];
  if (error) shots = await t.failureShots().catch(() => []);
  for (const n of t.noise) {
    const key = n.replace(/ on \S+ /, ' ');
    noise.set(key, (noise.get(key) || 0) + 1);
  }
  await withTimeout(t.close(), 10_000, 'closing the browser contexts').catch(() => {});
  const ms = Date.now() - t0;
  if (error) {
    failed += 1;
    console.log(`✗ ${tc.name} (${ms} ms)\n    ${String(error.message).split('\n').join('\n    ')}\n    ${String(error.stack || '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 6).join('\n    ')}`);
    for (const s of shots) console.log(`    screenshot: ${path.relative(process.cwd(), s)}`);
  } else {
    passed += 1;
    console.log(`✓ ${tc.name} (${ms} ms)`);
  }
  results.push({ name: tc.name, ok: !error, ms, error: error ? error.message : null });
  fs.writeFileSync(summaryFile, `${passed} ${failed}\n`);
}

await withTimeout(closeBrowser(), 10_000, 'closing Chromium').catch(() => {});
const total = Date.now() - started;
const lines = results.map((r) => `${r.ok ? 'PASS' : 'FAIL'} ${String(r.ms).padStart(6)} ms  ${r.name}${r.ok ? '' : `\n      ${r.error.split('\n').join('\n      ')}`}`);
if (noise.size) lines.push('', 'Allowed console errors (network responses the pages expect):', ...[...noise].map(([n, c]) => `  ${c}× ${n}`));
lines.push('', `${passed} passed, ${failed} failed in ${(total / 1000).toFixed(1)} s`);
fs.writeFileSync(path.join(OUTPUT_DIR, 'results.txt'), `${lines.join('\n')}\n`);
fs.writeFileSync(summaryFile, `${passed} ${failed}\n`);
console.log(`\n${lines.join('\n')}`);
process.exit(failed > 0 || selected.length === 0 ? 1 : 0);
