// Every label a page asks for (t('key'), a key handed to a helper, data-i18n="key" in its HTML) is
// registered by a dictionary module that the page loads, so no visitor ever sees a raw key. Read
// from the source text: string literals that are known keys, and `prefix.${…}` templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../', import.meta.url));
const read = (file) => fs.readFileSync(file, 'utf8');

function walk(dir, keep) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return ['e2e', 'tooling', 'node_modules'].includes(entry.name) ? [] : walk(p, keep);
    return keep(p) ? [p] : [];
  });
}

const IMPORT = /(?:import|export)\s*(?:[^'";]*?from\s*)?['"]([^'"]+)['"]/g;
function moduleClosure(entry, seen = new Set()) {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const m of read(entry).matchAll(IMPORT)) moduleClosure(path.resolve(path.dirname(entry), m[1]), seen);
  return seen;
}

/** Keys a module registers: quoted dictionary keys, and error codes of errors.js as 'error.<code>'. */
function registered(file) {
  const src = read(file);
  const keys = new Set([...src.matchAll(/^\s+'([a-z0-9_.]+)':/gm)].map((m) => m[1]));
  if (/export const errorTexts/.test(src)) for (const m of src.matchAll(/^ {4}([a-z0-9_]+):/gm)) keys.add(`error.${m[1]}`);
  return keys;
}

const jsFiles = walk(path.join(WEB, 'js'), (p) => p.endsWith('.js'));
const allKeys = new Set(jsFiles.flatMap((f) => [...registered(f)]));
const prefixes = new Set([...allKeys].map((k) => k.split('.')[0]));
const pages = walk(WEB, (p) => p.endsWith('.html'))
  .map((html) => ({ html, src: read(html) }))
  .map(({ html, src }) => ({ html, src, entry: src.match(/<script type="module" src="([^"]+)"/)?.[1] }))
  .filter((page) => page.entry);

test('the pages were found', () => {
  assert.ok(pages.length >= 10, `${pages.length} pages`);
});

for (const page of pages) {
  const name = path.relative(WEB, page.html);
  test(`${name}: every label it uses is loaded`, () => {
    const entry = path.join(WEB, page.entry);
    assert.ok(fs.existsSync(entry), `${page.entry} exists`);
    const modules = moduleClosure(entry);
    const have = new Set([...modules].flatMap((f) => [...registered(f)]));
    const missing = [];
    for (const file of modules) {
      const src = read(file);
      for (const [, key] of src.matchAll(/'([a-z0-9_]+\.[a-z0-9_.]+)'/g)) {
        if (allKeys.has(key) && !have.has(key)) missing.push(`${key} (${path.relative(WEB, file)})`);
      }
      for (const [, prefix] of src.matchAll(/`([a-z0-9_]+\.[a-z0-9_.]*)\$\{/g)) {
        if (prefixes.has(prefix.split('.')[0]) && ![...have].some((k) => k.startsWith(prefix))) missing.push(`${prefix}… (${path.relative(WEB, file)})`);
      }
    }
    for (const [, key] of page.src.matchAll(/data-i18n[a-z-]*="([^"]+)"/g)) if (!have.has(key)) missing.push(`${key} (${name})`);
    assert.deepEqual([...new Set(missing)], []);
  });
}
