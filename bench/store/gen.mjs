// A year of heavy use, generated deterministically (seeded): the posts a person reads, in the order and at
// the times they read them, the watch items they keep and the posts they save (bench/store/bench.mjs).
//
// Texts are real posts drawn from ../shared/datasets (French and English tweets, Reddit comments, reviews):
// read at run time, never copied into the repository. Everything else (sites, ids, authors, times,
// metrics) is made here from one seed, so two runs load the same year.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  /** Exponential with this mean. */
  next.exp = (mean) => -Math.log(1 - next()) * mean;
  /** Log-normal around `median`, spread `sigma` (natural log units). */
  next.logn = (median, sigma) => {
    const u = Math.max(1e-12, next());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    return median * Math.exp(sigma * z);
  };
  return next;
}

/** The text pools, by language and register, from the datasets folder. */
export function loadTexts(datasets) {
  const read = (f) => {
    const p = join(datasets, f);
    if (!existsSync(p)) throw new Error(`${p} is missing: set ECOUTE_DATASETS to the shared datasets folder`);
    return readFileSync(p, 'utf8').split('\n').map((l) => l.slice(l.indexOf('\t') + 1).trim()).filter((t) => t.length >= 8);
  };
  return {
    frTweets: [...read('fr_deft2017_tweets.tsv'), ...read('fr_tweets_train.tsv'), ...read('fr_debat2017_tweets_students.tsv')],
    frLong: read('fr_reviews_train.tsv'),
    enTweets: read('en_semeval2013_2016_tweets.tsv'),
    enComments: read('en_goemotions_reddit.tsv'),
    enLong: [...read('en_vader_amazon.tsv'), ...read('en_customer_reviews_cr.tsv')],
  };
}

// Where a heavy user reads, and how each site shows a post's time: `time` (machine-readable), `text`
// (shown as words, read by the engine with its precision) or none (the post is undated).
const SITES = [
  { site: 'x', share: 0.34, time: 'exact', pool: 'tweets' },
  { site: 'reddit', share: 0.14, time: 'exact', pool: 'comments' },
  { site: 'bluesky', share: 0.1, time: 'exact', pool: 'tweets' },
  { site: 'mastodon', share: 0.08, time: 'exact', pool: 'tweets' },
  { site: 'youtube', share: 0.1, time: 'text', pool: 'comments' },
  { site: 'linkedin', share: 0.08, time: 'text', pool: 'long' },
  { site: 'facebook', share: 0.08, time: 'text', pool: 'long' },
  { site: 'instagram', share: 0.05, time: 'none', pool: 'tweets' },
  { site: 'hn', share: 0.03, time: 'none', pool: 'comments' },
];

const FIRST = ['marie', 'lucas', 'emma', 'hugo', 'chloe', 'louis', 'lea', 'jules', 'manon', 'arthur', 'camille', 'nathan',
  'sarah', 'paul', 'ines', 'tom', 'julie', 'leo', 'anna', 'theo', 'james', 'olivia', 'liam', 'emily', 'noah', 'ava',
  'jack', 'mia', 'ethan', 'grace', 'oliver', 'ruby', 'sophie', 'max', 'zoe', 'sam', 'nina', 'alex', 'clara', 'adam'];
const LAST = ['martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau', 'simon',
  'laurent', 'lefebvre', 'michel', 'garcia', 'david', 'bertrand', 'roux', 'vincent', 'fournier', 'smith', 'jones',
  'taylor', 'brown', 'williams', 'wilson', 'johnson', 'davies', 'robinson', 'wright', 'walker', 'white', 'green', 'hall'];
const ORGS = ['fnac', 'decathlon', 'sncf', 'orange', 'carrefour', 'lemonde', 'liberation', 'techcrunch', 'theverge', 'bbcnews',
  'franceinfo', 'numerama', 'frandroid', 'wired', 'engadget', 'lesechos', 'bfmtv', 'arstechnica', 'guardian', 'reuters'];

/** A fixed population of authors: a few very active (and followed) ones, a long tail of occasional ones. */
function makeAuthors(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const org = i < 200 && r() < 0.5;
    const f = r.pick(FIRST);
    const l = r.pick(LAST);
    const handle = org ? `${r.pick(ORGS)}${i}` : r.pick([`${f}_${l}`, `${f}${l}${i % 97}`, `${f}.${l}`, `${l}${f[0]}${i}`]) + (i >= 1000 ? i : '');
    const name = org ? handle.replace(/\d+$/, '').toUpperCase() : `${f[0].toUpperCase()}${f.slice(1)} ${l[0].toUpperCase()}${l.slice(1)}`;
    out.push({ handle, name, verified: org || r() < 0.01, followers: Math.round(r.logn(org ? 200000 : 300, org ? 1.2 : 1.8)) });
  }
  return out;
}

