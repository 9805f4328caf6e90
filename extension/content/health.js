// Health check of this page's adapter: a few cheap queries, a few times per page, reported when changed.
// "broken" means the page looks like it shows posts — by markup any feed has (articles, permalinks,
// time[datetime]) — but the adapter reads none: the site has probably changed its layout. The popup
// says so, so a silent adapter is noticed instead of looking like a quiet feed.
'use strict';

(() => {
  // Site-independent signs of posts. Keep broad: they only decide whether "no post found" is suspicious.
  const HINTS = [
    'article', '[role="article"]', 'time[datetime]',
    'a[href*="/status/"]', 'a[href*="/post/"]', 'a[href*="/comments/"]', 'a[href*="item?id="]',
    'a[href*="/p/"]', 'a[href*="story_fbid="]', 'a[href*="&lc="]',
  ];
  const SAMPLE = 50; // extract at most this many posts per check: enough to tell, cheap on any page
  const SUSPICIOUS = 3; // this many hints and no post read: broken

  /** The adapter's post selector, or null when it has no alternative left (nothing can match). */
  const postSelector = (adapter) => (adapter.selectors.post.length ? adapter.selectors.post.join(',') : null);

  /** Is `el` a post the adapter reads? */
  function reads(adapter, el) {
    try {
      return Boolean(adapter.extract(el));
    } catch {
      return false; // counted as missed
    }
  }

  // Layouts the adapter knows the page shows posts in (adapter.expected: [{layout, selector, inside?,
  // path?}], data in the adapter file), found by markup the site gives every post apart from what the
  // adapter keys on (a feed's aria-posinset, a thread container, a dated permalink). Each element a
  // layout's selector finds stands for one post the adapter should read: the element itself or the first
  // post element in it (a container: a feed cell, a comment thread), or with `inside: true` the post
  // element around it (a permalink, a post's text); with `path` (a RegExp) only on pages whose path it
  // matches. When the adapter reads fewer (a selector alternative no longer matches after a redesign, an
  // extract that gives up), the report names the layout and the counts, so the popup says "Facebook,
  // 2024 layout: 3 of 5 posts read" instead of looking like a quiet feed.
  function layouts(adapter, doc) {
    const sel = postSelector(adapter);
    const out = [];
    const here = (doc.location || location).pathname;
    for (const { layout, selector, inside, path } of adapter.expected || []) {
      if (path && !path.test(here)) continue;
      const shown = Array.from(doc.querySelectorAll(selector)).slice(0, SAMPLE);
      if (!shown.length) continue;
      let ok = 0;
      for (const el of shown) {
        let post = null;
        if (sel) post = inside ? el.closest(sel) : el.matches(sel) ? el : el.querySelector(sel);
        if (post && reads(adapter, post)) ok++;
      }
      out.push({ layout, shown: shown.length, read: ok });
    }
    return out;
  }

  /**
   * The health of `adapter` on `doc`: what content scripts report (below) and what the meta-test of the
   * adapters checks against each fixture with one selector alternative removed (tests/e2e/health-meta).
   * @returns {HealthReport} the report shared/messages.js declares for `health`
   */
  function healthOf(adapter, doc = document) {
    const sel = postSelector(adapter);
    const found = sel ? doc.querySelectorAll(sel) : [];
    // `read` counts over the first SAMPLE posts (`checked`), not over all `found`: an HN thread of 116
    // comments is "50 of 50 read", not "50 of 116"
    const sample = Array.from(found).slice(0, SAMPLE);
    let read = 0;
    let errors = 0;
    for (const el of sample) {
      try {
        if (adapter.extract(el)) read++;
      } catch {
        errors++;
      }
    }
    const hints = Math.max(...HINTS.map((s) => doc.querySelectorAll(s).length));
    const annotated = doc.querySelectorAll('[data-ecoute-key]').length;
    /** @type {HealthReport['status']} */
    let status = 'idle'; // nothing that looks like posts: a settings page, a profile without posts...
    if (read > 0) status = 'ok';
    else if (found.length > 0 || hints >= SUSPICIOUS) status = 'broken';
    // the first layout whose posts are not all read: partly broken (or wholly, when none of them is read)
    const missed = layouts(adapter, doc).find((l) => l.read < l.shown);
    if (missed) {
      return { site: adapter.site, status: missed.read > 0 || read > 0 ? 'partial' : 'broken', found: found.length, read, errors,
        checked: sample.length, hints, annotated, layout: missed.layout, expected: missed.shown, layoutRead: missed.read };
    }
    return { site: adapter.site, status, found: found.length, read, errors, checked: sample.length, hints, annotated };
  }
  Ecoute.healthOf = healthOf;
  Ecoute.healthLayouts = layouts; // each layout's posts shown and read (tests/e2e/sites.test.mjs)

  const adapter = Ecoute.adapterFor(location.hostname, document);
  if (!adapter || globalThis.__ecouteHealth) return;
  globalThis.__ecouteHealth = true;

  // Reported to the background (background/health.js keeps it per tab in storage.session for the popup)
  // a few times after load and then rarely, and only when it changed. Not a runtime.onMessage listener
  // answering the popup: a listener in every content script measurably delayed the service worker's
  // restarts (tests/e2e/robustness.test.mjs); and scripting.executeScript needs host permissions that
  // content-script matches do not grant.
  let last = '';
  function report() {
    if (document.hidden) return;
    const h = healthOf(adapter);
    const sig = `${h.status}:${h.read}:${h.found}:${h.layout || ''}:${h.layoutRead ?? ''}`;
    if (sig === last) return;
    last = sig;
    EcouteMessages.send('health', h).catch(() => { last = ''; });
  }
  for (const ms of [2500, 15000, 60000]) setTimeout(report, ms);
  setInterval(report, 5 * 60000);
  document.addEventListener('visibilitychange', report);
})();
