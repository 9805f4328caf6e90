// The kept-post store under a year of heavy use (issue 11, "Benchmarks"), in the real built extension
// (dist/chromium) in Debian's Chromium, driven by playwright-core like tests/e2e/harness.mjs:
//
//   load   a generated year (bench/store/gen.mjs): 2,000 posts a day for 365 days, 100 watch items (99
//          loaded, the 100th is the recount's new one), 5,000 saved posts. Every record is made by the real
//          engine: an extension page runs the wasm `Engine` with a fake clock (ingest, batch by batch, at the
//          time each batch was read) and makes its results durable with the background's own db.js
//          `commit()`, exactly as background/main.js does. Retention 365 days for the year.
//   (a)    service-worker cold start to the first annotation of a new batch (worker killed over CDP as
//          the e2e harness's stopWorker() does; target <= 50 ms), with where the time goes;
//   (b)    recount of a new watch item over the kept posts (watchlist_set until the `storage` op says it
//          finished; target <= 2 s over 180,000), and meanwhile the latency of `status`, `today` and of a
//          content script's batch;
//   (c)    bytes on disk per kept post and for the year (navigator.storage.estimate(), and the profile's
//          IndexedDB and extension-settings folders, measured with the browser closed);
//   (d)    the dashboard's first meaningful paint (#k-posts shows a number; target <= 300 ms), worker
//          running and worker stopped.
// Then the default retention (90 days) is set through the background (its prune timed) and (a)-(d) are
// measured again, over about 180,000 kept posts.
//
//   node bench/store/bench.mjs [--fresh] [--rounds N] [--recount-year] [--days N] [--per-day N] [--sample N]
// The loaded year is kept in out/bench-store/year/ (a Chromium profile, ignored by git) and reused for a
// day; --fresh generates it again. A whole run takes about half an hour here (8 min to load, 11 min for the
// 365 → 90 days prune). After one, `--profile-only` reruns the step profiles on the profile it left
// (out/bench-store/profile, 90 days), `--profile-only --recount-only [--quiet]` the recount alone.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DIST, ROOT } from '../../tests/e2e/harness.mjs';
import { generator, loadTexts, watchItems } from './gen.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const FRESH = process.argv.includes('--fresh');
const DAYS = arg('--days', 365);
const PER_DAY = arg('--per-day', 2000);
const SAVES = arg('--saves', 5000);
const ROUNDS = arg('--rounds', 7);
// Days made batch by batch by the engine; the rest of the year copies them (see loadYear()).
const SAMPLE = arg('--sample', 5);
const TZ = 'Europe/Paris'; // the persona of issue 11: a marketer in Paris, browser in French
const OUT = join(ROOT, 'out', 'bench-store');
const YEAR = join(OUT, 'year');
const WORK = join(OUT, 'profile');
const datasets = process.env.ECOUTE_DATASETS || (existsSync(join(ROOT, '../shared/datasets')) ? join(ROOT, '../shared/datasets') : '/work/shared/datasets');

const ms = (x) => (x == null ? '-' : `${x.toFixed(1)} ms`);
const int = (x) => Math.round(x).toLocaleString('en');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => (xs.length ? `median ${ms(median(xs))}, min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))} (${xs.length} runs)` : 'no sample');
const log = (...a) => console.log(...a);

