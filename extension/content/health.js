// Health check of this page's adapter, answered on demand (the popup asks; nothing runs otherwise).
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

  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    if (!msg || msg.type !== 'ecoute/health' || sender.id !== chrome.runtime.id) return false;
    sendResponse(check());
    return false;
  });
})();
