// Recounts: a watch item added, or its query edited, is counted over the posts already kept.
//
// The engine cleared the item's old sums in the same commit that saved the watchlist, and marks every
// post it counts with `[id, rev]`; a recount goes over the kept posts in key order, a chunk per turn of
// the background's queue, so batches from the pages are still answered in between (they count new
// posts for the new revision themselves, and the recount skips what they marked). A stopped worker
// resumes at its next start from the first key (marked posts are skipped, so nothing counts twice).
import { commit, countPosts, postsAfter } from './db.js';

const CHUNK = 2000;
/** `id` → `{rev, done, total, startedAt, finishedAt}`: what the dashboard shows while it runs. */
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
  let after = null;
  for (;;) {
    if (!mine()) return; // edited again: a newer recount took over
    const last = await host.exclusive(async () => {
      const engine = await host.ready();
      const chunk = await postsAfter(after, CHUNK);
      if (chunk.length) {
        const r = engine.recount(mark, chunk);
        await commit({ kept: r.kept, deltas: r.deltas });
        p.matched += r.matched;
      }
      p.done += chunk.length;
      return chunk.length < CHUNK ? null : chunk.at(-1).k;
    });
    if (last == null) break;
    after = last;
  }
  await host.exclusive(async () => commit((await host.ready()).recountDone(mark)));
  p.finishedAt = Date.now();
  p.total = Math.max(p.total ?? 0, p.done);
}

/** The recounts for the status and the dashboard: `[{id, rev, done, total, matched, running}]`. */
export function recountStatus() {
  return [...progress].map(([id, p]) => ({ id, rev: p.rev, done: p.done, total: p.total, matched: p.matched, running: !p.finishedAt, error: p.error || null }));
}
