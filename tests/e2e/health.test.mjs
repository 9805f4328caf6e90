// Health: the popup says when a supported site shows posts but the adapter reads none (a redesign),
// says how many it reads when it works, and says nothing alarming on a page without posts; when a page
// shows posts in a layout the adapter knows (adapter.expected) and it reads only some, the popup names the
// layout and the counts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, fixture, launch, serve } from './harness.mjs';

const X = readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'x', 'home.html'), 'utf8');
// Facebook's 2024 layout: two div[aria-posinset][aria-labelledby] posts (tests/fixtures/sites/facebook/profile.html)
const FB = readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'facebook', 'profile.html'), 'utf8');
/** Facebook drops aria-labelledby from the first `n` posts: the adapter's selector alternative for them no longer matches. */
const unlabelled = (n) => {
  let left = n;
  return FB.replace(/(<div aria-posinset="\d+"[^>]*?) aria-labelledby="[^"]*"/g, (m, head) => (left-- > 0 ? head : m));
};
// YouTube's comments, in their 2018 markup (ytd-comment-thread-renderer holding ytd-comment-renderer)
const YT = readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'youtube', 'watch.html'), 'utf8');
// a shreddit post page: the post and its comment tree (shreddit-comment)
const SHREDDIT = {
  url: fixture('tests/fixtures/sites/reddit/shreddit-post.expected.json').url,
  html: readFileSync(join(ROOT, 'tests', 'fixtures', 'sites', 'reddit', 'shreddit-post.html'), 'utf8'),
};
let server, browser, popup;

before(async () => {
  server = await serve({
    'x.com': {
      '/home': 'tests/fixtures/sites/x/home.html',
      // X renames its post container: the adapter's selector no longer matches anything
      '/redesigned': { body: X.replaceAll('data-testid="tweet"', 'data-testid="post-2027"') },
      // ...and drops <article> too: nothing the adapter knows of is left, only the signs any feed has
      '/rebuilt': { body: X.replaceAll('data-testid="tweet"', 'data-testid="post-2027"').replace(/<(\/?)article\b/g, '<$1div') },
      '/settings': { body: '<!doctype html><title>Settings / X</title><main><h1>Settings</h1><p>Your account</p></main>' },
    },
    'news.ycombinator.com': { '/item': 'tests/fixtures/sites/hn/item.html' },
    'www.youtube.com': {
      // YouTube renames its comment element (as it did in 2023, ytd-comment-renderer → ytd-comment-view-model)
      '/watch': { body: YT.replace(/<(\/?)ytd-comment-renderer\b/g, '<$1ytd-comment-2027') },
    },
    'www.reddit.com': {
      // shreddit renames its comment element: the comments keep their attributes (thingid, author...)
      [new URL(SHREDDIT.url).pathname]: { body: SHREDDIT.html.replace(/<(\/?)shreddit-comment\b(?!-)/g, '<$1shreddit-reply') },
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

test('a long thread: the check reads a sample of its posts and does not call the rest missed', async () => {
  const { health, text } = await healthOf('https://news.ycombinator.com/item?id=40000100');
  assert.equal(health.status, 'ok');
  assert.equal(health.found, 116);
  assert.deepEqual([health.read, health.checked], [50, 50]);
  assert.equal(health.layout, undefined);
  assert.match(text, /Listening on Hacker News: 116 posts read/);
});

test('a redesign that renames the post element: the popup names the layout its posts are still shown in', async () => {
  const { health, text } = await healthOf('https://x.com/redesigned');
  assert.equal(health.status, 'broken');
  assert.equal(health.read, 0);
  assert.equal(health.layout, 'timeline (article)');
  assert.deepEqual([health.layoutRead, health.expected], [0, 6]);
  assert.match(text, /X shows posts in its “timeline \(article\)” layout here, but Écoute reads only 0 of 6/);
});

test('a redesign the adapter does not know at all: the popup warns', async () => {
  const { health, text } = await healthOf('https://x.com/rebuilt');
  assert.equal(health.status, 'broken');
  assert.equal(health.read, 0);
  assert.equal(health.layout, undefined);
  assert.ok(health.hints >= 3);
  assert.match(text, /X seems to show posts here, but Écoute reads none/);
});

test('YouTube renames its comment element: the comment threads say how many are missed', async () => {
  const { health, text } = await healthOf('https://www.youtube.com/watch?v=ecouteDemo1');
  assert.equal(health.site, 'youtube');
  assert.equal(health.status, 'broken');
  assert.equal(health.layout, 'comment threads');
  assert.deepEqual([health.layoutRead, health.expected], [0, 20]);
  assert.match(text, /YouTube shows posts in its “comment threads” layout here, but Écoute reads only 0 of 20/);
});

test('Reddit renames its comment element: the post is still read, the comments are reported missed', async () => {
  const { health, text } = await healthOf(SHREDDIT.url);
  assert.equal(health.site, 'reddit');
  assert.equal(health.status, 'partial');
  assert.equal(health.read, 1, 'the post');
  assert.equal(health.layout, 'shreddit (comments)');
  assert.deepEqual([health.layoutRead, health.expected], [0, 5]);
  assert.match(text, /Reddit shows posts in its “shreddit \(comments\)” layout here, but Écoute reads only 0 of 5/);
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
