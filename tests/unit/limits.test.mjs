// The background's per-tab, per-site pace (extension/background/limits.js): a burst of BURST posts, then
// RATE a second; a refused batch takes nothing (the content script retries it whole); one tab's or one
// site's flood leaves the others' allowance untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST, RATE, allow } from '../../extension/background/limits.js';

const T0 = 1_739_196_187_000;

test('a burst, then the rate: a flood is slowed, and what waits is taken later', () => {
  assert.equal(allow('flood', 'x', BURST, T0), true, 'the burst at once');
  assert.equal(allow('flood', 'x', 1, T0), false, 'not one more at that instant');
  assert.equal(allow('flood', 'x', 200, T0 + 1000), false, 'a batch larger than a second refills: refused');
  // Refused batches took nothing: after two seconds, exactly two seconds' worth is there.
  assert.equal(allow('flood', 'x', 2 * RATE, T0 + 2000), true);
  assert.equal(allow('flood', 'x', 1, T0 + 2000), false);
  // The allowance never grows past the burst, however long the tab waits.
  assert.equal(allow('flood', 'x', BURST + 1, T0 + 3_600_000), false);
  assert.equal(allow('flood', 'x', BURST, T0 + 3_600_000), true);
});

test('one tab and site flooding leaves other tabs and sites their own allowance', () => {
  assert.equal(allow('a', 'x', BURST, T0), true);
  assert.equal(allow('a', 'x', 1, T0), false);
  assert.equal(allow('a', 'hn', 100, T0), true, 'the same tab, another site');
  assert.equal(allow('b', 'x', 100, T0), true, 'another tab, the same site');
});
