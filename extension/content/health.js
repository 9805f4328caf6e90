// Health check of this page's adapter: a few cheap queries, a few times per page, reported when changed.
// "broken" means the page looks like it shows posts — by markup any feed has (articles, permalinks,
// time[datetime]) — but the adapter reads none: the site has probably changed its layout. The popup
// says so, so a silent adapter is noticed instead of looking like a quiet feed.
'use strict';

(() => {
  const adapter = Ecoute.adapterFor(location.hostname, document);
  if (!adapter || globalThis.__ecouteHealth) return;
  globalThis.__ecouteHealth = true;

  // Site-independent signs of posts. Keep broad: they only decide whether "no post found" is suspicious.
  const HINTS = [
    'article', '[role="article"]', 'time[datetime]',
    'a[href*="/status/"]', 'a[href*="/post/"]', 'a[href*="/comments/"]', 'a[href*="item?id="]',
    'a[href*="/p/"]', 'a[href*="story_fbid="]', 'a[href*="&lc="]',
  ];
  const SAMPLE = 50; // extract at most this many posts per check: enough to tell, cheap on any page
  const SUSPICIOUS = 3; // this many hints and no post read: broken

  // Layouts the adapter knows the page shows posts in (adapter.expected: [{layout, selector}], data in the
  // adapter file): every element of a layout should be a post the adapter reads. When it reads fewer of
  // them (a selector alternative no longer matches after a redesign, an extract that gives up), the report
  // names the layout and the counts, so the popup says "Facebook, 2024 layout: 3 of 5 posts read" instead
  // of looking like a quiet feed.
  const POST_SELECTOR = adapter.selectors.post.join(',');
  function layouts() {
    const out = [];
    for (const { layout, selector } of adapter.expected || []) {
      const shown = Array.from(document.querySelectorAll(selector)).slice(0, SAMPLE);
      if (!shown.length) continue;
      let ok = 0;
      for (const el of shown) {
        try {
          if (el.matches(POST_SELECTOR) && adapter.extract(el)) ok++;
        } catch {
          // counted as missed
        }
      }
      out.push({ layout, shown: shown.length, read: ok });
    }
    return out;
  }

  /** @returns {HealthReport} the report shared/messages.js declares for `health` */
  function check() {
    const found = document.querySelectorAll(POST_SELECTOR);
    let read = 0;
    let errors = 0;
    for (const el of Array.from(found).slice(0, SAMPLE)) {
      try {
        if (adapter.extract(el)) read++;
      } catch {
        errors++;
      }
    }
    const hints = Math.max(...HINTS.map((s) => document.querySelectorAll(s).length));
    const annotated = document.querySelectorAll('[data-ecoute-key]').length;
    /** @type {HealthReport['status']} */
    let status = 'idle'; // nothing that looks like posts: a settings page, a profile without posts...
    if (read > 0) status = 'ok';
    else if (found.length > 0 || hints >= SUSPICIOUS) status = 'broken';
    // the first layout whose posts are not all read: partly broken (or wholly, when none of them is read)
    const missed = layouts().find((l) => l.read < l.shown);
    if (missed) {
      return { site: adapter.site, status: missed.read > 0 || read > 0 ? 'partial' : 'broken', found: found.length, read, errors,
        hints, annotated, layout: missed.layout, expected: missed.shown, layoutRead: missed.read };
    }
    return { site: adapter.site, status, found: found.length, read, errors, hints, annotated };
  }

  // Reported to the background (background/health.js keeps it per tab in storage.session for the popup)
  // a few times after load and then rarely, and only when it changed. Not a runtime.onMessage listener
  // answering the popup: a listener in every content script measurably delayed the service worker's
  // restarts (tests/e2e/robustness.test.mjs); and scripting.executeScript needs host permissions that
  // content-script matches do not grant.
  let last = '';
  function report() {
    if (document.hidden) return;
    const h = check();
    const sig = `${h.status}:${h.read}:${h.found}:${h.layout || ''}:${h.layoutRead ?? ''}`;
    if (sig === last) return;
    last = sig;
    EcouteMessages.send('health', h).catch(() => { last = ''; });
  }
  for (const ms of [2500, 15000, 60000]) setTimeout(report, ms);
  setInterval(report, 5 * 60000);
  document.addEventListener('visibilitychange', report);
})();
