// The extension's walls (issue 11, "the house"): the background never imports a page's code (options,
// popup, dashboard) nor a content script's, and a content script never loads background code. What the
// background and the pages share lives in extension/shared/. Imports are followed transitively, so a
// shared file that reached into a page would be caught too.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './content-core.mjs';

const EXT = join(ROOT, 'extension');
const rel = (p) => relative(EXT, p).split('\\').join('/');

/** The relative modules a file imports (static `import ... from` and side-effect `import '...'`). */
export function importsOf(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out = [];
  for (const m of text.matchAll(/\bimport\s*(?:[\w*{}\s,]+\s*from\s*)?['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s));
}

/** Every file reached from `start` through relative imports (the engine's glue is built, not here). */
function reached(start) {
  const seen = new Set();
  const todo = [...start];
  while (todo.length) {
    const f = todo.pop();
    if (seen.has(f) || !existsSync(f)) continue;
    seen.add(f);
    todo.push(...importsOf(f));
  }
  return [...seen];
}

const js = (dir) => readdirSync(join(EXT, dir)).filter((f) => f.endsWith('.js')).map((f) => join(EXT, dir, f));

test('the background imports no page code and no content script, directly or through shared/', () => {
  const files = reached(js('background'));
  assert.ok(files.some((f) => rel(f) === 'shared/messages.js'), 'followed the imports');
  for (const f of files) {
    assert.doesNotMatch(rel(f), /^(options|popup|dashboard|content)\//, `the background reaches ${rel(f)}`);
  }
});

test('content scripts load no background code', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  const scripts = new Set(manifest.content_scripts.flatMap((c) => c.js).map((f) => join(EXT, f)));
  for (const f of js('content')) scripts.add(f);
  for (const f of reached([...scripts])) assert.doesNotMatch(rel(f), /^background\//, `a content script reaches ${rel(f)}`);
  for (const f of scripts) {
    // classic scripts: no import at all (a content script cannot be a module), so nothing reaches back
    assert.deepEqual(importsOf(f), [], `${rel(f)} imports`);
  }
});

test('the import scanner sees the forms used here', () => {
  // Guard against a scanner that finds nothing: the background's main file imports these.
  const main = importsOf(join(EXT, 'background', 'main.js')).map(rel);
  for (const f of ['background/router.js', 'background/listening.js', 'shared/words.js', 'background/instances.js']) assert.ok(main.includes(f), f);
  assert.ok(importsOf(join(EXT, 'background', 'instances.js')).map(rel).includes('shared/hosts.js'));
});
