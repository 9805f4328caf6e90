// An existing store of schema 3 (tests/fixtures/store/schema3.json: tallies per UTC day, seen days,
// dedup hashes, an author, a saved post) migrates at the next start into the kept-post layout with
// nothing lost: every tally hour, watch-item mention, author and saved post, and the dedup memory (a post
// counted before the upgrade is not counted again). The browser runs in UTC, so hours compare as stored.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';

const DAY = 86_400_000;
const day = (n) => new Date(Date.now() - n * DAY).toISOString().slice(0, 10);
/** FNV-1a 64 of `site:id`, cut to 53 bits: the schema-3 dedup hash (src/engine/ingest.rs post_hash). */
function hash(key) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(key)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return Number(h & ((1n << 53n) - 1n));
}

function fixture() {
  const text = readFileSync(new URL('../fixtures/store/schema3.json', import.meta.url), 'utf8')
    .replace(/"\{HASH:([^}]+)\}"/g, (_, k) => String(hash(k)))
    .replace(/"\{MS:D-(\d)\}"/g, (_, n) => String(Date.parse(`${day(Number(n))}T12:00:00Z`)))
    .replace(/\{D-(\d)\}/g, (_, n) => day(Number(n)));
  const store = JSON.parse(text);
  delete store._about;
  return store;
}

let server, browser, page;
const ask = async (op, fields = {}) => {
  const r = await page.evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/listening', op, ...fields });
  assert.equal(r.ok, true, r.error);
  return r.result;
};

before(async () => {
  server = await serve({});
  browser = await launch(server, { timezone: 'UTC' });
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  // Replace the fresh store with the schema-3 one, then restart the worker: the migration runs at start.
  await ask('reset');
  await page.evaluate(async (store) => {
    await chrome.storage.local.clear();
    await chrome.storage.local.set(store);
  }, fixture());
  await browser.stopWorker();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the store migrates to schema 4: old keys gone, watch items numbered', async () => {
  const status = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  assert.equal(status.engine, 'ready', JSON.stringify(status));
  const kv = await browser.storage();
  assert.equal(kv.meta.schema, 4);
  assert.ok(!Object.keys(kv).some((k) => k.startsWith('seen:') || k.startsWith('hashes:')), Object.keys(kv).join(' '));
  assert.deepEqual(kv.watchlist.map((i) => [i.id, i.rev, i.label ?? null]), [[1, 1, 'Brioche Phone'], [2, 1, null]]);
});

test('every tally hour, mention, author and saved post is intact', async () => {
  const s = await ask('summary', { filter: { from: day(3), to: day(0) } });
  const byDay = Object.fromEntries(s.tallies.map((t) => [t.day, t]));
  const d2 = byDay[day(2)];
  assert.ok(d2 && byDay[day(1)], JSON.stringify(s.tallies));
  assert.equal(d2.total.posts, 5);
  assert.deepEqual(Object.fromEntries(Object.entries(d2.hours).map(([h, c]) => [h, c.posts])), { '09': 2, 18: 3 });
  assert.equal(d2.total.intents.complaint, 2);
  assert.equal(d2.sites.reddit?.posts, 1, JSON.stringify(d2.sites));
  assert.equal(d2.watch['"Brioche Phone" OR #BriochePhone'].total.posts, 3);
  assert.equal(byDay[day(1)].watch['Croissant Mobile']?.total.posts, 1, JSON.stringify(byDay[day(1)].watch));
  assert.equal(byDay[day(1)].total.posts, 2);
  const alice = s.authors.find((a) => a.key === 'x:alice');
  assert.equal(alice?.engagement, 120);
  assert.equal(s.saved_count, 1);
  const saved = JSON.parse((await ask('export', { request: { dataset: 'saved', format: 'json' } })).text).saved;
  assert.equal(saved.find((p) => p.id === 'x:1001')?.note, 'à relire');
  // Moved out of chrome.storage.local (read at every start) into IndexedDB (read when asked for).
  assert.ok(!Object.keys(await browser.storage()).some((k) => k.startsWith('saved:')), 'no saved post left in chrome.storage.local');
  assert.equal((await browser.kv())['saved:x:1001']?.note, 'à relire');
  const seen = Object.values(s.seen).reduce((n, d) => n + (d.total?.posts || 0), 0);
  assert.equal(seen, 7, 'the seen days, as counted before');
});

test('a post counted before the upgrade is not counted again; a new one is', async () => {
  const r = await page.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), [
    { site: 'x', id: '1001', text: 'La Brioche Phone 2 chauffe beaucoup trop, déçue.', author: { handle: 'alice' } },
    { site: 'x', id: '2001', text: 'Brioche Phone 2 reçu, super écran', author: { handle: 'bob' } },
  ]);
  assert.equal(r.ok, true, r.error);
  assert.deepEqual(r.annotations.map((a) => a.counted), [false, true]);
  const kept = await browser.idb('posts');
  assert.equal(kept.find((p) => p.k === 'x:1001')?.legacy, true, 'kept now, its counts were already in');
});
