// Popup: is the adapter of the active tab reading its posts? Reads the last report content/health.js sent
// for that tab (background/health.js keeps it in storage.session) and says so when a supported site shows posts but Écoute reads none.
// Built with textContent only.
import { msg, num } from '../shared/i18n.js';

export const SITE_NAMES = {
  x: 'X', reddit: 'Reddit', mastodon: 'Mastodon', bluesky: 'Bluesky', linkedin: 'LinkedIn', youtube: 'YouTube',
  facebook: 'Facebook', instagram: 'Instagram', threads: 'Threads', hn: 'Hacker News',
};

export async function refresh() {
  const el = document.getElementById('health');
  if (!el) return null;
  /** @type {(HealthReport & {url?: string, at?: number}) | null} what background/health.js keeps */
  let health = null;
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (tab && tab.id != null) {
      const k = `health:${tab.id}`;
      health = /** @type {typeof health} */ ((await chrome.storage.session.get(k))[k]) || null;
      // a report about the page this tab showed before navigating elsewhere is not about this page
      if (health && tab.url && health.url && new URL(health.url).host !== new URL(tab.url).host) health = null;
    }
  } catch {
    health = null;
  }
  if (!health) {
    el.hidden = true;
    return null;
  }
  const site = SITE_NAMES[health.site] || health.site;
  if (health.layout && (health.status === 'partial' || health.status === 'broken')) {
    // a layout the page shows whose posts Écoute reads only partly (or not at all): name it
    el.textContent = msg('health_layout', site, health.layout, num(health.layoutRead), num(health.expected));
    el.className = 'status';
  } else if (health.status === 'broken') {
    el.textContent = msg('health_broken', site);
    el.className = 'status'; // the popup's alert style
  } else if (health.status === 'ok') {
    el.textContent = health.found > health.read ? msg('health_okOf', site, num(health.read), num(health.found)) : msg('health_ok', site, num(health.read));
  } else {
    el.textContent = msg('health_idle', site);
  }
  if (health.status !== 'broken' && health.status !== 'partial') el.className = 'muted';
  el.dataset.health = health.status;
  el.hidden = false;
  return health;
}

globalThis.ecouteHealth = { refresh };
refresh();
