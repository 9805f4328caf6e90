// LinkedIn adapter. The 2025+ feed (server-driven UI) has hashed classes only: a post is a
// [role=listitem] whose componentkey contains "FeedType_"; its text is [data-testid=expandable-text-box];
// the author is the actor link (a[componentkey] to /in/ or /company/ holding the name in a <p>). Counts
// carry words only ("1,107 reactions"), so they are found by structure and read by digits: the reactions
// link holds the reaction icons (ul[role=presentation]); the element after it holds the comments button
// ([role=button]) and the reposts link (a). This layout has no permalink and no timestamp: the post's
// componentkey is its id; the actor block's last line shows the time ("5d •", time_text) or "Promoted"
// (an ad: no time and no visibility icon there). The classic feed (div[data-urn^="urn:li:activity:"]) is kept as an alternative.
// Fixture: tests/fixtures/sites/linkedin/feed.html (saved 2026-05, 8 items, 7 with post text).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, timeText } = Ecoute;

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

  /** The count as displayed ("1,107", "2.9K"): the visible span, not the aria-hidden duplicate. */
  function shownOf(el) {
    if (!el) return null;
    for (const s of el.querySelectorAll('span:not([aria-hidden="true"])')) {
      if (parseCount(textOf(s)) != null) return textOf(s);
    }
    return textOf(el);
  }

  // "Promoted" in the languages LinkedIn is most used in: the fallback when the structure says nothing
  const PROMOTED = /^(Promoted|Sponsorisé|Sponsorisée|Gesponsert|Promocionado|Promovido|Sponsorizzato|Promoot|Gepromoot|Promowane|Sponsrad)\b/i;

  /**
   * The actor block's last line: "5d •" (+ the visibility icon), "4h • Edited •", or "Promoted" (an ad:
   * no time, no icon). Returns {time_text, promoted}.
   */
  function subline(el, actor) {
    const classic = el.querySelector('.update-components-actor__sub-description');
    let line = null, icon = false;
    if (classic) {
      line = textOf(classic.querySelector('span[aria-hidden="true"]') || classic);
      icon = Boolean(classic.querySelector('svg, li-icon'));
    } else if (actor && actor.parentElement && actor.parentElement.parentElement) {
      const ps = Array.from(actor.parentElement.parentElement.querySelectorAll(':scope > div > p')).filter((p) => !p.closest('a'));
      const p = ps[ps.length - 1];
      if (p) { line = textOf(p); icon = Boolean(p.querySelector('svg')); }
    }
    if (!line) return { time_text: null, promoted: false };
    const promoted = (!icon && !/\d/.test(line)) || PROMOTED.test(line);
    return { time_text: !promoted && line.includes('•') ? timeText(line.split('•')[0]) : null, promoted };
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
    let followers = null, followersShown = null;
    if (m && m[1] === 'company') {
      // a company's actor block shows its follower count next, where a person's shows a headline
      const next = actor.parentElement && actor.parentElement.nextElementSibling;
      if (next && !next.querySelector('svg') && next.querySelector('p')) {
        followersShown = textOf(next);
        followers = parseCount(followersShown);
      }
    }
    let likes = null, replies = null, reposts = null;
    const icons = pick(el, selectors.reactions);
    const reactions = icons && icons.closest('a');
    if (reactions) {
      likes = shownOf(reactions);
      const row = reactions.nextElementSibling;
      if (row) {
        replies = shownOf(row.querySelector('[role="button"]'));
        reposts = shownOf(row.querySelector('a'));
      }
    }
    const { time_text, promoted } = subline(el, actor);
    const link = pick(el, selectors.permalink);
    const nameEl = actor && (actor.querySelector('p') || actor.querySelector('.update-components-actor__title'));
    return {
      site: 'linkedin',
      id,
      url: link ? cleanUrl(link.getAttribute('href')) : null,
      author: { handle: m ? m[2] : '', name: textOf(nameEl) || null, url: profile, verified: false, followers },
      text: textOf(textEl),
      lang: textEl.getAttribute('lang'),
      time: null, // "5d •" only: time_text
      time_text,
      promoted,
      metrics: { replies: parseCount(replies), reposts: parseCount(reposts), likes: parseCount(likes), views: null },
      shown: shown({ replies, reposts, likes, followers: followersShown }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // a post's text box, inside the feed's list item (2025+) or the classic update
    { layout: '2025 feed (list items)', selector: '[role="listitem"] [data-testid="expandable-text-box"]', inside: true },
    { layout: 'classic feed (updates)', selector: '.feed-shared-update-v2 .update-components-text', inside: true },
  ];

  registerAdapter({
    site: 'linkedin',
    hosts: ['linkedin.com'],
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => actorLink(el),
  });
})();
