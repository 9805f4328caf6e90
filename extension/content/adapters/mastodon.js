// Mastodon adapter, for the web app of any instance (v3.x-v4.x). The markup is Mastodon's own, open
// source and the same on every server: .status[data-id] with .status__relative-time > time[datetime]
// (the permalink), .display-name__html / .display-name__account, .status__content__text[lang], and the
// action bar whose buttons come in a fixed order (reply, boost, favourite) with .icon-button__counter.
// Button labels are localised: counts are read by position and digits.
// The manifest lists a few large instances; any other is recognised by its markup (recognise) once the
// user grants that host from the options page (registerContentScripts).
// Fixture: tests/fixtures/sites/mastodon/home.html (written from Mastodon's public markup).
'use strict';

(() => {
  const { registerAdapter, pick, textOf, parseCount, cleanUrl, shown } = Ecoute;

  const selectors = {
    post: [
      '.status[data-id]', // timelines, threads (v2+)
      '.detailed-status', // the focused status of a thread page
    ],
    permalink: ['a.status__relative-time', 'a.detailed-status__datetime'],
    author: ['a.status__display-name', 'a.detailed-status__display-name'],
    name: ['.display-name__html'],
    account: ['.display-name__account'],
    text: ['.status__content__text', '.status__content .e-content', '.status__content'],
    actionBar: ['.status__action-bar', '.detailed-status__action-bar'],
  };

  /** reply, boost, favourite counters; null when the instance hides counters, 0 when shown empty. */
  function counts(el) {
    const bar = pick(el, selectors.actionBar);
    if (!bar) return [null, null, null];
    const buttons = Array.from(bar.querySelectorAll(':scope > button, :scope > div > button')).slice(0, 3);
    return buttons.map((b) => {
      const c = b.querySelector('.icon-button__counter');
      return c ? parseCount(textOf(c)) ?? 0 : null;
    }).concat([null, null, null]).slice(0, 3);
  }

  function extract(el) {
    const link = pick(el, selectors.permalink);
    const id = el.getAttribute('data-id') || (link && (link.getAttribute('href') || '').split('/').pop());
    if (!id) return null;
    const a = pick(el, selectors.author);
    const textEl = pick(el, selectors.text);
    const [replies, reposts, likes] = counts(el);
    const bar = pick(el, selectors.actionBar);
    const [repliesShown, repostsShown, likesShown] = bar
      ? Array.from(bar.querySelectorAll(':scope > button, :scope > div > button')).slice(0, 3).map((b) => textOf(b.querySelector('.icon-button__counter')))
      : [];
    const acct = textOf(pick(el, selectors.account)).replace(/^@/, '');
    return {
      site: 'mastodon',
      id,
      url: link ? cleanUrl(link.getAttribute('href')) : null,
      author: {
        handle: acct,
        name: textOf(pick(el, selectors.name)) || null,
        url: a ? cleanUrl(a.getAttribute('href')) : null,
        verified: false, // Mastodon verifies profile links, not accounts
        followers: null,
      },
      text: textOf(textEl),
      lang: textEl ? textEl.getAttribute('lang') : null,
      time: link?.querySelector('time')?.getAttribute('datetime') ?? null,
      time_text: null,
      promoted: false, // Mastodon has no ads
      metrics: { replies, reposts, likes, views: null },
      shown: shown({ replies: repliesShown, reposts: repostsShown, likes: likesShown }),
    };
  }

  // Health (content/health.js): the posts the page shows, by layout, found by markup apart from what
  // `selectors.post` keys on; each should be one the adapter reads.
  const expected = [
    // the timeline is a feed: one article per status, numbered by aria-posinset; the notifications column
    // is a feed too, but a follow or a grouped notification holds no status (nor does an account list)
    { layout: 'timeline (aria-posinset)', selector: 'article[aria-posinset]:not(:has(.notification, .notification-group, .account))' },
  ];

  registerAdapter({
    site: 'mastodon',
    // A few large instances, shipped in the manifest. Keep in sync with manifest.json.
    hosts: ['mastodon.social', 'mastodon.online', 'mstdn.social', 'mas.to', 'fosstodon.org', 'hachyderm.io',
      'infosec.exchange', 'piaille.fr', 'mamot.fr', 'framapiaf.org'],
    // Any other instance: Mastodon's web app mounts on #mastodon[data-props] in body.app-body.
    recognise: (doc) => Boolean(doc.querySelector('#mastodon[data-props], body.app-body #mastodon')),
    selectors,
    extract,
    expected,
    badgeAnchor: (el) => pick(el, selectors.author),
  });
})();
