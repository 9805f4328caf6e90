// Hostile posts: page text is data. Markup-looking text, a 200 KB post, 10,000 emoji, direction overrides
// and a post with a forged permalink are read, annotated (or skipped) without executing anything, without
// markup built from them, and without stopping the posts around them.
// The page is served WITHOUT a Content-Security-Policy: were any of that text ever parsed as markup, its
// handlers would run and set window.__pwned (a probe below shows they can). And the page's own scripts,
// which share the DOM with the badges, find nothing private in them: no watch item, no opinion leader,
// no term rising elsewhere (a chip is only ever a term rising on this same site).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeContents, openPage } from './harness.mjs';
import { EMPTY_FEED, appendPosts, post } from './lib/xposts.mjs';

const POSTS = 'article[data-testid="tweet"]';
let browser, page, env;

before(async () => {
  env = await openPage({ 'x.com': { '/home': { body: EMPTY_FEED, csp: false } } }, 'https://x.com/home');
  ({ browser, page } = env);
});

after(() => env?.close());

test('the page runs inline handlers: a markup injection would run', async () => {
  // The probe: markup parsed in this page runs its handlers (no CSP to stop them).
  await page.evaluate(() => {
    const probe = document.createElement('div');
    probe.innerHTML = '<img src="data:," onerror="window.__probe = 1">';
    document.body.append(probe);
  });
  await page.waitForFunction(() => window.__probe === 1, null, { timeout: 5000 });
  await page.evaluate(() => document.querySelectorAll('img').forEach((i) => i.parentElement.remove()));
});

test('hostile texts are annotated as text, and nothing runs', async () => {
  const hostile = [
    '<img src=x onerror="window.__pwned=1"> I love it <script>window.__pwned=2</script>',
    '"><svg onload=window.__pwned=3> terrible &amp; awful &lt;b&gt;',
    `${'great '.repeat(35000)}`, // ~200 KB
    '😀'.repeat(10000),
    '\u202eesrever\u202c \u200b\u200d\u0000 control and bidi characters, nul',
    '<iframe srcdoc="<script>parent.__pwned=4</script>"></iframe> <a href="javascript:window.__pwned=5">bad</a>',
  ].map((text, k) => ({ ...post(50000 + k), text }));
  const fine = post(50100);
  await page.evaluate(appendPosts, [...hostile, fine]);
  await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length === n, hostile.length + 1, { timeout: 30000 });
  await page.waitForTimeout(300); // an image's onerror fires after its failed load
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  // The DOM: no element of the kinds the texts spell, anywhere in the page (light DOM; the badges below).
  assert.deepEqual(await page.$$eval('img, svg, script, iframe, a[href^="javascript"], b', (els) => els.map((e) => e.tagName)), []);
  // The posts' text is still the text they carry, character for character.
  const texts = await page.$$eval('[data-testid="tweetText"]', (els) => els.map((e) => e.textContent));
  hostile.forEach((h, i) => assert.equal(texts[i], h.text, `post ${i} text unchanged`));
  // The badges hold only our chips: spans and the save button, with text.
  const badges = await badgeContents(page);
  assert.equal(badges.length, hostile.length + 1);
  assert.deepEqual(badges.flatMap((b) => b.tags).filter((t) => !['SPAN', 'BUTTON'].includes(t)), []);
  // The evidence tooltip shows the text as written, not interpreted.
  assert.match(badges[1].titles[0], /terrible|awful/);
  const labels = await page.$$eval(POSTS, (els) => els.map((e) => e.getAttribute('data-ecoute-sentiment')));
  assert.equal(labels[0], 'positive');
  assert.equal(labels[1], 'negative');
  assert.equal(labels[2], 'positive', 'a 200 KB post is read (its first 8 KB) and labelled');
  assert.equal(labels.at(-1), fine.label, 'the post after them is annotated as usual');
});

const SECRET = 'Project Falcon (confidential acquisition)';

