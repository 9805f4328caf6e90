// The kept-post store: IndexedDB in the background, beside chrome.storage.local (settings and the
// engine's small state). The Rust core decides every change (src/store/kept.rs, BatchResult); this
// module only makes it durable, in this order:
//
//   1. one IndexedDB transaction: kept posts put, watch items cleared, sums added, converted aggregates
//      and legacy dedup memory put, retention pruned, and the key/value writes recorded in `journal`;
//   2. the key/value writes applied to chrome.storage.local;
//   3. the journal entry deleted.
//
// A worker stopped between 1 and 3 replays the journal at its next start (the writes are whole values,
// so replaying twice is harmless). When chrome.storage.local is full, step 2 fails: the writes stay in
// the journal, durable, the engine reads the store with them laid over it (`overlay`), and they are
// applied once there is room. A full key/value store therefore never stops counting, nor a start.
//
// Object stores (version 3):
//   posts   keyPath `k` (`site:id`); indexes `pq` (quarter published), `sq` (quarter first seen),
//           `wm` (multiEntry over `watch`: each `[id, rev]` mark, for a recount and the drill-down)
//   aggs    keyPath `q` (UTC quarter-hour start, ms): sums of the posts published (`p`) and seen (`s`)
//   legacy  keyPath `h` (a schema-3 dedup hash); index `at` (its hour, for pruning)
//   search  keyPath `h` (UTC hour first seen, ms): `{h, k: [keys], t: ['handle\u0001text', …]}`, the
//           posts' text projection a recount searches (version 2). A recount over 180,000 whole records
//           took 47 s, most of it reading and copying fields it never looks at; one record per hour with
//           just the text is read and matched in one crossing per chunk (see recount.js).
//   kv      out-of-line keys: the engine's key/value state that a start does not need (`COLD`: the
//           saved posts, 5,000 of them 2.8 MB), written in the commit's transaction and read when an
//           operation needs them (main.js `hydrated`), so that a start reads only the small state
//   inbox   auto-increment keys: `{posts, at, offset}`, batches answered while the engine was still
//           loading its state (a cold start: main.js `early`), until the engine counts them (`drain`,
//           which deletes each in the transaction of its own commit: counted exactly once)
//   journal out-of-line key `pending`: the key/value writes of the last commit, until applied

const DB_NAME = 'ecoute';
const DB_VERSION = 3;
const HOUR = 3_600_000;

/**
 * Prefixes of the engine's keys kept in IndexedDB `kv` rather than chrome.storage.local: thousands of
 * small values (authors, saved posts), which chrome.storage.local reads slowly one key at a time (its
 * `get(null)` took 0.9 s for 7,000 authors) and rewrites in a store of its own at every batch. Authors are
 * read at start in one request (`startEntries`); saved posts only when an operation needs them.
 */
export const COLD = ['saved:', 'author:'];
export const isCold = (key) => COLD.some((p) => key.startsWith(p));
const AT_START = ['author:'];

/** The search projection's entry of a kept post: its author's handle and text, separators made spaces. */
export function searchDoc(post) {
  const clean = (s) => String(s ?? '').replace(/[\u0000\u0001]/g, ' ');
  return `${clean(post.author?.handle)}\u0001${clean(post.text)}`;
}

/** The hour block a kept post's projection goes to: the UTC hour it was first seen in. */
export const searchHour = (post) => Math.floor(post.sq / HOUR) * HOUR;

/**
 * Adds kept posts to their hour blocks in `search` (an object store of a readwrite transaction),
 * each post once: a post seen again is already in its block.
 */
function project(search, kept) {
  const byHour = new Map();
  for (const p of kept) {
    if (!Number.isFinite(p?.sq)) continue;
    const h = searchHour(p);
    if (!byHour.has(h)) byHour.set(h, []);
    byHour.get(h).push(p);
  }
  for (const [h, group] of byHour) {
    search.get(h).onsuccess = (e) => {
      const block = e.target.result || { h, k: [], t: [] };
      const have = new Set(block.k);
      let added = 0;
      for (const p of group) {
        if (have.has(p.k)) continue;
        have.add(p.k);
        block.k.push(p.k);
        block.t.push(searchDoc(p));
        added += 1;
      }
      if (added) search.put(block);
    };
  }
}

let opened = null;

