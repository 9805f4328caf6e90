// Listening operations for the extension's pages (dashboard, popup, options) and the "save post" and
// "correct" actions of a post's badge: {type: 'ecoute/listening', op, ...} → wasm Engine.listening (src/listening.rs) →
// writes durable (db.commit) → reply {result}. Keep the ops in sync with src/listening.rs.
//
// Also the toolbar badge for watch-item alerts (volume or negative-share spikes) raised by ingest.
import { fold, searchQuery } from '../engine/ecoute_wasm.js';
import { addInto, aggsBetween, allAggs, allPosts, coldEntries, commit, countCold, lookup, postsByKeys, postsOfPeriod, queryPosts, searchChunks, usage, wipe } from './db.js';
import { recountStatus, resumeRecounts } from './recount.js';
import '../shared/words.js'; // globalThis.EcouteWords: alerts and errors in the UI language
import { MAX_IMPORT_BYTES } from '../shared/core.js';
import { addDays, localDay, localDayStart } from '../shared/localtime.js';

// Ops that read or write the saved posts, which a start leaves in IndexedDB (db.js `COLD`): the engine
// is given them once, before the first of these.
const NEEDS_SAVED = new Set(['save_post', 'update_saved', 'delete_saved', 'export', 'import', 'backup', 'restore', 'reset']);
const hydrated = new WeakSet();

async function hydrate(engine) {
  if (hydrated.has(engine)) return;
  await commit(engine.hydrate(await coldEntries('saved:'), Date.now()));
  hydrated.add(engine);
}

/**
 * Runs one op, checked by the router (router.js): which senders may ask it (a content script only
 * `save_post` and `correct`, a post's badge; every other op comes from our own pages) and its payload's shape
 * are declared in shared/messages.js. `onNotDurable` is called when the writes could not be saved (quota, I/O): the engine's
 * memory then holds a change the store lacks, so the host rebuilds it from the store.
 */
