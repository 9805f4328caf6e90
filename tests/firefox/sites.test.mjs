// The site adapters in a real Firefox (Debian's firefox-esr, headless, over WebDriver BiDi: ./firefox.mjs),
// with the Firefox build (dist/firefox) as installed: one real page per supported site, and every layout
// of issue 14 (Facebook 2024, Instagram post page and feed, an X ad, Reddit's shreddit-ad-post). Each
// fixture is served at its real URL with a strict CSP through the test proxy; the extension must annotate
// exactly the posts of the fixture's expected output, each once, under its key — what
// tests/e2e/sites.test.mjs checks in Chromium, where Firefox differs (content-script worlds, the event
// page, :has(), timers in background tabs) — and the health check (content/health.js, as kept by the
// background for the popup) must find every post of the page's layouts read: no false alarm in Firefox.
//
// Run: `make build`, then `node --test tests/firefox/sites.test.mjs`.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixtureRoutes, ROOT, serve, siteFixtures } from '../e2e/harness.mjs';
import { EXTENSION_UUID, GECKO_ID, launchFirefox, proxy } from './firefox.mjs';

const DIST = join(ROOT, 'dist', 'firefox');
/** One page per site (the first fixture of each, the saved real page where there is one), and the
 *  layouts of issue 14. Every other fixture runs in Chromium (tests/e2e/sites.test.mjs). */
const PAGES = [
  'x/home', 'x/home-2025-06',
  'reddit/old-listing', 'reddit/new-home',
  'hn/item', 'youtube/watch', 'linkedin/feed',
  'facebook/profile', 'facebook/feed',
  'instagram/post', 'instagram/home',
  'mastodon/home', 'bluesky/home', 'threads/home',
];
const FIXTURES = siteFixtures().filter((f) => PAGES.includes(`${f.site}/${f.name}`));

let server, tunnel, ff, popup;

before(async () => {
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/firefox is missing: run `make build` first');
  assert.deepEqual(FIXTURES.map((f) => `${f.site}/${f.name}`).sort(), [...PAGES].sort(), 'every page listed has a fixture');
  const routes = fixtureRoutes(FIXTURES);
  // YouTube renames its comment element (as in 2023): the health check must say so in Firefox too
  routes['m.youtube.com'] = { '/watch': { body: readFileSync(join(ROOT, 'tests/fixtures/sites/youtube/watch.html'), 'utf8')
    .replace(/<(\/?)ytd-comment-renderer\b/g, '<$1ytd-comment-2027') } };
  server = await serve(routes);
  tunnel = await proxy(server.port);
  ff = await launchFirefox({
    proxyPort: tunnel.port,
    log: process.env.ECOUTE_FIREFOX_LOG ? (s) => process.stderr.write(s) : undefined,
  });
  const installed = await ff.send('webExtension.install', { extensionData: { type: 'path', path: DIST } });
  assert.equal(installed.extension, GECKO_ID);
  // an extension page, to read what the background keeps (browser.storage.session)
  popup = await ff.newTab(`moz-extension://${EXTENSION_UUID}/popup/popup.html`);
});

after(async () => {
  await ff?.close();
  await tunnel?.close();
  await server?.close();
});

/** The health report content/health.js sent for the page at `url` (2.5 s after load), as background/health.js
 *  keeps it for the popup. */
const reportFor = (url, what) => ff.waitFor(popup, `browser.storage.session.get(null).then((all) =>
  Object.values(all).find((r) => r && r.url === ${JSON.stringify(url)}))`, { what: `the health report of ${what}` });

for (const f of FIXTURES) {
  const want = f.expected.posts;
  test(`${f.site}/${f.name}: Firefox annotates the ${want.length} posts, each once, under its key; health ok`, async () => {
    const ctx = await ff.newTab(f.expected.url);
    try {
      await ff.waitFor(ctx, `document.querySelectorAll('[data-ecoute-sentiment]').length >= ${want.length}`,
        { what: `${want.length} annotated posts on ${f.site}/${f.name}`, timeout: 30000 });
      await new Promise((r) => setTimeout(r, 300)); // a late duplicate would show by now
      const keys = await ff.evaluate(ctx, `[...document.querySelectorAll('[data-ecoute-sentiment]')].map((el) => el.getAttribute('data-ecoute-key'))`);
      assert.equal(keys.length, want.length, `annotated: ${keys.join(' ')}`);
      assert.deepEqual([...keys].sort(), want.map((p) => `${f.site}:${p.id}`).sort());
      // the page's health report (sent 2.5 s after load), as background/health.js keeps it for the popup
      const report = await reportFor(f.expected.url, `${f.site}/${f.name}`);
      assert.equal(report.site, f.site);
      assert.equal(report.status, 'ok', JSON.stringify(report));
      assert.equal(report.layout, undefined, `no layout reported missed: ${JSON.stringify(report)}`);
    } finally {
      await ff.send('browsingContext.close', { context: ctx });
    }
  });
}

test('a redesign in Firefox: the health check names the layout whose posts are missed', async () => {
  const url = 'https://m.youtube.com/watch?v=ecouteDemo1';
  const ctx = await ff.newTab(url);
  try {
    const report = await reportFor(url, 'the renamed YouTube comments');
    assert.equal(report.site, 'youtube');
    assert.equal(report.status, 'broken');
    assert.equal(report.layout, 'comment threads');
    assert.deepEqual([report.layoutRead, report.expected], [0, 20]);
  } finally {
    await ff.send('browsingContext.close', { context: ctx });
  }
});
