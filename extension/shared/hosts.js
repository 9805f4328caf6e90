// Server names for "Mastodon and Bluesky on any server", shared by the options page and
// background/instances.js (here, not in options/: the background never imports a page's code).
// Pure functions, no chrome.* calls: unit-tested under Node (tests/unit/hosts.test.mjs).

/** The kinds of server a user can add, and the adapter file each one loads. Keep in sync with manifest.json. */
export const KINDS = {
  mastodon: { label: 'Mastodon', adapter: 'content/adapters/mastodon.js' },
  bluesky: { label: 'Bluesky', adapter: 'content/adapters/bluesky.js' },
};

/**
 * A server name from what a user types: "piaille.fr", "https://piaille.fr/home", "@me@piaille.fr",
 * "Piaille.FR". Returns the lower-case ASCII host name (punycode for IDN), or throws an Error whose
 * message can be shown as is. Only public HTTPS servers: no IP addresses, ports, localhost or paths
 * outside a host name.
 */
export function normaliseHost(input) {
  let s = String(input ?? '').trim();
  if (!s) throw refusal('Type a server name, such as piaille.fr', 'host_empty');
  const handle = s.match(/^@?[^@\s/]+@([^@\s/]+)$/); // @user@server, as Mastodon shows accounts
  if (handle) s = handle[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  let u;
  try { u = new URL(s); } catch { throw refusal(`“${String(input).trim()}” is not a server name`, 'host_notName', String(input).trim()); }
  if (u.protocol !== 'https:') throw refusal('Only HTTPS servers can be added', 'host_notHttps');
  if (u.port) throw refusal('Give the server name without a port', 'host_port');
  const host = u.hostname.replace(/\.$/, '').toLowerCase();
  if (/^\d+(\.\d+){3}$/.test(host) || host.includes(':') || host.startsWith('[')) throw refusal('Give a server name, not an IP address', 'host_ip');
  if (!/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host) || /(^|\.)(localhost|local|internal)$/.test(host)) {
    throw refusal(`“${host}” is not a public server name`, 'host_notPublic', host);
  }
  return host;
}

/** An Error in English (the background's answers) that also names its message for the options page: e.i18n. */
function refusal(english, key, ...subs) {
  return Object.assign(new Error(english), { i18n: [key, ...subs] });
}

/** The match pattern, permission origin and registered-script id of a server. */
export const originOf = (host) => `https://${host}/*`;
export const scriptId = (kind, host) => `ecoute-instance:${kind}:${host}`;
export function parseScriptId(id) {
  const m = /^ecoute-instance:([a-z]+):(.+)$/.exec(id || '');
  return m && KINDS[m[1]] ? { kind: m[1], host: m[2] } : null;
}

/** Hosts a manifest already ships content scripts for (so adding them is unnecessary). */
export function shippedHosts(manifest, kind) {
  const adapter = KINDS[kind]?.adapter;
  const out = [];
  for (const cs of manifest.content_scripts || []) {
    if (!cs.js.includes(adapter)) continue;
    for (const p of cs.matches) {
      const m = /^https:\/\/([^/*]+)\/\*$/.exec(p);
      if (m) out.push(m[1]);
    }
  }
  return out;
}
