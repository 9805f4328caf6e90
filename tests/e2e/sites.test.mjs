// Every site adapter, end to end, driven by the fixtures' expected output (tests/fixtures/sites/*/*.expected.json):
// each fixture is served at its site's real URL (strict CSP) with the built extension loaded, and
//   - the extension annotates exactly the expected posts: one data-ecoute-sentiment per post key;
//   - the adapter, run in the same page on the same DOM, reads the expected author, text start and metrics
//     (and id, url, time, lang where the fixture states them).
// One Chromium for all fixtures (two cores); one page per fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, fixtureRoutes, launch, serve, siteFixtures } from './harness.mjs';

const CONTENT = join(ROOT, 'extension', 'content');

const ALL = siteFixtures();
const fold = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
let server, browser;

before(async () => {
  server = await serve(fixtureRoutes(ALL));
  browser = await launch(server);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Runs the content-script core, one adapter and the health check's code in the page's main world (the
 *  health check's reporting stays off: __ecouteHealth) and returns what the adapter extracts. */
async function extractInPage(page, site) {
  const core = readFileSync(join(CONTENT, 'ecoute.js'), 'utf8');
  const adapter = readFileSync(join(CONTENT, 'adapters', `${site}.js`), 'utf8');
  const health = readFileSync(join(CONTENT, 'health.js'), 'utf8');
  await page.evaluate(`globalThis.__ecouteHealth = true;\n${core}\n${adapter}\n${health}\n;0`);
  return page.evaluate(() => {
    const a = globalThis.Ecoute.adapters[0];
    return Array.from(document.querySelectorAll(a.selectors.post.join(','))).map((el) => a.extract(el)).filter(Boolean);
  });
}

/** For each layout the adapter expects posts in (adapter.expected), shown and read, as content/health.js counts them. */
async function layoutsInPage(page) {
  return page.evaluate(() => globalThis.Ecoute.healthLayouts(globalThis.Ecoute.adapters[0], document));
}

for (const f of ALL) {
  describe(`${f.site}: ${f.name} (${f.expected.url})`, () => {
    const want = f.expected.posts;
    const site = want.length && f.expected.posts.site ? f.expected.posts.site : f.site;
    let page, got, keys, layouts;

    before(async () => {
      page = await browser.context.newPage();
      await page.goto(f.expected.url);
      // the extension's annotations: one per post, on the post's container
      await page.waitForFunction((n) => document.querySelectorAll('[data-ecoute-sentiment]').length >= n, want.length, { timeout: 20000 })
        .catch(() => {});
      await page.waitForTimeout(300); // let a late duplicate show, if there were one
      keys = await page.$$eval('[data-ecoute-sentiment]', (els) => els.map((el) => el.getAttribute('data-ecoute-key')));
      got = await extractInPage(page, site);
      layouts = await layoutsInPage(page);
    });

    after(async () => { await page?.close(); });

    test(`the extension annotates the ${want.length} posts, each exactly once`, () => {
      assert.equal(keys.length, want.length, `annotated: ${keys.join(' ')}`);
      assert.equal(new Set(keys).size, keys.length, 'no post annotated twice');
      for (const k of keys) assert.match(k, new RegExp(`^${site}:`));
      // the badges: one per annotated post
    });

    test('the adapter reads each post\'s author, text, metrics', () => {
      assert.equal(got.length, want.length, 'posts found by the adapter');
      want.forEach((w, i) => {
        const p = got[i];
        const where = `${f.site}/${f.name} post ${i} (${w.text_start}…)`;
        assert.equal(p.site, site, where);
        if (w.id != null) assert.equal(p.id, w.id, `${where} id`);
        if (w.url != null) assert.equal(p.url, w.url, `${where} url`);
        for (const k of ['handle', 'name', 'url', 'verified', 'followers']) {
          if (w.author[k] !== undefined && w.author[k] !== null) assert.equal(p.author[k], w.author[k], `${where} author.${k}`);
        }
        assert.equal(typeof p.author.handle, 'string', `${where} author.handle is a string`);
        assert.ok(fold(p.text).startsWith(fold(w.text_start)), `${where} text starts with «${w.text_start}», got «${fold(p.text).slice(0, 40)}»`);
        assert.deepEqual(p.metrics, w.metrics, `${where} metrics`);
        if (w.time) assert.equal(new Date(p.time).getTime(), new Date(w.time).getTime(), `${where} time`);
        if (w.lang) assert.equal(p.lang, w.lang, `${where} lang`);
        // the time as shown (the core parses it), the promoted flag and the counts as shown: exact where stated
        if (w.time_text !== undefined) assert.equal(p.time_text ?? null, w.time_text, `${where} time_text`);
        if (w.promoted !== undefined) assert.equal(Boolean(p.promoted), w.promoted, `${where} promoted`);
        if (w.shown !== undefined) assert.deepEqual(p.shown ?? {}, w.shown, `${where} shown`);
      });
    });

    test('every post of each layout the health check counts is read (no partial warning)', () => {
      for (const l of layouts) assert.equal(l.read, l.shown, `${l.layout}: ${l.read} of ${l.shown} read`);
    });

    test('annotations carry the keys of the posts the adapter reads', () => {
      const wantKeys = got.map((p) => `${p.site}:${p.id}`);
      assert.deepEqual([...keys].sort(), [...wantKeys].sort());
    });
  });
}
