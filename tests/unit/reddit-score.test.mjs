// Reddit scores are upvotes minus downvotes: a downvoted post ("-12") has no likes, not twelve.
// (The adapters are otherwise tested on saved pages, end to end; these records need only attributes.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadContentCore } from './content-core.mjs';

const reddit = loadContentCore({ adapters: ['reddit'] }).Ecoute.adapters.find((a) => a.site === 'reddit');

/** An element with attributes only: no children, matches nothing. */
const element = (localName, attrs) => ({
  localName,
  getAttribute: (n) => (n in attrs ? attrs[n] : null),
  querySelector: () => null,
  querySelectorAll: () => [],
  matches: () => false,
});

for (const [raw, want] of [['-12', 0], ['−3', 0], ['0', 0], ['42', 42], ['1.2k', 1200], [null, null]]) {
  test(`a score of ${raw} is ${want} likes`, () => {
    const attrs = { thingid: 't1_x', author: 'alice' };
    if (raw != null) attrs.score = raw;
    assert.equal(reddit.extract(element('shreddit-comment', attrs)).metrics.likes, want);
    const post = { id: 't3_x', permalink: '/r/a/comments/x/', 'post-title': 'hi', author: 'bob' };
    if (raw != null) post.score = raw;
    assert.equal(reddit.extract(element('shreddit-post', post)).metrics.likes, want);
    const old = { 'data-fullname': 't3_y', 'data-author': 'carol' };
    if (raw != null) old['data-score'] = raw;
    assert.equal(reddit.extract(element('div', old)).metrics.likes, want);
  });
}
