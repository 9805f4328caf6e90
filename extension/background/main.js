// Écoute background (service worker in Chromium, event page in Firefox): the engine's host and the
// single writer of its stores: the kept posts and their sums in IndexedDB (db.js), the engine's small
// state in chrome.storage.local.
//
//   content scripts ──{type:'ecoute/analyze', posts}──► queue (one batch at a time)
//        ▲                                              ├─ db.lookup: which of these posts are kept already
//        │                                              └─ wasm Engine.ingest → annotations + what to write
//        └──────── annotations ◄── only after the writes are durable (db.commit)
//   popup / dashboard ──{type:'ecoute/status'}──► engine state, last error, repairs made at start-up
//   dashboard ──{type:'ecoute/listening', op}──► listening.js: watchlist, summary, saved posts, export…
//
// Every message goes through one router (router.js), which checks it against the contract
// (shared/messages.js: who may send it, what its payload holds) before the handlers below see it.
//
// Service workers allow no top-level await and no dynamic import(): the wasm glue is imported statically,
// started at top level, and awaited inside handlers. Every listener is registered synchronously below.
import init, { Engine, preview } from '../engine/ecoute_wasm.js';
import { loadAll } from './store.js';
import { allAggs, allPosts, backlog, coldEntries, commit, flushKv, lookup, nextInInbox, overlay, pendingKv, startEntries, toInbox, wipe } from './db.js';
import { allow, storeFull } from './limits.js';
import { localDay } from '../shared/localtime.js';
import { configureRecounts, recountStatus, resumeRecounts } from './recount.js';
import { listen } from './router.js';
import { listening, noteAlerts, showUnseenAlerts } from './listening.js';
import '../shared/words.js'; // globalThis.EcouteWords: errors in the UI language
import { instances } from './instances.js'; // Mastodon/Bluesky on servers the user adds
import './sites.js'; // opens the options page when the browser withholds a site (Firefox updates)
import { health } from './health.js'; // adapter health per tab, for the popup

const state = { engine: null, starting: false, early: null, error: null, recoveries: [], batches: 0 };
// Errors are said in the UI language (shared/words.js): the engine's and ours carry `args`.
const words = globalThis.EcouteWords;
const engineFailed = (e) => words.error(words.refusal(`The engine could not start: ${e.message || e}`, { kind: 'engine_start', detail: words.error(e) }));

// The engine, once: wasm compiled, store read and repaired. A failure is kept and reported, not thrown
// at every message.
// The wasm, compiled once: the analysis needs nothing else (`early` answers batches with it alone).
const wasmReady = init({ module_or_path: chrome.runtime.getURL('engine/ecoute_wasm_bg.wasm') });
let engineReady = start();
configureRecounts({ exclusive: (task) => exclusive(task), ready: () => ready() });

async function start() {
  const t0 = performance.now();
  // A restart (after a failed save) replaces the engine: free the old one's wasm memory, and report "not
  // ready" until the new one is.
  const old = state.engine;
  state.engine = null;
  state.starting = true;
  old?.free();
  try {
    await wasmReady;
    await load();
  } finally {
    state.starting = false;
  }
  state.startMs = performance.now() - t0;
  exclusive(drain).catch((e) => console.error('Écoute: inbox', e));
  return state.engine;
}

async function load() {
  // A commit a stopped worker left half-done is finished first, so the engine reads a whole store; if
  // chrome.storage.local is full, the engine reads it with the waiting writes laid over it.
  await flushKv();
  // The saved posts are left in IndexedDB: given to the engine when an operation needs them
  // (listening.js), so a start reads the small state only (db.js COLD).
  const engine = new Engine(JSON.stringify(await startEntries(overlay(await loadAll(), await pendingKv()))), Date.now());
  const startup = engine.startup();
  // Migrations, repairs and the retention prune: durable before the first batch.
  await commit(startup);
  state.recoveries = startup.recoveries;
  // The alert badge as the store keeps it: a restarted worker shows the same count.
  await showUnseenAlerts(startup.unseen_alerts)?.catch(() => {});
  await adoptInstallId(engine);
  state.engine = engine;
  resumeRecounts(engine.pendingRecounts());
}

/**
 * A batch that arrives while the engine is still loading its state (a worker's cold start, a second or
 * more with a year of use): kept durably in the inbox, then answered from the posts' text alone
 * (sentiment, intent, language, evidence); the engine counts it once loaded (`drain`), and the page
 * gets badges and trend chips with the batches after.
 */
