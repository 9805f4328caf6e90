// French is a first language here: with a French browser, the badges and the popup speak French.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fixture, openPage, waitForCount } from './harness.mjs';

const expected = fixture('tests/fixtures/sites/x/home.expected.json');
const POSTS = 'article[data-testid="tweet"]';
const FR = { positive: 'positif', negative: 'négatif', neutral: 'neutre' };
let browser, page, env;

before(async () => {
  env = await openPage({ 'x.com': { '/home': 'tests/fixtures/sites/x/home.html' } }, 'https://x.com/home', { lang: 'fr' });
  ({ browser, page } = env);
  await waitForCount(page, `${POSTS}[data-ecoute-sentiment]`, expected.posts.length);
});

after(() => env?.close());

test('badges name the sentiment in French; the attribute contract stays in English', async () => {
  const got = await page.$$eval(POSTS, (els) => els.map((el) => [el.getAttribute('data-ecoute-sentiment'),
    el.querySelector('[data-ecoute-badge]').shadowRoot.textContent]));
  got.forEach(([label, text], i) => {
    assert.equal(label, expected.posts[i].sentiment);
    assert.ok(text.includes(FR[label]), `post ${i}: «${text}» names «${FR[label]}»`);
    assert.ok(text.includes('garder'), `post ${i}: the save button is in French`);
  });
});

test('the popup speaks French', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  await popup.waitForFunction(() => document.querySelector('[data-testid=posts]').textContent !== '0');
  assert.equal(await popup.textContent('#today-title'), "Vu aujourd'hui");
  assert.match(await popup.textContent('footer'), /Rien ne le quitte/);
  await popup.close();
});
