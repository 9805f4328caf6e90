// Mastodon and Bluesky on servers the user adds (options page + background/instances.js).
// The browser's permission prompt cannot be answered from a test, so the test covers everything around
// it: the options page lists the shipped servers, refuses bad names, never asks for a shipped one; the
// background refuses to register a server it holds no permission for, registers/unregisters the same
// content scripts the manifest ships when it does hold it; an unlisted server gets no script; Mastodon
// is recognised by its markup.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launch, serve } from './harness.mjs';

let server, browser, options;

before(async () => {
  server = await serve({
    'social.example.org': { '/home': 'tests/fixtures/sites/mastodon/home.html' },
    'x.com': { '/home': 'tests/fixtures/sites/x/home.html' },
  });
  browser = await launch(server);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
  await options.waitForFunction(() => document.querySelector('#shipped').textContent.length > 0);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const call = (op, fields) => options.evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/instances', op, ...fields });

test('the options page lists the Mastodon servers shipped in the manifest, and no added one', async () => {
  assert.match(await options.textContent('#shipped'), /mastodon\.social/);
  assert.equal(await options.locator('#servers li').count(), 0);
  assert.equal(await options.isVisible('#none'), true);
});

test('a bad server name is refused with a message; a shipped one needs no permission', async () => {
  await options.fill('#host', '127.0.0.1');
  await options.click('button[type=submit]');
  assert.match(await options.textContent('#message'), /IP address/);
  await options.fill('#host', 'https://Mastodon.Social/home');
  await options.click('button[type=submit]');
  assert.match(await options.textContent('#message'), /mastodon\.social is already supported/);
});

test('the background refuses a server Écoute is not allowed on', async () => {
  const r = await call('add', { kind: 'mastodon', host: 'social.example.org' });
  assert.equal(r.ok, false);
  assert.match(r.error, /not allowed on social\.example\.org/);
  assert.equal((await call('list')).servers.length, 0);
});

test('an unlisted server gets no content script', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://social.example.org/home');
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('[data-ecoute-sentiment]').count(), 0);
  await page.close();
});

test('with the permission held, the same scripts the manifest ships are registered, then removed', async () => {
  // piaille.fr is granted by the manifest (for Mastodon): registering Bluesky there exercises the real calls.
  const added = await call('add', { kind: 'bluesky', host: 'piaille.fr' });
  assert.equal(added.ok, true, added.error);
  const regs = await (await browser.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
  assert.equal(regs.length, 1);
  assert.equal(regs[0].id, 'ecoute-instance:bluesky:piaille.fr');
  assert.deepEqual(regs[0].matches, ['https://piaille.fr/*']);
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  assert.deepEqual(regs[0].js, manifest.content_scripts.find((c) => c.js.includes('content/adapters/bluesky.js')).js);
  const listed = await call('list');
  assert.deepEqual(listed.servers, [{ kind: 'bluesky', host: 'piaille.fr', granted: true }]);
  await options.reload();
  await options.waitForSelector('#servers li');
  assert.match(await options.textContent('#servers'), /piaille\.fr\s*Bluesky/);
  await options.click('#servers li button');
  await options.waitForFunction(() => document.querySelectorAll('#servers li').length === 0);
  assert.equal((await (await browser.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts())).length, 0);
});

test('Mastodon is recognised by its markup, on any host', async () => {
  const core = readFileSync(join(ROOT, 'extension', 'content', 'ecoute.js'), 'utf8');
  const adapter = readFileSync(join(ROOT, 'extension', 'content', 'adapters', 'mastodon.js'), 'utf8');
  const page = await browser.context.newPage();
  for (const [url, want] of [['https://social.example.org/home', 'mastodon'], ['https://x.com/home', null]]) {
    await page.goto(url);
    await page.evaluate(`${core}\n${adapter}\n;0`);
    const got = await page.evaluate(() => globalThis.Ecoute.adapterFor(location.hostname, document)?.site ?? null);
    assert.equal(got, want, url);
  }
  await page.close();
});
