// A researcher's round trip, in the real extension: posts read on a real page, a post saved from its badge,
// everything exported (JSON, NDJSON), the store reset, the exports imported: the store says what it said
// before, and importing the same file again counts nothing twice.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickInBadge, fixture, launch, live, serve, waitForCount, waitInBadge } from './harness.mjs';

const expected = fixture('tests/fixtures/sites/x/home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
let server, browser, dash;

const ask = (op, fields = {}) => dash.evaluate(([op, fields]) => chrome.runtime.sendMessage({ type: 'ecoute/listening', op, ...fields }), [op, fields]);

async function exported(format) {
  const reply = await ask('export', { request: { dataset: 'all', format } });
  assert.equal(reply.ok, true, reply.error);
  return reply.result.text;
}

/** The export without what differs between two exports of the same store: when it was made, and the
 *  store's install id (a reset starts a new one). */
function content(jsonText) {
  const doc = JSON.parse(jsonText);
  delete doc.exported_at;
  delete doc.source;
  return doc;
}

before(async () => {
  // The fixture as a live feed, so its tallies fall inside the retention window (imports skip days
  // older than it, and say so).
  server = await serve({ 'x.com': { '/home': live('tests/fixtures/sites/x/home.html') } });
  browser = await launch(server);
  dash = await browser.context.newPage();
  await dash.goto(`chrome-extension://${browser.extensionId}/dashboard/dashboard.html`);
  const set = await ask('watchlist_set', { items: [{ query: '"Brioche Phone" OR "Vélo Lumen"', label: 'brands' }] });
  assert.equal(set.ok, true, set.error);
  const page = await browser.context.newPage();
  await page.goto('https://x.com/home');
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
  const key = await page.locator(POSTS).nth(2).getAttribute('data-ecoute-key');
  assert.ok(await clickInBadge(page, key, 'button.save'));
  await waitInBadge(page, key, 'button.saved');
  await page.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('export → reset → import gives back the same store, and a second import changes nothing', async () => {
  const original = await exported('json');
  const doc = content(original);
  assert.equal(doc.saved.length, 1, 'the saved post is exported');
  assert.ok(doc.tallies.length >= 1, 'tallies are exported');
  const posts = doc.tallies.reduce((n, d) => n + d.total.posts, 0);
  assert.equal(posts, expected.posts.length);

  assert.equal((await ask('reset')).ok, true);
  assert.equal(content(await exported('json')).tallies.length, 0, 'reset emptied the store');

  const first = await ask('import', { text: original });
  assert.equal(first.ok, true, first.error);
  assert.deepEqual(first.result.skipped, [], 'nothing skipped');
  assert.deepEqual(content(await exported('json')), doc);
  const second = await ask('import', { text: original });
  assert.equal(second.ok, true, second.error);
  assert.deepEqual(content(await exported('json')), doc, 'importing twice counts nothing twice');
});

test('NDJSON export imports back to the same store', async () => {
  const doc = content(await exported('json'));
  const ndjson = await exported('ndjson');
  assert.ok(ndjson.trim().split('\n').every((line) => JSON.parse(line)), 'one JSON value per line');
  assert.equal((await ask('reset')).ok, true);
  const imported = await ask('import', { text: ndjson });
  assert.equal(imported.ok, true, imported.error);
  assert.deepEqual(content(await exported('json')), doc);
});

test('a file that is not an export is refused with a clear message and changes nothing', async () => {
  const before = content(await exported('json'));
  for (const text of ['not json at all', '{"tallies": "nope"}', '[1,2,3]']) {
    const reply = await ask('import', { text });
    assert.equal(reply.ok, false, `«${text}» refused`);
    assert.ok(reply.error.length > 10, `a message says why: ${reply.error}`);
  }
  assert.deepEqual(content(await exported('json')), before);
});
