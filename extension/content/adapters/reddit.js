// Reddit adapter: new Reddit (shreddit custom elements) and old Reddit (old.reddit.com), one site.
// shreddit carries its data in custom-element attributes (author, score, comment-count, permalink,
// created-timestamp): read those, never the hashed/utility classes of its light DOM. Old Reddit has been
// frozen since ~2018: its .thing[data-fullname][data-author][data-score] attributes are the stable part.
// Posts and comments both count as posts.
// Fixtures: tests/fixtures/sites/reddit/ (old-listing, old-search from saved pages; shreddit-post written
// from shreddit's public markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown } = Ecoute;

  const selectors = {
    post: [
      'shreddit-post', // new Reddit (2023+), listings and post pages
      'shreddit-ad-post', // new Reddit promoted posts: shreddit-post's attributes plus `promoted`
      'shreddit-comment', // new Reddit comment tree (nested: a comment holds its replies)
      '.thing.link[data-fullname]', // old Reddit listings and post pages
      '.thing.comment[data-fullname]', // old Reddit comments
      '.search-result-link[data-fullname]', // old Reddit search results
    ],
    // shreddit
    title: ['[slot="title"]', 'a[slot="full-post-link"]'],
    body: [':scope > [slot="text-body"]', ':scope > div[id$="-post-rtjson-content"]'],
    commentBody: [':scope > [slot="comment"]', ':scope > div[id$="-comment-rtjson-content"]'],
    commentTime: [':scope > [slot="commentMeta"] time[datetime]', ':scope > [slot="commentMeta"] faceplate-timeago[ts]'],
    // old Reddit
    oldTitle: ['a.title', 'a.search-title'],
    oldBody: [':scope > .entry .usertext-body .md', '.search-result-body .md'],
    oldAuthor: ['a.author'],
    oldTime: ['time[datetime]'],
    searchScore: ['.search-score'],
    searchComments: ['.search-comments'],
    anchor: ['.tagline', '.search-result-meta', ':scope > [slot="credit-bar"]', ':scope > [slot="commentMeta"]'],
  };

  /** shreddit writes "2026-03-12T08:30:00.000000+0000": ISO 8601 that Date can read. */
  function isoTime(raw) {
    if (!raw) return null;
    const d = new Date(String(raw).replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }

  const int = (v) => (v == null || v === '' ? null : parseCount(v));
  // A score is upvotes minus downvotes: a negative one ("-12") is no likes, not twelve.
  const score = (v) => (/^\s*[-−]/.test(v ?? '') ? 0 : int(v));
  const profile = (name) => (name ? `https://www.reddit.com/user/${name}` : null);

  function author(handle) {
    return { handle: handle || '', name: handle || null, url: profile(handle), verified: false, followers: null };
  }

  function shredditPost(el) {
    const id = el.getAttribute('id') || el.getAttribute('thingid');
    const permalink = el.getAttribute('permalink');
    if (!id || !permalink) return null;
    const title = el.getAttribute('post-title') || textOf(pick(el, selectors.title));
    const body = textOf(pick(el, selectors.body));
    return {
      site: 'reddit',
      id,
      url: cleanUrl(permalink, 'https://www.reddit.com/'),
      author: author(el.getAttribute('author')),
      text: body ? `${title}\n${body}` : title,
      lang: null,
      time: isoTime(el.getAttribute('created-timestamp')),
      time_text: null,
      promoted: el.localName === 'shreddit-ad-post' || el.getAttribute('promoted') != null,
      shown: {}, // shreddit displays its counts ("43K") in its shadow root; the attributes are exact
      metrics: { replies: int(el.getAttribute('comment-count')), reposts: null, likes: score(el.getAttribute('score')), views: null },
    };
  }

  function shredditComment(el) {
    const id = el.getAttribute('thingid');
    if (!id) return null;
    const t = pick(el, selectors.commentTime);
    return {
      site: 'reddit',
      id,
      url: el.getAttribute('permalink') ? cleanUrl(el.getAttribute('permalink'), 'https://www.reddit.com/') : null,
      author: author(el.getAttribute('author')),
      text: textOf(pick(el, selectors.commentBody)), // own text only: replies are nested inside
      lang: null,
      time: isoTime(el.getAttribute('created') || (t && (t.getAttribute('datetime') || t.getAttribute('ts')))),
      time_text: null,
      promoted: false,
      shown: {},
      metrics: { replies: null, reposts: null, likes: score(el.getAttribute('score')), views: null },
    };
  }

  function oldReddit(el) {
    const id = el.getAttribute('data-fullname');
    const titleEl = pick(el, selectors.oldTitle);
    if (!id) return null;
    const title = textOf(titleEl);
    const body = textOf(pick(el, selectors.oldBody));
    const isSearch = el.matches('.search-result-link');
    const href = el.getAttribute('data-permalink') || (titleEl && titleEl.getAttribute('href'));
    const handle = el.getAttribute('data-author') || textOf(pick(el, selectors.oldAuthor)) || '';
    const time = pick(el, selectors.oldTime);
    // listings carry data-score; comments show it in the tagline (span.score.unvoted[title="12"])
    const commentScore = el.querySelector(':scope > .entry .tagline .score.unvoted');
    let likes = score(el.getAttribute('data-score')) ?? (commentScore ? score(commentScore.getAttribute('title') || textOf(commentScore)) : null);
    let replies = int(el.getAttribute('data-comments-count'));
    // as displayed: the score beside the arrows ("1.2k"), the comments link ("42 comments")
    let likesShown = textOf(el.querySelector(':scope > .midcol .score.unvoted')) || (commentScore ? textOf(commentScore) : null);
    let repliesShown = textOf(el.querySelector(':scope > .entry a.comments')) || null;
    if (isSearch) {
      const score = pick(el, selectors.searchScore);
      const comments = pick(el, selectors.searchComments);
      likesShown = score ? textOf(score) : null;
      repliesShown = comments ? textOf(comments) : null;
      likes = score ? parseCount(likesShown) : null;
      replies = comments ? parseCount(repliesShown) ?? 0 : null;
    }
    return {
      site: 'reddit',
      id,
      url: href ? cleanUrl(href) : null,
      author: { ...author(handle), url: handle ? `${location.origin}/user/${handle}` : null },
      text: [title, body].filter(Boolean).join('\n'),
      lang: null,
      time: time ? time.getAttribute('datetime') : null,
      time_text: null,
      // old Reddit marks its ads on the .thing: class promotedlink and data-promoted="true"
      promoted: /(^|\s)promotedlink(\s|$)/.test(el.getAttribute('class') || '') || el.getAttribute('data-promoted') === 'true',
      metrics: { replies, reposts: null, likes, views: null },
      shown: shown({ likes: likesShown, replies: repliesShown }),
    };
  }

  function extract(el) {
    const tag = el.localName;
    if (tag === 'shreddit-post' || tag === 'shreddit-ad-post') return shredditPost(el);
    if (tag === 'shreddit-comment') return shredditComment(el);
    return oldReddit(el);
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // new Reddit, by the attributes its post and comment elements carry whatever their tag: a link's
    // fullname (t3_) with its time, a comment's (t1_) with its author; and the feed's <article> around each post
    { layout: 'shreddit (posts)', selector: '[id^="t3_"][created-timestamp]' },
    { layout: 'shreddit feed (article)', selector: 'shreddit-feed article' },
    { layout: 'shreddit (comments)', selector: '[thingid^="t1_"][author]' },
    // old Reddit: things by their fullname's kind (t3_ a link, t1_ a comment), not by their classes
    { layout: 'old (things)', selector: '.thing[data-fullname^="t3_"], .thing[data-fullname^="t1_"]' },
    { layout: 'old (search results)', selector: '.search-result[data-fullname^="t3_"]' },
  ];

  registerAdapter({
    site: 'reddit',
    hosts: ['reddit.com'], // www., old., new., np. — keep in sync with manifest.json
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => pick(el, selectors.anchor),
  });
})();
