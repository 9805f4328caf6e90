// Bluesky adapter (bsky.app). The web app is React Native Web; what lasts is its testIDs:
// [data-testid="feedItem-by-<handle>"] (feeds) and "postThreadItem-by-<handle>" (threads), the post text
// [data-testid=postText], the permalink a[href*="/post/"], and the control buttons whose accessibility
// labels carry the counts ("Reply (3 replies)"; digits only are read). No time[datetime] is rendered: the
// permalink's text ("1h") is the time as shown (time_text).
// Fixture: tests/fixtures/sites/bluesky/home.html (written from Bluesky's public markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, timeText } = Ecoute;

  const selectors = {
    post: ['[data-testid^="feedItem-by-"]', '[data-testid^="postThreadItem-by-"]'],
    text: ['[data-testid="postText"]'],
    permalink: ['a[href*="/post/"]'],
    replies: ['[data-testid="replyBtn"]'],
    reposts: ['[data-testid="repostBtn"]', '[data-testid="repostCount"]'],
    likes: ['[data-testid="likeBtn"]', '[data-testid="likeCount"]'],
  };

  function count(el, alternatives) {
    const b = pick(el, alternatives);
    if (!b) return null;
    return parseCount(b.getAttribute('aria-label')) ?? parseCount(textOf(b)) ?? 0;
  }

  function extract(el) {
    const link = pick(el, selectors.permalink);
    const url = link && cleanUrl(link.getAttribute('href'), 'https://bsky.app/');
    const m = url && url.match(/\/profile\/([^/]+)\/post\/([\w-]+)/);
    if (!m) return null;
    const handle = decodeURIComponent(m[1]);
    const prof = `/profile/${m[1]}`;
    // the display name: the first profile link with visible text (the avatar link has none)
    let name = null;
    for (const a of el.querySelectorAll(`a[href="${prof}"], a[href="https://bsky.app${prof}"]`)) {
      const first = a.querySelector('span') || a;
      if (textOf(first)) { name = textOf(first); break; }
    }
    const textEl = pick(el, selectors.text);
    return {
      site: 'bluesky',
      id: m[2],
      url,
      author: { handle, name, url: `https://bsky.app${prof}`, verified: false, followers: null },
      text: textOf(textEl),
      lang: textEl ? textEl.getAttribute('lang') : null,
      time: null,
      // the permalink's text is the time as shown ("1h", "3 mars"); its tooltip is a localised full date
      time_text: timeText(textOf(link)),
      promoted: false, // Bluesky has no ads
      metrics: { replies: count(el, selectors.replies), reposts: count(el, selectors.reposts), likes: count(el, selectors.likes), views: null },
      shown: shown({ replies: textOf(pick(el, ['[data-testid="replyCount"]'])), reposts: textOf(pick(el, ['[data-testid="repostCount"]'])),
        likes: textOf(pick(el, ['[data-testid="likeCount"]'])) }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // every post with text shows it in postText, inside its feed or thread item
    { layout: 'feed (post text)', selector: '[data-testid="postText"]', inside: true },
  ];

  registerAdapter({
    site: 'bluesky',
    hosts: ['bsky.app'],
    // Other servers running Bluesky's web app (added from the options page, which injects this adapter
    // alone there): the app renders client-side, so at document_idle there may be no markup to check yet;
    // the user said the server is a Bluesky one. Keep in sync with background/instances.js.
    recognise: (doc) => Boolean(doc.querySelector('[data-testid^="feedItem-by-"], [data-testid^="postThreadItem-by-"], #root')),
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => pick(el, selectors.text),
  });
})();
