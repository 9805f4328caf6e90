// extension/shared/words.js: the engine's badges, rises and alerts worded from their figures (`args`) in
// each locale, numbers the locale's way; the engine's English when the figures are missing (old stores).
// English from the figures must read exactly as the engine's own English (src/listening/influence.rs, src/listening/trends.rs).
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

// The engine's refusals and an import's skipped records: `{kind, ...}` figures beside the English
// (src/base/error.rs Problem and Refusal, src/exchange/import.rs Skip). English from the figures reads
// as the engine's Display does.
const problems = [
  [{ kind: 'unclosed_quote' }, 'this quote is never closed'],
  [{ kind: 'empty_phrase' }, 'empty phrase: put words between the quotes'],
  [{ kind: 'bare_sigil', word: '#', sigil: '#' }, '`#` needs letters or digits after its `#`'],
  [{ kind: 'no_letters', word: '!!!' }, '`!!!` has no letters or digits to match'],
  [{ kind: 'too_deep', max: 32 }, 'nested more than 32 deep'],
  [{ kind: 'empty_parentheses' }, 'empty parentheses'],
  [{ kind: 'unclosed_parenthesis' }, 'this parenthesis is never closed'],
  [{ kind: 'unmatched_close' }, '`)` without a matching `(`'],
  [{ kind: 'no_left_term', op: 'AND' }, 'AND needs a term on its left'],
  [{ kind: 'no_right_term', op: 'OR' }, 'OR needs a term on its right'],
  [{ kind: 'term_expected' }, 'a term was expected here'],
  [{ kind: 'too_long', max: 1000 }, 'a query is at most 1,000 characters'], // the engine writes 1000
  [{ kind: 'empty' }, 'the query is empty'],
  [{ kind: 'trailing_text' }, 'unexpected text after the query'],
  [{ kind: 'too_many_items', max: 100 }, 'at most 100 watch items'],
  [{ kind: 'wildcard_placement', word: 're*charge' }, '`re*charge`: `*` goes at the end of a single word, as in recharg*'],
  [{ kind: 'short_stem', word: 're*', min: 3 }, '`re*`: put at least 3 letters before the `*`'],
  [{ kind: 'near_distance', word: 'NEAR/x', max: 50 }, '`NEAR/x`: write NEAR/ followed by a number of words from 0 to 50'],
  [{ kind: 'near_operand', op: 'NEAR/3' }, 'NEAR/3 joins words, phrases, #hashtags or wildcards (or an OR of them in parentheses)'],
];
const skips = [
  [{ kind: 'bad_day', day: '10/02/2025' }, 'tally `10/02/2025`: not a YYYY-MM-DD day'],
  [{ kind: 'bad_hour', day: '2025-02-10', hour: '24' }, 'tally 2025-02-10: hour `24` is not an hour from 00 to 23'],
  [{ kind: 'too_old', day: '2001-01-01' }, 'tally 2001-01-01: older than the retention setting'],
  [{ kind: 'no_handle', key: 'x:' }, 'author `x:`: no handle'],
  [{ kind: 'no_id' }, 'saved post without an id'],
  [{ kind: 'saved_full', id: 'x:1', max: 500 }, 'saved post `x:1`: 500 posts are saved already'],
  [{ kind: 'bad_term_hour', hour: '2025-02-09T99' }, 'terms `2025-02-09T99`: not a YYYY-MM-DDTHH hour'],
  [{ kind: 'no_term_hour', line: 4 }, 'line 4 (terms): no hour'],
  [{ kind: 'unsafe_number', line: 3 }, 'line 3: a number too large for Écoute'],
  [{ kind: 'unreadable', line: 2, detail: 'key must be a string at line 1 column 2' }, 'line 2: key must be a string at line 1 column 2'],
  [{ kind: 'unreadable', line: 5, record: 'tally', detail: 'invalid type' }, 'line 5 (tally): invalid type'],
  [{ kind: 'unknown_type', line: 6, record: 'poll' }, 'line 6: unknown record type `poll`'],
  [{ kind: 'future_day', day: '9999-12-31' }, 'tally 9999-12-31: a day that has not come yet'],
  // the refusal the saved post met is worded as the dashboard words it (the engine writes 4000)
  [{ kind: 'saved_refused', id: 'x:1', refusal: { kind: 'note_too_long', max: 4000 } }, 'saved post `x:1`: notes are at most 4,000 characters'],
  [{ kind: 'bad_saved', id: 'x:5', detail: '`id` is not `site:post_id`' }, 'saved post `x:5`: `id` is not `site:post_id`'],
];
const refusals = [
  [{ kind: 'query', query: 'fnac OR', position: 6, problem: { kind: 'no_right_term', op: 'OR' } }, 'watch query `fnac OR` at position 6: OR needs a term on its right'],
  [{ kind: 'import_too_large', bytes: 40_512_345, max_bytes: 32_000_000 }, 'this file is 40.5 MB: Écoute imports files of at most 32 MB (its own exports are smaller)'],
  [{ kind: 'not_an_export', detail: 'format `other`' }, 'not an Écoute export: format `other`'],
  [{ kind: 'no_header' }, 'not an Écoute export: no header line'],
  [{ kind: 'record_before_header', line: 1 }, 'not an Écoute export: line 1 comes before the header line'],
  [{ kind: 'backup_not_export' }, 'this file is a backup: restore it instead of importing it'],
  [{ kind: 'newer_export', version: 9, supported: 1 }, 'export version 9 is newer than this Écoute reads (1)'],
  [{ kind: 'unsafe_number', max: 9007199254740991 }, 'this file holds a number larger than 9007199254740991 (not an Écoute export, or a damaged one)'],
  [{ kind: 'future_schema', found: 4, supported: 3 }, 'store schema 4 is newer than this version of Écoute understands (3)'],
  [{ kind: 'not_saved', detail: 'QUOTA_BYTES quota exceeded' }, 'Could not save to extension storage (QUOTA_BYTES quota exceeded). Nothing was changed; free some space (export, then lower the retention or reset) and retry.'],
  [{ kind: 'batch_not_saved', detail: 'QUOTA_BYTES quota exceeded' }, 'Could not save to extension storage: QUOTA_BYTES quota exceeded'],
  [{ kind: 'engine_start', detail: 'boom' }, 'The engine could not start: boom'],
  [{ kind: 'page_only', op: 'export' }, '"export" is only available from Écoute\'s own pages'],
  [{ kind: 'not_a_backup' }, 'not an Écoute backup (no `"format": "ecoute-backup"`)'],
  [{ kind: 'backup_no_entries' }, 'the backup has no `entries` object'],
  [{ kind: 'backup_unsafe_number', max: 9007199254740991 }, 'this backup holds a number larger than 9007199254740991: it is damaged'],
  [{ kind: 'backup_retention', min: 1, max: 3650 }, "this backup's retention is not between 1 and 3,650 days: it is damaged, nothing was restored"],
  // counts the UI language's way: the engine writes 3650, 5000, 4000
  [{ kind: 'retention_range', min: 1, max: 3650 }, 'retention must be between 1 and 3,650 days'],
  [{ kind: 'saved_full', max: 5000 }, '5,000 posts are saved already: delete some before saving more'],
  [{ kind: 'no_saved_post', id: 'x:9' }, 'no saved post `x:9`'],
  [{ kind: 'collection_too_long', max: 100 }, 'collection names are at most 100 characters'],
  [{ kind: 'tag_too_long', max: 64, tag: 'ttt' }, 'tags are at most 64 characters: `ttt`'],
  [{ kind: 'too_many_tags', max: 20 }, 'at most 20 tags per saved post'],
  [{ kind: 'note_too_long', max: 4000 }, 'notes are at most 4,000 characters'],
  [{ kind: 'host_not_allowed', host: 'piaille.fr' }, 'Écoute is not allowed on piaille.fr: accept the browser\'s request to add it'],
];

