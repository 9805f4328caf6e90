// Unit tests of the content-script core's shared number parser (extension/content/ecoute.js: parseCount),
// over the localised forms the site adapters meet. Adapters read digits (and a unit suffix), never words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContentCore } from './content-core.mjs';

const { parseCount } = loadContentCore().Ecoute;

const CASES = [
  // plain and grouped
  ['0', 0], ['7', 7], ['1234', 1234], ['1,234', 1234], ['1.234', 1234], ['1 234', 1234],
  ['1\u00a0234', 1234], ['1\u202f234', 1234], ["1'234", 1234], ['1,107 reactions', 1107], ['2.930', 2930],
  ['1 234 567', 1234567], ['1,033,746 followers', 1033746],
  // compact, English and French-style decimals
  ['3.4K', 3400], ['1.2K', 1200], ['82K', 82000], ['1K', 1000], ['12,5K', 12500], ['1,2 k', 1200],
  ['1,2 M', 1200000], ['1.5M', 1500000], ['1.5B', 1500000000],
  // es/pt "mil" (thousand), pt "mi" (million), de/fr billions
  ['12 mil', 12000], ['1,5 mil', 1500], ['10 mil', 10000], ['1,1 mi', 1100000],
  ['1,2 Mio.', 1200000], ['1,2 Mrd.', 1200000000], ['2,5 Md', 2500000000],
  // pl, ru, ar, zh/ja/ko
  ['5 tys.', 5000], ['5,2 mln', 5200000], ['32 тыс.', 32000], ['1,2 тыс.', 1200], ['2 млн', 2000000],
  ['١٤٢', 142], ['٧', 7], ['١٢٨ شخصًا', 128], ['١٫٢ ألف', 1200], ['۱۲۳', 123],
  ['3万', 30000], ['1.2萬', 12000], ['1,5천', 1500],
  // Instagram ru renders "32 000,0"
  ['32\u00a0000,0', 32000], ['7 792', 7792],
  // digits inside aria-labels, whatever the words around them
  ['12 Replies. Reply', 12], ['1268 views. View post analytics', 1268], ['Like (120 likes)', 120],
  ['أعجبني: ١٢٨ شخصًا', 128], ['4 points', 4], ['1 comment', 1], ['hemant and 52 others reacted', 52],
  ['2 minutes ago', 2], ['1 million', 1],
  // beyond what a JS number holds exactly (and the engine reads as a count): no number, not a wrong one
  ['99999999999999999999', null], ['9 007 199 254 740 993 likes', null], ['9007199254740991', 9007199254740991],
  ['123456789012345678B', null],
  // no number
  ['', null], ['Reply', null], [null, null], [undefined, null],
];

for (const [raw, want] of CASES) {
  test(`parseCount(${JSON.stringify(raw)}) = ${want}`, () => {
    assert.equal(parseCount(raw), want);
  });
}
