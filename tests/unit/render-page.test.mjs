// extension/content/render.js `forPage`: what of the background's annotation the content script keeps
// and may show in the site's page. Nothing private: no watch item (matched queries, the opinion leader's
// item, the lead user's), no term rising across sites; the post's own reading, the same-site badges and
// its own terms rising on the same site (with their figures) stay. And `trendChips`, the chip rule for
// posts already shown when a rise begins (the engine's src/listening/trends.rs `chips`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { CONTENT, ROOT } from './content-core.mjs';

function load(locale) {
  const messages = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', locale, 'messages.json'), 'utf8'));
  const getMessage = (key, subs = []) => {
    const m = messages[key];
    if (!m) return '';
    return m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name) => m.placeholders[name.toLowerCase()].content.replace(/\$([1-9])/g, (__, n) => subs[n - 1] ?? ''));
  };
  const ctx = { Intl, Ecoute: {}, chrome: { i18n: { getMessage, getUILanguage: () => locale } } };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(readFileSync(join(ROOT, 'extension', 'shared', 'words.js'), 'utf8'), ctx, { filename: 'words.js' });
  vm.runInContext(readFileSync(join(CONTENT, 'render.js'), 'utf8'), ctx, { filename: 'render.js' });
  // Callable as forPage (the labels' tests), and every export as a property (the trends' tests).
  return Object.assign(ctx.Ecoute.forPage, ctx.Ecoute);
}

const SECRET = 'Project Falcon (confidential acquisition)';
const annotation = {
  site: 'x', id: '1', counted: true, label: 'negative', score: -0.4, lang: 'en', intent: 'complaint',
  evidence: [{ kind: 'word', text: 'broken', weight: -1.2 }],
  watch: ['falcon OR "project falcon"'],
  trends: ['#zorblax', 'falcon'],
  terms: ['broken', 'falcon', 'battery', 'battery life'],
  author: 'x:alice',
  site_trends: [
    { term: 'battery life', site: 'x', count: 23, expected: 5.8, z: 7.1, times: 4, via: 'baseline', why: 'in 23 of your last 400 posts on x (2 h) against 12 of 1400 before: 5.8 expected', args: { via: 'baseline', posts: 400, baseline_count: 12, baseline_posts: 1400 } },
    { term: '#zorblax', site: 'reddit', count: 9, expected: 0.1, z: 20, via: 'baseline', why: 'from another site', args: { via: 'baseline', posts: 50, baseline_count: 0, baseline_posts: 900 } },
  ],
  badges: [
    { kind: 'tier', label: 'Micro (10k–100k)', why: '45,200 followers shown on x (the largest count seen)', args: { kind: 'tier', tier: 'micro', followers: 45200, site: 'x' } },
    { kind: 'engagement', label: '0.4% engagement', why: '200 likes, reposts and replies per post on average over 2 posts seen, for 45,200 followers', args: { kind: 'engagement', rate: 0.44, per_post: 200, posts: 2, followers: 45200 } },
    { kind: 'opinion_leader', label: `Opinion leader: ${SECRET}`, why: `#1 by engagement among 5 authors seen on “${SECRET}”`, args: { kind: 'opinion_leader', item: SECRET, rank: 1, authors: 5, engagement: 1900, posts: 3 } },
    { kind: 'opinion_leader', label: `Opinion leader: ${SECRET}`, why: 'an older record, without figures' },
    { kind: 'lead_user', label: 'Lead user', why: 'early on 2 terms before they rose (“#zorblax”, “falcon”)', args: { kind: 'lead_user', terms: 2, recent: ['#zorblax', 'falcon'] } },
    { kind: 'future_kind', label: SECRET, why: SECRET },
  ],
};

