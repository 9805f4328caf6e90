// Bad days, in the real browser: five tabs streaming at once, the service worker stopped mid-stream, the
// storage quota exhausted. In each, every post ends annotated and counted exactly once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve, utcDay } from './harness.mjs';
import { EMPTY_FEED, appendPosts, post } from './lib/xposts.mjs';

const POSTS = 'article[data-testid="tweet"]';
let server, browser;

before(async () => {
  const pages = {};
  for (let i = 0; i < 7; i++) pages[`/feed${i}`] = { body: EMPTY_FEED };
  server = await serve({ 'x.com': pages });
  browser = await launch(server);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The posts first seen today, as the popup counts them (sums over the kept posts). */
async function seenToday() {
  return (await browser.ask('today')).seen?.total || { posts: 0 };
}

async function allAnnotated(page, n, timeout = 30000) {
  await page.waitForFunction(([s, count]) => document.querySelectorAll(`${s}[data-ecoute-sentiment]`).length === count
    && document.querySelectorAll(s).length === count, [POSTS, n], { timeout });
}

/** Fills chrome.storage.local to its quota (10 MB without unlimitedStorage) with a `ballast` key. */
async function fillStorage() {
  await (await browser.extensionPage()).evaluate(async () => {
    const quota = chrome.storage.local.QUOTA_BYTES;
    const used = await chrome.storage.local.getBytesInUse(null);
    // Every byte: the key, the JSON quotes, the value. A batch then has no room for even one more post.
    await chrome.storage.local.set({ ballast: 'x'.repeat(quota - used - 'ballast'.length - 2) });
  });
}

async function checkLabels(page, posts) {
  const got = await page.$$eval(POSTS, (els) => els.map((e) => [e.getAttribute('data-ecoute-key'), e.getAttribute('data-ecoute-sentiment')]));
  assert.deepEqual(got, posts.map((p) => [`x:${p.id}`, p.label]));
}

test('five tabs streaming at once: exact totals', async () => {
  const before = (await seenToday()).posts;
  const tabs = await Promise.all([0, 1, 2, 3, 4].map(async (i) => {
    const page = await browser.context.newPage();
    await page.goto(`https://x.com/feed${i}`);
    return page;
  }));
  // Each tab: 20 posts of its own and the same 10 shared posts, appended in batches of 5, all tabs at once.
  const shared = Array.from({ length: 10 }, (_, k) => post(1000 + k));
  const perTab = tabs.map((_, i) => [...Array.from({ length: 20 }, (_, k) => post(i * 100 + k)), ...shared]);
  await Promise.all(tabs.map(async (page, i) => {
    for (let k = 0; k < perTab[i].length; k += 5) {
      await page.evaluate(appendPosts, perTab[i].slice(k, k + 5));
      await page.waitForTimeout(20);
    }
  }));
  await Promise.all(tabs.map((page, i) => allAnnotated(page, perTab[i].length)));
  for (const [i, page] of tabs.entries()) await checkLabels(page, perTab[i]);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await seenToday()).posts - before, 5 * 20 + 10, 'each distinct post counted once across tabs');
  await Promise.all(tabs.map((p) => p.close()));
});

test('service worker stopped mid-stream: nothing lost, nothing doubled', async () => {
  const before = (await seenToday()).posts;
  const page = await browser.context.newPage();
  await page.goto('https://x.com/feed5');
  const stream = Array.from({ length: 60 }, (_, k) => post(5000 + k));
  let stops = 0;
  for (let k = 0; k < stream.length; k += 6) {
    if (k % 18 === 0 && k > 0) {
      // Every third batch: wait until everything so far is annotated (so the worker is running again),
      // then kill it just as the next posts arrive, as Chromium does to an idle extension worker.
      await allAnnotated(page, k, 45000);
      if (await browser.stopWorker()) stops++;
    }
    await page.evaluate(appendPosts, stream.slice(k, k + 6));
    // And sometimes while a batch is in flight: the worker may die before or after persisting it.
    if (k % 18 === 6) await page.waitForTimeout(5).then(() => browser.stopWorker());
    await page.waitForTimeout(30);
  }
  await allAnnotated(page, stream.length, 45000);
  await checkLabels(page, stream);
  // Re-show every post (a re-render of the whole feed): annotated again from the cache, never recounted.
  await page.evaluate(() => document.querySelector('main').replaceChildren(...document.querySelectorAll('article')));
  await page.waitForTimeout(300);
  assert.equal(stops, 3, `the worker was running, and was stopped, ${stops} times`);
  assert.equal((await seenToday()).posts - before, stream.length);
  await page.close();
});

