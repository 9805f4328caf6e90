// Server names for "Mastodon and Bluesky on any server" (options page and background/instances.js).
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
  if (!s) throw new Error('Type a server name, such as piaille.fr');
  const handle = s.match(/^@?[^@\s/]+@([^@\s/]+)$/); // @user@server, as Mastodon shows accounts
  if (handle) s = handle[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  let u;
  try { u = new URL(s); } catch { throw new Error(`“${String(input).trim()}” is not a server name`); }
  if (u.protocol !== 'https:') throw new Error('Only HTTPS servers can be added');
  if (u.port) throw new Error('Give the server name without a port');
  const host = u.hostname.replace(/\.$/, '').toLowerCase();
  if (/^\d+(\.\d+){3}$/.test(host) || host.includes(':') || host.startsWith('[')) throw new Error('Give a server name, not an IP address');
  if (!/^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host) || /(^|\.)(localhost|local|internal)$/.test(host)) {
    throw new Error(`“${host}” is not a public server name`);
  }
  return host;
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
