// Hacker News adapter: stories and comments. HN's markup is table rows; the row id is the item id, the
// permalink is item?id=ID. Comments count as posts. Today's comments have span.age[title="ISO unix"];
// older saved pages (2018) show only "3 hours ago": that text is time_text.
// Fixture: tests/fixtures/sites/hn/item.html (an item page with 115 comments, 2018 markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, shown, timeText } = Ecoute;

  const selectors = {
    post: [
      'tr.athing.comtr', // comments, 2014 to today
      'tr.athing.submission', // stories, 2022+ (class added)
      'tr.athing[id]', // stories before 2022; comments match the first alternative too
    ],
    user: ['a.hnuser'],
    age: ['span.age[title]', 'span.age'],
    commentText: ['.commtext', '.comment > span', '.comment'],
    title: ['.titleline > a', 'a.storylink', 'td.title > a'],
    topText: ['.toptext'],
    score: ['span.score'],
    anchor: ['.comhead', '.titleline', 'td.title:last-child'],
  };

  /** Text of `el` without its reply link and other chrome (`.reply`, `.togg`). */
  function commentText(el) {
    if (!el) return '';
    const parts = [];
    for (const child of el.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE && child.matches('.reply, .togg, .navs')) continue;
      parts.push(child.nodeType === Node.TEXT_NODE ? child.data : textOf(child));
      if (child.nodeType === Node.ELEMENT_NODE && child.tagName === 'P') parts.push('\n');
    }
    return parts.join('').replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  }

  function time(el) {
    const age = pick(el, selectors.age);
    const title = age && age.getAttribute('title'); // "2024-05-01T12:00:00 1714564800"
    if (!title) return null;
    const iso = title.split(' ')[0];
    return /^\d{4}-\d\d-\d\dT/.test(iso) ? (iso.endsWith('Z') ? iso : `${iso}Z`) : null;
  }

  /** "3 hours ago" as shown, for pages whose span.age carries no title (HN before ~2019). */
  function timeShown(el) {
    if (time(el)) return null;
    const age = pick(el, selectors.age);
    return age ? timeText(textOf(age)) : null;
  }

  function author(row) {
    const u = pick(row, selectors.user);
    const handle = u ? textOf(u) : '';
    return { handle, name: handle || null, url: handle ? `https://news.ycombinator.com/user?id=${encodeURIComponent(handle)}` : null, verified: false, followers: null };
  }

  function extract(row) {
    const id = row.id;
    if (!/^\d+$/.test(id || '')) return null;
    const url = `https://news.ycombinator.com/item?id=${id}`;
    if (row.classList.contains('comtr')) {
      return {
        site: 'hn', id, url, author: author(row),
        text: commentText(pick(row, selectors.commentText)),
        lang: null, time: time(row), time_text: timeShown(row), promoted: false,
        metrics: { replies: null, reposts: null, likes: null, views: null },
        shown: {},
      };
    }
    // A story: title in this row, score/author/age/comments in the next row's td.subtext.
    const sub = row.nextElementSibling && row.nextElementSibling.querySelector('td.subtext, .subline');
    const title = textOf(pick(row, selectors.title));
    if (!title) return null;
    const top = textOf(document.querySelector(selectors.topText[0]));
    let replies = null, repliesShown = null;
    if (sub) {
      // the comments link is the last item?id= link outside span.age (the age link also points there)
      const links = Array.from(sub.querySelectorAll(`a[href*="item?id=${id}"]`)).filter((a) => !a.closest('.age'));
      const last = links[links.length - 1];
      repliesShown = last ? textOf(last) : null;
      replies = last ? parseCount(repliesShown) ?? 0 : null;
    }
    const scoreShown = sub ? textOf(pick(sub, selectors.score)) : null;
    return {
      site: 'hn', id, url,
      author: sub ? author(sub) : { handle: '', name: null, url: null, verified: false, followers: null },
      text: top && document.querySelector('table.fatitem') ? `${title}\n${top}` : title,
      lang: null, time: sub ? time(sub) : null, time_text: sub ? timeShown(sub) : null, promoted: false,
      metrics: { replies, reposts: null, likes: parseCount(scoreShown), views: null },
      shown: shown({ likes: scoreShown, replies: repliesShown }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // every story and comment is a tr.athing row whose id is the item's
    { layout: 'item rows (athing)', selector: 'tr.athing' },
  ];

  registerAdapter({
    site: 'hn',
    hosts: ['news.ycombinator.com'],
    selectors,
    extract,
    expected,
    badgeAnchor: (row) => pick(row, selectors.anchor),
  });
})();
