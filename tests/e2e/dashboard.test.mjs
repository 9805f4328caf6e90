// The listening dashboard in the real extension: posts counted through the background, a watch query
// checked as it is typed (position of the error under a caret), saved, and counted from then on; exports
// neutralise spreadsheet formulas; a backup survives a reset. Everything goes through
// {type: 'ecoute/listening', op} (extension/background/listening.js → src/engine/requests.rs).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';

let server, browser, page;

const ask = (op, fields = {}) => page.evaluate(([op, fields]) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op, ...fields }), [op, fields]);
const analyze = (posts) => page.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), posts);

before(async () => {
  server = await serve({});
  browser = await launch(server);
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('posts counted by the background show on the overview', async () => {
  const texts = ['J’adore Décathlon, super vélo', 'Decathlon service client nul', '=HYPERLINK("x") fnac', 'les #soldes commencent'];
  // Two with a publication time (plotted), two without (counted when seen, shown apart).
  const now = new Date().toISOString();
  const posts = texts.map((text, i) => ({ site: 'x', id: `d${i}`, text, author: { handle: `u${i}`, followers: 20000 }, metrics: { likes: 3 }, time: i < 2 ? now : null }));
  // Once the engine has loaded (`status` waits for it): a batch that comes while it loads is answered from
  // the text alone, its badges come with the next batches (background/main.js `early`).
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  const r = await analyze(posts);
  assert.equal(r.ok, true);
  assert.equal(r.annotations[0].badges[0].kind, 'tier');
  await page.reload();
  await page.waitForFunction(() => document.getElementById('k-posts').textContent === '4');
  // The first numbers come from a small request before the summary: the same sums.
  const first = await browser.ask('totals');
  const shown = await page.$$eval(['#k-posts', '#k-positive', '#k-neutral', '#k-negative'].join(','), (els) => els.map((e) => Number(e.textContent)));
  assert.deepEqual([first.total.posts, first.total.positive, first.total.neutral, first.total.negative], shown, JSON.stringify(first.total));
  const bars = await page.$$eval('#chart svg rect title', (ts) => ts.map((t) => t.textContent));
  assert.ok(bars.length > 0, 'the hourly chart has bars');
  assert.equal(await page.$$eval('#chart svg rect', (rs) => rs.length), 2, 'only the dated posts are plotted (one bar segment each: one positive, one negative)');
  assert.match(await page.textContent('[data-testid=undated-note]'), /2/);
});

test('the watchlist editor checks queries and counts new mentions', async () => {
  await page.click('[data-tab=watchitems]');
  await page.fill('#watch-query', '(Décathlon OR fnac');
  await page.waitForSelector('#watch-check.error');
  assert.match(await page.textContent('#watch-check'), /Position 1: this parenthesis is never closed/);
  await page.fill('#watch-query', 'Décathlon');
  await page.click('#watch-form button[type=submit]');
  await page.waitForFunction(() => document.getElementById('watch-table').textContent.includes('Décathlon'));
  const stored = await browser.storage();
  assert.deepEqual(stored.watchlist, [{ id: 1, rev: 1, query: 'Décathlon' }]);
  await analyze([{ site: 'reddit', id: 'w1', text: 'DECATHLON encore', author: { handle: 'z' } }]);
  // Counted over the posts already kept (d0, d1: a recount), and from then on (w1).
  await page.waitForFunction(async () => {
    const r = await chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'storage' });
    return r.ok && r.result.recounts.length && r.result.recounts.every((c) => !c.running);
  });
  const s = await ask('summary');
  const mentions = [...s.result.tallies, ...s.result.undated].reduce((n, t) => n + (t.watch['Décathlon']?.total.posts || 0), 0);
  assert.equal(mentions, 3, 'the two posts seen before the item was added, and the new one');
  const bad = await ask('watchlist_set', { items: [{ query: 'a AND' }] });
  assert.equal(bad.ok, false);
  assert.match(bad.error, /at position 3/);
});

test('exports escape CSV and neutralise formulas; a backup survives a reset', async () => {
  await ask('save_post', { request: { post: { site: 'x', id: 'd2', text: '=HYPERLINK("x") fnac', author: { handle: 'u2' } }, tags: ['sav'] } });
  const csv = await ask('export', { request: { dataset: 'saved', format: 'csv' } });
  assert.equal(csv.ok, true);
  assert.ok(csv.result.text.includes(`"'=HYPERLINK(""x"") fnac"`), csv.result.text);
  const backup = await ask('backup');
  const reset = await ask('reset');
  assert.equal(reset.ok, true);
  let keys = Object.keys(await browser.kv());
  assert.ok(!keys.some((k) => k.startsWith('tally:') || k.startsWith('saved:')), `reset leaves ${keys}`);
  assert.equal((await browser.idb('posts')).length, 0, 'reset empties the kept posts');
  const restored = await ask('restore', { doc: backup.result.doc });
  assert.equal(restored.ok, true);
  keys = Object.keys(await browser.kv());
  assert.ok(!Object.keys(await browser.storage()).some((k) => k.startsWith('saved:')), 'saved posts are not in chrome.storage.local');
  assert.ok(keys.includes('saved:x:d2') && keys.some((k) => k.startsWith('tally:')), `restored ${keys}`);
  assert.equal((await browser.idb('posts')).length, 5, 'the kept posts are restored');
  // Counted posts are still known: not counted again.
  const again = await analyze([{ site: 'x', id: 'd0', text: 'J’adore Décathlon, super vélo' }]);
  assert.equal(again.annotations[0].counted, false);
});

test('a saved post shows where its link goes; a link off its site is dropped, the post kept', async () => {
  const save = (id, url) => ask('save_post', { request: { post: { site: 'x', id, url, text: `saved ${id}`, author: { handle: 'u9' } } } });
  assert.equal((await save('s1', 'https://x.com/u9/status/s1')).ok, true);
  assert.equal((await save('s2', 'https://evil.test/x.com/u9/status/s2')).ok, true);
  const store = await browser.kv();
  assert.equal(store['saved:x:s1'].url, 'https://x.com/u9/status/s1');
  assert.equal(store['saved:x:s2'].url, null, 'the off-site link is not kept');
  await page.reload();
  await page.click('[data-tab=saved]');
  await page.waitForFunction(() => document.querySelectorAll('#saved-list .card').length >= 2);
  const cards = await page.$$eval('#saved-list .card', (cs) => cs.map((c) => ({
    text: c.querySelector('.text').textContent,
    href: c.querySelector('.meta a')?.getAttribute('href') ?? null,
    host: c.querySelector('.meta .link-host')?.textContent.trim() ?? null,
  })));
  assert.deepEqual(cards.find((c) => c.text === 'saved s1'), { text: 'saved s1', href: 'https://x.com/u9/status/s1', host: 'x.com' });
  assert.deepEqual(cards.find((c) => c.text === 'saved s2'), { text: 'saved s2', href: null, host: null });
});

test("the extension's pages load and fetch nothing from elsewhere (their CSP)", async () => {
  const violations = await page.evaluate(async () => {
    const seen = [];
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
    await fetch('https://example.com/').catch(() => {});
    const img = document.createElement('img');
    img.src = 'https://example.com/pixel.png';
    document.body.append(img);
    const base = document.createElement('base');
    base.href = 'https://example.com/';
    document.head.append(base);
    await new Promise((r) => setTimeout(r, 300));
    img.remove();
    base.remove();
    return seen.sort();
  });
  assert.deepEqual(violations, ['base-uri', 'connect-src', 'img-src']);
});
