// The dashboard's drill-down, in the real extension with the browser in Europe/Paris: every figure lists the
// kept posts behind it (a bar of the hourly chart, a KPI, the posts shown apart, a watch item's mentions, an
// author, a day), page by page; a watch item is edited (its id kept, the posts already kept recounted) and
// deleted; the space used is shown. Posts go in through {type: 'ecoute/analyze'} as content scripts send them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';

// The browser (launched with this environment) and this process read local time alike.
process.env.TZ = 'Europe/Paris';

let server, browser, page;

const analyze = (posts) => page.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), posts);
const pad = (n) => String(n).padStart(2, '0');
const dayKey = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

// Yesterday, in Paris: four posts with a publication time, two in the 9 o'clock hour, one at 15 h, one at 21 h.
const now = new Date();
const y = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
const at = (h, m) => new Date(y.getFullYear(), y.getMonth(), y.getDate(), h, m).toISOString();
const DAY = dayKey(y);
const post = (id, text, time, handle = `u${id}`) => ({
  site: 'x', id, text, time, url: `https://x.com/${handle}/status/${id}`, author: { handle, name: `Name ${id}` },
});
const POSTS = [
  post('101', 'J’adore le Brioche Phone 2, super écran', at(9, 10), 'alice'),
  post('102', 'Le Brioche Phone 2 sort mardi en boutique', at(9, 40)),
  post('103', 'Service client nul, je déteste attendre', at(15, 20)),
  post('104', 'Superbe journée, merci à tous', at(21, 5), 'alice'),
  // No publication time in the page: counted when seen, shown apart, never in a bar.
  post('105', 'Brioche Phone 2 horrible, batterie nulle', null),
  post('106', 'Une question sur les horaires ?', null),
  // Published 200 days ago, before the retention window: kept, said apart, in no figure.
  post('107', 'Vieux souvenir de l’an dernier', new Date(now.getTime() - 200 * 86_400_000).toISOString()),
];

const drillTexts = () => page.$$eval('#drill-list .post .text', (els) => els.map((e) => e.textContent));
async function openAndWait(selector) {
  await page.click(selector);
  await page.waitForFunction(() => !document.getElementById('drill').hidden && !/…$/.test(document.getElementById('drill-status').textContent));
}
async function closeDrill() {
  await page.click('#drill-close');
  assert.equal(await page.isHidden('#drill'), true);
}

before(async () => {
  server = await serve({});
  browser = await launch(server);
  page = await browser.context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  const r = await analyze(POSTS);
  assert.equal(r.ok, true, r.error);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('k-posts').textContent === '6');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the hourly chart reads in local hours; a bar lists the posts published in that hour', async () => {
  assert.match(await page.textContent('#chart-title'), /local time, Europe\/Paris/);
  const ticks = await page.$$eval('#chart .tick', (ts) => ts.map((t) => t.textContent));
  assert.ok(['6 AM', '12 PM', '6 PM'].every((t) => ticks.map((x) => x.replace(/\s/g, ' ')).includes(t)), `hour ticks every 6 h: ${ticks}`);
  // One button per bar with posts: 9 h, 15 h, 21 h yesterday (the undated posts have none).
  const bars = await page.$$eval('#chart .bar', (bs) => bs.map((b) => b.dataset.when));
  assert.deepEqual(bars, [`${DAY}T09`, `${DAY}T15`, `${DAY}T21`]);
  await openAndWait(`#chart .bar[data-when="${DAY}T09"]`);
  assert.deepEqual((await drillTexts()).sort(), [POSTS[0].text, POSTS[1].text].sort());
  assert.match(await page.textContent('#drill-title'), /: 2 post\(s\)$/);
  const filter = await page.textContent('#drill-filter');
  assert.match(filter, /Published: .*9.*10.*AM \(local time, Europe\/Paris\)/, filter);
  // Each post: its author, site, sentiment, the time it was published in local time, a link showing its host.
  const first = await page.$$eval('#drill-list .post', (ps) => ps.map((p) => p.textContent));
  const alice = first.find((t) => t.includes('alice'));
  assert.match(alice, /Name 101 @alice · x/);
  assert.match(alice, /positive/);
  assert.match(alice, /Published .*, 9:10\sAM/);
  assert.deepEqual(await page.$$eval('#drill-list a', (as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.rel]).sort()),
    [['x.com ↗', 'https://x.com/alice/status/101', 'noopener noreferrer'], ['x.com ↗', 'https://x.com/u102/status/102', 'noopener noreferrer']]);
  assert.equal(await page.isHidden('#drill-more'), true, 'everything shown: no "more"');
  await page.keyboard.press('Escape');
  assert.equal(await page.isHidden('#drill'), true, 'Escape closes the panel');
});

