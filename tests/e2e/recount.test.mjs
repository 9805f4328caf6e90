// Recounts in the real extension: a watch item added after browsing counts the posts already kept, found
// through the search projection (db.js `search`, one text record per hour) rather than by reading every
// post; an edit unmarks the posts the old query matched (index `wm`); and a store of the first IndexedDB
// layout (version 1, no projection) is upgraded with its projection built from the posts it kept.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';

let server, browser, page;

const HOUR = 3_600_000;
const now = Date.now();
// 240 posts over the last ten hours; every 7th names the Brioche, one in three of those is a promotion.
const POSTS = Array.from({ length: 240 }, (_, i) => {
  const brioche = i % 7 === 0;
  const promo = brioche && i % 3 === 0;
  const text = brioche ? `Le Brioche Phone ${promo ? 'en promo à -20 %' : 'tient la charge'} (post ${i})` : `Une journée ordinaire numéro ${i}`;
  return { site: 'x', id: String(1000 + i), text, time: new Date(now - (i % 10) * HOUR - 60_000).toISOString(), author: { handle: `u${i % 40}` } };
});
const BRIOCHE = POSTS.filter((p) => p.text.includes('Brioche'));
const PROMO = BRIOCHE.filter((p) => p.text.includes('promo'));

const analyze = (posts) => page.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), posts);
const listening = (op, args = {}) => page.evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/listening', op, ...args });

/** Sets the watchlist and waits for its recounts to finish; returns the storage op's recounts. */
async function watch(items) {
  const r = await listening('watchlist_set', { items });
  assert.equal(r.ok, true, r.error);
  for (;;) {
    const s = await browser.ask('storage');
    if (s.recounts.length && s.recounts.every((c) => !c.running)) return s.recounts;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The kept posts marked by watch item `id` (the drill-down's query), every page. */
async function mentions(id) {
  const out = [];
  let before = null;
  do {
    const r = await browser.ask('posts', { filter: { item: id, from: '2000-01-01', to: '2100-01-01' }, limit: 200, before });
    out.push(...r.posts.map((p) => p.text));
    before = r.next;
  } while (before);
  return out.sort();
}

before(async () => {
  server = await serve({});
  browser = await launch(server);
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  for (let i = 0; i < POSTS.length; i += 60) {
    const r = await analyze(POSTS.slice(i, i + 60));
    assert.equal(r.ok, true, r.error);
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('every kept post is in the search projection once, under the hour it was first seen', async () => {
  const blocks = await browser.idb('search');
  const keys = blocks.flatMap((b) => b.k);
  assert.equal(keys.length, POSTS.length);
  assert.equal(new Set(keys).size, POSTS.length, 'no post twice');
  for (const b of blocks) {
    assert.equal(b.h % HOUR, 0);
    assert.equal(b.k.length, b.t.length);
  }
  // Seen again (a re-rendered feed): not added again.
  assert.equal((await analyze(POSTS.slice(0, 30))).ok, true);
  assert.equal((await browser.idb('search')).flatMap((b) => b.k).length, POSTS.length);
  const doc = blocks.flatMap((b) => b.t)[keys.indexOf('x:1007')];
  assert.equal(doc, 'u7\u0001Le Brioche Phone tient la charge (post 7)');
});

test('a watch item added after browsing counts the posts kept; an edit unmarks what the old query matched', async () => {
  const [added] = await watch([{ query: 'brioche', label: 'Brioche' }]);
  assert.deepEqual([added.done, added.total, added.matched], [POSTS.length, POSTS.length, BRIOCHE.length]);
  const id = added.id;
  assert.deepEqual(await mentions(id), BRIOCHE.map((p) => p.text).sort());

  const [edited] = await watch([{ id, query: 'brioche NOT promo', label: 'Brioche' }]);
  assert.equal(edited.matched, BRIOCHE.length - PROMO.length);
  assert.deepEqual(await mentions(id), BRIOCHE.filter((p) => !PROMO.includes(p)).map((p) => p.text).sort(),
    'the promotions lost the mark of the older revision');
  const summary = await listening('summary');
  assert.equal(summary.ok, true, summary.error);
  const counted = summary.result.tallies.reduce((n, d) => n + (Object.values(d.watch || {})[0]?.total.posts ?? 0), 0);
  assert.equal(counted, BRIOCHE.length - PROMO.length, 'the sums follow the edit');
});

test('a store of the first layout (IndexedDB version 1) gets its projection, and recounts over it', async () => {
  const kept = await browser.idb('posts');
  const aggs = await browser.idb('aggs');
  assert.equal(kept.length, POSTS.length);
  // The worker stopped (it holds the database open), the database is made again in version 1's layout
  // with the same posts and sums, and no projection.
  // From a page of the extension's origin that runs none of its scripts (the popup would wake the worker,
  // which opens the database at version 2 as soon as it starts).
  await page.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  await browser.extensionPage().then((p) => p.close());
  await browser.stopWorker();
  await page.evaluate(({ kept, aggs }) => new Promise((resolve, reject) => {
    const del = indexedDB.deleteDatabase('ecoute');
    del.onerror = () => reject(del.error);
    del.onsuccess = () => {
      const open = indexedDB.open('ecoute', 1);
      open.onupgradeneeded = () => {
        const d = open.result;
        const posts = d.createObjectStore('posts', { keyPath: 'k' });
        posts.createIndex('pq', 'pq');
        posts.createIndex('sq', 'sq');
        d.createObjectStore('aggs', { keyPath: 'q' });
        d.createObjectStore('legacy', { keyPath: 'h' }).createIndex('at', 'at');
        d.createObjectStore('journal');
        for (const p of kept) open.transaction.objectStore('posts').put(p);
        for (const a of aggs) open.transaction.objectStore('aggs').put(a);
      };
      open.onsuccess = () => { open.result.close(); resolve(); };
      open.onerror = () => reject(open.error);
    };
  }), { kept, aggs });
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);

  const recounts = await watch([{ id: 1, query: 'brioche NOT promo', label: 'Brioche' }, { query: 'promo' }]);
  const promo = recounts.find((r) => r.id !== 1);
  assert.equal(promo.matched, PROMO.length, 'the new item found its posts through the projection built at upgrade');
  const blocks = await browser.idb('search');
  assert.equal(blocks.flatMap((b) => b.k).length, POSTS.length);
  assert.deepEqual(await mentions(promo.id), PROMO.map((p) => p.text).sort());
});