/** The database, opened once per worker. */
export function db() {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = (event) => {
      const d = req.result;
      const tx = req.transaction;
      // Version 1: the first layout. Later versions add their steps below, in order.
      if (!d.objectStoreNames.contains('posts')) {
        const posts = d.createObjectStore('posts', { keyPath: 'k' });
        posts.createIndex('pq', 'pq');
        posts.createIndex('sq', 'sq');
      }
      if (!d.objectStoreNames.contains('aggs')) d.createObjectStore('aggs', { keyPath: 'q' });
      if (!d.objectStoreNames.contains('legacy')) d.createObjectStore('legacy', { keyPath: 'h' }).createIndex('at', 'at');
      if (!d.objectStoreNames.contains('journal')) d.createObjectStore('journal');
      // Version 2: the marks index and the search projection, built from the posts already kept.
      if (event.oldVersion < 2) {
        const posts = tx.objectStore('posts');
        if (!posts.indexNames.contains('wm')) posts.createIndex('wm', 'watch', { multiEntry: true });
        if (!d.objectStoreNames.contains('search')) {
          const search = d.createObjectStore('search', { keyPath: 'h' });
          if (event.oldVersion >= 1) backfillSearch(posts, search);
        }
      }
      // Version 3: the engine's cold keys (authors, saved posts) and the early batches' inbox.
      if (event.oldVersion < 3) {
        if (!d.objectStoreNames.contains('kv')) d.createObjectStore('kv');
        if (!d.objectStoreNames.contains('inbox')) d.createObjectStore('inbox', { autoIncrement: true });
      }
    };
    req.onsuccess = () => {
      // Another version (a newer Écoute in another context) asks to upgrade: let it, and reopen later.
      req.result.onversionchange = () => { req.result.close(); opened = null; };
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('the kept-post store is held open by an older Écoute page; close it and retry'));
  });
  return opened.catch((e) => { opened = null; throw e; });
}

const done = (tx) => new Promise((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = () => reject(tx.error);
  tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
});
const request = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

/**
 * Builds the search projection of the posts kept before version 2, in first-seen order so that one
 * hour block is held at a time (a year of posts is never in memory at once).
 */
function backfillSearch(posts, search) {
  let block = null;
  posts.index('sq').openCursor().onsuccess = (e) => {
    const c = e.target.result;
    if (!c || searchHour(c.value) !== block?.h) {
      if (block) search.put(block);
      block = c ? { h: searchHour(c.value), k: [], t: [] } : null;
    }
    if (!c) return;
    block.k.push(c.value.k);
    block.t.push(searchDoc(c.value));
    c.continue();
  };
}

/** Adds every number of `delta` into `into` (nested objects of counts); `q` is the key, not a count. */
export function addInto(into, delta) {
  for (const [k, v] of Object.entries(delta)) {
    if (k === 'q') continue;
    if (typeof v === 'number') into[k] = (into[k] || 0) + v;
    else if (v && typeof v === 'object') addInto((into[k] ??= {}), v);
  }
  return into;
}

/** Removes watch item `id` from an aggregate's sums; true when something was removed. */
function clearItem(agg, id) {
  let changed = false;
  for (const part of [agg.p, agg.s]) {
    if (part?.items && id in part.items) {
      delete part.items[id];
      changed = true;
    }
  }
  return changed;
}

const hasKv = (r) => (r.writes && Object.keys(r.writes).length) || (r.removals && r.removals.length);

/**
 * Makes an engine result durable (see the order at the top). Rejects on any failure (quota, I/O):
 * the caller then refuses the batch, and nothing of it is applied (IndexedDB aborts the transaction).
 */
