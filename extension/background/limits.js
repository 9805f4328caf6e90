// What one page may ask of the background, and how much the store may hold.
//
// A page's posts are counted at the pace a person reads: a tab that sends more than RATE posts a second
// for a site (beyond a burst of BURST) is told to wait, and its posts are kept for later, not dropped
// (the content script retries with back-off). A forged flood from one tab therefore cannot evict or
// outpace what the person reads on another tab or site.
//
// The store is budgeted in bytes: past STORE_FULL of the browser's quota for the extension, batches are
// refused with a clear message (before IndexedDB fails in the middle of a commit), while export,
// backup, reset and a lower retention, which free space, still work.
export const RATE = 100; // posts a second, per tab and site
export const BURST = 1000;
export const STORE_FULL = 0.9;

const buckets = new Map(); // `${tab}:${site}` → {tokens, at}

/** Takes `n` posts from the tab's and site's allowance; false (nothing taken) when it has not enough. */
export function allow(tab, site, n, now = Date.now()) {
  const key = `${tab}:${site}`;
  const b = buckets.get(key) || { tokens: BURST, at: now };
  b.tokens = Math.min(BURST, b.tokens + ((now - b.at) / 1000) * RATE);
  b.at = now;
  buckets.set(key, b);
  if (buckets.size > 1000) buckets.delete(buckets.keys().next().value); // closed tabs
  if (b.tokens < n) return false;
  b.tokens -= n;
  return true;
}

let estimate = { at: 0, full: false, usage: null, quota: null };

/** Is the store over its budget? Asked of the browser at most every 10 s (the answer is cheap but async). */
export async function storeFull(now = Date.now()) {
  if (now - estimate.at > 10_000) {
    const e = await navigator.storage?.estimate?.().catch(() => null);
    estimate = { at: now, usage: e?.usage ?? null, quota: e?.quota ?? null, full: Boolean(e?.quota && e.usage / e.quota > STORE_FULL) };
  }
  return estimate;
}
