// Synthetic X posts for the dynamic tests (streaming, many tabs, stopped worker): the same markup the X
// adapter reads in the real fixture (tests/fixtures/sites/x/home.html), reduced to what it keys on.
const MOODS = [
  ['positive', 'I love the new Brioche Phone, the battery is great'],
  ['negative', "J'aime pas du tout ce vélo, il est nul et cassé"],
  ['neutral', 'Brioche Phone 2 ships on March 12 in three colours'],
];

/** Post `n` of a stream: id, expected label, text. */
export function post(n) {
  const [label, text] = MOODS[n % MOODS.length];
  return { id: String(1900000000000000000n + BigInt(n)), label, text: `${text} (${n})`, handle: `user${n % 7}` };
}

/** Builds one article in the page (runs in the page via page.evaluate; DOM APIs only). */
export function appendPosts(posts) {
  const feed = document.querySelector('main') || document.body;
  for (const p of posts) {
    const el = (tag, attrs = {}, ...children) => {
      const e = document.createElement(tag);
      for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
      e.append(...children);
      return e;
    };
    const time = el('time', { datetime: p.time || new Date().toISOString() }, '1m'); // `time`: ISO, now by default
    const article = el('article', { 'data-testid': 'tweet', role: 'article' },
      el('div', { 'data-testid': 'User-Name' },
        el('a', { href: `/${p.handle}` }, el('span', {}, `User ${p.handle}`)),
        el('a', { href: `/${p.handle}` }, `@${p.handle}`),
        el('a', { href: `/${p.handle}/status/${p.id}` }, time)),
      el('div', { 'data-testid': 'tweetText', lang: 'und' }, el('span', {}, p.text)),
      el('div', { role: 'group' },
        el('button', { 'data-testid': 'reply', 'aria-label': '2 Replies. Reply' }),
        el('button', { 'data-testid': 'retweet', 'aria-label': '3 reposts. Repost' }),
        el('button', { 'data-testid': 'like', 'aria-label': `${p.likes ?? 5} Likes. Like` })));
    feed.append(article);
  }
}

export const EMPTY_FEED = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Home / X</title></head><body><main role="main"></main></body></html>';
