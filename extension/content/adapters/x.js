// X (formerly Twitter) adapter. All of X's selectors live here, keyed on data-testid, permalinks and
// time[datetime]; never on X's hashed class names (they change with every deploy).
// Fixture: tests/fixtures/sites/x/ (derived from a saved home timeline, 2025-02).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, contentId } = Ecoute;

  const selectors = {
    // Home timeline, search, profile and thread layouts since 2019 all wrap a post in this article.
    post: ['article[data-testid="tweet"]'],
    // The author block: display name link, @handle link, then the permalink wrapping time[datetime].
    userName: ['[data-testid="User-Name"]'],
    permalink: ['a[href*="/status/"]:has(> time)', 'a[href*="/status/"] time'],
    text: ['[data-testid="tweetText"]'],
    verified: ['[data-testid="icon-verified"]', 'svg[aria-label="Verified account"]'],
    // Action bar: digits are read from each button's aria-label ("12 Replies. Reply"), never its words.
    replies: ['[data-testid="reply"]'],
    reposts: ['[data-testid="retweet"]', '[data-testid="unretweet"]'],
    likes: ['[data-testid="like"]', '[data-testid="unlike"]'],
    views: ['a[href$="/analytics"]'],
    // Follower counts: X shows them only in the hover card it renders in #layers when a name is hovered,
    // and in a profile's header. Both link to /HANDLE/verified_followers (since 2023) or /HANDLE/followers.
    followerScopes: ['#layers [data-testid="HoverCard"]', '[data-testid="primaryColumn"] [data-testid="UserProfileHeader_Items"] ~ div', '[data-testid="primaryColumn"]'],
    followerLinks: ['verified_followers', 'followers'],
  };

  // Looking for a card is a query over the page: done once per author every few seconds, not per post
  // (a timeline shows the same authors again and again; a card that appears later is found next time).
  const FOLLOWERS_TTL_MS = 5000;
  const followerCache = new Map(); // handle → {value, at}

  /** The follower count X shows for `handle` somewhere on the page right now, or null. */
  function followers(handle) {
    const now = performance.now();
    const hit = followerCache.get(handle);
    if (hit && now - hit.at < FOLLOWERS_TTL_MS) return hit.value;
    let value = null;
    const h = CSS.escape(handle);
    search: for (const scope of selectors.followerScopes) {
      for (const root of document.querySelectorAll(scope)) {
        for (const path of selectors.followerLinks) {
          const link = root.querySelector(`a[href$="/${h}/${path}" i]`);
          if (link) {
            value = parseCount(textOf(link));
            break search;
          }
        }
      }
    }
    if (followerCache.size > 2000) followerCache.clear();
    followerCache.set(handle, { value, at: now });
    return value;
  }

  // A quoted post sits inside the article as a role=link card with its own User-Name and tweetText:
  // only the elements outside such a card belong to the post itself.
  function own(article, alternatives) {
    for (const sel of alternatives) {
      for (const el of article.querySelectorAll(sel)) {
        const card = el.closest('[role="link"]:not(a), article');
        if (card === article || !article.contains(card)) return el;
      }
    }
    return null;
  }

  function count(article, alternatives) {
    const el = own(article, alternatives);
    if (!el) return null;
    return parseCount(el.getAttribute('aria-label')) ?? parseCount(textOf(el)) ?? 0;
  }

  /** The count as the button displays it ("1.2K"; nothing for zero, X shows no digit then). */
  function shownOf(article, alternatives) {
    const el = own(article, alternatives);
    return el ? textOf(el) : null;
  }

  const handleOf = (href) => {
    try { return new URL(href, 'https://x.com/').pathname.split('/').filter(Boolean)[0] || ''; } catch { return ''; }
  };

  function extract(article) {
    let link = own(article, selectors.permalink);
    if (link && link.tagName === 'TIME') link = link.closest('a');
    const url = link && cleanUrl(link.getAttribute('href'));
    const m = url && url.match(/^https:\/\/[^/]+\/([^/]+)\/status\/(\d+)/);
    const user = own(article, selectors.userName);
    const textEl = own(article, selectors.text);
    const nameLink = user && user.querySelector('a[href]');
    // A promoted post ("Ad" where the time would be) has an author but no dated permalink: recognised by
    // that structure, not by the word, which X localises ("Sponsorisé", "Anzeige"...). Its id is a hash of
    // author and text (Ecoute.contentId), so it is counted once however often X shows it.
    const promoted = !m && Boolean(nameLink) && !own(article, ['time']) && Boolean(textEl || article.querySelector('[data-testid="card.wrapper"], [data-testid="tweetPhoto"]'));
    if (!m && !promoted) return null; // not rendered yet (X fills articles in steps)
    const handle = m ? m[1] : handleOf(nameLink.getAttribute('href'));
    const text = textOf(textEl);
    const id = m ? m[2] : contentId(handle, text || textOf(article.querySelector('[data-testid="card.wrapper"]')));
    return {
      site: 'x',
      id,
      url: m ? `https://x.com/${handle}/status/${id}` : null,
      author: {
        handle,
        name: nameLink ? textOf(nameLink).replace(/\s+/g, ' ') || null : null,
        url: `https://x.com/${handle}`,
        verified: Boolean(user && pick(user, selectors.verified)),
        followers: followers(handle),
      },
      text,
      lang: textEl ? textEl.getAttribute('lang') : null,
      time: link?.querySelector('time')?.getAttribute('datetime') ?? null,
      time_text: null, // X always gives time[datetime]; an ad shows none
      promoted,
      metrics: {
        replies: count(article, selectors.replies),
        reposts: count(article, selectors.reposts),
        likes: count(article, selectors.likes),
        views: count(article, selectors.views),
      },
      shown: shown({
        replies: shownOf(article, selectors.replies), reposts: shownOf(article, selectors.reposts),
        likes: shownOf(article, selectors.likes), views: shownOf(article, selectors.views),
      }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // every post of a timeline, thread, search or profile is an <article> labelled by its parts
    { layout: 'timeline (article)', selector: 'article[aria-labelledby]' },
  ];

  registerAdapter({
    site: 'x',
    hosts: ['x.com', 'twitter.com'],
    selectors,
    extract,
    expected,
    // The badge goes after the author line, where X leaves room.
    badgeAnchor: (article) => own(article, selectors.userName),
  });
})();
