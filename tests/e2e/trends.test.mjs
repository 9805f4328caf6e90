// Trends and influence as a marketer reads them (issue 16), in the real extension, on a generated week.
//
// A week of history is read in one sitting (every post dated by the page, hours to days ago): ordinary
// posts in French and English, a watch item talked about now and then by its fans and by the brand's own
// account. Then a burst about one topic, published in the last half hour. What must hold:
// - the burst raises its topic and nothing ordinary (a week read at once is a baseline, not a burst);
// - a post already on the page gets its chip when the rise is found, at most two chips a post, each
//   with its figures in the hover;
// - the brand account, marked as the person's own in the options page, is never its own opinion leader
//   (nor lead user);
// - a worker restart keeps the rising terms and the alert badge's count, and the dashboard still clears
//   the badge, for good.
// The generator is seeded (mulberry32, bench/store/gen.mjs): the same week on every run, relative to now.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { rng } from '../../bench/store/gen.mjs';
import { badgeContents, openPage } from './harness.mjs';
import { EMPTY_FEED, appendPosts } from './lib/xposts.mjs';

const HOUR = 3600_000;
const ORDINARY = [
  'rien de neuf ce matin, puis un café en terrasse',
  'please took two buses to get to work today',
  'le marché du samedi était plein de monde',
  'nice walk in the park with the dog',
  'on regarde le match ce soir avec les voisins',
  'traffic was terrible on the way home again',
  "j'ai testé une nouvelle recette de gâteau",
  'reading a good book by the fireplace',
];
// Their words, folded as the engine folds them: none may ever rise.
const ORDINARY_WORDS = new Set(('rien neuf matin puis cafe terrasse please took two buses get work today marche samedi etait plein '
  + 'monde nice walk park dog regarde match soir voisins traffic terrible way home again teste nouvelle recette gateau '
  + 'reading good book fireplace').split(' '));
const FAN_TEXTS = ['mon avis sur le Brioche Phone : plutôt réussi', 'le Brioche Phone tient bien la charge', 'photos de nuit correctes sur le Brioche Phone'];
const BRAND_TEXT = 'Brioche Phone 2 arrive bientôt, précommandes ouvertes #BriochePhone';
const TOPIC = ['Brioche Phone 2 : écran fissuré après une seule chute', 'écran fissuré sur mon Brioche Phone 2', 'encore un écran fissuré, le Brioche Phone 2 est fragile'];

let env, page, browser;
let n = 0;
const id = () => String(1950000000000000000n + BigInt(n++));

/** The generated week: ordinary posts by 30 authors, 12 fans on the item, the brand's own posts. */
function week(now) {
  const r = rng(16);
  const posts = [];
  for (let h = 3; h < 7 * 24; h++) {
    for (let k = 0; k < 4; k++) {
      posts.push({ id: id(), handle: `reader${r.int(30)}`, text: r.pick(ORDINARY), time: new Date(now - h * HOUR - r.int(50) * 60_000).toISOString() });
    }
  }
  for (let f = 0; f < 12; f++) {
    // Three or four posts each over the week, the first days before; engagement varies by fan.
    for (let p = 0; p < 3 + (f % 2); p++) {
      posts.push({ id: id(), handle: `fan${f}`, text: r.pick(FAN_TEXTS), likes: 5 + 3 * f, time: new Date(now - (20 + p * 30 + f) * HOUR).toISOString() });
    }
  }
  for (let p = 0; p < 8; p++) {
    posts.push({ id: id(), handle: 'BriochePhone', text: BRAND_TEXT, likes: 900, time: new Date(now - (10 + p * 18) * HOUR).toISOString() });
  }
  return posts;
}

