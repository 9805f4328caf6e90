// Instagram adapter. Three layouts:
// - the home feed: <article> per post, its permalink a[href*="/p/"] (or /reel/) holding time[datetime];
//   a sponsored post has no time and no dated permalink (only /p/ID/liked_by/ and /p/ID/comments/), and
//   links to Facebook's ad redirect (a[href*="/ads/"]) or its author with ad parameters (a_mpk=);
// - post pages (/p/ID/, /USER/p/ID/) and the same post opened as a dialog over a profile or a feed:
//   no <article>. The post is the caption (author, `time`, text), the comments each have a permalink
//   /p/ID/c/COMMENT/ wrapping their time, and the post's own date link /p/ID/ sits below the counts.
//   The watched elements are these permalinks; `container` climbs to the block the annotation goes on;
// - the reels viewer (/reels/...), which has no <article>: each reel is a video player [data-instancekey];
//   its author link (a[href$="/reels/"]) and caption sit inside it, the like and comment counts in the
//   action column beside it (the comment button opens a menu: aria-haspopup=menu). Reels there carry no
//   permalink, so a reel's id is its author and its audio track (or its caption's start).
// Counts are read by digits ("32 000,0", "7 792", "1,2 тыс.", "1,169 likes"), never by the localised icon
// labels; on post pages by position (the count after the first action button is the likes, after the
// second the comments). Times: time[datetime] everywhere Instagram shows one.
// Links may be relative (the live site) or absolute (saved pages): both are read.
// Fixtures: tests/fixtures/sites/instagram/reels.html (reels viewer, ru-RU, 2026-02), home.html (feed,
// 2024-01, with a sponsored post), post.html (post page with 5 comments, 2026-03).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, contentId, hash } = Ecoute;

  const selectors = {
    post: [
      'main article', // home feed
      '[role="dialog"] article', // a post opened over a profile, in the layouts that still wrap it in <article>
      'div[data-instancekey]:not(article div)', // reels viewer: one video player per reel
      // post pages and dialogs: the caption's and each comment's permalink (outside any feed article)
      'a[href*="/p/"]:not([href*="/liked_by"], [href*="/comments/"]):has(time):not(article a)',
      'a[href*="/reel/"]:not([href*="/liked_by"], [href*="/comments/"]):has(time):not(article a)',
    ],
    permalink: ['a[href*="/p/"]:has(time)', 'a[href*="/reel/"]:has(time)', 'a[href*="/p/"] time', 'a[href*="/reel/"] time'],
    // a sponsored feed post's only links to itself: who liked it, its comments
    anyPermalink: ['a[href*="/p/"]', 'a[href*="/reel/"]'],
    reelAuthor: ['a[href$="/reels/"]'],
    caption: ['div[dir="auto"] > span:not([aria-hidden="true"])', 'h1', 'span[dir="auto"]'],
    feedLikes: ['a[href$="/liked_by/"]', 'section a[href*="/liked_by"]'],
    sponsored: ['a[href*="/ads/"]', 'a[href*="a_mpk="]'],
  };

  const NOT_PROFILES = new Set(['p', 'reel', 'reels', 'explore', 'stories', 'accounts', 'direct', 'ads', 'about', 'legal']);

  /** The profile a link points to ("" when it is not a profile link). */
  function handleOf(href) {
    let u;
    try { u = new URL(href, 'https://www.instagram.com/'); } catch { return ''; }
    if (!/(^|\.)instagram\.com$/.test(u.hostname)) return '';
    const parts = u.pathname.split('/').filter(Boolean);
    return parts.length === 1 && !NOT_PROFILES.has(parts[0]) ? parts[0] : '';
  }

  const author = (handle) => ({
    handle, name: handle || null, url: handle ? `https://www.instagram.com/${handle}/` : null, verified: false, followers: null,
  });

  /** {post, comment} ids from a permalink: /p/ID/, /USER/p/ID/, /reel/ID/, /p/ID/c/COMMENT/. */
  function idsOf(href) {
    const url = cleanUrl(href);
    const m = url && url.match(/\/(p|reel)\/([\w-]+)(?:\/c\/(\d+))?/);
    return m ? { kind: m[1], post: m[2], comment: m[3] || null, url } : null;
  }

  function reel(player) {
    const a = pick(player, selectors.reelAuthor);
    if (!a) return null;
    const handle = handleOf(a.getAttribute('href').replace(/reels\/?$/, ''));
    const text = textOf(pick(player, selectors.caption));
    // the action column is a sibling of the player: climb to the box holding both
    let box = player.parentElement;
    while (box && !box.querySelector('[role="button"][aria-haspopup="menu"]')) box = box.parentElement;
    let likes = null, replies = null;
    if (box && box.querySelectorAll('[data-instancekey]').length === 1) {
      for (const s of box.querySelectorAll('span[dir="auto"]')) {
        if (player.contains(s) || !/^\d/.test(textOf(s))) continue;
        if (s.closest('[aria-haspopup="menu"]')) replies ??= textOf(s);
        else likes ??= textOf(s);
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
      author: { ...author(handle), name: handle },
      text, lang: null, time: null, time_text: null, promoted: false,
      metrics: { replies: parseCount(replies), reposts: null, likes: parseCount(likes), views: null },
      shown: shown({ likes, replies }),
    };
  }

  /** A feed post's caption: the text after its author's name, below the counts. */
  function feedCaption(article) {
    const section = article.querySelector('section');
    if (!section) return null;
    for (const a of article.querySelectorAll('a[href]')) {
      if (!(section.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING) || !handleOf(a.getAttribute('href'))) continue;
      // climb from the author's link to the box whose next sibling is the caption
      for (let box = a; box && box !== article; box = box.parentElement) {
        const next = box.nextElementSibling;
        if (next && next.matches('span[dir="auto"]')) return next.querySelector(':scope > span[dir="auto"]') || next;
      }
      return null;
    }
    return null;
  }

  function feedPost(article) {
    let link = pick(article, selectors.permalink);
    if (link && link.tagName === 'TIME') link = link.closest('a');
    const promoted = !link && Boolean(pick(article, selectors.sponsored));
    const ids = idsOf((link || (promoted && pick(article, selectors.anyPermalink)) || { getAttribute: () => '' }).getAttribute('href'));
    const header = Array.from(article.querySelectorAll('a[href]')).find((a) => handleOf(a.getAttribute('href')));
    const handle = header ? handleOf(header.getAttribute('href')) : '';
    const captionEl = feedCaption(article);
    const text = textOf(captionEl);
    if (!ids && !promoted) return null; // not rendered yet
    // "1,528 likes" (the likers' avatars are a liked_by link too, without a count)
    const likes = Array.from(article.querySelectorAll(selectors.feedLikes.join(','))).find((a) => /\d/.test(textOf(a)));
    const likesShown = likes ? textOf(likes) : null;
    const id = ids ? ids.post : contentId(handle, text);
    return {
      site: 'instagram',
      id,
      url: ids ? `https://www.instagram.com/${ids.kind}/${ids.post}/` : null,
      author: author(handle),
      text,
      lang: null,
      time: link?.querySelector('time')?.getAttribute('datetime') ?? null,
      time_text: null,
      promoted,
      metrics: { replies: null, reposts: null, likes: parseCount(likesShown), views: null },
      shown: shown({ likes: likesShown }),
    };
  }

  /** Smallest ancestor of `el` that also holds a profile picture link: a comment's or a caption's block. */
  function blockOf(el, stop) {
    for (let box = el.parentElement; box && box !== stop; box = box.parentElement) {
      for (const a of box.querySelectorAll('a[href]')) {
        if (a.querySelector('img') && handleOf(a.getAttribute('href'))) return box;
      }
    }
    return null;
  }

  /** The post page (or dialog) block holding the post's date link: up to where a caption or comment block is. */
  function pageRoot(link) {
    return blockOf(link, null)?.closest('[role="dialog"], main') || link.closest('[role="dialog"], main') || document.body;
  }

  /** The caption: the block of the first `time` in the post that is not a comment's or the date link's. */
  function captionBlock(root, dateLink) {
    for (const t of root.querySelectorAll('time')) {
      const a = t.closest('a[href]');
      if (a === dateLink || (a && idsOf(a.getAttribute('href'))?.comment)) continue;
      const span = t.closest('span[dir="auto"]');
      return { time: t, span, block: blockOf(t, root) };
    }
    return null;
  }

  /** The caption's text: what follows its header (the box holding the author's name and the time). */
  function captionText(span, time) {
    if (!span) return '';
    let header = time;
    while (header.parentElement && header.parentElement !== span
      && !Array.from(header.querySelectorAll('a[href]')).some((a) => handleOf(a.getAttribute('href')) && textOf(a))) {
      header = header.parentElement;
    }
    const parts = [];
    for (let n = header.nextElementSibling; n; n = n.nextElementSibling) parts.push(textOf(n));
    return parts.join('\n').trim();
  }

  function blockAuthor(block) {
    if (!block) return '';
    const a = Array.from(block.querySelectorAll('a[href]')).find((x) => handleOf(x.getAttribute('href')) && textOf(x));
    return a ? handleOf(a.getAttribute('href')) : '';
  }

  function comment(link, ids) {
    const block = blockOf(link, null);
    if (!block) return null;
    const head = link.closest('span[dir="auto"]')?.parentElement;
    // the text: the block after the header line; the counts: the buttons after that ("2 likes", "Reply")
    const body = head && head.nextElementSibling;
    let likesShown = null;
    for (const b of block.querySelectorAll('[role="button"]')) {
      if (/\d/.test(textOf(b))) { likesShown = textOf(b); break; }
    }
    return {
      site: 'instagram',
      id: `${ids.post}:c:${ids.comment}`,
      url: `https://www.instagram.com/p/${ids.post}/c/${ids.comment}/`,
      author: author(blockAuthor(block)),
      text: textOf(body),
      lang: null,
      time: link.querySelector('time')?.getAttribute('datetime') ?? null,
      time_text: null,
      promoted: false,
      metrics: { replies: null, reposts: null, likes: parseCount(likesShown), views: null },
      shown: shown({ likes: likesShown }),
    };
  }

  function pagePost(link, ids) {
    const root = pageRoot(link);
    const cap = captionBlock(root, link);
    // the counts beside the action buttons, in order: likes, comments
    let likesShown = null, repliesShown = null;
    // the actions bar: the last <section> before the date link (the page itself may sit in a <section>)
    const section = Array.from(root.querySelectorAll('section'))
      .filter((x) => !x.contains(link) && (x.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING)).pop();
    if (section) {
      const buttons = Array.from(section.querySelectorAll('[role="button"]'));
      let slot = -1;
      for (const b of buttons) {
        if (b.querySelector('svg')) { slot++; continue; }
        if (!/^\s*\d/.test(textOf(b))) continue;
        if (slot === 0) likesShown ??= textOf(b);
        else if (slot === 1) repliesShown ??= textOf(b);
      }
    }
    const handle = blockAuthor(cap?.block) || handleOf(new URL(link.getAttribute('href'), location.href).pathname.split('/p/')[0] + '/');
    return {
      site: 'instagram',
      id: ids.post,
      url: `https://www.instagram.com/${ids.kind}/${ids.post}/`,
      author: author(handle),
      text: cap ? captionText(cap.span, cap.time) : '',
      lang: null,
      // the date link's time is the post's; the caption's may be its edit
      time: (link.querySelector('time') || cap?.time)?.getAttribute('datetime') ?? null,
      time_text: null,
      promoted: false,
      metrics: { replies: parseCount(repliesShown), reposts: null, likes: parseCount(likesShown), views: null },
      shown: shown({ likes: likesShown, replies: repliesShown }),
    };
  }

  /** On post pages the watched element is a permalink; the annotation goes on its block. */
  function container(el) {
    if (el.tagName !== 'A') return el;
    const ids = idsOf(el.getAttribute('href'));
    if (ids && ids.comment) return blockOf(el, null) || el;
    const root = pageRoot(el);
    return captionBlock(root, el)?.block || el.parentElement || el;
  }

  function extract(el) {
    if (el.matches('[data-instancekey]')) return reel(el);
    if (el.tagName === 'ARTICLE') return feedPost(el); // the feed's, or a dialog's in older layouts
    const ids = idsOf(el.getAttribute('href'));
    if (!ids) return null;
    if (ids.comment) return comment(el, ids);
    // the caption's own time link (older layouts) and the date link are one post: read it from the date link
    return pagePost(el, ids);
  }

  // Health (content/health.js): the posts the page shows, by layout; each should be one the adapter reads.
  const expected = [
    { layout: 'feed (article)', selector: 'main article' },
    { layout: 'post page (comments)', selector: 'a[href*="/c/"]:has(time):not(article a)' },
    // the reels viewer: each reel's author link ("USER/reels/") sits in its player; only on /reels/, where a
    // profile's "Reels" tab (the same link) is not shown
    { layout: 'reels viewer', selector: 'main a[href$="/reels/"]', inside: true, path: /^\/reels\// },
  ];

  registerAdapter({
    site: 'instagram',
    hosts: ['instagram.com'],
    selectors,
    extract,
    container,
    expected,
    badgeAnchor: (el) => {
      if (el.matches('[data-instancekey]')) return pick(el, selectors.reelAuthor);
      return Array.from(el.querySelectorAll('a[href]')).find((a) => handleOf(a.getAttribute('href')) && textOf(a)) || null;
    },
  });
})();
