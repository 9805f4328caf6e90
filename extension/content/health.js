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

  function check() {
    const found = document.querySelectorAll(adapter.selectors.post.join(','));
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
    let status = 'idle'; // nothing that looks like posts: a settings page, a profile without posts...
    if (read > 0) status = 'ok';
    else if (found.length > 0 || hints >= SUSPICIOUS) status = 'broken';
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
    const sig = `${h.status}:${h.read}:${h.found}`;
    if (sig === last) return;
    last = sig;
    chrome.runtime.sendMessage({ type: 'ecoute/health', ...h }).catch(() => { last = ''; });
  }
  for (const ms of [2500, 15000, 60000]) setTimeout(report, ms);
  setInterval(report, 5 * 60000);
  document.addEventListener('visibilitychange', report);
})();