async function launch(profile) {
  // Chromium keeps an extension's service worker script with its registration in the profile and, for an
  // unpacked extension of the same version, runs that copy rather than the build: the worker would be
  // the one the year was loaded with. Without the registration, it registers the build's worker anew.
  rmSync(join(profile, 'Default', 'Service Worker'), { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false, // the new headless mode is asked for below: the old one cannot load extensions
    viewport: { width: 1200, height: 900 },
    env: { ...process.env, TZ, LANGUAGE: 'fr_FR' },
    args: ['--lang=fr-FR', '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // No network at all: nothing here needs it.
      '--host-resolver-rules=MAP * ~NOTFOUND',
      `--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`],
  });
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 30000 });
  const id = new URL(worker.url()).host;
  const b = {
    context,
    id,
    url: (path) => `chrome-extension://${id}/${path}`,
    page: null,
    /** An extension page to drive from: the popup, its 2 s poll stopped (it would queue `today` asks). */
    async driver() {
      if (this.page && !this.page.isClosed()) return this.page;
      this.page = await context.newPage();
      await this.page.goto(this.url('popup/popup.html'));
      await this.page.evaluate(() => { for (let i = 1; i < 1000; i++) clearInterval(i); });
      return this.page;
    },
    async send(msg) {
      return (await this.driver()).evaluate((m) => chrome.runtime.sendMessage(m), msg);
    },
    async ask(op, args = {}) {
      const reply = await this.send({ type: 'ecoute/listening', op, ...args });
      if (!reply?.ok) throw new Error(`${op}: ${reply?.error || 'no reply'}`);
      return reply.result;
    },
    /** As tests/e2e/harness.mjs stopWorker(): closes the service worker's target over CDP. */
    async stopWorker() {
      const cdp = await context.browser().newBrowserCDPSession();
      for (let i = 0; i < 50; i++) {
        const { targetInfos } = await cdp.send('Target.getTargets');
        const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${id}/`));
        if (!sw) break;
        await cdp.send('Target.closeTarget', { targetId: sw.targetId });
        await new Promise((r) => setTimeout(r, 100));
      }
      await cdp.detach();
    },
    close: () => context.close(),
  };
  return b;
}

/** Bytes under a folder (files only), as `du --apparent-size` would sum them. */
function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? folderBytes(p) : statSync(p).size;
  }
  return n;
}

function diskOf(profile, id) {
  const base = join(profile, 'Default');
  const idb = readdirSync(join(base, 'IndexedDB')).filter((d) => d.includes(id)).reduce((s, d) => s + folderBytes(join(base, 'IndexedDB', d)), 0);
  const kv = folderBytes(join(base, 'Local Extension Settings', id));
  return { idb, kv };
}

// ---- load ---------------------------------------------------------------------------------------------

/** Runs in the extension page: the real engine and db.js, a fake clock at `t0`. */
async function pageSetup({ t0, items, retention }) {
  const w = await import('/engine/ecoute_wasm.js');
  await w.default({ module_or_path: chrome.runtime.getURL('engine/ecoute_wasm_bg.wasm') });
  const db = await import('/background/db.js');
  await db.flushKv();
  const engine = new w.Engine(JSON.stringify(await db.startEntries(db.overlay(await chrome.storage.local.get(null), await db.pendingKv()))), t0);
  await db.commit(engine.startup());
  await db.commit(engine.listening({ op: 'set_retention', days: retention }, t0));
  const r = engine.listening({ op: 'watchlist_set', items }, t0);
  await db.commit(r);
  // No post is kept yet: each item's recount is complete at once.
  for (const mark of r.recount || []) await db.commit(engine.recountDone(mark));
  globalThis.__bench = { db, engine, ingestMs: 0, commitMs: 0, saveMs: 0 };
}

/** Runs in the extension page: one day's batches, as background/main.js analyze() does with them. */
async function pageDay({ batches, saves }) {
  const B = globalThis.__bench;
  for (const b of batches) {
    const t = performance.now();
    // Every id is new by construction, so the store lookup (db.lookup) would find nothing: skipped.
    const r = B.engine.ingest(b.posts, { posts: [], legacy: [] }, b.at, -new Date(b.at).getTimezoneOffset());
    const t1 = performance.now();
    await B.db.commit(r);
    B.ingestMs += t1 - t;
    B.commitMs += performance.now() - t1;
  }
  if (saves.length) {
    const t = performance.now();
    const at = batches.at(-1).at + 60000;
    const writes = {};
    for (const s of saves) Object.assign(writes, B.engine.listening({ op: 'save_post', request: s }, at).writes);
    await B.db.commit({ writes });
    B.saveMs += performance.now() - t;
  }
  return { ingestMs: B.ingestMs, commitMs: B.commitMs, saveMs: B.saveMs };
}

/** Local midnight, `offsetDays` from today's, in the browser's zone. */
function localMidnight(now, offsetDays) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(now));
  const [y, m, d] = parts.split('-').map(Number);
  // The instant of 00:00 in TZ on that day: UTC midnight minus the zone's offset then (checked twice
  // across a DST change).
  const utc = Date.UTC(y, m - 1, d + offsetDays);
  const offsetAt = (t) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: TZ, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(t));
    const g = (k) => Number(f.find((p) => p.type === k).value);
    return Date.UTC(g('year'), g('month') - 1, g('day'), g('hour'), g('minute')) - t;
  };
  let t = utc - offsetAt(utc);
  t = utc - offsetAt(t);
  return t;
}

/** Runs in the extension page: `saves` saved through the engine at `at`, one commit. */
async function pageSaves({ saves, at }) {
  const B = globalThis.__bench;
  const writes = {};
  for (const s of saves) Object.assign(writes, B.engine.listening({ op: 'save_post', request: s }, at).writes);
  await B.db.commit({ writes });
}

/**
 * Runs in the extension page: the kept posts and sums the engine made for the sample days, copied to the
 * `blocks - 1` blocks of `blockDays` days before them: new ids, every time moved back by whole days
 * (publication, first and last seen, quarters), sums added quarter by quarter with db.js addInto().
 */
async function pageReplicate({ blocks, blockDays }) {
  const { db } = globalThis.__bench;
  const d = await db.db();
  const all = (store) => new Promise((resolve, reject) => {
    const r = d.transaction(store).objectStore(store).getAll();
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const posts = await all('posts');
  const tpl = await all('aggs');
  const sums = new Map((await all('aggs')).map((a) => [a.q, a]));
  const t0 = performance.now();
  for (let j = 1; j < blocks; j++) {
    const shift = -j * blockDays * 86400000;
    const tx = d.transaction(['posts', 'search'], 'readwrite');
    const store = tx.objectStore('posts');
    // The copies' search projection (db.js `search`), one record per hour as commit() builds it.
    const hours = new Map();
    for (const p of posts) {
      const c = { ...p, id: `${p.id}r${j}`, first_seen: p.first_seen + shift, last_seen: p.last_seen + shift, sq: p.sq + shift };
      c.k = `${c.site}:${c.id}`;
      if (p.url) c.url = `${p.url}r${j}`;
      if (p.pq != null) c.pq = p.pq + shift;
      if (p.published != null) c.published = p.published + shift;
      store.put(c);
      const h = db.searchHour(c);
      if (!hours.has(h)) hours.set(h, { h, k: [], t: [] });
      hours.get(h).k.push(c.k);
      hours.get(h).t.push(db.searchDoc(c));
    }
    for (const block of hours.values()) tx.objectStore('search').put(block);
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    for (const a of tpl) {
      const q = a.q + shift;
      sums.set(q, db.addInto(sums.get(q) || { q }, a));
    }
  }
  const tx = d.transaction('aggs', 'readwrite');
  for (const a of sums.values()) tx.objectStore('aggs').put(a);
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  return { templates: posts.length, aggs: sums.size, ms: performance.now() - t0 };
}

async function loadYear(texts, items) {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const b = await launch(WORK);
  const page = await b.driver();
  const now = Date.now();
  // The last SAMPLE days go through the engine batch by batch; the days before are copies of them.
  const sample = Math.min(SAMPLE, DAYS);
  const blocks = Math.ceil(DAYS / sample);
  const gen = generator({ texts, postsPerDay: PER_DAY, days: sample, savesTotal: 0 });
  const t0 = localMidnight(now, -(sample - 1));
  await page.evaluate(pageSetup, { t0, items, retention: DAYS > 90 ? 365 : 90 });
  const start = performance.now();
  let posts = 0;
  let times = null;
  for (const day of gen.days(now, localMidnight)) {
    times = await page.evaluate(pageDay, day);
    posts += day.batches.reduce((s, x) => s + x.posts.length, 0);
    log(`  engine day ${day.day + 1}/${sample}: ${int(posts)} posts, ${((performance.now() - start) / 1000).toFixed(0)} s (ingest ${(times.ingestMs / 1000).toFixed(1)} s, IndexedDB + storage commits ${(times.commitMs / 1000).toFixed(1)} s)`);
  }
  const engineSeconds = (performance.now() - start) / 1000;
  const saves = generator({ texts, seed: 7, postsPerDay: 1, days: DAYS }).saves(SAVES, now - 120e3);
  const s0 = performance.now();
  for (let i = 0; i < saves.length; i += 500) await page.evaluate(pageSaves, { saves: saves.slice(i, i + 500), at: now - 60e3 });
  const saveSeconds = (performance.now() - s0) / 1000;
  const rep = await page.evaluate(pageReplicate, { blocks, blockDays: sample });
  log(`  replicated ${int(rep.templates)} engine-made posts into ${blocks - 1} earlier blocks of ${sample} days: ${int(rep.templates * (blocks - 1))} posts, ${int(rep.aggs)} quarter-hour sums, ${(rep.ms / 1000).toFixed(0)} s`);
  const elapsed = (performance.now() - start) / 1000;
  await b.close();
  rmSync(YEAR, { recursive: true, force: true });
  cpSync(WORK, YEAR, { recursive: true });
  const meta = { now, days: blocks * sample, perDay: PER_DAY, sample, saves: saves.length, posts: posts * blocks, id: b.id, loadSeconds: elapsed, engineSeconds, saveSeconds, replicateSeconds: rep.ms / 1000, ...times };
  writeFileSync(join(YEAR, 'bench-meta.json'), JSON.stringify(meta, null, 2));
  return meta;
}

// ---- measures ------------------------------------------------------------------------------------------

let fresh = 0;
/** A batch as a content script sends it: new posts, published in the last minutes. */
function newBatch(texts, n = 20) {
  const now = Date.now();
  const k = fresh++;
  return Array.from({ length: n }, (_, i) => ({
    site: 'x', id: `9${k}${String(i).padStart(3, '0')}${now}`, url: null,
    author: { handle: `bench_${(k * n + i) % 50}`, name: null, verified: false, followers: 120 },
    text: texts.frTweets[(k * n + i) % texts.frTweets.length], time: new Date(now - (i + 1) * 60000).toISOString(),
    promoted: false, metrics: { likes: i, replies: 1 }, shown: {},
  }));
}

/** (a) The worker stopped, then a batch: from sending it to its annotations. */
async function coldStart(b, texts) {
  const page = await b.driver();
  const cold = [];
  const warm = [];
  const startMs = [];
  for (let r = 0; r < ROUNDS; r++) {
    await b.stopWorker();
    await page.waitForTimeout(300);
    const posts = newBatch(texts);
    const t = await page.evaluate(async (p) => {
      const t0 = performance.now();
      const reply = await chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts: p });
      if (!reply?.ok || reply.annotations.length !== p.length) throw new Error(`batch refused: ${reply?.error}`);
      return performance.now() - t0;
    }, posts);
    cold.push(t);
    startMs.push((await b.send({ type: 'ecoute/status' })).startMs);
    const w = await page.evaluate(async (p) => {
      const t0 = performance.now();
      const reply = await chrome.runtime.sendMessage({ type: 'ecoute/analyze', posts: p });
      if (!reply?.ok) throw new Error(reply?.error);
      return performance.now() - t0;
    }, newBatch(texts));
    warm.push(w);
  }
  // Where a start's time goes: the same steps as background/main.js start() and analyze(), timed one by
  // one in an extension page on the same stores (a second engine, thrown away; it writes nothing).
  const parts = [];
  for (let r = 0; r < 3; r++) {
    parts.push(await page.evaluate(async (p) => {
      const t = [performance.now()];
      const w = await import(`/engine/ecoute_wasm.js?fresh=${Math.random()}`);
      await w.default({ module_or_path: chrome.runtime.getURL('engine/ecoute_wasm_bg.wasm') });
      t.push(performance.now());
      const db = await import('/background/db.js');
      await db.flushKv();
      t.push(performance.now());
      const entries = await db.startEntries(db.overlay(await chrome.storage.local.get(null), await db.pendingKv()));
      t.push(performance.now());
      const engine = new w.Engine(JSON.stringify(entries), Date.now());
      t.push(performance.now());
      const startup = engine.startup();
      t.push(performance.now());
      const keys = engine.keysOf(p);
      const known = await db.lookup(keys);
      t.push(performance.now());
      engine.ingest(p, known, Date.now(), -new Date().getTimezoneOffset());
      t.push(performance.now());
      engine.free();
      const keysN = Object.keys(entries).length;
      const bytes = JSON.stringify(entries).length;
      const byKind = {};
      for (const [k, v] of Object.entries(entries)) {
        const kind = k.split(':')[0];
        byKind[kind] = byKind[kind] || { keys: 0, bytes: 0 };
        byKind[kind].keys++;
        byKind[kind].bytes += JSON.stringify(v).length;
      }
      const d = (i) => t[i + 1] - t[i];
      return { init: d(0), journal: d(1), storageGet: d(2), engineLoad: d(3), startupResult: d(4), lookup: d(5), ingest: d(6), keysN, bytes, byKind, prunePending: startup.prune_before };
    }, newBatch(texts)));
  }
  return { cold, warm, startMs, parts };
}

/** (b) Adds watch item `query` and times its recount; other messages are asked meanwhile. */
async function recount(b, texts, query, { quiet = false } = {}) {
  const page = await b.driver();
  const before = await b.ask('watchlist_get');
  const items = [...before.map(({ id, rev, query: q, label }) => ({ id, rev, query: q, label })), { query, label: 'Recount bench' }];
  const result = await page.evaluate(async ({ items, batches, quiet }) => {
    const ask = async (m) => {
      const t0 = performance.now();
      const reply = await chrome.runtime.sendMessage(m);
      if (!reply?.ok) throw new Error(reply?.error);
      return { ms: performance.now() - t0, reply };
    };
    const t0 = performance.now();
    const set = await ask({ type: 'ecoute/listening', op: 'watchlist_set', items });
    const setMs = performance.now() - t0;
    const id = set.reply.result.at(-1).id;
    const lat = { status: [], today: [], batch: [] };
    let done = null;
    let progress = [];
    // Other messages while it runs: `status` (answered outside the queue), `today` (the popup's ask,
    // queued between chunks like every listening op) and a content script's batch (queued too).
    const others = (async () => {
      let k = 0;
      while (!done && !quiet) {
        lat.status.push((await ask({ type: 'ecoute/status' })).ms);
        lat.today.push((await ask({ type: 'ecoute/listening', op: 'today' })).ms);
        if (k < batches.length) lat.batch.push((await ask({ type: 'ecoute/analyze', posts: batches[k++] })).ms);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    while (!done) {
      const s = await ask({ type: 'ecoute/listening', op: 'storage' });
      const rc = s.reply.result.recounts.find((r) => r.id === id);
      progress.push([performance.now() - t0, rc?.done ?? 0]);
      if (rc && !rc.running) done = { ms: performance.now() - t0, rc };
      else await new Promise((r) => setTimeout(r, quiet ? 1000 : 100));
    }
    await others;
    return { setMs, done, lat, id, progress: progress.filter((_, i) => i % 5 === 0) };
  }, { items, batches: Array.from({ length: 20 }, () => newBatch(texts)), quiet });
  return result;
}

/**
 * Where a recount's time goes: the steps of recount.js run() timed one by one in an extension page (a
 * second engine read from the same stores; nothing is written): the search pass over the text projection
 * in turns of `blocks` hour blocks, then the records of the posts found and of the posts the item's
 * earlier revisions marked, through engine.recount.
 */
async function recountProfile(b, id, blocks = 48) {
  const page = await b.driver();
  const item = (await b.ask('watchlist_get')).find((i) => i.id === id);
  return page.evaluate(async ({ mark, blocks }) => {
    const w = await import('/engine/ecoute_wasm.js');
    await w.default({ module_or_path: chrome.runtime.getURL('engine/ecoute_wasm_bg.wasm') });
    const db = await import('/background/db.js');
    const engine = new w.Engine(await chrome.storage.local.get(null), Date.now());
    const t = { read: 0, search: 0, turns: 0, posts: 0, bytes: 0, marked: 0, found: 0, records: 0, recount: 0 };
    const found = new Set();
    let after = null;
    for (;;) {
      let t0 = performance.now();
      const bs = await db.searchAfter(after, blocks);
      t.read += performance.now() - t0;
      if (!bs.length) break;
      t0 = performance.now();
      const keys = bs.flatMap((x) => x.k);
      const docs = bs.flatMap((x) => x.t).join('\u0000');
      for (const i of engine.search(mark, docs)) found.add(keys[i]);
      t.search += performance.now() - t0;
      t.turns++;
      t.posts += keys.length;
      t.bytes += docs.length;
      if (bs.length < blocks) break;
      after = bs.at(-1).h;
    }
    let t0 = performance.now();
    const marked = await db.keysMarkedBy(mark[0]);
    t.marked = performance.now() - t0;
    for (const k of marked) found.add(k);
    t.found = found.size;
    const keys = [...found].sort();
    for (let i = 0; i < keys.length; i += 2000) {
      t0 = performance.now();
      const posts = await db.postsByKeys(keys.slice(i, i + 2000));
      t.records += performance.now() - t0;
      t0 = performance.now();
      engine.recount(mark, posts);
      t.recount += performance.now() - t0;
    }
    engine.free();
    return t;
  }, { mark: [item.id, item.rev], blocks });
}

/** One line for a recount's profile. */
function recountSteps(pr, blocks) {
  const us = (x) => `${(x / pr.posts * 1000).toFixed(1)} µs a post`;
  return `where a recount goes (its steps in an extension page, ${blocks} hour blocks a turn, ${pr.turns} turns, ${int(pr.posts)} posts): `
    + `search pass: IndexedDB read of the projection ${ms(pr.read)} (${us(pr.read)}, ${int(pr.bytes / pr.posts)} chars a post), engine.search ${ms(pr.search)} (${us(pr.search)}); `
    + `posts marked by earlier revisions (index wm) ${ms(pr.marked)}; ${int(pr.found)} records read ${ms(pr.records)} and recounted ${ms(pr.recount)}`;
}

/** Where the dashboard's `summary` goes: listening.js's steps for the last 7 local days, timed one by one. */
async function summaryProfile(b) {
  const page = await b.driver();
  return page.evaluate(async () => {
    const w = await import('/engine/ecoute_wasm.js');
    await w.default({ module_or_path: chrome.runtime.getURL('engine/ecoute_wasm_bg.wasm') });
    const db = await import('/background/db.js');
    const { addDays, localDay, localDayStart } = await import('/shared/localtime.js');
    const engine = new w.Engine(await chrome.storage.local.get(null), Date.now());
    const runs = [];
    for (let r = 0; r < 3; r++) {
      const now = Date.now();
      const to = localDay(now);
      const from = addDays(to, -6);
      const t = [performance.now()];
      const aggs = await db.aggsBetween(localDayStart(from), localDayStart(addDays(to, 1)));
      t.push(performance.now());
      const view = w.fold(aggs, aggs.map((a) => -new Date(a.q).getTimezoneOffset()));
      t.push(performance.now());
      const reply = engine.listening({ op: 'summary', filter: { from, to }, top: 50, view }, now);
      t.push(performance.now());
      const msg = JSON.stringify(reply.result).length;
      const parts = Object.fromEntries(Object.entries(reply.result).map(([k, v]) => [k, JSON.stringify(v ?? null).length]));
      runs.push({ parts, aggs: t[1] - t[0], fold: t[2] - t[1], summary: t[3] - t[2], n: aggs.length, aggBytes: JSON.stringify(aggs).length, viewBytes: JSON.stringify(view).length, msg });
    }
    engine.free();
    return runs;
  });
}

/** Removes watch item `id` (to add the recount's item again later). */
async function removeItem(b, id) {
  const items = (await b.ask('watchlist_get')).filter((i) => i.id !== id).map(({ id: i, rev, query, label }) => ({ id: i, rev, query, label }));
  await b.ask('watchlist_set', { items });
}

/** (d) The dashboard opened: time from navigation to the first frame where #k-posts shows a number. */
async function dashboard(b, { stopped }) {
  const out = [];
  for (let r = 0; r < ROUNDS; r++) {
    if (stopped) {
      await b.stopWorker();
      await (await b.driver()).waitForTimeout(300);
    }
    const page = await b.context.newPage();
    await page.goto(b.url('dashboard/dashboard.html'), { waitUntil: 'commit' });
    const t = await page.waitForFunction(() => {
      const k = document.getElementById('k-posts');
      return k && /\d/.test(k.textContent) ? { at: performance.now(), text: k.textContent } : null;
    }, null, { polling: 'raf', timeout: 60000 });
    out.push({ ...(await t.jsonValue()) });
    await page.close();
  }
  return out;
}

async function measureAll(b, texts, label, { recountQuery }) {
  const page = await b.driver();
  const storage = await b.ask('storage');
  log(`\n-- ${label}: ${int(storage.posts)} kept posts`);
  const est = await page.evaluate(() => navigator.storage.estimate());
  log(`(c) navigator.storage.estimate(): ${int(est.usage)} bytes used (${(est.usage / storage.posts).toFixed(0)} B per kept post), quota ${int(est.quota)}`);

  const a = await coldStart(b, texts);
  log(`(a) cold start → first annotation of a 20-post batch: ${stats(a.cold)} (target <= 50 ms)`);
  log(`    same batch, worker running: ${stats(a.warm)}; the worker's start() (status.startMs): ${stats(a.startMs)}`);
  const p = a.parts.at(-1);
  const avg = (k) => a.parts.reduce((s, x) => s + x[k], 0) / a.parts.length;
  log(`    where a start goes (same steps in an extension page, mean of ${a.parts.length}): wasm compile+instantiate ${ms(avg('init'))}, journal ${ms(avg('journal'))}, chrome.storage.local.get(null) ${ms(avg('storageGet'))} (${int(p.keysN)} keys, ${int(p.bytes)} B of JSON), new Engine (deserialise + load) ${ms(avg('engineLoad'))}, startup result ${ms(avg('startupResult'))}, batch lookup in IndexedDB ${ms(avg('lookup'))}, ingest ${ms(avg('ingest'))}`);
  log(`    keys by kind: ${Object.entries(p.byKind).sort((x, y) => y[1].bytes - x[1].bytes).map(([k, v]) => `${k} ${int(v.keys)} (${int(v.bytes)} B)`).join(', ')}`);

  const dw = await dashboard(b, { stopped: false });
  log(`(d) dashboard → #k-posts shows a number, worker running: ${stats(dw.map((x) => x.at))} ("${dw[0].text}" posts in the last 7 days; target <= 300 ms)`);
  const dc = await dashboard(b, { stopped: true });
  log(`    worker stopped first (its start included): ${stats(dc.map((x) => x.at))}`);
  const sp = await summaryProfile(b);
  const mean = (k) => sp.reduce((s, x) => s + x[k], 0) / sp.length;
  log(`    the summary's reply by part (B of JSON): ${Object.entries(sp[0].parts).sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
  log(`    where its \`summary\` goes (listening.js's steps in an extension page, mean of ${sp.length}): IndexedDB aggs of 7 days ${ms(mean('aggs'))} (${int(sp[0].n)} quarter hours, ${int(sp[0].aggBytes)} B of JSON), fold in wasm ${ms(mean('fold'))} (view ${int(sp[0].viewBytes)} B), Engine.listening summary ${ms(mean('summary'))} (reply ${int(sp[0].msg)} B)`);

  let rc = null;
  if (recountQuery) {
    rc = await recount(b, texts, recountQuery);
    log(`(b) recount of a new watch item ("${recountQuery}") over ${int(rc.done.rc.total)} kept posts: ${ms(rc.done.ms)} from watchlist_set to done (${int(rc.done.rc.matched)} matched; the set itself answered in ${ms(rc.setMs)}; target <= 2,000 ms)`);
    log(`    meanwhile: status ${stats(rc.lat.status)}; today ${stats(rc.lat.today)}; a 20-post batch ${stats(rc.lat.batch)}`);
    log(`    progress (ms, posts done): ${rc.progress.map(([t, d]) => `${t.toFixed(0)}:${d}`).join(' ')}`);
    for (const blocks of [48, 192]) {
      const pr = await recountProfile(b, rc.id, blocks);
      log(`    ${recountSteps(pr, blocks)}`);
    }
  }
  return { storage, est, a, dw, dc, rc };
}

// ---- main ----------------------------------------------------------------------------------------------

if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/chromium is missing: run `make build` first');
const texts = loadTexts(datasets);
const items = watchItems(texts, 100);
const loaded = items.slice(0, 99); // the 100th is the recount's new item
const newQuery = items[99].query;
mkdirSync(OUT, { recursive: true });
if (process.argv.includes('--profile-only')) {
  // The last run's profile as it was left (the 90-day store with the recount's item): the profiles alone.
  const id = JSON.parse(readFileSync(join(YEAR, 'bench-meta.json'), 'utf8')).id;
  const b = await launch(WORK);
  const rcId = (await b.ask('watchlist_get')).at(-1).id;
  if (process.argv.includes('--recount-only')) {
    // The last run's recount item removed, then added again as new: the recount alone, on this build.
    await removeItem(b, rcId);
    const quiet = process.argv.includes('--quiet');
    const rc = await recount(b, texts, newQuery, { quiet });
    log(`recount${quiet ? ' (nothing else asked, `storage` polled every second)' : ''} over ${int(rc.done.rc.total)} kept posts: ${ms(rc.done.ms)} (${int(rc.done.rc.matched)} matched); meanwhile status ${stats(rc.lat.status)}; today ${stats(rc.lat.today)}; a 20-post batch ${stats(rc.lat.batch)}`);
    await b.close();
    process.exit(0);
  }
  log(`profiles on out/bench-store/profile (${int((await b.ask('storage')).posts)} kept posts, extension ${id})`);
  for (const blocks of process.argv.includes('--summary-only') ? [] : [48, 192]) {
    log(recountSteps(await recountProfile(b, rcId, blocks), blocks));
  }
  const sp = await summaryProfile(b);
  log(JSON.stringify(sp));
  await b.close();
  process.exit(0);
}
const metaPath = join(YEAR, 'bench-meta.json');
let meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, 'utf8')) : null;
const stale = !meta || meta.days !== DAYS || meta.perDay !== PER_DAY || Date.now() - meta.now > 86400e3;
log(`kept-post store: ${DAYS} days x ${int(PER_DAY)} posts (${int(DAYS * PER_DAY)}), ${items.length} watch items, ${int(SAVES)} saved posts; ${TZ}; Chromium ${execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()}`);
if (FRESH || stale) {
  log('loading the year through the engine (wasm Engine.ingest with a fake clock, db.js commit)...');
  meta = await loadYear(texts, loaded);
  log(`loaded ${int(meta.posts)} posts in ${meta.loadSeconds.toFixed(0)} s: the engine's ${int(meta.sample * meta.perDay)} in ${meta.engineSeconds.toFixed(0)} s (${int((meta.sample * meta.perDay) / meta.engineSeconds)} posts/s; ingest ${(meta.ingestMs / 1000).toFixed(0)} s, commits ${(meta.commitMs / 1000).toFixed(0)} s), ${int(meta.saves)} saves ${meta.saveSeconds.toFixed(0)} s, copies ${meta.replicateSeconds.toFixed(0)} s`);
} else {
  log(`reusing the year loaded ${((Date.now() - meta.now) / 3600e3).toFixed(1)} h ago (out/bench-store/year; --fresh to load it again)`);
}
rmSync(WORK, { recursive: true, force: true });
cpSync(YEAR, WORK, { recursive: true });
const disk = diskOf(WORK, meta.id);
log(`(c) on disk, browser closed, after the load: IndexedDB ${int(disk.idb)} B (${(disk.idb / meta.posts).toFixed(0)} B per kept post), chrome.storage.local ${int(disk.kv)} B`);

