// Meta-test of the health check against every adapter and its fixtures (issue 14: "a redesign that removes
// one selector alternative is caught by the health check, not silently ignored"). Each fixture is served
// at its real URL; the content-script core, the site's adapter and content/health.js run in the page (the
// health check's reporting off). Then, for every selector alternative of the adapter in turn (its post
// selectors and those extract() reads with), the alternative is taken out, as a redesign that stops it
// matching would, and:
//   - when the adapter then reads fewer posts than with it, the health check's report says so: partial or
//     broken, naming the site and a layout whose posts are read only in part;
//   - when it reads as many (another alternative or a fallback takes over), the report raises no alarm.
// Each fixture must have at least one post-selector alternative whose loss costs posts (or the test would
// prove nothing); every alternative of every selector list is tried, not only the post selectors.
// Chromium without the extension: only the adapter's code in the page is under test here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, fixtureRoutes, launch, serve, siteFixtures } from './harness.mjs';

const CONTENT = join(ROOT, 'extension', 'content');
const ALL = siteFixtures();
let server, browser;

before(async () => {
  server = await serve(fixtureRoutes(ALL));
  browser = await launch(server, { extension: false });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** In the page: the health report and the posts read, intact and with each selector alternative removed. */
function mutations() {
  const a = globalThis.Ecoute.adapters[0];
  const reads = () => {
    if (!a.selectors.post.length) return 0;
    return Array.from(document.querySelectorAll(a.selectors.post.join(','))).filter((el) => {
      try {
        return Boolean(a.extract(el));
      } catch {
        return false;
      }
    }).length;
  };
  const intact = { read: reads(), report: globalThis.Ecoute.healthOf(a, document) };
  const removed = [];
  for (const [key, alternatives] of Object.entries(a.selectors)) {
    for (let i = 0; i < alternatives.length; i++) {
      // in place: extract() reads the same arrays (the adapter's `selectors` object)
      const [alternative] = alternatives.splice(i, 1);
      try {
        removed.push({ key, alternative, read: reads(), report: globalThis.Ecoute.healthOf(a, document) });
      } finally {
        alternatives.splice(i, 0, alternative);
      }
    }
  }
  return { intact, removed, read: reads() };
}

for (const f of ALL) {
  test(`${f.site}/${f.name}: removing any selector alternative that costs posts is reported, naming the site and layout`, async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(f.expected.url);
      const code = ['ecoute.js', `adapters/${f.site}.js`, 'health.js'].map((p) => readFileSync(join(CONTENT, p), 'utf8'));
      await page.evaluate(`globalThis.__ecouteHealth = true;\n${code.join('\n')}\n;0`);
      const { intact, removed, read } = await page.evaluate(mutations);
      const where = `${f.site}/${f.name}`;

      assert.equal(intact.read, read, `${where}: the adapter's selectors are restored after each removal`);
      assert.ok(intact.read > 0, `${where}: the adapter reads the fixture`);
      assert.equal(intact.report.status, 'ok', `${where} intact: ${JSON.stringify(intact.report)}`);
      assert.equal(intact.report.layout, undefined, `${where} intact: no layout reported`);

      const costly = removed.filter((r) => r.read < intact.read);
      assert.ok(costly.length > 0, `${where}: some alternative's loss costs posts`);
      const missed = costly.filter((r) => !(['partial', 'broken'].includes(r.report.status) && r.report.site === f.site
        && r.report.layout && r.report.layoutRead < r.report.expected));
      assert.deepEqual(missed.map((r) => `${r.key}: ${r.alternative} (${r.read} of ${intact.read} read; report ${JSON.stringify(r.report)})`), [],
        `${where}: every removal that costs posts is reported with its layout`);
      const alarms = removed.filter((r) => r.read === intact.read && r.report.layout);
      assert.deepEqual(alarms.map((r) => `${r.key}: ${r.alternative} (${r.report.layout})`), [], `${where}: no alarm when nothing is missed`);

      assert.ok(costly.some((r) => r.key === 'post'), `${where}: removing the post selector its posts match costs posts`);
      console.log(`# ${where}: ${intact.read} posts read; ${removed.length} alternatives removed one at a time, ${costly.length} cost posts, all reported: ${[...new Set(costly.map((r) => r.report.layout))].join(', ')}`);
    } finally {
      await page.close();
    }
  });
}
