// The sites Écoute reads are granted at install in Chromium: the options page asks for nothing and no tab
// opens. (A site the browser withholds, as Firefox can, is tested in tests/firefox.)
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, serve } from './harness.mjs';

let server, browser, options;

before(async () => {
  server = await serve({});
  browser = await launch(server);
  options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options/options.html`);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('Chromium grants every site at install: no options tab opened, nothing to ask', async () => {
  const optionsTabs = browser.context.pages().filter((p) => p.url().includes('/options/options.html'));
  assert.deepEqual(optionsTabs, [options], 'only the one this test opened');
  assert.equal(await options.isHidden('[data-testid=sites]'), true);
  // Chromium makes content-script sites required: they cannot be withdrawn, so the Firefox suite
  // (tests/firefox) covers a withdrawn site.
  await assert.rejects(options.evaluate(() => chrome.permissions.remove({ origins: ['https://news.ycombinator.com/*'] })), /required permissions/);
});
