// Mastodon and Bluesky on any server (issue 5). The manifest ships content scripts for a few large
// servers; for any other, the options page asks the browser for that one origin (an optional host
// permission, requested at the moment the user adds it) and this module registers the same content
// scripts there with chrome.scripting.registerContentScripts. The adapters recognise the server by its
// markup (mastodon.js: #mastodon[data-props]).
//
//   options page ──permissions.request(origin)──► browser prompt
//        └──{type:'ecoute/instances', op:'add'|'remove'|'list'}──► here ──► scripting.(un)registerContentScripts
//   permissions.onRemoved (the user revoked a site in the browser) ──► unregister it
//
// The registered scripts themselves are the record of which servers were added: nothing is stored,
// nothing leaves the device.
import '../shared/words.js'; // globalThis.EcouteWords: errors in the UI language
import { KINDS, normaliseHost, originOf, parseScriptId, scriptId, shippedHosts } from '../shared/hosts.js';

/** The js list the manifest ships for `kind`, so an added server runs exactly what a shipped one does. */
function scriptsFor(kind) {
  const cs = chrome.runtime.getManifest().content_scripts.find((c) => c.js.includes(KINDS[kind].adapter));
  if (!cs) throw new Error(`no content scripts for ${kind} in the manifest`);
  return cs.js;
}

/** Can Écoute run on `host`: an optional permission the user granted, or a host the manifest ships
 *  content scripts for (Chromium's permissions.contains does not report those). */
async function hasAccess(host) {
  const manifest = chrome.runtime.getManifest();
  if (Object.keys(KINDS).some((k) => shippedHosts(manifest, k).includes(host))) return true;
  return chrome.permissions.contains({ origins: [originOf(host)] });
}

async function registered() {
  const all = await chrome.scripting.getRegisteredContentScripts();
  return all.map((s) => ({ ...parseScriptId(s.id), id: s.id })).filter((s) => s.host);
}

async function list() {
  const manifest = chrome.runtime.getManifest();
  const servers = [];
  for (const s of await registered()) {
    servers.push({ kind: s.kind, host: s.host, granted: await hasAccess(s.host) });
  }
  const shipped = Object.fromEntries(Object.keys(KINDS).map((k) => [k, shippedHosts(manifest, k)]));
  return { servers, shipped };
}

async function add(kind, rawHost) {
  if (!KINDS[kind]) throw new Error(`unknown kind of server: ${kind}`);
  const host = normaliseHost(rawHost);
  if (shippedHosts(chrome.runtime.getManifest(), kind).includes(host)) return { host, shipped: true };
  if (!(await hasAccess(host))) {
    throw globalThis.EcouteWords.refusal(`Écoute is not allowed on ${host}: accept the browser's request to add it`, { kind: 'host_not_allowed', host });
  }
  const ids = (await registered()).filter((s) => s.host === host).map((s) => s.id);
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
  const js = scriptsFor(kind);
  await chrome.scripting.registerContentScripts([{ id: scriptId(kind, host), matches: [originOf(host)], js, runAt: 'document_idle' }]);
  // Tabs already open on that server start listening now, not at their next load.
  try {
    for (const tab of await chrome.tabs.query({ url: originOf(host) })) {
      chrome.scripting.executeScript({ target: { tabId: tab.id }, files: js }).catch(() => {});
    }
  } catch { /* no tab can be queried: they start at their next load */ }
  return { host, shipped: false };
}

async function remove(rawHost) {
  const host = normaliseHost(rawHost);
  const ids = (await registered()).filter((s) => s.host === host).map((s) => s.id);
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
  await chrome.permissions.remove({ origins: [originOf(host)] }).catch(() => false);
  return { host, removed: ids.length };
}

// A site revoked from the browser's own settings: stop injecting there.
chrome.permissions.onRemoved.addListener(async ({ origins = [] }) => {
  const gone = new Set(origins.map((o) => (/^https:\/\/([^/]+)\/\*$/.exec(o) || [])[1]).filter(Boolean));
  const ids = (await registered()).filter((s) => gone.has(s.host)).map((s) => s.id);
  if (ids.length) await chrome.scripting.unregisterContentScripts({ ids });
});

const ops = { list: () => list(), add: (m) => add(m.kind, m.host), remove: (m) => remove(m.host) };

/**
 * An options page's {type: 'ecoute/instances', op}: only the extension's own pages may change where it
 * runs, never a content script (the router refuses those: shared/messages.js declares these for pages).
 * @param {{[field: string]: any}} msg
 */
export function instances(msg) {
  const op = ops[msg.op];
  if (!op) throw new Error(`no server operation ${msg.op}`);
  return op(msg);
}
