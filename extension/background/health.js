// Adapter health per tab, for the popup (issue 5): content/health.js reports whether the page shows posts
// and whether its adapter reads them; this keeps the last report per tab in chrome.storage.session
// (memory only, survives service-worker restarts, never written to disk, never sent anywhere) and drops
// it when the tab closes. The popup reads `health:<tabId>` directly (popup/health.js).
const key = (tabId) => `health:${tabId}`;
const STATUSES = new Set(['ok', 'partial', 'broken', 'idle']);
const count = (n) => (Number.isInteger(n) && n >= 0 ? Math.min(n, 1e6) : 0);

/**
 * A content script's report ({type: 'ecoute/health'}, checked by the router against shared/messages.js:
 * only content scripts, in a tab, with these fields and types); bounded again here, as it is page data.
 * @param {{[field: string]: any}} msg @param {chrome.runtime.MessageSender} sender
 */
export function health(msg, sender) {
  if (!sender.tab || !STATUSES.has(msg.status) || typeof msg.site !== 'string') return {};
  // Only what the popup shows, validated: a page cannot put anything else here.
  const report = {
    site: msg.site.slice(0, 32), status: msg.status, found: count(msg.found), read: count(msg.read),
    hints: count(msg.hints), errors: count(msg.errors), url: sender.url, at: Date.now(),
  };
  // which layout's posts are not all read (content/health.js, adapter.expected): its name and counts
  if (typeof msg.layout === 'string' && msg.layout) {
    Object.assign(report, { layout: msg.layout.slice(0, 64), expected: count(msg.expected), layoutRead: count(msg.layoutRead) });
  }
  chrome.storage.session.set({ [key(sender.tab.id)]: report }).catch(() => {});
  return {}; // answered at once: the content script need not wait on storage
}

chrome.tabs.onRemoved.addListener((tabId) => {
  chrome.storage.session.remove(key(tabId)).catch(() => {});
});
