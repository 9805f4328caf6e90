// French is a first language here: with a French browser, the badges, the popup, the dashboard and the
// options page speak French (extension/_locales/fr), numbers and dates included.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeContents, fixture, openPage, waitForCount } from './harness.mjs';

const FR_MESSAGES = fixture('extension/_locales/fr/messages.json');
const NBSP = /[\u00a0\u202f]/;

/** Every data-i18n* element of `page` shows its French message (none left in English, none empty). */
async function assertAllFrench(page, what) {
  const found = await page.$$eval('[data-i18n], [data-i18n-placeholder], [data-i18n-title], [data-i18n-aria-label]', (els) => els.map((el) => ({
    text: el.dataset.i18n && [el.dataset.i18n, el.textContent],
    placeholder: el.dataset.i18nPlaceholder && [el.dataset.i18nPlaceholder, el.getAttribute('placeholder')],
    title: el.dataset.i18nTitle && [el.dataset.i18nTitle, el.getAttribute('title')],
    aria: el.dataset.i18nAriaLabel && [el.dataset.i18nAriaLabel, el.getAttribute('aria-label')],
  })));
  assert.ok(found.length > 5, `${what}: ${found.length} localised elements`);
  for (const el of found) {
    for (const [kind, pair] of Object.entries(el)) {
      if (!pair) continue;
      const [key, shown] = pair;
      assert.ok(FR_MESSAGES[key], `${what}: «${key}» has a French message`);
      assert.ok(shown && shown.trim(), `${what}: «${key}» (${kind}) is empty`);
      assert.equal(shown, FR_MESSAGES[key].message, `${what}: «${key}» (${kind}) is in French`);
    }
  }
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr', `${what}: <html lang>`);
}

const expected = fixture('tests/fixtures/sites/x/home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
const FR = { positive: 'positif', negative: 'négatif', neutral: 'neutre' };
let browser, page, env;

before(async () => {
  env = await openPage({ 'x.com': { '/home': 'tests/fixtures/sites/x/home.html' } }, 'https://x.com/home', { lang: 'fr' });
  ({ browser, page } = env);
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
});

after(() => env?.close());

test('badges name the sentiment in French; the attribute contract stays in English', async () => {
  const text = new Map((await badgeContents(page)).map((b) => [b.key, b.text]));
  const got = (await page.$$eval(POSTS, (els) => els.map((el) => [el.getAttribute('data-ecoute-sentiment'), el.getAttribute('data-ecoute-key')])))
    .map(([label, key]) => [label, text.get(key)]);
  got.forEach(([label, text], i) => {
    assert.equal(label, expected.posts[i].sentiment);
    assert.ok(text.includes(FR[label]), `post ${i}: «${text}» names «${FR[label]}»`);
    assert.ok(text.includes('garder'), `post ${i}: the save button is in French`);
  });
});

test('the popup speaks French', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.waitForFunction(() => document.querySelector('[data-testid=posts]').textContent !== '0');
  assert.equal(await popup.textContent('#today-title'), "Vu aujourd'hui");
  assert.match(await popup.textContent('footer'), /Rien ne le quitte/);
  await assertAllFrench(popup, 'popup');
  // The day as French writes it (« 24 nov. 2026 », the person's own day), not an ISO key; the net
  // sentiment with a decimal comma.
  const day = await popup.textContent('#day');
  assert.doesNotMatch(day, /\d{4}-\d\d-\d\d/);
  assert.match(day, new RegExp(`^\\d{1,2} [a-zéû]+\\.? ${new Date().getFullYear()}$`), day);
  assert.match(await popup.textContent('[data-testid=net]'), /^(−|-)?\d,\d\d$/);
  await popup.close();
});