/** Zipf-like choice: author i with weight 1/(i+10). */
function zipfPicker(r, n) {
  const cum = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) cum[i] = s += 1 / (i + 10);
  return () => {
    const x = r() * s;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** "1,2 k" / "1.2K" as pages show counts. */
function shownCount(n, fr) {
  if (n < 1000) return String(n);
  if (n < 1e6) return fr ? `${(n / 1000).toFixed(1).replace('.', ',')} k` : `${(n / 1000).toFixed(1)}K`;
  return fr ? `${(n / 1e6).toFixed(1).replace('.', ',')} M` : `${(n / 1e6).toFixed(1)}M`;
}

/** A publication time as the page shows it in words, `ageMs` before it was seen. */
function shownTime(r, ageMs, fr) {
  const min = Math.max(1, Math.round(ageMs / 60000));
  if (min < 60) return fr ? r.pick([`il y a ${min} min`, `${min} min`]) : r.pick([`${min}m`, `${min} minutes ago`]);
  const h = Math.round(min / 60);
  if (h < 24) return fr ? r.pick([`il y a ${h} h`, `${h} h`]) : r.pick([`${h}h`, `${h} hours ago`]);
  const d = Math.round(h / 24);
  if (d < 7) return fr ? `${d} j` : `${d}d`;
  const w = Math.round(d / 7);
  return fr ? `${w} sem.` : `${w}w`;
}

const b36 = (n, len) => n.toString(36).padStart(len, '0');

/**
 * The generator: `days(now)` yields, for each of `days` local days ending today, its batches
 * `[{at, posts}]` (each batch as a content script sends it, read at `at`) and the requests to save some
 * of that day's posts. `tz` is the browser's zone (its day and waking hours).
 */
export function generator({ texts, seed = 20261207, postsPerDay = 2000, days = 365, batch = 200, savesTotal = 5000, authors = 40000 }) {
  const r = rng(seed);
  const people = makeAuthors(rng(seed + 1), authors);
  const who = zipfPicker(r, people.length);
  const siteCum = [];
  let acc = 0;
  for (const s of SITES) siteCum.push([(acc += s.share), s]);
  const pickSite = () => {
    const x = r() * acc;
    return siteCum.find(([c]) => x < c)[1];
  };
  const pool = (s, fr) => {
    if (fr) return s.pool === 'long' ? texts.frLong : texts.frTweets;
    return s.pool === 'long' ? texts.enLong : s.pool === 'comments' ? texts.enComments : texts.enTweets;
  };
  let serial = 0;

  function post(site, seenAt) {
    const fr = r() < 0.5;
    const a = people[who()];
    const n = serial++;
    const id = site.site === 'x' ? String(1700000000000000000n + BigInt(n) * 7919n)
      : site.site === 'reddit' ? `t1_${b36(n * 31 + 7, 7)}`
        : site.site === 'youtube' ? `Ugx${b36(n * 131 + 3, 12)}`
          : site.site === 'linkedin' ? `urn:li:activity:${7100000000000000000n + BigInt(n) * 613n}`
            : site.site === 'hn' ? String(38000000 + n) : `${b36(n * 17 + 11, 10)}`;
    // Age when read: mostly fresh (a feed), sometimes an older thread.
    const age = r() < 0.93 ? r.exp(3 * 3600e3) : r.exp(6 * 86400e3);
    const p = {
      site: site.site,
      id,
      url: `https://${site.site}.example/${a.handle}/${id}`,
      author: { handle: a.handle, name: a.name, url: `https://${site.site}.example/${a.handle}`, verified: a.verified, followers: a.followers },
      text: r.pick(pool(site, fr)),
      lang: r() < 0.3 ? (fr ? 'fr' : 'en') : null,
      promoted: r() < 0.02,
      metrics: {},
      shown: {},
    };
    const likes = Math.round(r.logn(4, 2));
    p.metrics.likes = likes;
    if (site.site !== 'hn') p.metrics.replies = Math.round(r.logn(1, 1.5));
    if (site.site === 'x' || site.site === 'bluesky' || site.site === 'mastodon') p.metrics.reposts = Math.round(r.logn(1, 1.8));
    if (site.site === 'x' || site.site === 'youtube') p.metrics.views = Math.round(r.logn(300, 2));
    if (site.site === 'x' || site.site === 'youtube' || site.site === 'facebook') {
      p.shown.likes = shownCount(likes, fr);
      if (a.followers >= 1000) p.shown.followers = shownCount(a.followers, fr);
    }
    if (site.time === 'exact') p.time = new Date(Math.round(seenAt - age)).toISOString();
    else if (site.time === 'text') p.time_text = shownTime(r, age, fr);
    return p;
  }

  /** Waking-hours reading times of one local day (ms), in order; today's end before `now`. */
  function readingTimes(dayStartMs, n, now) {
    const times = [];
    for (let i = 0; i < n; i++) {
      // 07:30 to 23:30 local, a little jitter: the person reads in sessions through the day.
      const t = dayStartMs + (7.5 + (16 * (i + 0.5)) / n) * 3600e3 + (r() - 0.5) * 600e3;
      times.push(Math.min(Math.round(t), now - 60e3 * (n - i)));
    }
    return times;
  }

  const COLLECTIONS = ['Saved', 'Veille', 'Clients', 'Competitors', 'À relire'];
  const TAGS = ['sav', 'bug', 'prix', 'launch', 'idea', 'urgent', 'presse', 'review'];

  return {
    people,
    /** `n` save requests of posts read over the year before `now`, one post each. */
    saves(n, now) {
      const out = [];
      for (let i = 0; i < n; i++) {
        const at = now - (days * 86400e3 * (n - i)) / n;
        out.push({ post: post(pickSite(), at), collection: r.pick(COLLECTIONS), tags: r() < 0.5 ? [r.pick(TAGS)] : [], note: r() < 0.3 ? 'à montrer à l’équipe' : '' });
      }
      return out;
    },
    *days(now, localMidnight) {
      const nb = Math.ceil(postsPerDay / batch);
      const savesPerDay = savesTotal / days;
      let savedSoFar = 0;
      for (let d = 0; d < days; d++) {
        const dayStart = localMidnight(now, d - (days - 1));
        const times = readingTimes(dayStart, nb, now);
        const batches = [];
        let left = postsPerDay;
        for (let b = 0; b < nb; b++) {
          const n = Math.min(batch, left);
          left -= n;
          const posts = [];
          for (let i = 0; i < n; i++) posts.push(post(pickSite(), times[b]));
          batches.push({ at: times[b], posts });
        }
        // Saves: spread evenly over the year, exactly `savesTotal` in all.
        const want = Math.round(savesPerDay * (d + 1)) - savedSoFar;
        const saves = [];
        for (let s = 0; s < want; s++) {
          const b = batches[r.int(batches.length)];
          const p = b.posts[r.int(b.posts.length)];
          saves.push({ post: p, collection: r.pick(COLLECTIONS), tags: r() < 0.5 ? [r.pick(TAGS)] : [], note: r() < 0.3 ? 'à montrer à l’équipe' : '' });
        }
        savedSoFar += saves.length;
        yield { day: d, batches, saves };
      }
    },
  };
}

/**
 * 100 watch items a marketer might keep: brands and topics that occur in the texts, some single words,
 * some alternatives, a few phrases and exclusions. Deterministic from the texts.
 */
export function watchItems(texts, n = 100) {
  const fixed = [
    ['apple OR iphone OR ipad', 'Apple'], ['samsung OR galaxy', 'Samsung'], ['google OR android', 'Google'],
    ['microsoft OR windows OR xbox', 'Microsoft'], ['netflix', 'Netflix'], ['amazon NOT "amazon prime"', 'Amazon (hors Prime)'],
    ['macron', 'Macron'], ['sarkozy', 'Sarkozy'], ['hollande', 'Hollande'], ['"front national" OR fn OR lepen OR "le pen"', 'FN'],
    ['climat OR climate OR "réchauffement climatique"', 'Climat'], ['#ecologie OR écologie', 'Écologie'],
    ['sncf OR train', 'SNCF'], ['fnac', 'Fnac'], ['décathlon OR decathlon', 'Décathlon'], ['"brioche phone"', 'Brioche Phone'],
    ['twitter', 'Twitter'], ['facebook', 'Facebook'], ['youtube', 'YouTube'], ['tesla OR "elon musk"', 'Tesla'],
  ];
  const stop = new Set(('the and for you that this with have are was but not just what your all from they about will can out ' +
    'get like one its his her she him has had our who when there their them would been more were which then than some also ' +
    'les des est une pour que qui dans pas sur plus par avec tout mais elle ils nous vous son ses sont ces cette comme fait ' +
    'être avoir très bien aussi faire leur même entre après avant sans peut user http https').split(' '));
  // Topic words of each language, past the most common ones: each matches a few posts in a thousand, as
  // a brand or a topic does.
  const ranked = (pool) => {
    const freq = new Map();
    for (const t of pool) {
      for (const w of new Set(t.toLowerCase().match(/[\p{L}][\p{L}'-]{4,}/gu) || [])) {
        if (!stop.has(w) && !w.includes("'")) freq.set(w, (freq.get(w) || 0) + 1);
      }
    }
    return [...freq].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w).slice(60, 600);
  };
  const fr = ranked(texts.frTweets);
  const en = ranked(texts.enTweets);
  const items = fixed.map(([query, label]) => ({ query, label }));
  let i = 0;
  while (items.length < n) {
    const k = items.length % 4;
    // Both words of one language, alternating French and English.
    const lang = items.length % 2 ? en : fr;
    const a = lang[i];
    const b = lang[i + 1];
    if (items.length % 2) i += 2;
    const query = k === 0 ? `${a} OR ${b}` : k === 1 ? a : k === 2 ? `${a} ${b}` : `${a} NOT ${b}`;
    items.push({ query, label: null });
  }
  return items.slice(0, n);
}
