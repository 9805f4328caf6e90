// YouTube adapter: comments (and replies) under a video; each comment is a post. YouTube's element ids
// inside a comment (#author-text, #content-text, #published-time-text, #vote-count-middle) have survived
// the move from ytd-comment-renderer (Polymer, until 2023) to ytd-comment-view-model (today).
// The comment id is the `lc` parameter of its permalink. Likes: digits of #vote-count-middle's aria-label.
// Fixture: tests/fixtures/sites/youtube/watch.html (2018 markup, 35 comments and replies).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, timeText } = Ecoute;

  const selectors = {
    post: [
      'ytd-comment-view-model', // 2023+ comments and replies
      'ytd-comment-renderer', // 2017-2023 comments and replies
    ],
    author: ['#author-text', 'a#author-text', 'h3 a[href^="/@"]'],
    text: ['#content-text', 'yt-attributed-string#content-text'],
    permalink: ['#published-time-text a', 'a[href*="&lc="]'],
    likes: ['#vote-count-middle'],
    verified: ['#author-comment-badge ytd-author-comment-badge-renderer', '#author-comment-badge [aria-label]:not([hidden])'],
    anchor: ['#header-author', '#header'],
  };

  function extract(el) {
    const link = pick(el, selectors.permalink);
    const href = link && link.getAttribute('href');
    let id = null;
    try { id = href && new URL(href, 'https://www.youtube.com/').searchParams.get('lc'); } catch { id = null; }
    if (!id) return null;
    const a = pick(el, selectors.author);
    const profile = a && a.getAttribute('href') ? cleanUrl(a.getAttribute('href'), 'https://www.youtube.com/') : null;
    const name = textOf(a) || null;
    // @handle channels (2022+) or /channel/ID and /user/NAME (before)
    const handle = profile ? decodeURIComponent(profile.split('/').pop()).replace(/^@/, '') : (name || '');
    const votes = pick(el, selectors.likes);
    const video = new URL(href, 'https://www.youtube.com/').searchParams.get('v') || new URL(location.href).searchParams.get('v');
    const likesShown = votes ? textOf(votes) : null;
    // "1 week ago (edited)": the time is the part before the parenthesis, which says the comment was edited
    const when = timeText(textOf(link).replace(/\s*\([^)]*\)\s*$/, ''));
    return {
      site: 'youtube',
      id,
      url: video ? `https://www.youtube.com/watch?v=${video}&lc=${id}` : null,
      author: { handle, name, url: profile, verified: Boolean(pick(el, selectors.verified)), followers: null },
      text: textOf(pick(el, selectors.text)),
      lang: null,
      time: null, // YouTube shows only "1 week ago": time_text
      time_text: when,
      promoted: false,
      shown: shown({ likes: likesShown }),
      metrics: {
        replies: null,
        reposts: null,
        likes: votes ? parseCount(votes.getAttribute('aria-label')) ?? parseCount(textOf(votes)) ?? 0 : null,
        views: null,
      },
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // each top-level comment heads a thread (its replies inside): the thread's first comment
    { layout: 'comment threads', selector: 'ytd-comment-thread-renderer' },
  ];

  registerAdapter({
    site: 'youtube',
    hosts: ['youtube.com'],
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => pick(el, selectors.anchor),
  });
})();