export async function listening(engine, msg, sender, onNotDurable) {
  const { refusal } = globalThis.EcouteWords;
  // A file too large to parse is refused before it is copied into the engine (the engine checks too,
  // in UTF-8 bytes; a string's length in UTF-16 units is never more than that).
  if (msg.op === 'import' && typeof msg.text === 'string' && msg.text.length > MAX_IMPORT_BYTES) throw tooLarge(msg.text.length);
  const { type, ...request } = msg;
  const now = Date.now();
  // Operations on the kept posts alone, answered here: the engine holds none of them.
  if (request.op === 'today') return { result: await today(now) };
  if (request.op === 'posts') return { result: await posts(request) };
  if (request.op === 'totals') return { result: await totals(request.filter) };
  if (request.op === 'watch_preview') return { result: await watchPreview(request.query) };
  if (request.op === 'storage') return { result: { ...(await usage()), recounts: recountStatus() } };
  // Figures of a period: folded from the kept posts' sums in the person's days and hours.
  if (request.op === 'summary') {
    request.filter = period(request.filter, now);
    request.view = await viewOf(request.filter);
  }
  // A correction of a kept post's label and intent (a badge's menu, the dashboard's drill-down): the
  // engine keeps it on the post and learns from it (src/analysis/adapt.rs); the post is looked up here.
  if (request.op === 'correct') await withKeptPost(request);
  if (request.op === 'export' && request.request) {
    const r = request.request;
    r.filter = period(r.filter, now, null);
    r.view = await viewOf(r.filter);
    if (r.dataset === 'posts' || r.dataset === 'all') {
      r.posts = await postsOfPeriod(r.filter.from ? localDayStart(r.filter.from) : 0, localDayStart(addDays(r.filter.to, 1)));
      // Each time in the person's offset at that instant (ISO 8601 with its offset).
      const off = (ms) => (ms == null ? 0 : -new Date(ms).getTimezoneOffset());
      r.offsets = r.posts.map((p) => [off(p.published), off(p.first_seen), off(p.last_seen)]);
    }
  }
  if (NEEDS_SAVED.has(request.op)) await hydrate(engine);
  const reply = engine.listening(request, now);
  // Counted in IndexedDB: the summary never waits for the saved posts to be read.
  if (request.op === 'summary') reply.result.saved_count = await countCold('saved:');
  if (reply.adopt?.length) {
    // An import's posts: those not kept yet are counted, once, in the same commit as the rest.
    const known = await lookup(engine.keysOf(reply.adopt));
    const kept = new Set(known.posts.map((p) => p.k));
    const fresh = reply.adopt.filter((p) => !kept.has(p.k));
    const adopted = engine.adopt(fresh, now);
    reply.kept = [...(reply.kept || []), ...adopted.kept];
    reply.deltas = [...(reply.deltas || []), ...adopted.deltas];
    reply.result.posts_new = adopted.kept.length;
    reply.result.posts_known = reply.adopt.length - fresh.length;
  }
  try {
    // A reset empties the kept posts first: were it stopped half-way, the key/value store still holds
    // the watchlist and settings, and the reset can simply be asked again.
    if (request.op === 'reset' || request.op === 'restore') await wipe();
    await commit(reply);
  } catch (e) {
    onNotDurable();
    throw refusal(`Could not save to extension storage (${e.message}). Nothing was changed; free some space (export, then lower the retention or reset) and retry.`,
      { kind: 'not_saved', detail: String(e.message) });
  }
  if (reply.recount?.length) resumeRecounts(reply.recount);
  // A reset or a restore starts a new meta: it gets its random install id at once.
  if (request.op === 'reset' || request.op === 'restore') {
    const write = engine.adoptInstallId(crypto.getRandomValues(new Uint8Array(32)));
    if (write) await commit(write);
  }
  // A backup holds the kept posts and their sums beside the engine's keys.
  if (msg.op === 'backup') {
    const posts = [];
    for await (const chunk of allPosts()) posts.push(...chunk);
    Object.assign(reply.result.doc, { posts, aggs: await allAggs() });
  }
  if (msg.op === 'summary') await clearAlertBadge(engine).catch(() => {});
  return { result: reply.result };
}

/** A filter's period in local days: `to` today and `from` six days before by default (`null`: open). */
function period(filter, now, fromDefault = addDays(localDay(now), -6)) {
  const f = { ...(filter || {}) };
  f.to ??= localDay(now);
  if (f.from === undefined || f.from === null) f.from = fromDefault;
  return f;
}

/** The figures of local days [from, to], folded from the aggregates with each quarter's UTC offset. */
async function viewOf({ from, to }) {
  const start = from ? localDayStart(from) : 0;
  const end = localDayStart(addDays(to, 1));
  const aggs = await aggsBetween(start, end);
  return fold(aggs, aggs.map((a) => -new Date(a.q).getTimezoneOffset()));
}

/** The popup's figures: today in the person's day, published and seen, with the same sums as the dashboard. */
async function today(now) {
  const day = localDay(now);
  const view = await viewOf({ from: day, to: day });
  const published = view.days.find((d) => d.day === day) || null;
  return { day, published, seen: view.seen[day] || null };
}

const LABELS = new Set(['positive', 'negative', 'neutral']);

/** A `correct` request (`{key, label, intent}`, checked by the router) with the kept post `key` attached. */
async function withKeptPost(request) {
  const found = await lookup([[request.key, 0]]);
  const post = found.posts.find((p) => p.k === request.key);
  if (!post) throw globalThis.EcouteWords.refusal('this post is no longer kept on this device', { kind: 'post_not_kept' });
  request.post = post;
  delete request.key;
}

/**
 * The kept posts behind a figure (the dashboard's drill-down): `filter` = `{from, to, by: 'published' |
 * 'seen', site, item, label, intent, author, term, undated}` (each optional), a page of `limit`.
 */