test('a KPI lists its posts, dated and apart; the posts shown apart are listed on their own', async () => {
  const negatives = Number(await page.textContent('#k-negative'));
  assert.ok(negatives >= 2, `negative: ${negatives}`);
  await openAndWait('[data-kpi=negative]');
  const labels = await page.$$eval('#drill-list .chip.neg, #drill-list .chip.pos, #drill-list .chip.neu', (cs) => cs.map((c) => c.textContent));
  assert.equal(labels.length, negatives, 'as many posts as the KPI says');
  assert.ok(labels.every((l) => l === 'negative'), `only negative posts: ${labels}`);
  const texts = await drillTexts();
  assert.ok(texts.includes(POSTS[2].text) && texts.includes(POSTS[4].text), texts.join(' | '));
  assert.match(await page.textContent('#drill-filter'), /Sentiment: negative/);
  // The undated one says when it was seen, never a publication time it does not have.
  const undated = await page.$$eval('#drill-list .post', (ps) => ps.map((p) => p.textContent).find((t) => t.includes('batterie')));
  assert.match(undated, /Seen .* at .* · the page shows no publication time/);
  await closeDrill();

  assert.match(await page.textContent('[data-testid=undated-note]'), /Also 2 posts/);
  await openAndWait('#undated-list');
  assert.deepEqual((await drillTexts()).sort(), [POSTS[4].text, POSTS[5].text].sort());
  await closeDrill();

  assert.match(await page.textContent('[data-testid=older-note]'), /^1 posts seen in this period were published before the retention window/);
  await openAndWait('#older-list');
  assert.deepEqual(await drillTexts(), [POSTS[6].text]);
  assert.match(await page.textContent('#drill-list'), /Seen .* at .* · published .*, before the period kept/);
  await closeDrill();
});

test('an author and a day list their posts; a long list comes page by page', async () => {
  await page.click('[data-tab=authors]');
  const alice = page.locator('#author-table button', { hasText: '@alice' });
  await alice.click();
  await page.waitForFunction(() => document.querySelectorAll('#drill-list .post').length === 2);
  assert.deepEqual((await drillTexts()).sort(), [POSTS[0].text, POSTS[3].text].sort());
  assert.match(await page.textContent('#drill-title'), /Posts by @alice on x/);
  await closeDrill();
  await page.click('[data-tab=overview]');

  // 60 more posts two days ago, on reddit: the day's row lists 50, then the 10 others.
  const d2 = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 2, 11, 0);
  const many = Array.from({ length: 60 }, (_, i) => ({ site: 'reddit', id: `m${i}`, text: `Message numéro ${i}`, author: { handle: 'bob' },
    time: new Date(d2.getTime() + i * 60_000).toISOString() }));
  assert.equal((await analyze(many)).ok, true);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('k-posts').textContent === '66');
  await page.locator('#days button', { hasText: new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(d2) }).click();
  await page.waitForFunction(() => document.querySelectorAll('#drill-list .post').length === 50);
  assert.equal(await page.isVisible('#drill-more'), true);
  assert.match(await page.textContent('#drill-status'), /50 post\(s\) shown so far/);
  await page.click('#drill-more');
  await page.waitForFunction(() => document.querySelectorAll('#drill-list .post').length === 60);
  assert.equal(await page.isHidden('#drill-more'), true);
  const texts = await drillTexts();
  assert.equal(new Set(texts).size, 60, 'no post twice across pages');
  assert.equal(texts[0], 'Message numéro 59', 'newest first');
  await closeDrill();
  // The site row lists that site's posts.
  await openAndWait('#sites button:text-is("reddit")');
  assert.match(await page.textContent('#drill-title'), /Posts on reddit: 60/);
  await closeDrill();
});

