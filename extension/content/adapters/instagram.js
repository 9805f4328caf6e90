// Instagram adapter. Two layouts:
// - the home feed and post pages: <article> with a permalink a[href*="/p/"] (or /reel/) holding time[datetime];
// - the reels viewer (/reels/...), which has no <article>: each reel is a video player [data-instancekey];
//   its author link (a[href$="/reels/"]) and caption sit inside it, the like and comment counts in the
//   action column beside it (the comment button opens a menu: aria-haspopup=menu). Reels there carry no
//   permalink, so a reel's id is its author and its audio track (or its caption's start).
// Counts are read by digits ("32 000,0", "7 792", "1,2 тыс."), never by the localised icon labels.
// Fixture: tests/fixtures/sites/instagram/reels.html (reels viewer, ru-RU, saved 2026-02).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl } = Ecoute;

  const selectors = {
    post: [
      'main article', // home feed, post pages
      'div[data-instancekey]', // reels viewer: one video player per reel
    ],
    permalink: ['a[href*="/p/"]:has(time)', 'a[href*="/reel/"]:has(time)', 'a[href*="/p/"] time', 'a[href*="/reel/"] time'],
    reelAuthor: ['a[href$="/reels/"]'],
    caption: ['div[dir="auto"] > span:not([aria-hidden="true"])', 'h1', 'span[dir="auto"]'],
    feedAuthor: ['header a[href^="/"][role="link"]', 'a[href^="/"][role="link"]'],
    feedLikes: ['a[href$="/liked_by/"]', 'section a[href*="/liked_by"]'],
  };

  /** FNV-1a of a string: a short stable id for posts without a permalink. */
  function hash(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(36);
  }

  const handleOf = (href) => {
    try { return new URL(href, 'https://www.instagram.com/').pathname.split('/').filter(Boolean)[0] || ''; } catch { return ''; }
  };

  function reel(player) {
    const a = pick(player, selectors.reelAuthor);
    if (!a) return null;
    const handle = handleOf(a.getAttribute('href'));
    const text = textOf(pick(player, selectors.caption));
    // the action column is a sibling of the player: climb to the box holding both
    let box = player.parentElement;
    while (box && !box.querySelector('[role="button"][aria-haspopup="menu"]')) box = box.parentElement;
    let likes = null, replies = null;
    if (box && box.querySelectorAll('[data-instancekey]').length === 1) {
      for (const s of box.querySelectorAll('span[dir="auto"]')) {
        if (player.contains(s) || !/^\d/.test(textOf(s))) continue;
        if (s.closest('[aria-haspopup="menu"]')) replies ??= parseCount(textOf(s));
        else likes ??= parseCount(textOf(s));
      }
    }
    // Identity without a permalink: the reel's audio track id (each original audio is the reel's own),
    // else a hash of the caption's start (expanding "… more" must not make it another post).
    const audio = player.querySelector('a[href*="/reels/audio/"]');
    const audioId = audio && (audio.getAttribute('href').match(/\/reels\/audio\/(\d+)/) || [])[1];
    return {
      site: 'instagram',
      id: `reel:${handle}:${audioId || hash(text.slice(0, 80))}`,
      url: null,
      author: { handle, name: handle, url: `https://www.instagram.com/${handle}/`, verified: false, followers: null },
      text, lang: null, time: null,
      metrics: { replies, reposts: null, likes, views: null },
    };
  }

  function feedPost(article) {
    let link = pick(article, selectors.permalink);
    if (link && link.tagName === 'TIME') link = link.closest('a');
    if (!link) return null;
    const url = cleanUrl(link.getAttribute('href'));
    const m = url && url.match(/\/(?:p|reel)\/([\w-]+)/);
    if (!m) return null;
    const a = pick(article, selectors.feedAuthor);
    const handle = a ? handleOf(a.getAttribute('href')) : '';
    const likes = pick(article, selectors.feedLikes);
    return {
      site: 'instagram',
      id: m[1],
      url,
      author: { handle, name: handle || null, url: handle ? `https://www.instagram.com/${handle}/` : null, verified: false, followers: null },
      text: textOf(pick(article, ['h1', 'div[dir="auto"] > span', 'span[dir="auto"]'])),
      lang: null,
      time: link.querySelector('time')?.getAttribute('datetime') ?? null,
      metrics: { replies: null, reposts: null, likes: likes ? parseCount(textOf(likes)) : null, views: null },
    };
  }

  registerAdapter({
    site: 'instagram',
    hosts: ['instagram.com'],
    selectors,
    extract: (el) => (el.matches('[data-instancekey]') ? reel(el) : feedPost(el)),
    badgeAnchor: (el) => pick(el, el.matches('[data-instancekey]') ? selectors.reelAuthor : selectors.feedAuthor),
  });
})();