async function early(posts, received) {
  await wasmReady;
  const analysed = performance.now();
  const r = preview(posts);
  const now = Date.now();
  await toInbox(posts, now, utcOffsetMin(now));
  // Where the answer's time went, in ms since the worker started (its time origin): `status` shows it.
  state.early = { received, wasm: analysed, kept: performance.now() };
  await globalThis.__ecouteBeforeAck?.(r.annotations.map((a) => `${a.site}:${a.id}`));
  if (state.engine) exclusive(drain).catch((e) => console.error('Écoute: inbox', e)); // loaded meanwhile
  return { annotations: r.annotations.map(forPage), rejected: r.rejected };
}

/** Counts the batches of the inbox, oldest first, each deleted in the transaction of its own commit. */
async function drain() {
  const engine = state.engine;
  if (!engine) return;
  for (let entry = await nextInInbox(); entry; entry = await nextInInbox()) {
    const known = await lookup(engine.keysOf(entry.posts));
    const result = engine.ingest(entry.posts, known, entry.at, entry.offset);
    await commit(result, { inbox: entry.key });
    state.batches++;
    noteAlerts(result.alerts, result.unseen_alerts);
  }
}

// A start that failed (the store full while start-up repairs were saved, a storage error) is tried again
// by a later message, at most every few seconds: otherwise the engine would stay down until the browser
// restarts, since the content scripts' retries keep the service worker alive.
const RESTART_AFTER_MS = 3000;
let failedAt = 0;
async function ready() {
  try {
    return await engineReady;
  } catch (e) {
    if (Date.now() - failedAt < RESTART_AFTER_MS) throw e;
    failedAt = Date.now();
    engineReady = start();
    return engineReady;
  }
}

