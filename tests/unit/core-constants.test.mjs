// extension/shared/core.js repeats a few figures of the Rust core for the pages (to refuse a file before
// reading it, to name the default collection): each must be the constant it names in src/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './content-core.mjs';
import { DEFAULT_COLLECTION, MAX_IMPORT_BYTES } from '../../extension/shared/core.js';

const rust = (file, name) => {
  const m = new RegExp(`pub const ${name}: [^=]+= ([^;]+);`).exec(readFileSync(join(ROOT, file), 'utf8'));
  assert.ok(m, `${file} defines ${name}`);
  return m[1].trim();
};

test('the pages know the import limit and the default collection as the core defines them', () => {
  assert.equal(MAX_IMPORT_BYTES, Number(rust('src/exchange/import.rs', 'MAX_IMPORT_BYTES').replaceAll('_', '')));
  assert.equal(JSON.stringify(DEFAULT_COLLECTION), rust('src/store/saved.rs', 'DEFAULT_COLLECTION'));
});

test("a saved post's link is held to the hosts the adapters read (src/store/saved.rs SITE_HOSTS)", async () => {
  const { loadContentCore } = await import('./content-core.mjs');
  const text = readFileSync(join(ROOT, 'src/store/saved.rs'), 'utf8');
  const table = /const SITE_HOSTS[^=]*= &\[([\s\S]*?)\n\];/.exec(text);
  assert.ok(table, 'src/store/saved.rs defines SITE_HOSTS');
  const rustHosts = Object.fromEntries([...table[1].matchAll(/\("(\w+)", &\[([^\]]*)\]\)/g)]
    .map(([, site, hosts]) => [site, [...hosts.matchAll(/"([^"]+)"/g)].map((h) => h[1]).sort()]));
  const ctx = loadContentCore({ adapters: 'all' });
  for (const a of ctx.Ecoute.adapters) {
    // Mastodon is any server: its posts' links are not held to a list.
    if (a.site === 'mastodon') assert.equal(rustHosts.mastodon, undefined);
    else assert.deepEqual(rustHosts[a.site], [...a.hosts].sort(), `${a.site}: the same hosts as its adapter`);
  }
  assert.equal(Object.keys(rustHosts).length, ctx.Ecoute.adapters.length - 1);
});