test('the dashboard speaks French, numbers and dates included', async () => {
  const dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  // The fixture's posts are months old (outside the dashboard's last 7 days): three of today, counted now.
  const texts = ['J’adore Décathlon, super vélo', 'Decathlon service client nul', 'Je déteste attendre, vraiment nul'];
  // The first author shows 45,200 followers and 300 likes: a tier badge and an engagement badge.
  // The first one with a publication time (charted, and a day in « Par jour »), the others without.
  const posts = texts.map((text, i) => ({ site: 'x', id: `fr${i}`, text, author: { handle: `fr${i}`, ...(i === 0 ? { followers: 45200 } : {}) }, ...(i === 0 ? { metrics: { likes: 300 }, time: new Date().toISOString() } : {}) }));
  // The fixture's posts, seen today, count apart (published before the period): three more than those.
  await dash.waitForFunction(() => /^\d+$/.test(document.getElementById('k-posts').textContent));
  const before = Number(await dash.textContent('#k-posts'));
  assert.equal((await dash.evaluate((posts) => chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts }), posts)).ok, true);
  await dash.reload();
  await dash.waitForFunction((n) => document.getElementById('k-posts').textContent === String(n), before + 3);
  assert.equal(await dash.title(), 'Écoute — tableau de bord');
  await assertAllFrench(dash, 'dashboard');
  assert.equal(await dash.textContent('[data-tab=overview]'), "Vue d'ensemble");
  assert.equal(await dash.textContent('[data-tab=saved]'), 'Publications enregistrées');
  // Days and hours are the person's: the chart says so, with the time zone.
  assert.match(await dash.textContent('#chart-title'), /^Publications par (heure \(heure locale, |jour \()[^)]+\)$/);
  assert.match(await dash.textContent('#k-net'), /^(−|-)?\d,\d\d$/, 'a decimal comma');
  assert.match(await dash.textContent('#sites'), /^Site\s*Publications\s*Net/);
  // The posts behind a figure, described in French: these three have no publication time, so « vue le ».
  const negatives = Number(await dash.textContent('#k-negative'));
  await dash.click('[data-kpi=negative]');
  await dash.waitForFunction((n) => document.querySelectorAll('#drill-list .post').length === n, negatives);
  assert.equal(await dash.textContent('#drill-title'), `Négatif\u00a0: ${negatives}`);
  assert.match(await dash.textContent('#drill-filter'), /Sentiment\u00a0: négatif.*Publiées\u00a0: .*Et celles vues sur la période/);
  assert.match(await dash.textContent('#drill-list'), /Vue le \d{1,2} [a-zéû]+\.? \d{4} à \d\d:\d\d · la page n'indique pas de date de publication/);
  assert.match(await dash.textContent('#drill-status'), new RegExp(`^${negatives} publication\\(s\\), toutes affichées\\.$`));
  await dash.click('#drill-close');
  // the days as French writes them: « 24 nov. 2026 »
  const firstDay = await dash.textContent('#days tr:nth-child(2) td');
  assert.match(firstDay, /^\d{1,2} [a-zéû]+\.? \d{4}$/, firstDay);
  // built at run time: the watchlist editor and its messages
  await dash.click('[data-tab=watchitems]');
  assert.match(await dash.textContent('#alerts'), /^Aucune alerte\u00a0:/);
  await dash.fill('#watch-query', '(Décathlon OR fnac');
  await dash.waitForSelector('#watch-check.error');
  // the engine's problem, from its code, in French (src/base/error.rs Problem → shared/words.js)
  assert.match(await dash.textContent('#watch-check'), /Position 1\u00a0: cette parenthèse n'est jamais fermée$/);
  await dash.fill('#watch-query', 'Décathlon');
  await dash.waitForSelector('#watch-check.ok');
  assert.equal(await dash.textContent('#watch-check'), '✓ requête valide' + 'se lit\u00a0: decathlon', 'and how it reads, under the field');
  assert.match(await dash.textContent('#watch-table'), /^Élément de veille\s*Mentions/);
  // The engine's badges, worded in French from their figures, numbers the French way.
  await dash.click('[data-tab=authors]');
  const badges = await dash.$$eval('#author-table .badge', (els) => els.map((el) => [el.className, el.textContent, el.title]));
  const tier = badges.find(([c]) => c.includes('tier'));
  const rate = badges.find(([c]) => c.includes('engagement'));
  assert.ok(tier && rate, JSON.stringify(badges));
  assert.match(tier[1], /^Micro \(10[\u00a0\u202f]k – 100[\u00a0\u202f]k\)$/);
  assert.match(tier[2], /^45[\u00a0\u202f]200 abonnés affichés sur x \(le plus grand nombre vu\)$/);
  assert.match(rate[1], /^0,7[\u00a0\u202f]% d'engagement$/);
  assert.match(rate[2], /^300 interactions \(j'aime, partages, réponses\) sur la seule publication vue, pour 45[\u00a0\u202f]200 abonnés$/);
  await dash.click('[data-tab=saved]');
  await dash.waitForFunction(() => document.getElementById('saved-list').textContent.length > 0);
  assert.match(await dash.textContent('#saved-list'), /^Aucune publication enregistrée/);
  await dash.close();
});

test('refusals, skipped import records, storage errors and the default collection are in French', async () => {
  const dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  await dash.waitForFunction(() => document.getElementById('k-posts').textContent !== '');
  const listening = (fields) => dash.evaluate((f) => chrome.runtime.sendMessage({ type: 'ecoute/listening', ...f }), fields);
  const NB = '[\u00a0\u202f]';

  // A watchlist the engine refuses: its error, from the engine's figures.
  const bad = await listening({ op: 'watchlist_set', items: [{ query: 'fnac OR' }] });
  assert.equal(bad.ok, false);
  assert.match(bad.error, new RegExp(`^requête «${NB}fnac OR${NB}», position 6${NB}: OR demande un terme à sa droite$`));

  // Other refusals of the engine, from their figures too.
  const retention = await listening({ op: 'set_retention', days: 0 });
  assert.match(retention.error, new RegExp(`^la durée de conservation doit être comprise entre 1 et 3${NB}650 jours$`));
  const restore = await listening({ op: 'restore', doc: { format: 'other' } });
  assert.match(restore.error, /^ce n'est pas une sauvegarde d'Écoute/);

  // An import with a broken line and a tally whose hour does not exist: what was imported, and why the
  // rest was skipped, in French; the day with the bad hour is not counted.
  const day = new Date().toISOString().slice(0, 10);
  const lines = [
    { type: 'header', format: 'ecoute-export', version: 1, source: 'e2e', exported_at: 0 },
    '{broken',
    { type: 'tally', day, total: { posts: 500 }, hours: { 24: { posts: 500 } } },
  ].map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  const postsBefore = await dash.textContent('#k-posts');
  await dash.click('[data-tab=data]');
  await dash.setInputFiles('#import-file', { name: 'export.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(lines) });
  await dash.waitForFunction(() => /\S/.test(document.getElementById('data-result').textContent));
  const result = await dash.textContent('#data-result');
  assert.match(result, new RegExp(`^Importé${NB}: 0 jour\\(s\\) de décomptes, 0 auteur\\(s\\), 0 publication\\(s\\) enregistrée\\(s\\)${NB}; ignoré${NB}: `), result);
  assert.match(result, new RegExp(`ligne 2 illisible${NB}: [^;]+${NB}; décompte du ${day}${NB}: «${NB}24${NB}» n'est pas une heure de 00 à 23\\.$`), result);
  assert.equal(await dash.textContent('#k-posts'), postsBefore, 'the day with an hour 24 was not counted');

  // A file above the import limit: refused in French before it is read, by the page and by the background.
  const MAX = 32_000_000;
  await dash.evaluate(() => { document.getElementById('data-result').textContent = ''; });
  await dash.setInputFiles('#import-file', { name: 'huge.json', mimeType: 'application/json', buffer: Buffer.alloc(MAX + 1, 0x20) });
  await dash.waitForFunction(() => /\S/.test(document.getElementById('data-result').textContent));
  assert.match(await dash.textContent('#data-result'), new RegExp(`^ce fichier fait 32,0 Mo${NB}: Écoute importe des fichiers de 32 Mo au plus \\(ses propres exports sont plus petits\\)$`));
  assert.equal(await dash.getAttribute('#data-result', 'class'), 'check error');
  // A backup that large is refused the same way, before it is read or parsed.
  await dash.evaluate(() => { document.getElementById('data-result').textContent = ''; });
  await dash.setInputFiles('#restore-file', { name: 'huge-backup.json', mimeType: 'application/json', buffer: Buffer.alloc(MAX + 1, 0x20) });
  await dash.waitForFunction(() => /\S/.test(document.getElementById('data-result').textContent));
  assert.match(await dash.textContent('#data-result'), new RegExp(`^ce fichier fait 32,0 Mo${NB}: Écoute importe`));
  const huge = await dash.evaluate((n) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'import', text: ' '.repeat(n) }), MAX + 1);
  assert.equal(huge.ok, false);
  assert.match(huge.error, new RegExp(`^ce fichier fait 32,0 Mo${NB}: Écoute importe`));

  // The storage full: a change the background could not save, said in French (the browser's own detail as it is).
  await dash.evaluate(async () => {
    const used = await chrome.storage.local.getBytesInUse(null);
    await chrome.storage.local.set({ ballast: 'x'.repeat(chrome.storage.local.QUOTA_BYTES - used - 'ballast'.length - 2) });
  });
  // The change is kept (durable, waiting in the kept-post store) and the status says so, in French.
  const full = await listening({ op: 'watchlist_set', items: [{ query: 'vélo' }] });
  assert.equal(full.ok, true, full.error);
  const status = await dash.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  await dash.evaluate(() => chrome.storage.local.remove('ballast'));
  assert.match(status.error, new RegExp(`^Impossible d'enregistrer dans le stockage de l'extension \\(.+\\)${NB}: \\d+ modifications sont conservées et seront écrites dès qu'il y aura de la place`), status.error);
  const after = await dash.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
  assert.equal(after.error, null, 'written once there is room');
  assert.deepEqual((await dash.evaluate(() => chrome.storage.local.get('watchlist'))).watchlist.map((i) => i.query), ['vélo']);

  // A post saved without a collection goes to the default one: "Saved" in the store and exports, named in French.
  const saved = await listening({ op: 'save_post', request: { post: { site: 'x', id: 'frsave', text: 'Vélo gravel enregistré', author: { handle: 'fr0' } } } });
  assert.equal(saved.ok, true, saved.error);
  await dash.click('[data-tab=saved]');
  await dash.waitForSelector('#saved-list article');
  assert.deepEqual(await dash.$$eval('#collection option', (os) => os.map((o) => [o.value, o.textContent])), [['', 'Toutes les collections'], ['Saved', 'Enregistrés']]);
  const input = '#saved-list article input[aria-label=Collection]';
  assert.equal(await dash.inputValue(input), 'Enregistrés');
  // Saved back unchanged, it stays in the default collection (not a new collection named in French).
  await dash.fill('#saved-list article textarea', 'à relire');
  await dash.click('#saved-list article button:not(.danger)');
  // Saved posts are kept in IndexedDB (db.js COLD): read back as the harness reads the engine's state.
  let stored = null;
  for (let i = 0; i < 100 && stored?.note !== 'à relire'; i++) {
    stored = (await browser.kv())['saved:x:frsave'];
    if (stored?.note !== 'à relire') await dash.waitForTimeout(100);
  }
  assert.equal(stored?.note, 'à relire');
  assert.equal(stored.collection, 'Saved');
  await dash.close();
});

test('the options page speaks French, its refusals too', async () => {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.waitForFunction(() => document.querySelector('#shipped').textContent.length > 0);
  assert.equal(await options.title(), 'Écoute — paramètres');
  assert.equal(await options.textContent('h1'), "Paramètres d'Écoute");
  await assertAllFrench(options, 'options');
  await options.fill('#host', '192.168.1.10');
  await options.click('#add button[type=submit]');
  assert.equal(await options.textContent('#message'), 'Indiquez un nom de serveur, pas une adresse IP');
  await options.fill('#host', 'mastodon.social');
  await options.click('#add button[type=submit]');
  assert.match(await options.textContent('#message'), /^mastodon\.social est déjà pris en charge\u00a0: rien à ajouter\.$/);
  assert.ok(NBSP.test(await options.textContent('#message')), 'a no-break space before the colon');
  await options.close();
});