test('a page reading every badge and chip finds no watch item and no leader of one', async () => {
  // The person watches a confidential item; a term rises in what they read.
  const dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  const set = await dash.evaluate((label) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'watchlist_set', items: [{ query: 'falcon', label }] }), SECRET);
  assert.equal(set.ok, true, set.error);
  await dash.close();
  // What they read hours ago (the baseline a rise is measured against), then six authors on the item,
  // engaged (one of them its opinion leader), all using a brand-new tag: it rises.
  const earlier = new Date(Date.now() - 5 * 3600_000).toISOString();
  const baseline = Array.from({ length: 60 }, (_, i) => ({ ...post(70000 + i), time: earlier }));
  const posts = Array.from({ length: 6 }, (_, i) => ({ ...post(60000 + i), handle: `falconfan${i}`, text: `the falcon deal is on, #zorblax (${i})` }));
  await page.evaluate(appendPosts, baseline);
  await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length === n, 7 + 60, { timeout: 30000 });
  await page.evaluate(appendPosts, posts);
  await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length === n, 7 + 60 + 6, { timeout: 30000 });
  // And then the same author again, so that the annotation carries the badges earned by the batch.
  const again = [{ ...post(60100), handle: 'falconfan5', text: 'more on the falcon deal #zorblax' }];
  await page.evaluate(appendPosts, again);
  await page.waitForFunction((k) => document.querySelector(`[data-ecoute-key="${k}"]`), `x:${again[0].id}`, { timeout: 30000 });
  await page.waitForTimeout(300);

  // What the extension knows: the term rose (on x, where this page is: its chip may say so, with its
  // figures), on posts of the watched item.
  const store = await browser.storage();
  assert.ok((store.trends || []).some((r) => r.term === '#zorblax'), `#zorblax rose: ${JSON.stringify(store.trends)}`);
  const mine = (await badgeContents(page)).find((b) => b.key === `x:${again[0].id}`);
  assert.doesNotMatch(mine.text + mine.titles.join(' '), /Project Falcon|confidential|leader|pionnier|Lead user/i, 'no watch item, no leader or lead user of one, even to the extension');

  // What the page's own scripts can read: the hosts, their attributes, every attribute of every element,
  // the rendered text, the shadow roots, and what text search finds.
  const seen = await page.evaluate(() => {
    const hosts = [...document.querySelectorAll('[data-ecoute-badge]')];
    const attrs = [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${a.name}=${a.value}`));
    return {
      hosts: hosts.length,
      roots: hosts.filter((h) => h.shadowRoot !== null).length,
      hostMarkup: hosts.map((h) => h.outerHTML).join(''),
      hostText: hosts.map((h) => `${h.textContent}|${h.innerText}`).join(''),
      attrs: attrs.join('\n'),
      html: document.documentElement.outerHTML,
      rendered: document.body.innerText,
      found: ['confidential', 'Project Falcon', 'Opinion leader'].filter((w) => window.find(w, false, false, true)),
      control: window.find('falcon deal', false, false, true), // text search works: it finds the page's own text
    };
  });
  assert.ok(seen.hosts >= 7 + 60 + 7);
  assert.equal(seen.roots, 0, 'no shadow root is open to the page');
  assert.doesNotMatch(seen.hostMarkup, /falcon|zorblax|leader/i);
  assert.doesNotMatch(seen.hostText, /falcon|zorblax|leader/i);
  assert.doesNotMatch(seen.attrs, /confidential|Project Falcon|↗|zorblax/i);
  assert.doesNotMatch(seen.attrs.split('\n').filter((a) => a.startsWith('data-ecoute')).join('\n'), /falcon|zorblax/i);
  assert.doesNotMatch(seen.html, /confidential|Project Falcon/i);
  assert.doesNotMatch(seen.rendered, /confidential|Project Falcon|Opinion leader/i);
  assert.equal(seen.control, true);
  assert.deepEqual(seen.found, [], 'text search finds none of it');
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
