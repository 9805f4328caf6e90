// Hostile posts: page text is data. Markup-looking text, a 200 KB post, 10,000 emoji, direction overrides
// and a post with a forged permalink are read, annotated (or skipped) without executing anything, without
// markup built from them, and without stopping the posts around them.
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

test('hostile texts are annotated as text, and nothing runs', async () => {
  const hostile = [
    '<img src=x onerror="window.__pwned=1"> I love it <script>window.__pwned=2</script>',
    '"><svg onload=window.__pwned=3> terrible &amp; awful &lt;b&gt;',
    `${'great '.repeat(35000)}`, // ~200 KB
    '😀'.repeat(10000),
    '\u202eesrever\u202c \u200b\u200d\u0000 control and bidi characters, nul',
  ].map((text, k) => ({ ...post(50000 + k), text }));
  const fine = post(50100);
  await page.evaluate(appendPosts, [...hostile, fine]);
  await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length === n, hostile.length + 1, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The badges hold only our chips: spans and the save button, with text.
  const foreign = await page.$$eval('[data-ecoute-badge]', (hosts) => hosts.flatMap((h) => [...h.shadowRoot.querySelectorAll('*')])
    .filter((el) => !['SPAN', 'BUTTON'].includes(el.tagName)).map((el) => el.tagName));
  assert.deepEqual(foreign, []);
  // The evidence tooltip shows the text as written, not interpreted.
  const titles = await page.$$eval('[data-ecoute-badge]', (hosts) => hosts.map((h) => h.shadowRoot.querySelector('.chip').title));
  assert.match(titles[1], /terrible|awful/);
  const labels = await page.$$eval(POSTS, (els) => els.map((e) => e.getAttribute('data-ecoute-sentiment')));
  assert.equal(labels[0], 'positive');
  assert.equal(labels[1], 'negative');
  assert.equal(labels[2], 'positive', 'a 200 KB post is read (its first 8 KB) and labelled');
  assert.equal(labels.at(-1), fine.label, 'the post after them is annotated as usual');
});

test('a forged permalink is not a post: skipped, and the page goes on', async () => {
  await page.evaluate(() => {
    const a = document.createElement('article');
    a.setAttribute('data-testid', 'tweet');
    const link = document.createElement('a');
    link.href = 'javascript:alert(1)//status/123';
    link.append(document.createElement('time'));
    a.append(link, 'no real permalink here');
    document.querySelector('main').append(a);
  });
  const next = post(50200);
  await page.evaluate(appendPosts, [next]);
  await page.waitForFunction((key) => document.querySelector(`[data-ecoute-key="${key}"]`), `x:${next.id}`, { timeout: 15000 });
  const forged = await page.$$eval(POSTS, (els) => els.filter((e) => !e.hasAttribute('data-ecoute-key')).length);
  assert.equal(forged, 1, 'the forged article stays unannotated');
});