/** Shows `posts` on the page, waits until each is annotated, then clears the feed (a long scroll). */
async function read(posts, { keep = false } = {}) {
  for (let i = 0; i < posts.length; i += 150) {
    const chunk = posts.slice(i, i + 150);
    await page.evaluate(appendPosts, chunk);
    await page.waitForFunction((ids) => ids.every((k) => document.querySelector(`[data-ecoute-key="x:${k}"][data-ecoute-sentiment]`)),
      chunk.map((p) => p.id), { timeout: 60000 });
    if (!keep) await page.evaluate(() => document.querySelector('main').replaceChildren());
  }
}

const chipsOf = (b) => b.titles.filter((t) => /^(×[\d.,]+ in 2 h|new in 2 h)/.test(t));

before(async () => {
  env = await openPage({ 'x.com': { '/home': { body: EMPTY_FEED } } }, 'https://x.com/home');
  ({ browser, page } = env);
});

after(() => env?.close());

test('a week read in one sitting, then a burst: the topic rises, nothing ordinary; chips reach posts already shown', async () => {
  // The watch item, and the brand's own account marked in the options page.
  await browser.ask('watchlist_set', { items: [{ query: '"Brioche Phone" OR #BriochePhone', label: 'Brioche Phone 2' }] });
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.fill('[data-testid="owned-x"]', '@BriochePhone');
  await options.click('[data-testid="owned-save"]');
  await options.waitForFunction(() => /1/.test(document.querySelector('[data-testid="owned-message"]').textContent));
  await options.reload();
  assert.equal(await options.inputValue('[data-testid="owned-x"]'), '@BriochePhone', 'kept by the engine');
  await options.close();

  const now = Date.now();
  await read(week(now));
  let s = await browser.ask('summary');
  assert.deepEqual(s.trends.rising.map((r) => r.term), [], 'a week of history read at once raises nothing');

  // The burst: two posts first (too few to rise), shown and kept on the page...
  const r = rng(17);
  const burst = Array.from({ length: 16 }, (_, i) => ({
    id: id(), handle: `buyer${i}`, text: `${TOPIC[i % TOPIC.length]}. ${r.pick(ORDINARY)}`, time: new Date(now - (25 - i) * 60_000).toISOString(),
  }));
  await read(burst.slice(0, 2), { keep: true });
  const first = `x:${burst[0].id}`;
  assert.deepEqual(chipsOf((await badgeContents(page)).find((b) => b.key === first)), [], 'not rising yet');
  // ...then the rest: the rise is found, and the posts already shown get their chips.
  await read(burst.slice(2), { keep: true });
  let shown;
  for (let t = 0; t < 50; t++) {
    shown = (await badgeContents(page)).find((b) => b.key === first);
    if (chipsOf(shown).length) break;
    await page.waitForTimeout(100);
  }
  assert.ok(chipsOf(shown).length, `the first post got its chip: ${JSON.stringify(shown)}`);
  for (const b of await badgeContents(page)) {
    const chips = chipsOf(b);
    assert.ok(chips.length <= 2, `at most two chips a post: ${b.text}`);
    for (const c of chips) assert.match(c, /^(×[\d.,]+ in 2 h, \d+ posts on x \(\d+ of [\d,]+ the week before\)|new in 2 h: \d+ posts on x \(none of [\d,]+ the week before\))$/);
  }
  assert.match(shown.text, /↗ ecran fissure/);

  s = await browser.ask('summary');
  const rising = s.trends.rising.map((x) => x.term);
  assert.ok(rising.includes('ecran fissure'), `the topic rose: ${rising}`);
  const ordinary = rising.filter((t) => t.replace(/^#/, '').split(' ').some((w) => ORDINARY_WORDS.has(w)));
  assert.deepEqual(ordinary, [], `nothing ordinary rose: ${rising}`);
  // Each rise explains itself in the dashboard's hover, with figures.
  for (const x of s.trends.rising) assert.match(x.why, /^in \d+ of your last \d+ posts \(2 h\) against \d+ of \d+ before/);
});

test('the brand account is never its own opinion leader; leaders and lead users say why, with figures', async () => {
  const s = await browser.ask('summary');
  const brand = s.influence.find((a) => a.key === 'x:briochephone');
  assert.equal(brand, undefined, `the brand leads nothing: ${JSON.stringify(brand)}`);
  const leaders = s.influence.filter((a) => a.badges.some((b) => b.kind === 'opinion_leader'));
  // 28 authors on the item (12 fans, 16 buyers of one post each; the brand aside): the top tenth is the
  // first 3, of whom only fans have the 3 posts a leader needs.
  assert.ok(leaders.length >= 1 && leaders.length <= 3, `a tenth, rounded up: ${JSON.stringify(leaders.map((l) => l.key))}`);
  for (const l of leaders) {
    assert.match(l.key, /^x:fan\d+$/);
    const b = l.badges.find((x) => x.kind === 'opinion_leader');
    assert.match(b.why, /^#[1-3] of 28 authors on “Brioche Phone 2” by engagement weighted by reach \(top tenth: the first 3, with 3\+ posts\): \d+ likes, reposts and replies on \d posts$/);
  }
  const leads = s.influence.filter((a) => a.badges.some((b) => b.kind === 'lead_user'));
  assert.ok(leads.length >= 1, 'fans on the item days before it rose are its lead users');
  assert.match(leads[0].badges.find((b) => b.kind === 'lead_user').why, /^\d+ posts on “Brioche Phone 2” before it rose on \d{4}-\d\d-\d\d, the first on \d{4}-\d\d-\d\d$/);
  // The dashboard shows them, each badge with its hover.
  const dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html#authors`);
  await dash.waitForSelector('#influence-table .badge', { state: 'attached' });
  const titles = await dash.$$eval('#influence-table .badge', (els) => els.map((e) => e.title));
  assert.ok(titles.every((t) => /\d/.test(t)), `every hover has its figures: ${titles}`);
  await dash.close();
  // In the page, no leader or lead user (each is about a watch item).
  const page_ = (await badgeContents(page)).map((b) => b.text).join(' ');
  assert.doesNotMatch(page_, /leader|Lead user|Brioche Phone 2:/);
});

test('a worker restart keeps the rising terms and the alert badge, and the dashboard clears it for good', async () => {
  const badge = async () => (await browser.worker()).evaluate(() => chrome.action.getBadgeText({}));
  // The summary above saw the alerts; the burst goes on: a new post of the item by a new author is
  // counted, but no new alert (each is raised once).
  await browser.ask('alerts_seen');
  const store = await browser.storage();
  assert.equal(store.trend_state.alerts_seen_ms > 0, true);
  // An alert raised now: a second burst item, ten minutes later, through a fresh watch item.
  await browser.ask('watchlist_set', { items: [
    { query: '"Brioche Phone" OR #BriochePhone', label: 'Brioche Phone 2' },
    { query: 'fissuré', label: 'Écrans' },
  ] });
  const now = Date.now();
  const more = Array.from({ length: 8 }, (_, i) => ({ id: id(), handle: `late${i}`, text: `écran fissuré, encore (${i})`, time: new Date(now - i * 60_000).toISOString() }));
  await read(more);
  const unseen = Number(await badge());
  assert.ok(unseen >= 1, `an alert on the toolbar: ${unseen}`);
  // The badge is wiped by hand, then the worker is stopped, as Chromium stops an idle one: it comes back
  // with the count the store keeps, not from the browser's memory of the badge.
  await (await browser.worker()).evaluate(() => chrome.action.setBadgeText({ text: '' }));
  assert.ok(await browser.stopWorker());
  assert.equal(Number(await badge()), unseen, 'the unseen count survives the restart');
  const s = await browser.ask('summary'); // the dashboard opens: seen
  assert.ok(s.trends.rising.some((r) => r.term === 'ecran fissure'), `still rising after the restart: ${s.trends.rising.map((r) => r.term)}`);
  assert.equal(await badge(), '', 'cleared');
  assert.ok(await browser.stopWorker());
  assert.equal(await badge(), '', 'and stays cleared after another restart');
});
