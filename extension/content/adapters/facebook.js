// Facebook adapter: feeds, page/profile/group timelines and post pages, posts and the comments shown
// under them. Facebook's classes are generated; what lasts is ARIA:
// - 2020+ "Comet" layout: a post is [role=article] labelled by its author heading (aria-labelledby);
// - 2024+ layout (feed, profiles, pages, groups): a post is div[aria-posinset][aria-labelledby] with NO
//   role=article (issue 14; shared/pages/facebook/profile-2024-08.html);
// - comments, in both: nested [role=article] elements with an aria-label.
// Loading placeholders are [role=article] without a label. Both post layouts describe the post with
// aria-describedby, in this order: the metadata line (time link), the message, the attachment, the
// reactions, the comment count; any of them may be missing from the page (no message on a photo post).
// Counts: the reactions total is the aria-hidden span of the button next to the reactions toolbar
// ([role=toolbar]); comments and shares are the digit-bearing buttons that follow it, in that order.
// Digits may be Arabic-Indic (parseCount reads them).
// Time: Facebook shows only text ("19 h", "11 juillet", "25 octobre 2007"); in the 2024 layout the time
// link's visible characters are scrambled and its accessible name is another element
// (span[aria-labelledby]): time_text is read from that name, else the link's aria-label, else its text.
// Sponsored posts show "Sponsored" where the time is, in the same scrambled way, and link to no
// permalink: they are recognised by an /ads/ link or that label (several languages); without a permalink
// their id is a hash of author and text (Ecoute.contentId).
// Fixtures: tests/fixtures/sites/facebook/page.html (Comet, Arabic, 2024-03), profile.html (2024+, French),
// feed.html (2024+: every permalink kind, a group post's comments, a sponsored post; from profile.html's markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown, timeText, contentId } = Ecoute;

  const selectors = {
    post: [
      '[role="article"][aria-labelledby]', // posts (2020+ "Comet" layout)
      'div[aria-posinset][aria-labelledby]:not([role="article"])', // posts (2024+ layout: no role)
      '[role="article"][aria-label]', // comments, nested inside their post
    ],
    // permalinks, most specific first: a comment's link carries comment_id, a post's one of the rest
    permalink: [
      'a[href*="comment_id="]', 'a[href*="story_fbid="]', 'a[href*="/posts/"]', 'a[href*="/videos/"]',
      'a[href*="/reel/"]', 'a[href*="/permalink/"]', 'a[href*="/watch/?v="]', 'a[href*="/photo/?fbid="]',
      'a[href*="/photo.php?fbid="]',
    ],
    author: ['h2 a[href]', 'h3 a[href]', 'h4 a[href]', 'a[href][role="link"] > span > span'],
    text: ['[data-ad-preview="message"]', '[data-ad-comet-preview="message"]', '[data-ad-rendering-role="story_message"]'],
    // Comet comments (and older posts) hold their text in div[dir=auto] only
    textFallback: ['div[dir="auto"]'],
    toolbar: ['[role="toolbar"]'],
    total: ['[role="button"] > span[aria-hidden="true"]'],
    // a sponsored post links to Facebook's ad pages (the "why this ad" and advertiser links)
    sponsoredLink: ['a[href*="/ads/about"]', 'a[href^="/ads/"]', 'a[href*="facebook.com/ads/"]'],
  };
  const POST = selectors.post.join(',');
  // "Sponsored" where the time would be, in the languages Facebook is most used in; the /ads/ link and
  // the missing permalink are the structural signs, this is the fallback for ads that show neither.
  const SPONSORED = /^(Sponsored|Sponsorisée?|Sponsorizzat[oa]|Gesponsert|Patrocinad[oa]|Publicidad|Sponsrad|Gesponsord|Sponsorowane|Sponset|Sponsoreret|Sponsoroitu|Реклама|Спонсируется|ممول|مُموَّل|広告|赞助内容|贊助|Sponsorlu|Được tài trợ|Bersponsor|ได้รับการสนับสนุน)$/i;

  /** The first element of `article` matching the alternatives that belongs to it, not to a nested post or comment. */
  function own(article, alternatives) {
    for (const sel of alternatives) {
      for (const el of article.querySelectorAll(sel)) {
        if (el.closest(POST) === article) return el;
      }
    }
    return null;
  }

  function ownAll(article, sel) {
    return Array.from(article.querySelectorAll(sel)).filter((el) => el.closest(POST) === article);
  }

  /** The element of `root` with id `id` (ids such as ":r4c:" are not valid CSS identifiers unescaped). */
  function byId(root, id) {
    if (!id) return null;
    for (const el of root.querySelectorAll('[id]')) if (el.id === id) return el;
    return null;
  }

  /** The parts aria-describedby names: [meta line, message, attachment, reactions, comments], null where absent. */
  function described(article) {
    const ids = (article.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    if (ids.length < 2) return [];
    const found = new Map();
    for (const el of article.querySelectorAll('[id]')) if (ids.includes(el.id) && !found.has(el.id)) found.set(el.id, el);
    return ids.map((id) => found.get(id) || null);
  }

  function idOf(href) {
    let u;
    try { u = new URL(href, 'https://www.facebook.com/'); } catch { return null; }
    const p = u.searchParams;
    if (p.get('comment_id')) return { id: `comment:${p.get('comment_id')}`, url: null };
    if (p.get('story_fbid')) {
      const owner = p.get('id');
      return { id: p.get('story_fbid'), url: `${u.origin}${u.pathname}?story_fbid=${p.get('story_fbid')}${owner ? `&id=${owner}` : ''}` };
    }
    if (/^\/photo(\.php|\/)?$/.test(u.pathname) && p.get('fbid')) {
      return { id: p.get('fbid'), url: `${u.origin}/photo/?fbid=${p.get('fbid')}` };
    }
    if (u.pathname.startsWith('/watch') && p.get('v')) return { id: p.get('v'), url: `${u.origin}/watch/?v=${p.get('v')}` };
    const m = u.pathname.match(/\/(?:posts|videos|reel|permalink)\/([\w.-]+)/);
    return m ? { id: m[1], url: cleanUrl(u.href) } : null;
  }

  function profile(a) {
    if (!a) return { handle: '', url: null };
    let u;
    try { u = new URL(a.getAttribute('href'), 'https://www.facebook.com/'); } catch { return { handle: '', url: null }; }
    if (u.pathname === '/profile.php' && u.searchParams.get('id')) {
      return { handle: u.searchParams.get('id'), url: `${u.origin}/profile.php?id=${u.searchParams.get('id')}` };
    }
    // group posts link authors as /groups/GROUP/user/ID/
    const inGroup = u.pathname.match(/^\/groups\/[^/]+\/user\/(\d+)/);
    if (inGroup) return { handle: inGroup[1], url: `${u.origin}/profile.php?id=${inGroup[1]}` };
    const handle = u.pathname.split('/').filter(Boolean)[0] || '';
    if (!handle || handle === 'profile.php') return { handle: '', url: null };
    return { handle, url: `${u.origin}/${handle}` };
  }

  /** What the time link says: its accessible name (another element, in the 2024 layout), its aria-label, or its text. */
  function shownTime(link) {
    if (!link) return null;
    const named = link.querySelector('[aria-labelledby]');
    if (named) {
      const label = named.getAttribute('aria-labelledby').split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean);
      if (label.length) return timeText(label.map((l) => textOf(l)).join(' '));
    }
    return timeText(link.getAttribute('aria-label') || textOf(link));
  }

  function extract(article) {
    const isComment = article.matches('[role="article"][aria-label]:not([aria-labelledby])');
    const [meta, message, , reactions, commentCount] = isComment ? [] : described(article);
    // the time link: in the metadata line (posts), else the comment's own permalink
    const timeLink = meta ? (meta.matches('a[href]') ? meta : meta.querySelector('a[href]')) : null;
    const linkIds = (a) => (a && a.closest(POST) === article ? idOf(a.getAttribute('href')) : null);
    let ids = linkIds(timeLink);
    if (!ids) {
      const link = own(article, selectors.permalink);
      ids = link && idOf(link.getAttribute('href'));
    }
    const a = own(article, selectors.author);
    const authorLink = a && a.closest('a');
    const { handle, url } = profile(authorLink);
    // a comment's time is its last own comment_id link (the avatar and the name link carry comment_id too)
    const when = isComment ? shownTime(ownAll(article, 'a[href*="comment_id="]').filter((x) => textOf(x)).pop()) : shownTime(timeLink);
    const promoted = !isComment && (Boolean(own(article, selectors.sponsoredLink)) || SPONSORED.test(when || ''));
    let textEl = message && message.closest(POST) === article ? message : own(article, selectors.text);
    // a Comet post or comment without the message markers: its first text block; never a 2024 post's
    // (its header and attachment are div[dir=auto] too, and a photo post has no message at all)
    if (!textEl && (isComment || article.matches('[role="article"]'))) textEl = own(article, selectors.textFallback);
    const text = textOf(textEl);
    if (!ids && !promoted) return null; // not rendered yet
    if (!ids) ids = { id: contentId(handle, text), url: null };
    let likes = null, replies = null, reposts = null;
    let likesShown = null, repliesShown = null, repostsShown = null;
    const toolbar = own(article, selectors.toolbar);
    if (toolbar) {
      const zone = toolbar.parentElement.parentElement || toolbar.parentElement;
      const total = pick(zone, selectors.total);
      likesShown = total ? textOf(total.firstElementChild || total) : null;
      likes = parseCount(likesShown);
      const after = ownAll(article, '[role="button"]:not([aria-label]), a[href][role="link"]:not([aria-label])').filter((b) =>
        (toolbar.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) && !toolbar.contains(b)
        && !(reactions && reactions.contains(b)) && !b.querySelector('span[aria-hidden="true"]')
        && /^\s*[\d\u0660-\u0669\u06f0-\u06f9]/.test(textOf(b)));
      repliesShown = after[0] ? textOf(after[0]) : null;
      repostsShown = after[1] ? textOf(after[1]) : null;
    }
    // 2024 layout: the comment count is named by aria-describedby even when the toolbar is absent
    if (repliesShown == null && commentCount && /\d/.test(textOf(commentCount))) repliesShown = textOf(commentCount);
    replies = parseCount(repliesShown);
    reposts = parseCount(repostsShown);
    return {
      site: 'facebook',
      id: ids.id,
      url: ids.url,
      author: { handle, name: textOf(a) || null, url, verified: false, followers: null },
      text,
      lang: textEl ? textEl.getAttribute('lang') : null,
      time: null, // Facebook gives no machine-readable time: only what time_text holds
      time_text: promoted ? null : when,
      promoted,
      metrics: { replies, reposts, likes, views: null },
      shown: shown({ likes: likesShown, replies: repliesShown, reposts: repostsShown }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout; each should be one the adapter reads.
  const expected = [
    { layout: '2024 (aria-posinset)', selector: 'div[aria-posinset]:not([role="article"])' },
    { layout: 'Comet (role=article)', selector: '[role="article"][aria-posinset]' },
    // a comment: an article that is no post (no aria-labelledby) holding a comment permalink
    { layout: 'comments', selector: '[role="article"]:not([aria-labelledby]):has(a[href*="comment_id="])' },
  ];

  registerAdapter({
    site: 'facebook',
    hosts: ['facebook.com'],
    selectors,
    extract,
    expected,
    badgeAnchor: (article) => {
      const a = own(article, selectors.author);
      return a ? a.closest('h2, h3, h4') || a : null;
    },
  });
})();
