// Watch queries as a marketer writes them, in the real extension (src/listening/watch/query.rs through the wasm
// engine): the README's example `"Brioche Phone" OR #BriochePhone NOT promo` keeps promo posts out of
// BOTH sides of its OR, the same query with French operators (OU, SAUF) counts the same posts, and the
// watch editor shows how it read the query, in English and in French.
//
// The feed is the demo's (tests/fixtures/demo/x-home.html, as a live feed), with three of its Brioche
// Phone posts turned into promotions here: two say "Brioche Phone" (which the old reading, NOT binding
// to #BriochePhone only, still counted), one only has the hashtag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, live, serve, waitForCount } from './harness.mjs';

const README = '"Brioche Phone" OR #BriochePhone NOT promo';
const FRENCH = '"Brioche Phone" OU #BriochePhone SAUF promo';
const EVERY = '"Brioche Phone" OR #BriochePhone';
const READING = '("brioche phone" OR #briochephone) AND NOT promo';
const POSTS = 'article[data-testid="tweet"]';

/** The demo feed with three promotions in it: [text in the fixture, the same made a promotion]. */
const PROMOS = [
  ['Brioche Phone 2 is here', 'Promo: Brioche Phone 2 is here'],
  ['for €549.', 'for €549, code promo ORBE10.'],
  ['Trois jours avec le ', 'Promo de printemps : trois jours avec le '],
];
function promoFeed() {
  let { body } = live('tests/fixtures/demo/x-home.html');
  for (const [from, to] of PROMOS) {
    assert.equal(body.split(from).length, 2, `«${from}» is in the demo feed once`);
    body = body.replace(from, to);
  }
  return { body };
}

// What the queries should match, computed apart from the engine from the texts the page shows:
// folded, words split at anything that is not a letter or a digit.
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const hasPhrase = (t) => /(^|[^\p{L}\p{N}])brioche\s+phone([^\p{L}\p{N}]|$)/u.test(fold(t));
const hasTag = (t) => /(^|[^\p{L}\p{N}])#briochephone([^\p{L}\p{N}_]|$)/u.test(fold(t));
const hasPromo = (t) => /(^|[^\p{L}\p{N}])promo([^\p{L}\p{N}]|$)/u.test(fold(t));

let server, browser, dash;
const ask = (op, fields = {}) => dash.evaluate(([op, fields]) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op, ...fields }), [op, fields]);