// One batch at a time: the engine's writes of batch N are durable before batch N+1 is analysed.
let queue = Promise.resolve();
function exclusive(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

/** A random install id and pseudonym key (the engine has no randomness of its own in wasm): set once, kept. */
async function adoptInstallId(engine) {
  const write = engine.adoptInstallId(crypto.getRandomValues(new Uint8Array(32)));
  if (write) await commit(write);
}

/** The person's UTC offset now, in minutes east (Paris: 60 in winter, 120 in summer). */
const utcOffsetMin = (ms = Date.now()) => -new Date(ms).getTimezoneOffset();

async function analyze(posts) {
  const engine = await ready();
  if (!Array.isArray(posts)) throw words.refusal('a batch must be a list of posts', { kind: 'bad_batch' });
  const known = await lookup(engine.keysOf(posts));
  const now = Date.now();
  const result = engine.ingest(posts, known, now, utcOffsetMin(now));
  try {
    await commit(result);
  } catch (e) {
    // Not durable, so not acknowledged: rebuild the engine from what is stored (forgetting this batch's
    // counts) and let the content script retry. Nothing is counted twice, nothing is lost.
    const error = words.refusal(`Could not save to extension storage: ${e.message}`, { kind: 'batch_not_saved', detail: String(e.message) });
    state.error = words.error(error);
    engineReady = start();
    chrome.action.setBadgeText({ text: '!' });
    chrome.action.setBadgeBackgroundColor({ color: '#b3261e' });
    throw error;
  }
  if (state.error) {
    state.error = null;
    chrome.action.setBadgeText({ text: '' });
  }
  state.batches++;
  noteAlerts(result.alerts, result.unseen_alerts);
  // Between the durable write and the answer: where a stopped worker leaves a batch written but not
  // acknowledged (the content script sends it again; it is then known, and not counted twice). The
  // robustness test holds a batch here to stop the worker at exactly this point; only code running in
  // the worker itself can set it (no page or content script reaches the worker's global scope).
  await globalThis.__ecouteBeforeAck?.(result.annotations.map((a) => `${a.site}:${a.id}`));
  // Beside the batch's annotations, what changes posts the page already shows: the terms rising on its
  // own site now (the content script chips its posts again) and the badges of authors whose figures
  // changed. Nothing from another site, no watch item.
  const site = result.annotations[0]?.site;
  const badges = {};
  for (const [key, list] of Object.entries(result.badges || {})) {
    if (site && key.startsWith(`${site}:`)) badges[key] = pageBadges(list);
  }
  return { annotations: result.annotations.map(forPage), rejected: result.rejected, rising: site ? result.site_rising?.[site] || [] : [], badges };
}

/**
 * What a page's content script gets back for a post: never the watch items it matched, the terms rising
 * across sites, or the opinion-leader and lead-user badges (each is about a watch item, and shown only
 * on that item's posts it would tell the site which posts match it: they live in the dashboard). Its
 * own site's rising terms (`site_trends`) and its own terms stay (README, "What a site can see"; the
 * content script trims again, render.js forPage).
 */
function forPage({ watch, trends, badges, ...a }) {
  return { ...a, badges: pageBadges(badges) };
}

/** An author's badges a page may see: reach and engagement, from what that page showed. */
const pageBadges = (badges) => (badges || []).filter((b) => b.kind === 'tier' || b.kind === 'engagement');

/** Listening operations answered from the kept-post store, without the engine (listening.js). */
const ENGINELESS = new Set(['today', 'posts', 'storage', 'watch_preview', 'totals']);

/** A page's batch, within its tab's and site's pace, and while the store has room. */
async function fromPage(msg, sender) {
  const received = performance.now();
  const posts = Array.isArray(msg.posts) ? msg.posts : [];
  const site = typeof posts[0]?.site === 'string' ? posts[0].site.slice(0, 32) : '';
  const tab = sender?.tab?.id ?? 'page';
  if (!allow(tab, site, posts.length)) throw words.refusal('too many posts at once from this tab: they will be counted in a moment', { kind: 'rate_limited' });
  const budget = await storeFull();
  if (budget.full) throw words.refusal('the extension\'s storage is nearly full: export, then lower the retention or reset', { kind: 'store_full', usage: budget.usage, quota: budget.quota });
  if (state.starting && Array.isArray(msg.posts)) return early(msg.posts, received);
  return exclusive(() => analyze(msg.posts));
}

/**
 * What the person can still do when the engine cannot start (a store it cannot open, a full disk):
 * back up everything as it is stored, and erase it. Without these, the only exit would be to uninstall.
 */
async function withoutEngine(msg, sender, e) {
  // Only our own pages get here for these (the router refuses them from content scripts).
  if (msg.op === 'reset') {
    await wipe();
    await chrome.storage.local.clear();
    engineReady = start();
    return { result: {} };
  }
  if (msg.op === 'backup' || msg.op === 'export') {
    const posts = [];
    for await (const chunk of allPosts()) posts.push(...chunk);
    const doc = { format: 'ecoute-backup', schema: null, created_at: Date.now(), raw: true, entries: { ...(await chrome.storage.local.get(null)), ...(await coldEntries()) }, posts, aggs: await allAggs() };
    const day = localDay(Date.now());
    return { result: { doc, text: JSON.stringify(doc), filename: `ecoute-backup-${day}.json`, mime: 'application/json' } };
  }
  throw e;
}

/** The handlers of the contract's messages (shared/messages.js), by wire type; the router checked each. */
const handlers = {
  'ecoute/analyze': fromPage,
  'ecoute/health': health,
  'ecoute/instances': instances,
  // Read from the kept posts alone, these are answered at once while the engine is still loading.
  'ecoute/listening': (msg, sender) => (state.starting && ENGINELESS.has(msg.op) ? wasmReady.then(() => listening(null, msg, sender, () => {})) : exclusive(async () => {
    let engine;
    try {
      engine = await ready();
    } catch (e) {
      // Figures and posts are read from the kept-post store alone; the rest has a way out.
      if (ENGINELESS.has(msg.op)) return listening(null, msg, sender, () => {});
      return withoutEngine(msg, sender, e);
    }
    return listening(engine, msg, sender, () => { engineReady = start(); });
  })),
  'ecoute/status': async () => {
    try {
      await engineReady;
    } catch (e) {
      state.error = engineFailed(e);
    }
    // Writes waiting for room in chrome.storage.local: tried again now, and said while they wait.
    if (backlog) await flushKv().catch(() => {});
    if (backlog) state.error = words.error(words.refusal(`Could not save to extension storage (${backlog.error}): ${backlog.keys} changes are kept and will be written when there is room. Free some space: export, then lower the retention or reset.`, { kind: 'kv_backlog', detail: backlog.error, keys: backlog.keys }));
    else if (state.error && state.backlogShown) state.error = null;
    state.backlogShown = Boolean(backlog);
    return { engine: state.engine ? 'ready' : 'failed', error: state.error, recoveries: state.recoveries, batches: state.batches, startMs: state.startMs, early: state.early ?? null, recounts: recountStatus() };
  },
};

listen(handlers, (e) => words.error(e));

engineReady.catch((e) => {
  state.error = engineFailed(e);
  console.error('Écoute:', state.error);
});
