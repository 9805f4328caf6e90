// What Écoute costs the page it reads, on a 1,000-post X timeline (synthetic posts, X's markup):
// - main-thread script time per post: CDP Performance.ScriptDuration with the extension minus without it
//   (the content script runs on the page's main thread, in its own world);
// - long tasks (> 50 ms) observed in the page, with and without the extension;
// - delay from a post entering the DOM to its data-ecoute-sentiment attribute: p50 / p95.
// Two scenarios: a page that arrives with 1,000 posts at once (one full scan), and infinite scroll
// (1,000 posts appended 20 at a time every 50 ms). Targets (issue 5): <= 0.2 ms/post, no long task,
// p95 <= 100 ms.
import { launch, serve } from '../../tests/e2e/harness.mjs';
import { EMPTY_FEED, appendPosts, post } from '../../tests/e2e/lib/xposts.mjs';

const N = 1000;
const posts = Array.from({ length: N }, (_, k) => post(k));

// Runs in the page before any post: records insertion and annotation times, and long tasks.
function instrument() {
  window.__bench = { inserted: new Map(), annotated: new Map(), longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      if (r.type === 'childList') {
        for (const n of r.addedNodes) if (n.nodeName === 'ARTICLE') window.__bench.inserted.set(n, now);
      } else if (r.attributeName === 'data-ecoute-sentiment' && !window.__bench.annotated.has(r.target)) {
        window.__bench.annotated.set(r.target, now);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ecoute-sentiment'] });
}

function results() {
  const b = window.__bench;
  const delays = [];
  for (const [el, t] of b.annotated) if (b.inserted.has(el)) delays.push(t - b.inserted.get(el));
  delays.sort((x, y) => x - y);
  const q = (p) => (delays.length ? delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] : null);
  return { annotated: b.annotated.size, p50: q(0.5), p95: q(0.95), longTasks: b.longTasks.length, longest: Math.max(0, ...b.longTasks) };
}

async function scenario(browser, mode) {
  const page = await browser.context.newPage();
  await page.goto('https://x.com/bench');
  await page.evaluate(instrument);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const script = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value;
  const t0 = await script();
  if (mode === 'at once') {
    await page.evaluate(appendPosts, posts);
  } else {
    for (let k = 0; k < N; k += 20) {
      await page.evaluate(appendPosts, posts.slice(k, k + 20));
      await page.waitForTimeout(50);
    }
  }
  if (browser.extensionId) {
    await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length >= n, N, { timeout: 120000 });
  }
  await page.waitForTimeout(500);
  const scriptMs = (await script() - t0) * 1000;
  const r = await page.evaluate(results);
  await page.close();
  return { ...r, scriptMs };
}

const server = await serve({ 'x.com': { '/bench': { body: EMPTY_FEED } } });
const rows = [];
for (const mode of ['at once', 'infinite scroll']) {
  const without = await launch(server, { extension: false });
  const base = await scenario(without, mode);
  await without.close();
  const withExt = await launch(server);
  const ext = await scenario(withExt, mode);
  await withExt.close();
  rows.push({ mode, base, ext });
}
await server.close();

const f = (x, d = 1) => (x == null ? '-' : x.toFixed(d));
console.log(`content script on ${N} X posts (Chromium ${process.env.CHROMIUM || '/usr/bin/chromium'})`);
console.log('scenario          script ms (page only / with Écoute)  ms per post   long tasks (without / with, longest)   post→badge p50 / p95 ms');
for (const { mode, base, ext } of rows) {
  const perPost = (ext.scriptMs - base.scriptMs) / N;
  console.log(`${mode.padEnd(17)} ${f(base.scriptMs).padStart(8)} / ${f(ext.scriptMs).padEnd(25)} ${f(perPost, 3).padStart(8)}     ${String(base.longTasks).padStart(4)} / ${ext.longTasks} (${f(ext.longest)} ms)`.padEnd(120) + `${f(ext.p50)} / ${f(ext.p95)}   (${ext.annotated} annotated)`);
}