before(async () => {
  server = await serve({ 'x.com': { '/home': promoFeed() } });
  browser = await launch(server);
  dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Types `query` in the watch editor and waits for its check (the editor checks after a pause). */
async function check(page, query) {
  await page.$eval('#watch-check', (out) => { out.replaceChildren(); out.className = 'check'; });
  await page.fill('#watch-query', query);
  await page.waitForSelector('#watch-check.ok, #watch-check.error');
  return page.$eval('#watch-check', (out) => ({
    ok: out.classList.contains('ok'),
    text: out.textContent,
    reading: out.querySelector('code.reads-as')?.textContent ?? null,
  }));
}

test('the editor shows how it reads the README\'s query, and the French one reads the same', async () => {
  await dash.click('[data-tab=watchitems]');
  for (const query of [README, FRENCH]) {
    const c = await check(dash, query);
    assert.equal(c.ok, true, c.text);
    assert.equal(c.reading, READING, query);
    assert.match(c.text, /✓ valid query\s*reads as: \("brioche phone" OR #briochephone\) AND NOT promo$/);
    await dash.click('#watch-form button[type=submit]');
    await dash.waitForFunction((q) => [...document.querySelectorAll('#watch-table code')].some((c) => c.textContent === q), query);
  }
  // A lowercase "et" is a word, and the reading says so.
  assert.equal((await check(dash, 'pain et chocolat')).reading, 'pain AND et AND chocolat');
  // An operator with nothing after it is named as written.
  const bad = await check(dash, 'brioche OU');
  assert.equal(bad.ok, false);
  assert.match(bad.text, /Position 9: OU needs a term on its right$/);
  assert.deepEqual((await browser.storage()).watchlist, [{ id: 1, rev: 1, query: README }, { id: 2, rev: 1, query: FRENCH }]);
});

test('the README\'s query excludes promo posts from both sides of its OR; French operators count the same', async () => {
  assert.equal((await ask('watchlist_set', { items: [{ query: README }, { query: FRENCH }, { query: EVERY }] })).ok, true);
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  const n = await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, 30, 20000);
  const texts = await page.$$eval(`${POSTS} [data-testid="tweetText"]`, (els) => els.map((e) => e.textContent));
  await page.close();
  assert.equal(texts.length, n);

  const every = texts.filter((t) => hasPhrase(t) || hasTag(t));
  const kept = every.filter((t) => !hasPromo(t));
  const promoWithPhrase = every.filter((t) => hasPromo(t) && hasPhrase(t));
  assert.equal(every.length - kept.length, PROMOS.length, 'the three promotions are Brioche Phone posts');
  assert.equal(promoWithPhrase.length, 2, 'two of them say "Brioche Phone", which NOT on the hashtag alone kept');

  const s = await ask('summary');
  assert.equal(s.ok, true, s.error);
  const mentions = (q) => s.result.tallies.reduce((sum, day) => sum + (day.watch?.[q]?.total.posts ?? 0), 0);
  assert.equal(mentions(EVERY), every.length, 'without NOT: every Brioche Phone post');
  assert.equal(mentions(README), kept.length, `${README}: ${kept.length} posts, no promotion`);
  assert.equal(mentions(FRENCH), kept.length, `${FRENCH}: as the English`);
});

test('the editor previews what a query matches among the posts kept, the newest first', async () => {
  const s = await ask('summary');
  const counted = s.result.tallies.reduce((sum, day) => sum + (day.watch?.[README]?.total.posts ?? 0), 0);
  await dash.reload();
  await dash.click('[data-tab=watchitems]');
  await dash.fill('#watch-query', README);
  await dash.waitForFunction(() => /matches/.test(document.getElementById('watch-preview')?.textContent || ''));
  const text = await dash.textContent('#watch-preview .preview');
  const [, matched, total] = text.match(/^matches ([\d,]+) of the ([\d,]+) posts kept$/) || [];
  assert.equal(Number(matched), counted, `${text}: as many as the item counts`);
  assert.ok(Number(total.replace(/,/g, '')) >= counted);
  const shown = await dash.$$eval('#watch-preview .preview-post', (qs) => qs.map((q) => q.textContent));
  assert.equal(shown.length, Math.min(3, counted));
  assert.ok(shown.every((t) => /brioche ?phone/i.test(t) && !/promo/i.test(t)), shown.join(' | '));
  // A query that matches nothing says so.
  await dash.fill('#watch-query', 'zzzz');
  await dash.waitForFunction(() => /matches 0 of/.test(document.getElementById('watch-preview')?.textContent || ''));
});

test('in French: the reading under the field, and the errors of French operators', async () => {
  const fr = await launch(server, { lang: 'fr' });
  try {
    const page = await fr.context.newPage();
    await page.goto(`chrome-extension://${fr.extensionId}/dashboard/dashboard.html`);
    await page.click('[data-tab=watchitems]');
    const c = await check(page, FRENCH);
    assert.equal(c.ok, true, c.text);
    assert.equal(c.reading, READING);
    assert.match(c.text, /^✓ requête valide\s*se lit\u00a0: \("brioche phone" OR #briochephone\) AND NOT promo$/);
    const bad = await check(page, 'brioche OU');
    assert.match(bad.text, /Position 9\u00a0: OU demande un terme à sa droite$/);
    const wildcard = await check(page, 're*');
    assert.match(wildcard.text, /Position 1\u00a0: «\u00a0re\*\u00a0»\u00a0: mettez au moins 3 lettres avant l'astérisque «\u00a0\*\u00a0»$/);
  } finally {
    await fr.close();
  }
});
