// Loads the content-script core (classic scripts sharing globalThis.Ecoute) into a Node vm context with
// the few browser globals its pure helpers need. For unit tests of helpers and adapter registration only:
// anything touching a real DOM is tested end to end (tests/e2e/).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTENT = join(ROOT, 'extension', 'content');

/** A context with ecoute.js loaded, and each adapter file in `adapters` (names, or 'all'). */
export function loadContentCore({ adapters = [] } = {}) {
  const ctx = { console, URL, Node: { TEXT_NODE: 3, ELEMENT_NODE: 1 }, location: { href: 'https://example.invalid/' } };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(readFileSync(join(CONTENT, 'ecoute.js'), 'utf8'), ctx, { filename: 'ecoute.js' });
  const files = adapters === 'all' ? adapterFiles() : adapters.map((a) => `${a}.js`);
  for (const f of files) {
    vm.runInContext(readFileSync(join(CONTENT, 'adapters', f), 'utf8'), ctx, { filename: `adapters/${f}` });
  }
  return ctx;
}

export function adapterFiles() {
  return readdirSync(join(CONTENT, 'adapters')).filter((f) => f.endsWith('.js')).sort();
}
