// extension/shared/words.js: the engine's badges, rises and alerts worded from their figures (`args`) in
// each locale, numbers the locale's way; the engine's English when the figures are missing (old stores).
// English from the figures must read exactly as the engine's own English (src/influence.rs, src/trends.rs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { ROOT } from './content-core.mjs';

/** words.js loaded as a content script would be, with chrome.i18n answering from `locale`'s messages. */
function words(locale, uiLanguage = locale) {
  const messages = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', locale, 'messages.json'), 'utf8'));
  const getMessage = (key, subs = []) => {
    const m = messages[key];
    if (!m) return '';
    return m.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (_, name) => {
      const content = m.placeholders[name.toLowerCase()].content;
      return content.replace(/\$([1-9])/g, (__, n) => subs[n - 1] ?? '');
    });
  };
  const ctx = { Intl, chrome: { i18n: { getMessage, getUILanguage: () => uiLanguage } } };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(readFileSync(join(ROOT, 'extension', 'shared', 'words.js'), 'utf8'), ctx, { filename: 'words.js' });
  return ctx.EcouteWords;
}

const NB = '[\u00a0\u202f]';
const tier = { kind: 'tier', label: 'Micro (10k–100k)', why: '45,200 followers shown on x (the largest count seen)', args: { kind: 'tier', tier: 'micro', followers: 45200, site: 'x' } };
const engagement = { kind: 'engagement', label: '0.4% engagement', why: '200 likes, reposts and replies per post on average over 2 posts seen, for 45,200 followers', args: { kind: 'engagement', rate: 0.44, per_post: 200, posts: 2, followers: 45200 } };
const leader = { kind: 'opinion_leader', label: 'Opinion leader: Brioche Phone', why: '#1 by engagement among 5 authors seen on “Brioche Phone” (1,900 likes, reposts and replies on 3 posts)', args: { kind: 'opinion_leader', item: 'Brioche Phone', rank: 1, authors: 5, engagement: 1900, posts: 3 } };
const lead = { kind: 'lead_user', label: 'Lead user', why: 'early on 2 terms before they rose (“gravel bike”, “#velotaf”), on posts that drew engagement from others', args: { kind: 'lead_user', terms: 2, recent: ['gravel bike', '#velotaf'] } };
const baseline = { term: '#gravel', via: 'baseline', count: 8, expected: 0.05, why: 'in 8 of your last 20 posts (2 h) against 0 of 3360 before: 0.05 expected', args: { via: 'baseline', posts: 20, baseline_count: 0, baseline_posts: 3360 } };
const velocity = { term: '#fresh', via: 'velocity', count: 5, expected: 0, why: 'new: 5 posts by 3 authors in your last 30 minutes, not seen in the week before', args: { via: 'velocity', authors: 3 } };
const volume = { watch: 'fnac', kind: 'volume', why: '“fnac” in 11 posts in the last 2 hours, 1.4 expected from the week before', args: { kind: 'volume', posts: 11, expected: 1.43 } };
const negative = { watch: 'fnac', kind: 'negative', why: '8 of 11 posts on “fnac” negative in the last 2 hours (73%), against 4% the week before', args: { kind: 'negative', negative: 8, posts: 11, share: 0.7273, baseline_share: 0.0417 } };

test('in English, the figures read as the engine wrote them', () => {
  const w = words('en', 'en-US');
  for (const b of [tier, engagement, leader, lead]) assert.deepEqual({ ...w.badge(b) }, { label: b.label, why: b.why }, b.kind);
  assert.equal(w.riseWhy(velocity), velocity.why);
  // The engine writes counts without separators here (3360); the UI language's way is 3,360.
  assert.equal(w.riseWhy(baseline), 'in 8 of your last 20 posts (2 h) against 0 of 3,360 before: 0.05 expected');
  assert.equal(w.alertWhy(volume), volume.why);
  assert.equal(w.alertWhy(negative), negative.why);
});

test('in French, from the same figures, numbers the French way', () => {
  const w = words('fr', 'fr-FR');
  assert.match(w.badge(tier).label, new RegExp(`^Micro \\(10${NB}k – 100${NB}k\\)$`));
  assert.match(w.badge(tier).why, new RegExp(`^45${NB}200 abonnés affichés sur x \\(le plus grand nombre vu\\)$`));
  assert.match(w.badge(engagement).label, new RegExp(`^0,4${NB}% d'engagement$`));
  assert.match(w.badge(engagement).why, new RegExp(`^200 interactions \\(j'aime, partages, réponses\\) par publication en moyenne sur 2 publications vues, pour 45${NB}200 abonnés$`));
  assert.match(w.badge(leader).label, new RegExp(`^Leader d'opinion${NB}: Brioche Phone$`));
  assert.match(w.badge(leader).why, new RegExp(`^n°${NB}1 en engagement parmi les 5 auteurs vus sur «${NB}Brioche Phone${NB}» \\(1${NB}900 interactions sur 3 publications\\)$`));
  assert.equal(w.badge(lead).label, 'Utilisateur pionnier');
  assert.match(w.badge(lead).why, new RegExp(`^en avance sur 2 termes avant leur essor \\(«${NB}gravel bike${NB}», «${NB}#velotaf${NB}»\\)`));
  assert.match(w.riseWhy(baseline), new RegExp(`^dans 8 de vos 20 dernières publications \\(2${NB}h\\), contre 0 sur 3${NB}360 avant${NB}: 0,05 attendues$`));
  assert.match(w.riseWhy(velocity), /^nouveau.: 5 publications de 3 auteurs dans vos 30 dernières minutes/);
  assert.match(w.alertWhy(volume), new RegExp(`^«${NB}fnac${NB}» dans 11 publications ces 2 dernières heures, 1,4 attendues`));
  assert.match(w.alertWhy(negative), new RegExp(`^8 publications négatives sur 11 à propos de «${NB}fnac${NB}» ces 2 dernières heures \\(73${NB}%\\), contre 4${NB}% la semaine précédente$`));
});

test('without figures (stored by an older version), the engine\'s English as it is', () => {
  const w = words('fr', 'fr-FR');
  const strip = ({ args, ...rest }) => rest;
  for (const b of [tier, engagement, leader, lead]) assert.deepEqual({ ...w.badge(strip(b)) }, { label: b.label, why: b.why });
  assert.equal(w.riseWhy(strip(baseline)), baseline.why);
  assert.equal(w.alertWhy(strip(negative)), negative.why);
  // Figures of a kind this version does not know, or malformed: the English too.
  assert.equal(w.badge({ ...tier, args: { kind: 'future', x: 1 } }).label, tier.label);
  assert.equal(w.alertWhy({ ...volume, args: { kind: 'volume', posts: '11' } }), volume.why);
});
