// The background adds the engine's sums into the stored aggregates (extension/background/db.js addInto):
// every count nested at any depth, the key `q` never (it is the record's key, not a count).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addInto } from '../../extension/background/db.js';

test('sums add at every depth, and the key is kept as it is', () => {
  const stored = { q: 900000, p: { total: { posts: 2, positive: 1, intents: { praise: 1 } }, items: { 3: { posts: 1 } } } };
  const delta = { q: 900000, p: { total: { posts: 1, negative: 1, intents: { complaint: 1 } }, items: { 3: { posts: 1 }, 7: { posts: 1 } }, sites: { x: { posts: 1 } } }, s: { total: { posts: 1 } } };
  assert.deepEqual(addInto(stored, delta), {
    q: 900000,
    p: { total: { posts: 3, positive: 1, negative: 1, intents: { praise: 1, complaint: 1 } }, items: { 3: { posts: 2 }, 7: { posts: 1 } }, sites: { x: { posts: 1 } } },
    s: { total: { posts: 1 } },
  });
});

test('a new quarter starts from its delta', () => {
  assert.deepEqual(addInto({ q: 5 }, { q: 5, s: { older: { posts: 1 } } }), { q: 5, s: { older: { posts: 1 } } });
});