let b = await launch(WORK);
const year = await measureAll(b, texts, `retention ${DAYS > 90 ? 365 : 90} days`, { recountQuery: process.argv.includes('--recount-year') ? newQuery : null });
// The year's recount item goes again, so the 90-day run adds it as new (100 items at most).
if (year.rc) await removeItem(b, year.rc.id);
if (DAYS > 90) {
  const t0 = performance.now();
  await b.ask('set_retention', { days: 90 });
  const pruneMs = performance.now() - t0;
  // The posts' records go after the answer, in chunks between batches (db.js schedulePrune): timed until
  // the count stops falling, with a batch's latency meanwhile.
  const lat = [];
  let posts = (await b.ask('storage')).posts;
  for (let stable = 0; stable < 3;) {
    const t = performance.now();
    await b.send({ type: 'ecoute/analyze', posts: newBatch(texts) });
    lat.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = (await b.ask('storage')).posts;
    stable = now >= posts ? stable + 1 : 0;
    posts = now;
  }
  const recordsMs = performance.now() - t0 - pruneMs;
  log(`\nretention set to 90 days through the background: answered in ${ms(pruneMs)} (the sums, projection and legacy memory pruned in one commit); the older posts' records then pruned in chunks in ${ms(recordsMs)} (${int(posts)} left), a 20-post batch meanwhile ${stats(lat)}`);
  await b.close();
  const d90 = diskOf(WORK, meta.id);
  log(`(c) on disk, browser closed, right after the prune: IndexedDB ${int(d90.idb)} B, chrome.storage.local ${int(d90.kv)} B (LevelDB frees space as it compacts)`);
  b = await launch(WORK);
  const q = await measureAll(b, texts, 'retention 90 days', { recountQuery: newQuery });
  await b.close();
  const d90b = diskOf(WORK, meta.id);
  log(`(c) on disk after the 90-day runs, browser closed: IndexedDB ${int(d90b.idb)} B (${(d90b.idb / q.storage.posts).toFixed(0)} B per kept post), chrome.storage.local ${int(d90b.kv)} B`);
} else {
  await b.close();
}