test('service worker stopped after a batch is durable and before it is acknowledged: counted once', async () => {
  const before = (await seenToday()).posts;
  const page = await browser.context.newPage();
  await page.goto('https://x.com/feed6');
  await allAnnotated(page, 0);
  // The worker holds its next answer (main.js __ecouteBeforeAck): that batch is written, not answered,
  // and the batches behind it wait in the queue.
  const worker = await browser.worker();
  await worker.evaluate(() => {
    self.__held = null;
    self.__ecouteBeforeAck = (keys) => { self.__held = keys; return new Promise(() => {}); };
  });
  const batch = Array.from({ length: 5 }, (_, k) => post(8500 + k));
  let stopped = false;
  try {
    await page.evaluate(appendPosts, batch);
    let held = null;
    for (let i = 0; i < 300 && !held; i++) {
      held = await worker.evaluate(() => self.__held);
      if (!held) await page.waitForTimeout(50);
    }
    assert.ok(held?.length, 'a batch reached the point between write and answer');
    assert.ok(held.every((k) => batch.some((p) => `x:${p.id}` === k)), `${held}`);
    const kept = new Set((await browser.idb('posts')).map((p) => p.k));
    assert.ok(held.every((k) => kept.has(k)), 'written durably before the answer');
    assert.equal(await page.locator(`${POSTS}[data-ecoute-sentiment]`).count(), 0, 'and not answered');
    assert.equal(await browser.stopWorker(), true);
    stopped = true;
  } finally {
    if (!stopped) await browser.stopWorker(); // never leave a held worker to the next test
  }
  // The content script sends the batch again to a new worker: annotated, and known, so not counted again.
  await allAnnotated(page, batch.length, 45000);
  await checkLabels(page, batch);
  assert.equal((await seenToday()).posts - before, batch.length);
  await page.close();
});

test('settings storage full: a clear message, counting goes on, every change lands once space is back', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/feed0');
  await page.waitForTimeout(200);
  const before = (await seenToday()).posts;
  // New authors: new keys, which a full store cannot take.
  const fresh = (kv) => Object.keys(kv).filter((k) => k.startsWith('author:x:fresh')).length;
  await fillStorage();
  // Posts are kept in IndexedDB; the engine's small state (authors, terms) cannot be written to the full
  // chrome.storage.local: it waits, durable, in the kept-post store's journal, and the posts are counted.
  const stream = Array.from({ length: 12 }, (_, k) => ({ ...post(7000 + k), handle: `fresh${k}` }));
  await page.evaluate(appendPosts, stream);
  await allAnnotated(page, stream.length, 30000);
  await checkLabels(page, stream);
  assert.equal((await seenToday()).posts - before, stream.length);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.waitForFunction(() => !document.getElementById('status').hidden, null, { timeout: 15000 });
  assert.match(await popup.textContent('#status'), /Could not save to extension storage.*quota.*changes are kept/i);
  assert.equal(fresh(await browser.storage()), 0, 'the new authors wait');
  // Space back: the waiting changes are written, the message goes.
  await (await browser.extensionPage()).evaluate(() => chrome.storage.local.remove('ballast'));
  await popup.reload();
  await popup.waitForFunction(() => document.querySelector('[data-testid=posts]').textContent !== '0');
  await popup.waitForFunction(() => document.getElementById('status').hidden, null, { timeout: 15000 });
  assert.equal(fresh(await browser.storage()), stream.length, 'written once there was room');
  assert.equal((await seenToday()).posts - before, stream.length, 'nothing counted twice');
  await popup.close();
  await page.close();
});

