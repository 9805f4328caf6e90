// Unit tests of the content-script core's helpers for what the page shows as it shows it
// (extension/content/ecoute.js): counts as displayed (Post.shown), the publication time as shown
// (Post.time_text: kept as text, parsed by the core, never here) and the ids of posts without a permalink.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContentCore } from './content-core.mjs';

const { shownCount, shown, timeText, contentId, hash } = loadContentCore().Ecoute;

test('shownCount keeps the number and its unit as displayed, without the words around it', () => {
  for (const [raw, want] of [
    ['10,4 k', '10,4 k'], ['1.2M', '1.2M'], ['7.5K', '7.5K'], ['1,169 likes', '1,169'], ['Toutes les réactions : 7', '7'],
    ['32\u00a0000,0', '32 000,0'], ['١٤٢', '١٤٢'], ['٧', '٧'], ['2 comments', '2'], ['1,033,746 followers', '1,033,746'],
    ['12 mil', '12 mil'], ['32 тыс.', '32 тыс'], ['3万', '3万'], ['  42  ', '42'],
  ]) assert.equal(shownCount(raw), want, JSON.stringify(raw));
  for (const raw of ['', 'Reply', 'Share', null, undefined]) assert.equal(shownCount(raw), null, JSON.stringify(raw));
});

test('shown builds Post.shown from what the page displays, dropping counts it does not show', () => {
  assert.deepEqual({ ...shown({ likes: '1.2K', replies: '', reposts: null, views: '7.5K likes' }) }, { likes: '1.2K', views: '7.5K' });
  assert.deepEqual({ ...shown({}) }, {});
});

test('timeText keeps the time as shown, whitespace folded, capped at 64 characters, never parsed', () => {
  for (const [raw, want] of [
    ['8 hours ago', '8 hours ago'], ['  il y a\n 3 h ', 'il y a 3 h'], ['1 sem.', '1 sem.'], ['26w', '26w'], ['2 j', '2 j'],
    ['Yesterday', 'Yesterday'], ['12 mars', '12 mars'], ['19 س', '19 س'],
  ]) assert.equal(timeText(raw), want);
  assert.equal(timeText(''), null);
  assert.equal(timeText('   '), null);
  assert.equal(timeText(null), null);
  const long = 'é'.repeat(100);
  assert.equal(timeText(long), 'é'.repeat(64));
  assert.equal(Array.from(timeText('😀'.repeat(70))).length, 64, 'capped in characters, not UTF-16 units');
});

test('contentId is stable across whitespace and "show more", distinct across authors and texts', () => {
  const a = contentId('orbeaudio', 'New earbuds,  30 hours of battery.');
  assert.match(a, /^c[0-9a-z]+$/);
  assert.equal(contentId('orbeaudio', ' New earbuds, 30 hours\nof battery. '), a);
  assert.equal(contentId('orbeaudio', `${'x'.repeat(140)} more`), contentId('orbeaudio', `${'x'.repeat(140)} and more text`));
  assert.notEqual(contentId('other', 'New earbuds, 30 hours of battery.'), a);
  assert.notEqual(contentId('orbeaudio', 'Old earbuds'), a);
  // the value the fixture tools compute (tests/fixtures/tools/anonymise.py: fnv1a_js) for the X ad fixture
  assert.equal(hash('a'), (0xe40c292c).toString(36));
});
