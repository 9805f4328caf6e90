// A page floods forged posts with huge fields (issue 17, "Tests that prove it"): 100 KB author names,
// 20 KB texts, long handles and permalinks, ids past the bound, metrics with huge labels and many extra
// ones, all read by the real content script from the page's own articles, as the X adapter reads any
// post. Meanwhile a second tab, on another site, is read as usual. What must hold:
//   - every kept post is bounded (post.rs `limits`): its IndexedDB record's JSON stays under 16 KB;
//   - the flood is slowed, not lost (limits.js: 100 posts/s per tab and site, burst 1,000; the content
//     script retries what waits): every forged post with a valid id ends counted, once, and those beyond
//     the bounds are refused, not cut into new posts;
//   - the other tab's posts are counted all the same;
//   - backup and reset still answer, and reset empties the store.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture, launch, live, serve } from './harness.mjs';
import { EMPTY_FEED, post } from './lib/xposts.mjs';

const FLOOD = 1200; // past the burst of 1,000: the rest wait for the tab's allowance to refill
const HN = 'tests/fixtures/sites/hn/item';
let server, browser;

before(async () => {
  const hn = fixture(`${HN}.expected.json`);
  server = await serve({
    'x.com': { '/home': { body: EMPTY_FEED } },
    'news.ycombinator.com': { [new URL(hn.url).pathname]: live(`${HN}.html`) },
  });
  browser = await launch(server);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Builds forged X articles in the page (runs in the page; DOM APIs only): the markup the X adapter reads
 * (lib/xposts.mjs `appendPosts`), with every field the page controls blown up. One 100 KB string is
 * shared by all posts so the page itself stays within memory.
 */
function forge({ from, count }) {
  const huge = 'N'.repeat(100_000);
  const feed = document.querySelector('main');
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    e.append(...children);
    return e;
  };
  for (let n = from; n < from + count; n++) {
    // A 250-byte handle (within the 256 bound) and a 500-digit id (within 512): a permalink of ~780
    // bytes, kept whole. Every tenth post has a 600-digit id: over the bound, refused (cutting it would
    // merge different posts).
    const handle = `h${n}`.padEnd(250, 'x');
    const id = String(n).padStart(n % 10 === 0 ? 600 : 500, '0'); // zeros: unique per n (nines were not: 19, 919)
    // Metrics the adapter does not read, many of them (a page cannot add `shown` keys past the bound).
    const extra = Array.from({ length: 40 }, (_, k) => el('button', { 'data-testid': `metric${k}`, 'aria-label': `${k}${'0'.repeat(100)} Likes` }));
    feed.append(el('article', { 'data-testid': 'tweet', role: 'article' },
      el('div', { 'data-testid': 'User-Name' },
        el('a', { href: `/${handle}` }, el('span', {}, `${huge} ${n}`)),
        el('a', { href: `/${handle}` }, `@${handle}`),
        el('a', { href: `/${handle}/status/${id}` }, el('time', { datetime: new Date().toISOString() }, huge.slice(0, 3000)))),
      el('div', { 'data-testid': 'tweetText', lang: huge.slice(0, 1000) }, el('span', {}, `I love it ${n} ${huge.slice(0, 20_000)}`)),
      el('div', { role: 'group' },
        el('button', { 'data-testid': 'reply', 'aria-label': `${'9'.repeat(400)} Replies. Reply` }),
        el('button', { 'data-testid': 'retweet', 'aria-label': `${huge.slice(0, 2000)} reposts. Repost` }),
        el('button', { 'data-testid': 'like', 'aria-label': `${'1,'.repeat(5000)}5 Likes. Like` }),
        ...extra)));
  }
}

const refused = (n) => n % 10 === 0;

test('a flood of forged posts with huge fields: bounded records, slowed not lost, other tabs counted, backup and reset answer', { timeout: 420_000 }, async () => {
  const flood = await browser.context.newPage();
  await flood.goto('https://x.com/home');
  const started = Date.now();
  // The page pushes its forged posts in a few large bursts, as fast as it can.
  for (let from = 0; from < FLOOD; from += 300) await flood.evaluate(forge, { from, count: 300 });

  // Meanwhile another tab, on another site, is read as usual.
  const hn = fixture(`${HN}.expected.json`);
  const other = await browser.context.newPage();
  await other.goto(hn.url);
  await other.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length >= n, hn.posts.length, { timeout: 60_000 });
  const early = await browser.ask('today');
  assert.equal(early.seen?.sites?.hn?.posts, hn.posts.length, 'every post of the other tab is counted during the flood');

  // Every forged post within the bounds ends annotated; the limiter made the flood wait, not vanish.
  const kept = Array.from({ length: FLOOD }, (_, n) => n).filter((n) => !refused(n)).length;
  await flood.bringToFront();
  const annotated = () => flood.evaluate(() => document.querySelectorAll('article[data-ecoute-sentiment]').length);
  for (let last = -1, n; (n = await annotated()) < kept;) {
    const seen = (await browser.ask('today')).seen?.sites?.x?.posts;
    console.log(`flood: ${n} annotated, ${seen} counted after ${Date.now() - started} ms`);
    assert.ok(n > last || Date.now() - started < 60_000, `the flood stalled at ${n} of ${kept} annotated`);
    last = n;
    await flood.waitForTimeout(10_000);
  }
  const took = Date.now() - started;
  const today = await browser.ask('today');
  assert.equal(today.seen?.sites?.x?.posts, kept, 'each forged post within the bounds counted once');
  assert.equal(today.seen?.sites?.hn?.posts, hn.posts.length);
  // Not asserted: that the limiter is what slowed it. With fields this large the reading and the analysis
  // take the posts at well under the limiter's 100 a second (a few a second on the shared test machine),
  // so the allowance never runs out here; the limiter's own pace is tests/unit/limits.test.mjs.

  // Every record as stored is bounded, whatever the page gave.
  const records = await browser.idb('posts');
  assert.equal(records.length, kept + hn.posts.length);
  const sizes = records.map((r) => JSON.stringify(r).length);
  const largest = Math.max(...sizes);
  assert.ok(largest < 16_000, `largest kept post ${largest} bytes`);
  const forged = records.filter((r) => r.site === 'x');
  assert.ok(forged.every((r) => r.author.name.length <= 256 && r.text.length <= 8 * 1024 && r.id.length === 500));
  assert.ok(forged.every((r) => Object.keys(r.shown || {}).length <= 8 && Object.values(r.shown || {}).every((v) => v.length <= 32)));
  assert.ok(forged.some((r) => r.url?.length > 700), 'long permalinks within the bound are kept whole');
  console.log(`flood: ${kept} forged posts kept in ${took} ms; ${records.length} records, largest ${largest} B, total ${sizes.reduce((a, b) => a + b, 0)} B`);

  // The person can still back up, and reset.
  const backup = await browser.ask('backup');
  const doc = backup.doc ?? JSON.parse(backup.text);
  assert.equal(doc.format, 'ecoute-backup');
  assert.equal(doc.posts.length, kept + hn.posts.length);
  await browser.ask('reset');
  assert.equal((await browser.idb('posts')).length, 0, 'reset empties the kept posts');
  assert.equal((await browser.ask('today')).seen, null);
  await flood.close();
  await other.close();
});
