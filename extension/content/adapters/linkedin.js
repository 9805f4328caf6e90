// LinkedIn adapter. The 2025+ feed (server-driven UI) has hashed classes only: a post is a
// [role=listitem] whose componentkey contains "FeedType_"; its text is [data-testid=expandable-text-box];
// the author is the actor link (a[componentkey] to /in/ or /company/ holding the name in a <p>). Counts
// carry words only ("1,107 reactions"), so they are found by structure and read by digits: the reactions
// link holds the reaction icons (ul[role=presentation]); the element after it holds the comments button
// ([role=button]) and the reposts link (a). This layout has no permalink and no timestamp: the post's
// componentkey is its id. The classic feed (div[data-urn^="urn:li:activity:"]) is kept as an alternative.
// Fixture: tests/fixtures/sites/linkedin/feed.html (saved 2026-05, 8 items, 7 with post text).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl } = Ecoute;

  const selectors = {
    post: [
      '[role="listitem"][componentkey*="FeedType_"]', // 2025+ feed
      'div[data-urn^="urn:li:activity:"]', // classic feed (until 2025)
    ],
    text: ['[data-testid="expandable-text-box"]', '.update-components-text', '.feed-shared-update-v2__description'],
    actor: ['a[componentkey][href*="/in/"]', 'a[componentkey][href*="/company/"]', 'a.update-components-actor__meta-link'],
    reactions: ['a[componentkey] ul[role="presentation"]'],
    permalink: ['a[href*="/feed/update/urn:li:activity:"]'],
  };

  function actorLink(el) {
    for (const a of el.querySelectorAll(selectors.actor.join(','))) {
      if (a.querySelector('p, .update-components-actor__title')) return a;
    }
    return null;
  }

  function digitsOf(el) {
    if (!el) return null;
    // the visible span, not the aria-hidden duplicate
    for (const s of el.querySelectorAll('span:not([aria-hidden="true"])')) {
      const n = parseCount(textOf(s));
      if (n != null) return n;
    }
    return parseCount(textOf(el));
  }

  function extract(el) {
    const textEl = pick(el, selectors.text);
    if (!textEl) return null; // course cards, ads without text, "people you may know"
    let id = el.getAttribute('data-urn');
    if (!id) {
      for (const c of el.querySelectorAll('[componentkey]')) {
        const k = c.getAttribute('componentkey');
        if (/^[\w-]{30,}$/.test(k) && !k.startsWith('expanded')) { id = k; break; }
      }
    }
    if (!id) return null;
    const actor = actorLink(el);
    const profile = actor ? cleanUrl(actor.getAttribute('href')).replace(/\/posts$/, '') : null;
    const m = profile && profile.match(/linkedin\.com\/(in|company)\/([^/]+)/);
    let followers = null;
    if (m && m[1] === 'company') {
      // a company's actor block shows its follower count next, where a person's shows a headline
      const next = actor.parentElement && actor.parentElement.nextElementSibling;
      if (next && !next.querySelector('svg') && next.querySelector('p')) followers = parseCount(textOf(next));
    }
    let likes = null, replies = null, reposts = null;
    const icons = pick(el, selectors.reactions);
    const reactions = icons && icons.closest('a');
    if (reactions) {
      likes = digitsOf(reactions);
      const row = reactions.nextElementSibling;
      if (row) {
        replies = digitsOf(row.querySelector('[role="button"]'));
        reposts = digitsOf(row.querySelector('a'));
      }
    }
    const link = pick(el, selectors.permalink);
    const nameEl = actor && (actor.querySelector('p') || actor.querySelector('.update-components-actor__title'));
    return {
      site: 'linkedin',
      id,
      url: link ? cleanUrl(link.getAttribute('href')) : null,
      author: { handle: m ? m[2] : '', name: textOf(nameEl) || null, url: profile, verified: false, followers },
      text: textOf(textEl),
      lang: textEl.getAttribute('lang'),
      time: null, // "5d •" only
      metrics: { replies, reposts, likes, views: null },
    };
  }

  registerAdapter({
    site: 'linkedin',
    hosts: ['linkedin.com'],
    selectors,
    extract,
    badgeAnchor: (el) => actorLink(el),
  });
})();