for (const locale of ['en', 'fr']) {
  test(`${locale}: the page gets the post's reading, same-site badges and same-site rises, nothing private`, () => {
    const page = load(locale).forPage(annotation);
    const text = JSON.stringify(page);
    assert.doesNotMatch(text, /confidential|zorblax|Lead user|pionnier|opinion/i);
    assert.deepEqual(Object.keys(page).sort(), ['author', 'badges', 'evidence', 'id', 'intent', 'label', 'lang', 'score', 'site', 'site_trends', 'terms']);
    assert.equal(page.label, 'negative');
    assert.equal(page.badges.length, 2, 'tier and engagement: leaders and lead users are about watch items');
    assert.match(page.badges[0].why, /45[,\u00a0\u202f]200/);
    assert.equal(page.site_trends.length, 1, 'a rise of another site never reaches this page');
    const NB = '[\u00a0\u202f]';
    assert.match(page.site_trends[0].why, locale === 'en'
      ? /^×4 in 2 h, 23 posts on x \(12 of 1,400 the week before\)$/
      : new RegExp(`^×4 en 2${NB}h, 23 posts sur x \\(12 sur 1${NB}400 la semaine d'avant\\)$`));
  });
}

test('a new term says so, with its figures', () => {
  const w = load('en');
  const r = { term: '#gravel', site: 'x', count: 8, z: 9, via: 'baseline', why: '', args: { via: 'baseline', posts: 60, baseline_count: 0, baseline_posts: 900 } };
  assert.equal(w.pageRise(r).why, 'new in 2 h: 8 posts on x (none of 900 the week before)');
});

test('trend chips: at most two, the strongest first, a rising pair says its words', () => {
  const { trendChips, pageRise } = load('en');
  const r = (term, z) => pageRise({ term, z, site: 'x', count: 8, via: 'baseline', args: { via: 'baseline', posts: 50, baseline_count: 0, baseline_posts: 900 } });
  const rising = new Map(['battery', 'battery life', 'life', '#gravel', 'brioche'].map((t, i) => [t, r(t, [9, 5, 4, 3, 20][i])]));
  const terms = ['brioche', 'battery', 'battery life', 'life', '#gravel', 'other'];
  assert.deepEqual(trendChips(terms, rising).map((c) => c.term), ['brioche', 'battery life']);
  assert.deepEqual(trendChips(['other'], rising), []);
  assert.deepEqual(trendChips(['life', 'battery life', '#gravel'], rising).map((c) => c.term), ['battery life', '#gravel']);
});

// Issue 13: a post in a language Écoute does not read says so, in the UI language; the hover names what
// pulled toward the label first, and never only words pulling the other way.
for (const locale of ['en', 'fr']) {
  test(`${locale}: an unanalysed post's badge says its language, and the hover leads with what drove the label`, () => {
    const { why, labelText } = load(locale);
    const arabic = { site: 'x', id: '2', label: null, score: 0, lang: 'ar', intent: null, evidence: [] };
    assert.equal(labelText(arabic), locale === 'en' ? 'language not analysed: ar' : 'langue non analysée : ar');
    assert.match(why(arabic), locale === 'en' ? /English and French.*\bar\b/ : /anglais et le français.*\bar\b/);
    const neutral = {
      label: 'neutral', score: 0.1, lang: 'en', intent: 'none',
      evidence: [{ kind: 'word', text: 'outreach', weight: 1.1 }, { kind: 'overall', text: '', weight: 0 }],
    };
    const because = why(neutral).split('\n')[1];
    assert.ok(because.indexOf(locale === 'en' ? 'a plain statement' : 'un simple constat') < because.indexOf('outreach'), because);
    const learned = { label: 'positive', score: 0.5, lang: 'en', intent: 'praise',
      evidence: [{ kind: 'word', text: 'bad', weight: -1.0 }, { kind: 'learned', text: 'birthday', weight: 0.7 }] };
    assert.match(why(learned), locale === 'en' ? /because: birthday \(learned\), bad -1\.0/ : /parce que: birthday \(appris\), bad -1\.0/);
  });
}