test('a watch item is edited (its id kept, the kept posts recounted) and deleted', async () => {
  await page.click('[data-tab=watchitems]');
  await page.fill('#watch-query', 'briosh');
  await page.fill('#watch-label', 'Brioche Phone');
  await page.click('#watch-submit');
  await page.waitForFunction(() => document.getElementById('watch-table').textContent.includes('Brioche Phone'));
  const row = page.locator('#watch-table tr', { hasText: 'Brioche Phone' });
  // Shown by its label, the query under it.
  assert.deepEqual(await row.locator('.item > *').allTextContents(), ['Brioche Phone', 'briosh']);
  const [item] = (await browser.storage()).watchlist;
  assert.equal(item.query, 'briosh');
  await page.waitForFunction(() => !document.querySelector('#watch-table .recount'));
  assert.equal(await row.locator('td').nth(1).textContent(), '0', 'a misspelt query matches nothing');

  // Edit: the form fills with the item; saving keeps its id and recounts the posts already kept.
  await row.locator('button', { hasText: 'Edit' }).click();
  assert.equal(await page.inputValue('#watch-query'), 'briosh');
  assert.equal(await page.inputValue('#watch-label'), 'Brioche Phone');
  assert.equal(await page.textContent('#watch-submit'), 'Save');
  await page.fill('#watch-query', 'brioche');
  await page.click('#watch-submit');
  await page.waitForFunction(() => document.querySelector('#watch-table tr:nth-child(2) td:nth-child(2)')?.textContent === '3');
  const [edited] = (await browser.storage()).watchlist;
  assert.deepEqual([edited.id, edited.rev, edited.query, edited.label], [item.id, item.rev + 1, 'brioche', 'Brioche Phone']);
  const storage = await browser.ask('storage');
  const recount = storage.recounts.find((r) => r.id === item.id && r.rev === edited.rev);
  assert.ok(recount && !recount.running && recount.done === 67 && recount.matched === 3, JSON.stringify(storage.recounts));
  assert.equal(await page.textContent('#watch-submit'), 'Add', 'the form is back to adding');

  // Its mentions list the three posts, the item named on each.
  await openAndWait('#watch-table tr:nth-child(2) td:nth-child(2) button');
  assert.deepEqual((await drillTexts()).sort(), [POSTS[0].text, POSTS[1].text, POSTS[4].text].sort());
  assert.equal(await page.$$eval('#drill-list .chip.watch', (cs) => cs.filter((c) => c.textContent === 'Brioche Phone').length), 3);
  await closeDrill();

  // Delete (confirmed): gone from the table and the store.
  await row.locator('button', { hasText: 'Remove' }).click();
  await page.waitForFunction(() => !document.getElementById('watch-table').textContent.includes('Brioche'));
  assert.deepEqual((await browser.storage()).watchlist, []);
});

test('the space used and the posts kept are shown beside the retention', async () => {
  await page.click('[data-tab=data]');
  await page.waitForFunction(() => /posts kept/.test(document.getElementById('space').textContent));
  assert.match(await page.textContent('#space'), /^[\d.,]+ (byte|kB|MB|GB) used on this device, 67 posts kept\.$/);
});

test('posts in other languages are counted apart; a post is corrected from the drill-down', async () => {
  const r = await analyze([post('108', 'Отличный телефон, батарея держит два дня, всем советую!', at(10, 0))]);
  assert.equal(r.ok, true, r.error);
  assert.equal(r.annotations[0].label, null);
  const before = Number(await page.textContent('#k-posts'));
  await page.reload();
  // One more post in the figures (the earlier tests' watch items and filters aside), none of them
  // in a sentiment: said apart, by language.
  await page.waitForFunction((n) => Number(document.getElementById('k-posts').textContent) === n + 1, before);
  assert.match(await page.textContent('#k-unanalysed'), /^Not analysed \(other languages\): 1 — ru 1$/);
  await openAndWait('[data-kpi=posts]');
  const card = page.locator('#drill-list .post', { hasText: POSTS[0].text });
  await card.locator('button.link').click();
  await card.locator('.correct select').first().selectOption('negative');
  await card.locator('.correct select').nth(1).selectOption('complaint');
  await card.locator('.correct button').click();
  await card.locator('.chip.corrected').waitFor();
  assert.match(await card.locator('.chip.corrected').textContent(), /corrected: negative, complaint/);
  assert.match(await page.textContent('#drill-list .post:has(.chip.unanalysed)'), /language not analysed: ru/);
  await closeDrill();
  const kept = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'posts', filter: { from: null } }));
  const p = kept.result.posts.find((x) => x.k === 'x:101');
  assert.deepEqual(p.corrected, { label: 'negative', intent: 'complaint' });
  assert.equal(p.label, 'positive', 'the model\'s label is kept beside');
});
