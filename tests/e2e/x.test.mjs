// The walking skeleton, end to end: the X fixture served at https://x.com/home with a strict CSP, the real
// extension in Chromium. Every post annotated once with the expected label; tallies stored; popup shows
// them; and the extension sends nothing anywhere.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { BROWSER_OWN_HOSTS, assertXPosts, badgeContents, clickInBadge, fixture, inContentScript, live, openPage, waitForCount, waitInBadge } from './harness.mjs';

const expected = fixture('tests/fixtures/sites/x/home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
let server, browser, page, env;

before(async () => {
  // As a live timeline: the saved page's times moved so its newest post is now (tallies keep the
  // retention window by publication day).
  env = await openPage({ 'x.com': { '/home': live('tests/fixtures/sites/x/home.html') } }, 'https://x.com/home');
  ({ server, browser, page } = env);
});

after(() => env?.close());

const annotatedCount = () => page.locator(`${POSTS}[data-ecoute-sentiment]`).count();

test('the service worker is up and the engine ready', async () => {
  const worker = await browser.worker();
  assert.match(worker.url(), /background\/main\.js$/);
  // Asked the way the popup asks (a worker cannot message itself).
  const ext = await browser.context.newPage();
  await ext.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const status = await ext.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  await ext.close();
  assert.equal(status.ok, true);
  assert.equal(status.engine, 'ready');
  assert.equal(status.error, null);
});

test('every post carries data-ecoute-sentiment, with the expected label', async () => {
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
  assert.equal(await page.locator(POSTS).count(), expected.posts.length);
  const seen = await page.$$eval(POSTS, (els) => els.map((el) => ({
    key: el.getAttribute('data-ecoute-key'),
    label: el.getAttribute('data-ecoute-sentiment'),
    badges: el.querySelectorAll('[data-ecoute-badge]').length,
  })));
  // The badge's text, as the content script wrote it (its closed root is not the page's to read).
  const text = new Map((await badgeContents(page)).map((b) => [b.key, b.text]));
  assertXPosts(seen.map((s) => ({ ...s, badgeText: text.get(s.key) || '' })), expected);
});

test('the badge lives in a closed shadow root and page text never becomes markup', async () => {
  const hostHtml = await page.$eval('[data-ecoute-badge]', (el) => el.innerHTML);
  assert.equal(hostHtml, '', 'nothing in the light DOM of the badge host');
  assert.deepEqual(await page.$$eval('[data-ecoute-badge]', (hosts) => hosts.filter((h) => h.shadowRoot !== null).length), 0,
    'the page sees no shadow root');
  const badges = await badgeContents(page);
  assert.equal(badges.length, expected.posts.length);
  assert.deepEqual(badges.flatMap((b) => b.tags).filter((t) => !['SPAN', 'BUTTON'].includes(t)), [], 'chips only');
});

test('scrolling and re-rendering do not double annotations', async () => {
  for (const y of [400, 2000, 0, 99999, 0]) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(100);
  }
  // A re-render: the site replaces a post's text node (as X does when counts update).
  await page.$eval(POSTS, (el) => {
    const t = el.querySelector('[data-testid="tweetText"] span');
    t.replaceChildren(document.createTextNode(t.textContent));
  });
  await page.waitForTimeout(300);
  assert.equal(await annotatedCount(), expected.posts.length);
  assert.equal(await page.locator('[data-ecoute-badge]').count(), expected.posts.length);
});

test('a node recycled for another post is re-annotated (virtualised timeline)', async () => {
  const [a] = expected.posts;
  await page.$$eval(POSTS, (els, [fromId, toId]) => {
    // X reuses the article: rewrite its permalinks to another post's id.
    for (const link of els[0].querySelectorAll(`a[href*="/status/${fromId}"]`)) {
      link.setAttribute('href', link.getAttribute('href').replace(fromId, toId));
    }
    const text = els[0].querySelector('[data-testid="tweetText"]');
    text.replaceChildren(document.createTextNode('Service client catastrophique, je suis déçu.'));
  }, [a.id, '1999999999999999999']);
  await page.waitForFunction(() => document.querySelector('article[data-testid="tweet"]').getAttribute('data-ecoute-key') === 'x:1999999999999999999');
  const first = page.locator(POSTS).first();
  assert.equal(await first.getAttribute('data-ecoute-sentiment'), 'negative');
  assert.equal(await first.locator('[data-ecoute-badge]').count(), 1);
});

test('one click on the badge saves the post, with its labels', async () => {
  const want = expected.posts[1];
  const url = page.url();
  assert.ok(await clickInBadge(page, `x:${want.id}`, 'button.save'), 'the badge has a save button');
  await waitInBadge(page, `x:${want.id}`, 'button.saved');
  assert.equal(page.url(), url, 'the click did not reach the site (no navigation)');
  const saved = (await browser.kv())[`saved:x:${want.id}`];
  assert.ok(saved, 'stored under saved:SITE:ID');
  assert.equal(saved.url, want.url);
  assert.equal(saved.author.handle, want.author.handle);
  assert.ok(saved.text.startsWith(want.text_start.trim()));
  assert.ok(saved.labels.includes(want.sentiment), `labels ${saved.labels} include ${want.sentiment}`);
});