test('settings storage full while the engine restarts: it starts, repairs, and writes the repair later', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/feed1');
  await page.waitForTimeout(200);
  const before = (await seenToday()).posts;
  // An unreadable value: the engine's next start sets it aside (a write), which a full store refuses.
  await (await browser.extensionPage()).evaluate(() => chrome.storage.local.set({ 'author:x:unreadable': 'garbage' }));
  await fillStorage();
  assert.equal(await browser.stopWorker(), true);
  const stream = Array.from({ length: 5 }, (_, k) => post(8000 + k));
  await page.evaluate(appendPosts, stream);
  await allAnnotated(page, stream.length, 40000);
  await checkLabels(page, stream);
  assert.equal((await seenToday()).posts - before, stream.length);
  await (await browser.extensionPage()).evaluate(() => chrome.storage.local.remove('ballast'));
  await (await browser.extensionPage()).evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  const store = await browser.storage();
  assert.ok(Object.keys(store).some((k) => k.startsWith('corrupt:author:x:unreadable:')), 'the unreadable value is kept aside');
  await page.close();
});

test('a store the engine cannot start on: the dashboard still backs up and erases, and the engine starts again', async () => {
  const ext = await browser.extensionPage();
  // A store written by a newer Écoute: this one must not touch it, so the engine does not start.
  await ext.evaluate(async () => {
    const { meta } = await chrome.storage.local.get('meta');
    await chrome.storage.local.set({ meta: { ...meta, schema: 99 } });
  });
  assert.equal(await browser.stopWorker(), true);
  const status = await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  assert.equal(status.engine, 'failed', JSON.stringify(status));
  const ask = (op) => ext.evaluate((op) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op }), op);
  const backup = await ask('backup');
  assert.equal(backup.ok, true, backup.error);
  assert.equal(backup.result.doc.raw, true, 'everything as stored');
  assert.equal(backup.result.doc.entries.meta.schema, 99);
  assert.ok(backup.result.doc.posts.length > 0, 'the kept posts too');
  const today = await ask('today');
  assert.equal(today.ok, true, 'the figures are still read');
  const reset = await ask('reset');
  assert.equal(reset.ok, true, reset.error);
  const after = await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  assert.equal(after.engine, 'ready', JSON.stringify(after));
  assert.equal((await browser.storage()).meta.schema, 4);
});

test('a corrupt store: repaired at the next start, the unreadable value kept aside, the popup says so', async () => {
  const key = `tally:${utcDay()}`;
  const ext = await browser.extensionPage();
  await ext.evaluate((k) => chrome.storage.local.set({ [k]: 'garbage, not a tally' }), key);
  assert.equal(await browser.stopWorker(), true);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.waitForFunction(() => !document.getElementById('status').hidden, null, { timeout: 15000 });
  assert.match(await popup.textContent('#status'), new RegExp(`Repaired unreadable data \\(${key}\\); the original is kept as corrupt:${key}:\\d+`));
  const store = await browser.storage();
  const kept = Object.keys(store).filter((k) => k.startsWith(`corrupt:${key}:`));
  assert.equal(kept.length, 1);
  assert.equal(store[kept[0]], 'garbage, not a tally', 'nothing lost: the bad value is kept as it was');
  assert.notEqual(store[key], 'garbage, not a tally');
  // And the engine works: a new post is counted.
  const page = await browser.context.newPage();
  await page.goto('https://x.com/feed1');
  const before = (await seenToday()).posts;
  const fresh = [post(9000)];
  await page.evaluate(appendPosts, fresh);
  await allAnnotated(page, 1);
  assert.equal((await seenToday()).posts - before, 1);
  await popup.close();
  await page.close();
});