export async function commit(result, { inbox = null } = {}) {
  const { writes, removals, ...rest } = result || {};
  // The engine's cold keys go in this transaction; the rest to chrome.storage.local through the journal.
  const cold = Object.entries(writes || {}).filter(([k]) => isCold(k));
  const coldGone = (removals || []).filter(isCold);
  const r = {
    ...rest,
    writes: Object.fromEntries(Object.entries(writes || {}).filter(([k]) => !isCold(k))),
    removals: (removals || []).filter((k) => !isCold(k)),
  };
  const d = await db();
  const tx = d.transaction(['posts', 'aggs', 'legacy', 'search', 'kv', 'inbox', 'journal'], 'readwrite');
  if (inbox != null) tx.objectStore('inbox').delete(inbox);
  const kvStore = tx.objectStore('kv');
  for (const k of coldGone) kvStore.delete(k);
  for (const [k, v] of cold) kvStore.put(v, k);
  const finished = done(tx);
  const posts = tx.objectStore('posts');
  const aggs = tx.objectStore('aggs');
  const legacy = tx.objectStore('legacy');
  const search = tx.objectStore('search');
  const writeAll = () => {
    for (const p of r.kept || []) posts.put(p);
    if (r.kept?.length) project(search, r.kept);
    for (const delta of r.deltas || []) {
      aggs.get(delta.q).onsuccess = (e) => aggs.put(addInto(e.target.result || { q: delta.q }, delta));
    }
    for (const a of r.agg_puts || []) aggs.put(a);
    for (const [h, at] of r.legacy || []) legacy.put({ h, at });
    if (r.prune_before != null) {
      // The sums go at once (every figure is read from them); the posts' records go in chunks after
      // this transaction (`prunePosts`): a retention cut from a year to 90 days removes 550,000 of them,
      // which in one transaction held the worker's queue for minutes. Until then they are only found
      // by key (dedup), never in a figure or a drill-down's period.
      const old = IDBKeyRange.upperBound(r.prune_before, true);
      aggs.delete(old);
      search.delete(IDBKeyRange.upperBound(r.prune_before - HOUR));
      legacy.index('at').getAllKeys(old).onsuccess = (e) => {
        for (const h of e.target.result) legacy.delete(h);
      };
    }
  };
  if (r.clear_items?.length) {
    // Watch items leaving the sums: every aggregate read, cleared, put back, and only then the rest of
    // the result (its sums may count the same items anew), all in this one transaction.
    const ids = r.clear_items.map(String);
    aggs.getAll().onsuccess = (e) => {
      for (const agg of e.target.result) {
        if (ids.map((id) => clearItem(agg, id)).some(Boolean)) aggs.put(agg);
      }
      writeAll();
    };
  } else {
    writeAll();
  }
  const kv = hasKv(r);
  if (kv) {
    // Merged with writes still waiting (a full chrome.storage.local): the newest value of a key wins.
    const journal = tx.objectStore('journal');
    journal.get('pending').onsuccess = (e) => journal.put(mergeKv(e.target.result, r), 'pending');
  }
  await finished;
  if (kv || backlog) await flushKv();
  if (r.prune_before != null) schedulePrune(r.prune_before);
}

const PRUNE_CHUNK = 5000;
let pruning = null;

/**
 * Deletes the kept posts first seen before `before` (a quarter, ms), `PRUNE_CHUNK` per transaction so
 * that batches are written in between. Resolves with the number deleted. A stopped worker leaves the
 * rest to the next prune (the engine prunes at each start and day), which takes everything older.
 */