test('the page cannot save a post by clicking the badge from its own script', async () => {
  const want = expected.posts[2];
  const key = `x:${want.id}`;
  // The page cannot reach the button (a closed root): its clicks land on the host, which saves nothing.
  const reached = await page.evaluate((k) => {
    const host = document.querySelector(`[data-ecoute-key="${k}"] [data-ecoute-badge]`);
    host.click();
    host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    return host.shadowRoot !== null;
  }, key);
  assert.equal(reached, false, 'the page cannot open the badge');
  // Even a script that holds the button (here the content script's own world) clicks untrusted: refused.
  const clicked = await inContentScript(page, (k) => {
    const host = document.querySelector(`[data-ecoute-key="${k}"] [data-ecoute-badge]`);
    const button = chrome.dom.openOrClosedShadowRoot(host).querySelector('button.save');
    button.click();
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    return true;
  }, key);
  assert.ok(clicked);
  await page.waitForTimeout(500);
  assert.equal((await browser.storage())[`saved:${key}`], undefined, 'nothing saved');
  assert.equal((await badgeContents(page)).find((b) => b.key === key).classes.some((c) => /\bsaved\b/.test(c)), false);
});

test('every post is kept once with its annotations; a reload counts nothing twice', async () => {
  await page.reload();
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
  assert.equal(await annotatedCount(), expected.posts.length);
  await page.waitForTimeout(300);
  // 6 fixture posts + the recycled node's post from the previous test, each kept once.
  const kept = await browser.idb('posts');
  assert.equal(kept.length, expected.posts.length + 1);
  for (const p of expected.posts) {
    const k = kept.find((r) => r.k === `x:${p.id}`);
    assert.ok(k, `x:${p.id} is kept`);
    assert.equal(k.label, p.sentiment);
    assert.ok(k.text.length > 0 && k.first_seen <= k.last_seen);
  }
  // The popup's figures are the kept posts' sums.
  const today = await browser.ask('today');
  assert.equal(today.seen.total.posts, expected.posts.length + 1);
  const want = { positive: 0, negative: 1, neutral: 0 };
  for (const p of expected.posts) want[p.sentiment]++;
  assert.deepEqual({ positive: today.seen.total.positive, negative: today.seen.total.negative, neutral: today.seen.total.neutral }, want);
  assert.equal(today.seen.sites.x.posts, expected.posts.length + 1);
  const aggs = await browser.idb('aggs');
  assert.equal(aggs.reduce((n, a) => n + (a.s?.total?.posts || 0), 0), expected.posts.length + 1, 'seen sums: one per post');
  const store = await browser.storage();
  assert.ok(!Object.keys(store).some((k) => k.startsWith('seen:') || k.startsWith('hashes:')), 'no per-day key/value tallies any more');
  assert.equal(store.meta.schema, 4, 'the store has a schema version');
});

test('the popup shows today\'s tallies', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.waitForFunction(() => document.querySelector('[data-testid=posts]').textContent !== '0');
  assert.equal(await popup.textContent('[data-testid=posts]'), String(expected.posts.length + 1));
  const neg = expected.posts.filter((p) => p.sentiment === 'negative').length + 1;
  assert.equal(await popup.textContent('[data-testid=negative]'), String(neg));
  assert.match(await popup.textContent('#sites'), /^X\s*7$/);
  await popup.close();
});

test('the extension made no network request of its own', async () => {
  const http = (u) => /^https?:/.test(u);
  // By initiator: the service worker and the extension's pages fetched nothing over the network...
  const fromExtension = browser.requests.filter((r) => http(r.url) && (r.fromServiceWorker || (r.page || '').startsWith('chrome-extension:')));
  assert.deepEqual(fromExtension, []);
  // The probe can see such a request: a fetch by the worker (of its own packaged file) is reported.
  await (await browser.worker()).evaluate(() => fetch(chrome.runtime.getURL('manifest.json')).then((r) => r.ok));
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(browser.requests.some((r) => r.fromServiceWorker && r.url.endsWith('/manifest.json')), 'service-worker requests are observed');
  // ...and the pages fetched only their own documents (the fixtures load no sub-resources, so anything
  // else would be a content script's doing).
  const fromPages = browser.requests.filter((r) => http(r.url) && !r.fromServiceWorker && r.url !== 'https://x.com/home');
  assert.deepEqual(fromPages, []);
  // By destination: every host resolves to the test server, so a request to any host lands in its log.
  const foreign = server.requests.filter((r) => !BROWSER_OWN_HOSTS.test(r.host) && !(r.host === 'x.com' && ['/home', '/favicon.ico'].includes(r.path)));
  assert.deepEqual(foreign, []);
  assert.equal(server.requests.filter((r) => r.path === '/home').length, 2, 'the page, then its reload');
});
