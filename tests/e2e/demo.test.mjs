// The bundled demo feed (tests/fixtures/demo/x-home.html, what `make demo` shows) read end to end:
// all 30 posts annotated once, the X adapter reading each author, text and exact counts. How far the
// labels agree with the feed's intended sentiment is printed, not asserted (that is the analysis' job,
// measured by its own tests).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, fixture, launch, serve } from './harness.mjs';

const expected = fixture('tests/fixtures/demo/x-home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
let server, browser, page;

before(async () => {
  server = await serve({ 'x.com': { '/home': 'tests/fixtures/demo/x-home.html' } });
  browser = await launch(server);
  page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length >= n, expected.posts.length, { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('every demo post is annotated exactly once', async () => {
  const keys = await page.$$eval(POSTS, (els) => els.map((el) => el.getAttribute('data-ecoute-key')));
  assert.deepEqual(keys, expected.posts.map((p) => `x:${p.id}`));
  assert.equal(await page.locator('[data-ecoute-badge]').count(), expected.posts.length);
});

test('the X adapter reads the demo\'s authors, texts and exact counts', async () => {
  await page.evaluate(`${readFileSync(join(ROOT, 'extension/content/ecoute.js'), 'utf8')}\n${readFileSync(join(ROOT, 'extension/content/adapters/x.js'), 'utf8')}\n;0`);
  const got = await page.evaluate(() => {
    const a = globalThis.Ecoute.adapters[0];
    return Array.from(document.querySelectorAll(a.selectors.post.join(','))).map((el) => a.extract(el));
  });
  assert.equal(got.length, expected.posts.length);
  expected.posts.forEach((w, i) => {
    const p = got[i];
    assert.equal(p.id, w.id);
    assert.equal(p.url, w.url);
    // followers: from the hover cards X keeps in #layers, as rounded as X shows them (null: no card).
    assert.deepEqual({ handle: p.author.handle, name: p.author.name, verified: p.author.verified, followers: p.author.followers }, w.author, `post ${i} author`);
    assert.ok(p.text.startsWith(w.text_start), `post ${i} text «${p.text.slice(0, 40)}»`);
    assert.equal(p.lang, w.lang);
    assert.equal(p.time, w.time);
    assert.deepEqual(p.metrics, w.metrics, `post ${i} metrics`);
  });
});

// The analysis reaches 26/30 on the demo's intended sentiments (QUALITY.md). A floor, not all 30:
// the four misses are neutral announcements and a review read as positive ("great battery, good
// camera"), which a general rule would only fix by overfitting the demo; the margin of two lets a
// retrained model move a borderline post without failing, while a real regression (a lexicon or
// rule broken in the wasm build) drops well below it.
const DEMO_AGREEMENT_FLOOR = 24;

test('labels agree with the demo\'s intended sentiment (at least the measured level minus a margin)', async () => {
  const labels = await page.$$eval(POSTS, (els) => els.map((el) => [el.getAttribute('data-ecoute-sentiment'), el.getAttribute('data-ecoute-intent')]));
  const agree = labels.filter(([l], i) => l === expected.posts[i].sentiment).length;
  const misses = labels.map(([l, intent], i) => ({ l, intent, w: expected.posts[i] }))
    .filter((m) => m.l !== m.w.sentiment).map((m) => `  ${m.w.sentiment} → ${m.l} (${m.intent}): ${m.w.text_start}…`);
  console.log(`demo: ${agree}/${labels.length} labels agree with the intended sentiment\n${misses.join('\n')}`);
  assert.ok(labels.every(([l]) => ['positive', 'negative', 'neutral'].includes(l)));
  assert.ok(agree >= DEMO_AGREEMENT_FLOOR, `demo: ${agree}/${labels.length} agree, floor ${DEMO_AGREEMENT_FLOOR}\n${misses.join('\n')}`);
});
