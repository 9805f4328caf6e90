// Popup: is the adapter of the active tab reading its posts? Asks the tab's content script
// (content/health.js) and says so when a supported site shows posts but Écoute reads none.
// Built with textContent only.
const SITE_NAMES = {
  x: 'X', reddit: 'Reddit', mastodon: 'Mastodon', bluesky: 'Bluesky', linkedin: 'LinkedIn', youtube: 'YouTube',
  facebook: 'Facebook', instagram: 'Instagram', threads: 'Threads', hn: 'Hacker News',
};

export async function refresh() {
  const el = document.getElementById('health');
  if (!el) return null;
  let health = null;
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (tab && tab.id != null) health = await chrome.tabs.sendMessage(tab.id, { type: 'ecoute/health' });
  } catch {
    health = null; // not a supported site, or the page loaded before the extension
  }
  if (!health) {
    el.hidden = true;
    return null;
  }
  const site = SITE_NAMES[health.site] || health.site;
  if (health.status === 'broken') {
    el.textContent = `${site} seems to show posts here, but Écoute reads none: the site may have changed its layout. Annotations are off on this page.`;
    el.className = 'status'; // the popup's alert style
  } else if (health.status === 'ok') {
    el.textContent = `Listening on ${site}: ${health.read}${health.found > health.read ? ` of ${health.found}` : ''} posts read on this page.`;
  } else {
    el.textContent = `${site}: no posts on this page.`;
  }
  if (health.status !== 'broken') el.className = 'muted';
  el.dataset.health = health.status;
  el.hidden = false;
  return health;
}

globalThis.ecouteHealth = { refresh };
refresh();
