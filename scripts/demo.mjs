#!/usr/bin/env node
// `make demo`: Écoute annotating the bundled demo feed (tests/fixtures/demo/x-home.html: 30 invented French
// and English posts about fictional brands), served at https://x.com/home exactly as the tests serve pages.
// - With a display ($DISPLAY or $WAYLAND_DISPLAY): a real Chromium window with the extension loaded, the
//   feed and the popup open; close the window to end.
// - Headless: screenshots in out/demo/ (feed.png, popup.png) and a summary of what was annotated and tallied.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, ROOT, serve, utcDay, waitForCount } from '../tests/e2e/harness.mjs';

const OUT = join(ROOT, 'out', 'demo');
const POSTS = 'article[data-testid="tweet"]';
const headed = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;

const server = await serve({ 'x.com': { '/home': 'tests/fixtures/demo/x-home.html' } });
const browser = await launch(server, { headless: !headed });
const page = await browser.context.newPage();
await page.goto('https://x.com/home');
const total = await page.locator(POSTS).count();
await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, total);

if (headed) {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 340, height: 620 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await page.bringToFront();
  console.log(`Écoute annotated ${total} posts. The popup is open in the second tab. Close the browser to end.`);
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
const store = await browser.storage();
await browser.close();
await server.close();

const count = (field) => posts.reduce((m, p) => ((m[p[field]] = (m[p[field]] || 0) + 1), m), {});
const today = store[`seen:${utcDay()}`]?.total || {};
const lines = [
  `Écoute demo: ${posts.filter((p) => p.label).length} of ${total} posts annotated on https://x.com/home`,
  `  sentiment: ${JSON.stringify(count('label'))}`,
  `  language:  ${JSON.stringify(count('lang'))}`,
  `  intent:    ${JSON.stringify(count('intent'))}`,
  `  tallied in chrome.storage.local (seen:${utcDay()}): ${today.posts} posts, ${today.positive} positive, ${today.neutral} neutral, ${today.negative} negative`,
  `  store keys: ${Object.keys(store).sort().join(', ')}`,
  '',
  ...posts.map((p) => `  ${(p.label || '-').padEnd(8)} ${(p.lang || '').padEnd(3)} ${(p.intent || '').padEnd(9)} ${(p.author || '').slice(0, 18).padEnd(18)} ${(p.text || '').replace(/\s+/g, ' ').slice(0, 70)}`),
  '',
  `Screenshots: ${['feed.png', 'feed-full.png', 'popup.png'].map((f) => join('out/demo', f)).join(', ')}`,
];
writeFileSync(join(OUT, 'summary.txt'), lines.join('\n') + '\n');
console.log(lines.join('\n'));
