#!/usr/bin/env node
// `make demo`: Écoute annotating the bundled demo feed (tests/fixtures/demo/x-home.html: 30 invented French
// and English posts about fictional brands), served at https://x.com/home exactly as the tests serve pages.
// - With a display ($DISPLAY or $WAYLAND_DISPLAY): a real Chromium window with the extension loaded, the
//   feed and the popup open; close the window to end.
// - Headless: screenshots in out/demo/ (feed.png, popup.png) and a summary of what was annotated and tallied.
// DEMO_LANG=fr shows the extension in French (any language with a _locales folder).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, ROOT, serve, waitForCount } from '../tests/e2e/harness.mjs';

const OUT = join(ROOT, 'out', 'demo');
const POSTS = 'article[data-testid="tweet"]';
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
// The browser's language, so a workshop can be run in French: `DEMO_LANG=fr make demo`.
const lang = process.env.DEMO_LANG || 'en-US';

// The feed is generated for a fixed "now" (make_demo.py); shift its times so it reads as live today, the way
// a marketer would see a launch unfold: hour-by-hour tallies and trends then fall in today's window.
const DEMO_NOW = Date.parse('2026-03-12T18:00:00Z');
const shift = Date.now() - DEMO_NOW;
const feed = readFileSync(join(ROOT, 'tests/fixtures/demo/x-home.html'), 'utf8')
  .replace(/datetime="([^"]+)"/g, (_, t) => `datetime="${new Date(Date.parse(t) + shift).toISOString()}"`);
const server = await serve({ 'x.com': { '/home': { body: feed } } });
const browser = await launch(server, { headless: !headed, lang });

// What a marketer would watch: the brands of the demo feed, as watchlist queries.
const WATCHLIST = [
  { query: '"Brioche Phone" OR #BriochePhone OR @briochemobile', label: 'Brioche Phone' },
  { query: '"Vélo Lumen" OR #VeloLumen OR @velolumen', label: 'Vélo Lumen' },
  { query: '"Café Nuage" OR @cafenuage', label: 'Café Nuage' },
  { query: 'Orbe AND (Buds OR Audio)', label: 'Orbe Audio' },
];
const setup = await browser.extensionPage();
const set = await setup.evaluate((items) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'watchlist_set', items }), WATCHLIST);
if (!set.ok) throw new Error(`could not set the demo watchlist: ${set.error}`);

const page = await browser.context.newPage();
await page.goto('https://x.com/home');
const total = await page.locator(POSTS).count();
await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, total);

if (headed) {
  // A tidy window: the feed, the dashboard, the popup; no blank first tab, no set-up page.
  for (const p of browser.context.pages()) if (p !== page) await p.close();
  const dashboard = await browser.context.newPage();
  await dashboard.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 340, height: 620 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await page.bringToFront();
  console.log(`Écoute annotated ${total} posts. The dashboard and the popup are open in the other tabs. Close the browser to end.`);
  await new Promise((resolve) => browser.context.on('close', resolve));
  await server.close();
  process.exit(0);
}

mkdirSync(OUT, { recursive: true });
const posts = await page.$$eval(POSTS, (els) => els.map((el) => ({
  key: el.getAttribute('data-ecoute-key'),
  label: el.getAttribute('data-ecoute-sentiment'),
  lang: el.getAttribute('data-ecoute-lang'),
  intent: el.getAttribute('data-ecoute-intent'),
  author: el.querySelector('[data-testid="User-Name"] a')?.textContent.trim(),
  text: el.querySelector('[data-testid="tweetText"]')?.textContent.trim(),
})));
await page.screenshot({ path: join(OUT, 'feed.png') });
await page.screenshot({ path: join(OUT, 'feed-full.png'), fullPage: true });

const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 330, height: 560 });
await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
await popup.waitForFunction(() => document.querySelector('[data-testid=posts]').textContent !== '0');
await popup.screenshot({ path: join(OUT, 'popup.png') });
const dashboard = await browser.context.newPage();
await dashboard.setViewportSize({ width: 1280, height: 900 });
await dashboard.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
await dashboard.waitForTimeout(1500); // its first summary round trip
await dashboard.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
const summary = await setup.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'summary' }));
const store = await browser.storage();
const todayReply = await setup.evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/listening', op: 'today' }));
const kept = await browser.idb('posts');
await browser.close();
await server.close();

const count = (field) => posts.reduce((m, p) => ((m[p[field]] = (m[p[field]] || 0) + 1), m), {});
const today = todayReply?.result?.seen?.total || {};
const lines = [
  `Écoute demo: ${posts.filter((p) => p.label).length} of ${total} posts annotated on https://x.com/home`,
  `  sentiment: ${JSON.stringify(count('label'))}`,
  `  language:  ${JSON.stringify(count('lang'))}`,
  `  intent:    ${JSON.stringify(count('intent'))}`,
  `  kept on the device: ${kept.length} posts (IndexedDB); seen today (${todayReply?.result?.day}, your time): ${today.posts} posts, ${today.positive} positive, ${today.neutral} neutral, ${today.negative} negative`,
  `  store keys: ${Object.keys(store).length} (${[...new Set(Object.keys(store).map((k) => k.split(':')[0]))].join(', ')})`,
  ...watchLines(summary),
  '',
  ...posts.map((p) => `  ${(p.label || '-').padEnd(8)} ${(p.lang || '').padEnd(3)} ${(p.intent || '').padEnd(9)} ${(p.author || '').slice(0, 18).padEnd(18)} ${(p.text || '').replace(/\s+/g, ' ').slice(0, 70)}`),
  '',
  `Screenshots: ${['feed.png', 'feed-full.png', 'popup.png', 'dashboard.png'].map((f) => join('out/demo', f)).join(', ')}`,
];
// The dashboard's summary (src/engine/requests.rs `summary`), reduced to a few lines for the terminal.
function watchLines(reply) {
  if (!reply?.ok) return [`  watchlist: summary unavailable (${reply?.error})`];
  const r = reply.result;
  const per = {};
  for (const day of r.tallies || []) {
    for (const [query, t] of Object.entries(day.watch || {})) {
      const c = (per[query] ||= { posts: 0, positive: 0, negative: 0 });
      for (const k of Object.keys(c)) c[k] += t.total?.[k] || 0;
    }
  }
  const label = (q) => (r.watchlist || []).find((w) => w.query === q)?.label || q;
  const rows = Object.entries(per).map(([q, c]) => {
    const polar = c.positive + c.negative;
    const net = polar ? ((c.positive - c.negative) / polar).toFixed(2) : '—';
    return `    ${label(q).padEnd(14)} ${String(c.posts).padStart(3)} mentions  +${c.positive} / -${c.negative}  net ${net}`;
  });
  const rising = (r.trends?.rising || []).map((t) => t.term || t);
  const top = (r.trends?.top_terms_today || []).slice(0, 8).map((t) => `${t.term} (${t.posts})`);
  const leaders = (r.authors || []).filter((a) => (a.badges || []).length).slice(0, 5)
    .map((a) => `${a.handle || a.key} [${a.badges.map((b) => b.label).join(', ')}]`);
  return ['  watchlist (mentions seen, positive / negative, net sentiment):', ...rows,
    `  rising terms: ${rising.join(', ') || 'none yet (one session has no baseline)'}`,
    `  top terms today: ${top.join(', ')}`,
    `  authors with badges: ${leaders.join('; ') || 'none'}`];
}

writeFileSync(join(OUT, 'summary.txt'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