export function schedulePrune(before) {
  const run = async () => {
    let total = 0;
    for (;;) {
      const tx = (await db()).transaction('posts', 'readwrite');
      const posts = tx.objectStore('posts');
      const keys = await request(posts.index('sq').getAllKeys(IDBKeyRange.upperBound(before, true), PRUNE_CHUNK));
      for (const k of keys) posts.delete(k);
      await done(tx);
      total += keys.length;
      if (keys.length < PRUNE_CHUNK) return total;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  pruning = (pruning || Promise.resolve()).then(run, run);
  return pruning;
}

/** Resolves when the prunes asked so far are done (tests, and the bench). */
export const pruned = () => pruning || Promise.resolve(0);

/** Key/value writes `next` after `prev` (either may be absent): what applying both in order does. */
export function mergeKv(prev, next) {
  const writes = { ...(prev?.writes || {}) };
  const removals = new Set(prev?.removals || []);
  for (const k of next?.removals || []) {
    removals.add(k);
    delete writes[k];
  }
  for (const [k, v] of Object.entries(next?.writes || {})) {
    writes[k] = v;
    removals.delete(k);
  }
  return { writes, removals: [...removals] };
}

/**
 * The key/value writes waiting in the journal, applied to chrome.storage.local. When that store is full
 * they stay in the journal (durable: IndexedDB) and the engine goes on from them (`overlay`); `backlog`
 * says so, and the next commit, or status check, tries again.
 */
export let backlog = null;

export async function flushKv() {
  const pending = await pendingKv();
  if (!pending) {
    backlog = null;
    return true;
  }
  try {
    await applyKv(pending);
  } catch (e) {
    backlog = { error: String(e?.message || e), keys: Object.keys(pending.writes).length + pending.removals.length, since: backlog?.since ?? Date.now() };
    return false;
  }
  await clearJournal(pending);
  backlog = null;
  return true;
}

/** The key/value store as the engine must see it: what is stored, with the waiting writes over it. */
export function overlay(entries, pending) {
  if (!pending) return entries;
  const out = { ...entries, ...pending.writes };
  for (const k of pending.removals) if (!(k in pending.writes)) delete out[k];
  return out;
}

async function applyKv({ writes, removals }) {
  if (writes && Object.keys(writes).length) await chrome.storage.local.set(writes);
  // A key both written and removed by one result was rebuilt: the engine never sends both (settle()).
  if (removals && removals.length) await chrome.storage.local.remove(removals);
}

export async function pendingKv() {
  const tx = (await db()).transaction('journal');
  return (await request(tx.objectStore('journal').get('pending'))) || null;
}

/** Deletes the journal entry, unless a newer commit replaced it meanwhile (it is applied next time). */
async function clearJournal(applied) {
  const tx = (await db()).transaction('journal', 'readwrite');
  const journal = tx.objectStore('journal');
  journal.get('pending').onsuccess = (e) => {
    const now = e.target.result;
    if (now && JSON.stringify(now) === JSON.stringify(applied)) journal.delete('pending');
  };
  await done(tx);
}

/** What the kept-post store holds of a batch: `{posts, legacy}` for `[[key, hash], …]`. */
export async function lookup(keys) {
  if (!keys.length) return { posts: [], legacy: [] };
  const tx = (await db()).transaction(['posts', 'legacy']);
  const posts = tx.objectStore('posts');
  const legacy = tx.objectStore('legacy');
  const found = await Promise.all(keys.map(([k]) => request(posts.get(k))));
  const old = await Promise.all(keys.map(([, h]) => request(legacy.count(h))));
  return { posts: found.filter(Boolean), legacy: keys.filter((_, i) => old[i] > 0).map(([, h]) => h) };
}

/** The aggregates of quarters in [fromMs, toMs). */
export async function aggsBetween(fromMs, toMs) {
  const tx = (await db()).transaction('aggs');
  return request(tx.objectStore('aggs').getAll(IDBKeyRange.bound(fromMs, toMs, false, true)));
}

/**
 * The kept posts of a period, as the figures count them: published in [fromMs, toMs), and those not in
 * dated figures (no publication time, or an older one) first seen in it.
 */
export async function postsOfPeriod(fromMs, toMs) {
  const tx = (await db()).transaction('posts');
  const store = tx.objectStore('posts');
  const range = IDBKeyRange.bound(fromMs, toMs, false, true);
  const [dated, seen] = await Promise.all([request(store.index('pq').getAll(range)), request(store.index('sq').getAll(range))]);
  return [...dated, ...seen.filter((p) => p.pq == null)];
}

/** Every aggregate (backups). */
export async function allAggs() {
  const tx = (await db()).transaction('aggs');
  return request(tx.objectStore('aggs').getAll());
}

/** Up to `limit` kept posts after key `after` (or from the first), in key order: a recount's chunk. */
export async function postsAfter(after, limit) {
  const tx = (await db()).transaction('posts');
  const range = after == null ? null : IDBKeyRange.lowerBound(after, true);
  return request(tx.objectStore('posts').getAll(range, limit));
}

export async function countPosts() {
  const tx = (await db()).transaction('posts');
  return request(tx.objectStore('posts').count());
}

/**
 * The kept posts behind a figure: published (`by: 'published'`, the default) or first seen
 * (`by: 'seen'`) in [fromMs, toMs), newest first, that pass `keep(post)`; at most `limit`, after the
 * cursor `before` (`[q, k]` of the last post of the previous page). Returns `{posts, next}`.
 */
export async function queryPosts({ fromMs, toMs, by = 'published', keep = (_post) => true, limit = 50, before = null }) {
  const tx = (await db()).transaction('posts');
  const index = tx.objectStore('posts').index(by === 'seen' ? 'sq' : 'pq');
  const upper = before ? before[0] : toMs;
  const range = IDBKeyRange.bound(fromMs, upper, false, !before);
  const out = [];
  let skipping = Boolean(before);
  await new Promise((resolve, reject) => {
    const req = index.openCursor(range, 'prev');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const c = req.result;
      if (!c) return resolve();
      if (skipping) {
        // Within the cursor's quarter, posts come in descending key order: skip up to the last one shown.
        if (c.key === before[0] && c.primaryKey >= before[1]) return c.continue();
        skipping = false;
      }
      if (keep(c.value)) out.push(c.value);
      if (out.length > limit) return resolve();
      c.continue();
    };
  });
  const more = out.length > limit;
  if (more) out.pop();
  const last = out.at(-1);
  return { posts: out, next: more && last ? [by === 'seen' ? last.sq : last.pq, last.k] : null };
}

/** Space used by the extension's origin (IndexedDB and the rest), as the browser counts it. */
export async function usage() {
  const est = await navigator.storage?.estimate?.();
  return { bytes: est?.usage ?? null, quota: est?.quota ?? null, posts: await countPosts() };
}

/** Empties the kept-post store (reset). */
export async function wipe() {
  const stores = ['posts', 'aggs', 'legacy', 'search', 'kv', 'inbox', 'journal'];
  const tx = (await db()).transaction(stores, 'readwrite');
  for (const s of stores) tx.objectStore(s).clear();
  await done(tx);
  backlog = null;
}

/** Every kept post, chunk by chunk (exports and backups stream them instead of holding a year at once). */
export async function* allPosts(chunk = 2000) {
  let after = null;
  for (;;) {
    const posts = await postsAfter(after, chunk);
    if (!posts.length) return;
    yield posts;
    if (posts.length < chunk) return;
    after = posts.at(-1).k;
  }
}

/**
 * The search projection, `hours` hour blocks at a time, oldest first: `{keys, docs}` with the docs joined
 * as `Engine.search` and `searchQuery` take them (U+0000 between posts).
 */
export async function* searchChunks(hours) {
  for (let after = null; ;) {
    const blocks = await searchAfter(after, hours);
    if (!blocks.length) return;
    yield { keys: blocks.flatMap((b) => b.k), docs: blocks.flatMap((b) => b.t).join('\u0000') };
    if (blocks.length < hours) return;
    after = blocks.at(-1).h;
  }
}

/** Up to `limit` hour blocks of the search projection after hour `after` (or from the first). */
export async function searchAfter(after, limit) {
  const tx = (await db()).transaction('search');
  const range = after == null ? null : IDBKeyRange.lowerBound(after, true);
  return request(tx.objectStore('search').getAll(range, limit));
}

/** The keys of the kept posts that carry a mark of watch item `id` (any revision). */
export async function keysMarkedBy(id) {
  const tx = (await db()).transaction('posts');
  return request(tx.objectStore('posts').index('wm').getAllKeys(IDBKeyRange.bound([id], [id, Infinity])));
}

/** The kept posts of these keys that are still kept, in the keys' order. */
export async function postsByKeys(keys) {
  const tx = (await db()).transaction('posts');
  const posts = tx.objectStore('posts');
  return (await Promise.all(keys.map((k) => request(posts.get(k))))).filter(Boolean);
}

/** The engine's cold keys (`COLD`) as `{key: value}`, those starting with `prefix` (default: all). */
export async function coldEntries(prefix = null) {
  const tx = (await db()).transaction('kv');
  const store = tx.objectStore('kv');
  const range = prefix == null ? null : IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  const [keys, values] = await Promise.all([request(store.getAllKeys(range)), request(store.getAll(range))]);
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** What the engine reads at start: the key/value state without its cold keys, and the authors. */
export async function startEntries(entries) {
  const hot = await withoutCold(entries);
  const atStart = await Promise.all(AT_START.map((p) => coldEntries(p)));
  return Object.assign(hot, ...atStart);
}

/** How many cold keys start with `prefix` (the saved posts' count, without reading them). */
export async function countCold(prefix) {
  const tx = (await db()).transaction('kv');
  return request(tx.objectStore('kv').count(IDBKeyRange.bound(prefix, `${prefix}\uffff`)));
}

/**
 * The key/value store a start reads, without its cold keys: those an older version kept in
 * chrome.storage.local are moved to IndexedDB first (put there, then removed; a stop in between
 * moves them again at the next start, harmlessly).
 */
export async function withoutCold(entries) {
  const cold = Object.keys(entries).filter(isCold);
  if (!cold.length) return entries;
  const tx = (await db()).transaction('kv', 'readwrite');
  for (const k of cold) tx.objectStore('kv').put(entries[k], k);
  await done(tx);
  await chrome.storage.local.remove(cold);
  const hot = { ...entries };
  for (const k of cold) delete hot[k];
  return hot;
}

/** Keeps a batch answered before the engine was loaded, until it is counted (`commit(…, {inbox})`). */
export async function toInbox(posts, at, offset) {
  const tx = (await db()).transaction('inbox', 'readwrite');
  tx.objectStore('inbox').put({ posts, at, offset });
  await done(tx);
}

/** The oldest batch waiting in the inbox, `{key, posts, at, offset}`, or null. */
export async function nextInInbox() {
  const tx = (await db()).transaction('inbox');
  const store = tx.objectStore('inbox');
  const [key] = await request(store.getAllKeys(null, 1));
  if (key == null) return null;
  return { key, ...(await request(store.get(key))) };
}
