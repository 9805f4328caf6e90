// Recounts: a watch item added, or its query edited, is counted over the posts already kept.
//
// The engine cleared the item's old sums in the same commit that saved the watchlist, and marks every
// post it counts with `[id, rev]`. A recount has two passes, each a chunk per turn of the background's
// queue, so batches from the pages are still answered in between (they count new posts for the new
// revision themselves, and the recount skips what they marked):
//   1. search: the posts' text projection (db.js `search`, one record per hour) is matched in the
//      engine, a few thousand posts per crossing, without reading the posts' records;
//   2. count: the records of the posts found, and of the posts an earlier revision marked (index `wm`),
//      go through `engine.recount`, which marks them, unmarks the others and returns the sums to add.
// A stopped worker resumes at its next start from the beginning (marked posts are skipped, so nothing
// counts twice).
import { commit, countPosts, keysMarkedBy, postsByKeys, searchChunks } from './db.js';

/** Hour blocks searched per turn (about 80 posts each at 2,000 posts a day). */
const BLOCKS = 48;
/** Whole records counted per turn. */
const CHUNK = 2000;
/** `id` → `{rev, done, total, matched, startedAt, finishedAt}`: what the dashboard shows while it runs. */
export const progress = new Map();
let host = null;

/** The background's queue and engine, given once at start (main.js). */
export function configureRecounts(h) {
  host = h;
}

/** Starts (or resumes) each `[id, rev]` not already running. */
export function resumeRecounts(marks) {
  for (const mark of marks || []) {
    const [id, rev] = mark;
    const p = progress.get(id);
    if (p && p.rev === rev && !p.finishedAt) continue;
    progress.set(id, { rev, done: 0, total: null, matched: 0, startedAt: Date.now(), finishedAt: null });
    run(mark).catch((e) => {
      const p = progress.get(id);
      if (p && p.rev === rev) p.error = String(e?.message || e);
      console.error('Écoute: recount', mark, e);
    });
  }
}

async function run(mark) {
  const [id, rev] = mark;
  const mine = () => progress.get(id)?.rev === rev;
  const p = progress.get(id);
  p.total = await countPosts();
  // 1. search
  // Outside the queue: the search only reads the projection and the watchlist, and a post counted
  // meanwhile is marked by its batch (skipped by the count below). In the queue, each turn waited
  // behind every batch and ask sent meanwhile: 13 s in the worker for 2 s of work.
  const found = new Set();
  for await (const { keys, docs } of searchChunks(BLOCKS)) {
    if (!mine()) return; // edited again: a newer recount took over
    const engine = await host.ready();
    for (const i of engine.search(mark, docs)) found.add(keys[i]);
    // Counted against the posts kept: a block may still name a post being pruned.
    p.done = Math.min(p.done + keys.length, p.total);
  }
  // 2. count
  for (const k of await keysMarkedBy(id)) found.add(k);
  const keys = [...found].sort();
  for (let i = 0; i < keys.length; i += CHUNK) {
    if (!mine()) return;
    await host.exclusive(async () => {
      const engine = await host.ready();
      const chunk = await postsByKeys(keys.slice(i, i + CHUNK));
      if (!chunk.length) return;
      const r = engine.recount(mark, chunk);
      await commit({ kept: r.kept, deltas: r.deltas });
      p.matched += r.matched;
    });
  }
  if (!mine()) return;
  await host.exclusive(async () => commit((await host.ready()).recountDone(mark)));
  p.finishedAt = Date.now();
  p.done = p.total = Math.max(p.total ?? 0, p.done);
}

/** The recounts for the status and the dashboard: `[{id, rev, done, total, matched, running}]`. */
export function recountStatus() {
  return [...progress].map(([id, p]) => ({ id, rev: p.rev, done: p.done, total: p.total, matched: p.matched, running: !p.finishedAt, error: p.error || null }));
}