async function posts({ filter = {}, limit = 50, before = null }) {
  const f = period(filter, Date.now());
  const item = f.item == null ? null : Number(f.item);
  const term = typeof f.term === 'string' ? f.term.toLowerCase() : null;
  const keep = (p) => (!f.site || p.site === f.site)
    && (item == null || (p.watch || []).some(([id]) => id === item))
    && (!LABELS.has(f.label) || p.label === f.label)
    && (!f.intent || p.intent === f.intent)
    && (!f.author || p.author?.handle === f.author)
    && (!term || (p.terms || []).includes(term))
    && (!f.undated || p.pq == null);
  const page = await queryPosts({
    fromMs: localDayStart(f.from), toMs: localDayStart(addDays(f.to, 1)), by: f.by === 'seen' || f.undated ? 'seen' : 'published',
    keep, limit: Math.min(Math.max(1, Number(limit) || 50), 200), before: Array.isArray(before) ? before : null,
  });
  return page;
}

/** The import refusal for a file of `bytes`, as the engine words it (src/error.rs Refusal::ImportTooLarge). */
export function tooLarge(bytes) {
  return globalThis.EcouteWords.refusal(
    `this file is ${(bytes / 1e6).toFixed(1)} MB: Écoute imports files of at most ${(MAX_IMPORT_BYTES / 1e6).toFixed(0)} MB (its own exports are smaller)`,
    { kind: 'import_too_large', bytes, max_bytes: MAX_IMPORT_BYTES });
}

/**
 * The toolbar badge: the count of alerts the person has not seen, as the engine keeps it (durably, in
 * `trend_state`), so a restarted worker shows the same count and the dashboard can still clear it.
 */
export function showUnseenAlerts(unseen, alerts = []) {
  const n = Number(unseen) || 0;
  const shown = chrome.action.setBadgeText({ text: n ? String(Math.min(n, 99)) : '' });
  if (!n) {
    chrome.action.setTitle({ title: 'Écoute' });
    return shown;
  }
  chrome.action.setBadgeBackgroundColor({ color: '#c26a00' });
  if (alerts.length) chrome.action.setTitle({ title: `Écoute: ${alerts.map((a) => globalThis.EcouteWords.alertWhy(a)).join('\n')}` });
  return shown;
}

/** After a batch: new alerts raise the toolbar badge to the engine's unseen count. */
export function noteAlerts(alerts, unseen) {
  if (!alerts || !alerts.length) return;
  showUnseenAlerts(unseen ?? alerts.length, alerts);
}

/** The dashboard was opened: the alerts are seen, durably (a restart does not bring the badge back). */
async function clearAlertBadge(engine) {
  const reply = engine.listening({ op: 'alerts_seen' }, Date.now());
  await commit(reply);
  await showUnseenAlerts(0);
}

/** Posts shown under a query being typed, the newest it matches. */
const PREVIEW_POSTS = 3;

/**
 * What a query being typed in the watchlist editor would match among the posts kept, read from the
 * search projection as a recount reads it: `{matched, total, posts}` (a query that does not read throws
 * the parser's error; the editor shows the check's wording instead).
 */
async function watchPreview(query) {
  let matched = 0;
  let total = 0;
  let newest = [];
  for await (const { keys, docs } of searchChunks(192)) {
    const hits = searchQuery(query, docs);
    total += keys.length;
    matched += hits.length;
    newest = [...newest, ...Array.from(hits, (i) => keys[i])].slice(-PREVIEW_POSTS);
  }
  const posts = await postsByKeys(newest.reverse());
  return { matched, total, posts: posts.map((p) => ({ text: String(p.text ?? ''), site: String(p.site ?? ''), author: String(p.author?.handle ?? '') })) };
}

/**
 * The period's totals alone (the dashboard's first numbers, before its whole summary): the posts
 * published in the period and those shown apart (undated), as the summary's tallies add them.
 */
async function totals(filter) {
  const f = period(filter, Date.now());
  const view = await viewOf(f);
  const total = {};
  for (const d of [...(view.days || []), ...(view.undated || [])]) addInto(total, d.total || {});
  return { filter: f, total };
}
