// Issue 13 end to end, on the X fixture in Chromium: a post in a language Écoute does not analyse says so
// on its badge and gets no label; a post's sentiment and intent are corrected from its badge's menu
// (inside the closed shadow root), kept on the post beside the model's label, and exported beside it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeContents, clickInBadge, fixture, inContentScript, live, openPage, waitForCount, waitInBadge } from './harness.mjs';

const expected = fixture('tests/fixtures/sites/x/home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
const ARABIC_ID = '1999999999999999998';
let browser, page, env;

before(async () => {
  env = await openPage({ 'x.com': { '/home': live('tests/fixtures/sites/x/home.html') } }, 'https://x.com/home');
  ({ browser, page } = env);
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
});

after(() => env?.close());

/** Asks the background as the dashboard does. */
async function listening(op, fields) {
  const ext = await browser.context.newPage();
  await ext.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  const reply = await ext.evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/listening', op, ...fields });
  await ext.close();
  assert.equal(reply.ok, true, JSON.stringify(reply.error));
  return reply.result;
}

test('a post in Arabic gets no label: its badge says the language is not analysed', async () => {
  // A new post in the timeline: a copy of the last one, another id, an Arabic text praising a phone.
  await page.$$eval(POSTS, (els, id) => {
    const from = els[els.length - 1];
    const copy = from.cloneNode(true);
    for (const el of copy.querySelectorAll('[data-ecoute-badge]')) el.remove();
    for (const a of copy.querySelectorAll('a[href*="/status/"]')) a.setAttribute('href', a.getAttribute('href').replace(/\/status\/\d+/, `/status/${id}`));
    copy.querySelector('[data-testid="tweetText"]').replaceChildren(document.createTextNode('بطارية رائعة، أنصح به'));
    from.after(copy);
  }, ARABIC_ID);
  const key = `x:${ARABIC_ID}`;
  await page.waitForSelector(`[data-ecoute-key="${key}"]`);
  const post = page.locator(`[data-ecoute-key="${key}"]`);
  assert.equal(await post.getAttribute('data-ecoute-sentiment'), 'unanalysed');
  assert.equal(await post.getAttribute('data-ecoute-lang'), 'ar');
  const badge = (await badgeContents(page)).find((b) => b.key === key);
  assert.match(badge.text, /language not analysed: ar/);
  assert.doesNotMatch(badge.text, /positive|negative|neutral/i);
  // Kept without a label, and counted apart by language.
  await page.waitForTimeout(300);
  const kept = (await browser.idb('posts')).find((p) => p.k === key);
  assert.equal(kept.label, null);
  assert.equal(kept.intent, null);
  const summary = await listening('summary', {});
  const apart = JSON.stringify(summary.tallies);
  assert.match(apart, /"unanalysed":\{"ar":1\}/);
});

test('the person corrects a post from its badge; the correction is kept and exported beside the model\'s label', async () => {
  const want = expected.posts[0];
  const key = `x:${want.id}`;
  const model = want.sentiment;
  const label = model === 'negative' ? 'positive' : 'negative';
  const url = page.url();
  assert.ok(await clickInBadge(page, key, 'button.correct'), 'the badge has a correct button');
  await waitInBadge(page, key, '.menu');
  // The page sees none of it: the menu is inside the closed root.
  assert.equal(await page.$$eval('[data-ecoute-badge]', (hosts) => hosts.some((h) => h.shadowRoot !== null || h.innerHTML !== '')), false);
  const index = ['positive', 'neutral', 'negative'].indexOf(label) + 1;
  assert.ok(await clickInBadge(page, key, `.menu .row:first-child button.pick:nth-child(${index})`));
  assert.ok(await clickInBadge(page, key, '.menu .row:nth-child(2) button.pick:nth-child(2)'), 'intent: complaint');
  assert.ok(await clickInBadge(page, key, '.menu > button.chip'), 'save');
  await waitInBadge(page, key, `.chip.${label}`);
  assert.equal(page.url(), url, 'the clicks did not reach the site');
  const kept = (await browser.idb('posts')).find((p) => p.k === key);
  assert.deepEqual(kept.corrected, { label, intent: 'complaint' });
  assert.equal(kept.label, model, 'the model\'s label stays beside the correction');
  // The engine learned it: its adjustment is stored.
  assert.ok((await browser.storage()).adapt, 'the adjustment is kept');
  const csv = (await listening('export', { request: { dataset: 'posts', format: 'csv' } })).text;
  const [head, ...rows] = csv.trim().split('\n');
  const cols = head.split(',');
  assert.ok(cols.includes('corrected_label') && cols.includes('label'));
  const row = rows.find((r) => r.includes(want.id));
  assert.ok(row.includes(`,${label},complaint,`), row);
});

test('a page script cannot open the correction menu', async () => {
  const key = `x:${expected.posts[1].id}`;
  await inContentScript(page, (k) => {
    const host = document.querySelector(`[data-ecoute-key="${k}"] [data-ecoute-badge]`);
    chrome.dom.openOrClosedShadowRoot(host).querySelector('button.correct').click();
    return true;
  }, key);
  await page.waitForTimeout(200);
  const open = await inContentScript(page, (k) => {
    const host = document.querySelector(`[data-ecoute-key="${k}"] [data-ecoute-badge]`);
    return Boolean(chrome.dom.openOrClosedShadowRoot(host).querySelector('.menu'));
  }, key);
  assert.equal(open, false, 'an untrusted click opens nothing');
});
