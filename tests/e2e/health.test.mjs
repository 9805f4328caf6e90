// Health: the popup says when a supported site shows posts but the adapter reads none (a redesign),
// says how many it reads when it works, and says nothing alarming on a page without posts; when a page
// shows posts in a layout the adapter knows (adapter.expected) and it reads only some, the popup names the
// layout and the counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launch, serve } from './harness.mjs';

const X = readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'x', 'home.html'), 'utf8');
// Facebook's 2024 layout: two div[aria-posinset][aria-labelledby] posts (tests/fixtures/sites/facebook/profile.html)
const FB = readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'facebook', 'profile.html'), 'utf8');
/** Facebook drops aria-labelledby from the first `n` posts: the adapter's selector alternative for them no longer matches. */
const unlabelled = (n) => {
  let left = n;
  return FB.replace(/(<div aria-posinset="\d+"[^>]*?) aria-labelledby="[^"]*"/g, (m, head) => (left-- > 0 ? head : m));
};
let server, browser, popup;

before(async () => {
  server = await serve({
    'x.com': {
      '/home': 'tests/fixtures/sites/x/home.html',
      // X renames its post container: the adapter's selector no longer matches anything
      '/redesigned': { body: X.replaceAll('data-testid="tweet"', 'data-testid="post-2027"') },
      '/settings': { body: '<!doctype html><title>Settings / X</title><main><h1>Settings</h1><p>Your account</p></main>' },
    },
    'www.facebook.com': {
      '/camille.martin.ecoute': 'tests/fixtures/sites/facebook/profile.html',
      '/one-unlabelled': { body: unlabelled(1) },
      '/all-unlabelled': { body: unlabelled(2) },
    },
  });
  browser = await launch(server);
  popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `url` as the active tab, then asks the popup (as it does when opened on that tab). */
async function healthOf(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.bringToFront();
  // the content script reports 2.5 s after load, then when something changes
  let health = null;
  for (let t = 0; t < 40 && !health; t++) {
    await page.waitForTimeout(250);
    health = await popup.evaluate(() => globalThis.ecouteHealth.refresh());
  }
  const text = await popup.textContent('#health');
  await page.close();
  return { health, text };
}

test('a working adapter: the popup says how many posts it reads', async () => {
  const { health, text } = await healthOf('https://x.com/home');
  assert.equal(health.status, 'ok');
  assert.equal(health.read, 6);
  assert.match(text, /Listening on X: 6 posts read/);
});

test('a redesign the adapter does not know: the popup warns', async () => {
  const { health, text } = await healthOf('https://x.com/redesigned');
  assert.equal(health.status, 'broken');
  assert.equal(health.read, 0);
  assert.ok(health.hints >= 3);
  assert.match(text, /X seems to show posts here, but Écoute reads none/);
});

test('a page without posts is not a failure', async () => {
  const { health, text } = await healthOf('https://x.com/settings');
  assert.equal(health.status, 'idle');
  assert.match(text, /no posts on this page/);
});

test('every post of a layout the adapter knows is read: no warning', async () => {
  const { health, text } = await healthOf('https://www.facebook.com/camille.martin.ecoute');
  assert.equal(health.status, 'ok');
  assert.equal(health.read, 2);
  assert.equal(health.layout, undefined);
  assert.match(text, /Listening on Facebook: 2 posts read/);
});

test('a redesign that removes one selector alternative\'s markup from some posts: the popup names the layout and the counts', async () => {
  const { health, text } = await healthOf('https://www.facebook.com/one-unlabelled');
  assert.equal(health.status, 'partial');
  assert.equal(health.layout, '2024 (aria-posinset)');
  assert.equal(health.expected, 2);
  assert.equal(health.layoutRead, 1);
  assert.match(text, /Facebook shows posts in its “2024 \(aria-posinset\)” layout here, but Écoute reads only 1 of 2/);
});

test('the same redesign on every post: broken, and the layout is named', async () => {
  const { health, text } = await healthOf('https://www.facebook.com/all-unlabelled');
  assert.equal(health.status, 'broken');
  assert.equal(health.layout, '2024 (aria-posinset)');
  assert.equal(health.layoutRead, 0);
  assert.match(text, /reads only 0 of 2/);
});
