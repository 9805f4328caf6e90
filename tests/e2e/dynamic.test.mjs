// A feed that lives: single-page navigation without reload, and a burst of mutations large enough that the
// watcher rescans the document instead of walking each record. Counts stay exact; nothing is annotated twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openPage } from './harness.mjs';
import { EMPTY_FEED, appendPosts, post } from './lib/xposts.mjs';

const POSTS = 'article[data-testid="tweet"]';
let browser, page, env;

before(async () => {
  env = await openPage({ 'x.com': { '/home': { body: EMPTY_FEED } } }, 'https://x.com/home');
  ({ browser, page } = env);
});

after(() => env?.close());

/** The posts first seen today, as the popup counts them (sums over the kept posts). */
const seenToday = async () => (await browser.ask('today')).seen?.total.posts || 0;

async function settled(n) {
  await page.bringToFront(); // reading storage opens an extension page; the feed is the tab being read
  await page.waitForFunction(([s, count]) => document.querySelectorAll(s).length === count
    && document.querySelectorAll(`${s}[data-ecoute-sentiment]`).length === count
    && document.querySelectorAll('[data-ecoute-badge]').length === count, [POSTS, n], { timeout: 30000 });
}

test('navigation without reload: new posts annotated, old ones recognised when they come back', async () => {
  const home = Array.from({ length: 8 }, (_, k) => post(20000 + k));
  const profile = Array.from({ length: 5 }, (_, k) => post(21000 + k));
  const before = await seenToday();
  await page.evaluate(appendPosts, home);
  await settled(home.length);
  // The app routes to a profile: URL changes, the timeline is replaced by new nodes.
  await page.evaluate(() => {
    history.pushState({}, '', '/user0');
    document.querySelector('main').replaceChildren();
  });
  await page.evaluate(appendPosts, profile);
  await settled(profile.length);
  // Back home: the same posts, rendered again as new elements.
  await page.evaluate(() => {
    history.back();
    document.querySelector('main').replaceChildren();
  });
  await page.evaluate(appendPosts, home);
  await settled(home.length);
  const keys = await page.$$eval(POSTS, (els) => els.map((e) => e.getAttribute('data-ecoute-key')));
  assert.deepEqual(keys, home.map((p) => `x:${p.id}`));
  await page.waitForTimeout(300);
  assert.equal(await seenToday() - before, home.length + profile.length, 'each post counted once');
});

test('a burst of over 1,000 mutations: one rescan, every post annotated once', async () => {
  await page.evaluate(() => document.querySelector('main').replaceChildren());
  const before = await seenToday();
  const burst = Array.from({ length: 1200 }, (_, k) => post(30000 + k));
  // One post per mutation record, all in one task: the watcher's queue overflows into a rescan.
  await page.evaluate(appendPosts, burst);
  await settled(burst.length);
  await page.waitForTimeout(500);
  assert.equal(await seenToday() - before, burst.length);
  const doubled = await page.$$eval(POSTS, (els) => els.filter((e) => e.querySelectorAll('[data-ecoute-badge]').length !== 1).length);
  assert.equal(doubled, 0);
});
