// Threads adapter (threads.com, formerly threads.net). Classes are generated; what lasts is the pressable
// post container (div[data-pressable-container=true]), the author link a[href^="/@"], the permalink
// a[href*="/post/"] holding time[datetime], and the action row: like, reply, repost, share buttons in
// that order, each an svg (localised label) with its count beside it.
// Fixture: tests/fixtures/sites/threads/home.html (written from Threads' public markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown } = Ecoute;

  const selectors = {
    post: ['div[data-pressable-container="true"]'],
    permalink: ['a[href*="/post/"]:has(time)', 'a[href*="/post/"] time'],
    actions: ['[role="button"]:has(svg[aria-label])'],
  };

  function extract(el) {
    let link = pick(el, selectors.permalink);
    if (link && link.tagName === 'TIME') link = link.closest('a');
    const url = link && cleanUrl(link.getAttribute('href'));
    const m = url && url.match(/\/@([^/]+)\/post\/([\w-]+)/);
    if (!m) return null;
    const handle = m[1];
    // the text: the first span[dir=auto] that is not a link (author) nor a count in a button
    let text = '';
    for (const s of el.querySelectorAll('span[dir="auto"]')) {
      if (s.closest('a, [role="button"]') || s.parentElement.closest('span[dir="auto"]')) continue;
      text = textOf(s);
      if (text) break;
    }
    const buttons = Array.from(el.querySelectorAll(selectors.actions.join(',')))
      .filter((b) => !b.parentElement.closest('[role="button"]'));
    const [likes, replies, reposts] = buttons.map((b) => parseCount(textOf(b)) ?? 0).concat([null, null, null]);
    const [likesShown, repliesShown, repostsShown] = buttons.map((b) => textOf(b)).concat([null, null, null]);
    // the author link with the visible name (the avatar link holds only an image)
    const authorLink = Array.from(el.querySelectorAll(`a[href="/@${handle}"]`)).find((a) => a.querySelector('span'));
    return {
      site: 'threads',
      id: m[2],
      url,
      author: { handle, name: textOf(authorLink && authorLink.querySelector('span')) || handle, url: `${location.origin}/@${handle}`, verified: false, followers: null },
      text,
      lang: null,
      time: link.querySelector('time')?.getAttribute('datetime') ?? null,
      time_text: null,
      promoted: false,
      metrics: { replies, reposts, likes, views: null },
      shown: shown({ likes: likesShown, replies: repliesShown, reposts: repostsShown }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // every post has a dated permalink, inside its pressable container
    { layout: 'feed (dated permalinks)', selector: 'a[href*="/post/"]:has(time)', inside: true },
  ];

  registerAdapter({
    site: 'threads',
    hosts: ['threads.com', 'threads.net'],
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => {
      const link = pick(el, selectors.permalink);
      return link && (link.tagName === 'TIME' ? link.closest('a') : link);
    },
  });
})();