test('query problems, import skips and refusals: in English from their figures, as the engine says them', () => {
  const w = words('en', 'en-US');
  for (const [p, english] of problems) assert.equal(w.queryProblem(p, 'fallback'), english, p.kind);
  for (const [s, english] of skips) assert.equal(w.importSkip(s, 'fallback'), english, s.kind);
  for (const [args, english] of refusals) assert.equal(w.error({ message: 'fallback', args }), english, args.kind);
  // the background's refusals are Errors carrying their figures
  const e = w.refusal('English', { kind: 'page_only', op: 'reset' });
  assert.equal(Object.prototype.toString.call(e), '[object Error]'); // an Error of words.js's realm
  assert.equal(e.message, 'English');
  assert.equal(w.error(e), '"reset" is only available from Écoute\'s own pages');
});

test('query problems, import skips and refusals in French, every one of them', () => {
  const w = words('fr', 'fr-FR');
  const english = new Set([...problems, ...skips, ...refusals].map(([, en]) => en));
  for (const [p] of problems) assert.ok(!english.has(w.queryProblem(p, 'fallback')) && w.queryProblem(p, 'fallback') !== 'fallback', p.kind);
  for (const [s] of skips) assert.ok(!english.has(w.importSkip(s, 'fallback')) && w.importSkip(s, 'fallback') !== 'fallback', s.kind);
  for (const [args] of refusals) assert.ok(!english.has(w.error({ message: 'fallback', args })) && w.error({ message: 'fallback', args }) !== 'fallback', args.kind);
  assert.equal(w.queryProblem(problems[6][0]), "cette parenthèse n'est jamais fermée");
  assert.equal(w.queryProblem({ kind: 'no_right_term', op: 'AND' }), 'AND demande un terme à sa droite');
  assert.match(w.queryProblem({ kind: 'too_long', max: 1000 }), new RegExp(`^une requête fait au plus 1${NB}000 caractères$`));
  assert.match(w.error({ args: refusals[0][0] }), new RegExp(`^requête «${NB}fnac OR${NB}», position 6${NB}: OR demande un terme à sa droite$`));
  assert.match(w.error({ args: refusals[1][0] }), new RegExp(`^ce fichier fait 40,5 Mo${NB}: Écoute importe des fichiers de 32 Mo au plus`));
  assert.match(w.error({ args: refusals[9][0] }), new RegExp(`^Impossible d'enregistrer dans le stockage de l'extension \\(QUOTA_BYTES quota exceeded\\)\\. Rien n'a été modifié${NB};`));
  assert.match(w.error({ args: { kind: 'retention_range', min: 1, max: 3650 } }), new RegExp(`^la durée de conservation doit être comprise entre 1 et 3${NB}650 jours$`));
  assert.match(w.importSkip(skips[1][0]), new RegExp(`^décompte du 2025-02-10${NB}: «${NB}24${NB}» n'est pas une heure de 00 à 23$`));
  assert.match(w.importSkip(skips[10][0]), new RegExp(`^ligne 5 \\(tally\\) illisible${NB}: invalid type$`));
});

test('errors without figures, or with figures this version does not know, read as their English', () => {
  const w = words('fr', 'fr-FR');
  assert.equal(w.error(new Error('no saved post `x:1`')), 'no saved post `x:1`');
  assert.equal(w.error({ message: 'English', args: { kind: 'future_kind' } }), 'English');
  assert.equal(w.error({ message: 'English', args: { kind: 'query', query: 'a OR', position: '3', problem: { kind: 'no_right_term', op: 'OR' } } }), 'English');
  assert.equal(w.error({ message: 'English', args: { kind: 'query', query: 'a OR', position: 3, problem: { kind: 'new_problem' } } }), 'English');
  assert.equal(w.error('plain string'), 'plain string');
  assert.equal(w.queryProblem(undefined, 'the English'), 'the English');
  assert.equal(w.importSkip({ kind: 'bad_hour', day: 7 }, 'the English'), 'the English');
  assert.equal(w.importSkip({ kind: 'unreadable', line: 2 }, 'the English'), 'the English');
  assert.equal(w.importSkip({ kind: 'saved_refused', id: 'x:1', refusal: { kind: 'new_refusal' } }, 'the English'), 'the English');
});
