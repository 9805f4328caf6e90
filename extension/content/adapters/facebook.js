// Facebook adapter: feed and page/profile timelines, posts and the comments shown under them.
// Facebook's classes are generated; what lasts is ARIA: a post is [role=article] labelled by its author
// heading (aria-labelledby); comments are nested [role=article] elements with an aria-label. Loading
// placeholders are [role=article] without either. Counts: the reactions total is the aria-hidden span of
// the button next to the reactions toolbar ([role=toolbar]); comments and shares are the digit-bearing
// buttons that follow it, in that order. Digits may be Arabic-Indic (parseCount reads them).
// Fixture: tests/fixtures/sites/facebook/page.html (a page timeline, Arabic interface, saved 2024-03).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl } = Ecoute;

  const selectors = {
    post: [
      '[role="article"][aria-labelledby]', // posts (2020+ "Comet" layout)
      '[role="article"][aria-label]', // comments, nested inside their post
    ],
    permalink: [
      'a[href*="story_fbid="]', 'a[href*="/posts/"]', 'a[href*="/videos/"]', 'a[href*="/reel/"]',
      'a[href*="/permalink/"]', 'a[href*="comment_id="]',
    ],
    author: ['h2 a[href]', 'h3 a[href]', 'h4 a[href]', 'a[href][role="link"] > span > span'],
    text: ['[data-ad-preview="message"]', '[data-ad-comet-preview="message"]', '[data-ad-rendering-role="story_message"]', 'div[dir="auto"]'],
    toolbar: ['[role="toolbar"]'],
    total: ['[role="button"] > span[aria-hidden="true"]'],
  };

  /** Elements of `article` that belong to it, not to a comment nested inside it. */
  function own(article, alternatives) {
    for (const sel of alternatives) {
      for (const el of article.querySelectorAll(sel)) {
        if (el.closest('[role="article"]') === article) return el;
      }
    }
    return null;
  }

  function ownAll(article, sel) {
    return Array.from(article.querySelectorAll(sel)).filter((el) => el.closest('[role="article"]') === article);
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
    const handle = u.pathname.split('/').filter(Boolean)[0] || '';
    return { handle, url: handle ? `${u.origin}/${handle}` : null };
  }

  function extract(article) {
    const link = own(article, selectors.permalink);
    const ids = link && idOf(link.getAttribute('href'));
    if (!ids) return null;
    const a = own(article, selectors.author);
    const authorLink = a && a.closest('a');
    const { handle, url } = profile(authorLink);
    const textEl = own(article, selectors.text);
    let likes = null, replies = null, reposts = null;
    const toolbar = own(article, selectors.toolbar);
    if (toolbar) {
      const zone = toolbar.parentElement.parentElement || toolbar.parentElement;
      const total = pick(zone, selectors.total);
      likes = total ? parseCount(textOf(total.firstElementChild || total)) : null;
      const after = ownAll(article, '[role="button"]:not([aria-label])').filter((b) =>
        (toolbar.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) && !toolbar.contains(b)
        && !b.querySelector('span[aria-hidden="true"]') && parseCount(textOf(b)) != null);
      replies = after[0] ? parseCount(textOf(after[0])) : null;
      reposts = after[1] ? parseCount(textOf(after[1])) : null;
    }
    return {
      site: 'facebook',
      id: ids.id,
      url: ids.url,
      author: { handle, name: textOf(a) || null, url, verified: false, followers: null },
      text: textOf(textEl),
      lang: textEl ? textEl.getAttribute('lang') : null,
      time: null, // only "19 h" / "19 س", localised
      metrics: { replies, reposts, likes, views: null },
    };
  }

  registerAdapter({
    site: 'facebook',
    hosts: ['facebook.com'],
    selectors,
    extract,
    badgeAnchor: (article) => {
      const a = own(article, selectors.author);
      return a ? a.closest('h2, h3, h4') || a : null;
    },
  });
})();
