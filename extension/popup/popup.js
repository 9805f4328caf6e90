// The popup: today's figures in the person's own day, asked from the background (which folds them from
// the kept posts' sums, as for the dashboard, so both agree), and the engine's status (errors, repairs).
// Built with DOM APIs only.
import { SITE_NAMES } from './health.js';
import { localize, msg, msgOr, num, utcDate } from '../shared/i18n.js';
import { localDay } from '../shared/localtime.js';
import '../shared/messages.js'; // globalThis.EcouteMessages: send()

const { send } = globalThis.EcouteMessages;

const $ = (id) => document.getElementById(id);
// The person's language (extension/_locales, shared/i18n.js); the English in popup.html is the fallback.
localize();

function listItems(ul, entries) {
  ul.replaceChildren(...entries.map(([name, value]) => {
    const li = document.createElement('li');
    const a = document.createElement('span');
    a.textContent = name;
    const b = document.createElement('span');
    b.textContent = num(value);
    li.append(a, b);
    return li;
  }));
  if (!entries.length) {
    const li = document.createElement('li');
    li.className = 'muted';
    li.textContent = msg('nothingYet');
    ul.append(li);
  }
}

async function show() {
  let today;
  let failed = null; // why today's figures could not be read
  try {
    today = (await send('listening/today', {})).result;
  } catch (e) {
    today = { day: localDay(Date.now()), seen: null, published: null };
    failed = e;
  }
  $('day').textContent = msg('popup_day', utcDate(today.day));
  const stored = today.seen;
  const total = { posts: 0, positive: 0, negative: 0, neutral: 0, intents: {}, ...(stored?.total || {}) };
  $('posts').textContent = num(total.posts);
  for (const k of ['positive', 'neutral', 'negative']) $(k).textContent = num(total[k]);
  const polar = total.positive + total.negative;
  $('net').textContent = polar ? num((total.positive - total.negative) / polar, 2) : '—';
  $('bar').replaceChildren(...['positive', 'neutral', 'negative'].map((k) => {
    const s = document.createElement('span');
    s.style.width = total.posts ? `${(100 * total[k]) / total.posts}%` : '0';
    s.style.background = `var(--${k.slice(0, 3)})`;
    return s;
  }));
  const sites = Object.entries(stored?.sites || {}).map(([site, c]) => [SITE_NAMES[site] || site, c.posts]).sort((a, b) => b[1] - a[1]);
  listItems($('sites'), sites);
  listItems($('intents'), Object.entries(total.intents || {}).sort((a, b) => b[1] - a[1])
    .map(([intent, n]) => [msgOr(`intent_${intent}_plural`, intent), n]));
  // Of the posts seen today: how many were published today, have no date, or are older than retention.
  const published = today.published?.total?.posts || 0;
  const undated = stored?.undated?.posts || 0;
  const older = stored?.older?.posts || 0;
  $('breakdown').textContent = total.posts ? msg('popup_breakdown', num(published), num(undated), num(older)) : '';

  try {
    const status = await send('status', {});
    const problems = [];
    if (status?.error) problems.push(status.error);
    else if (failed) problems.push(msg('popup_backgroundError', failed.message));
    for (const r of status?.recoveries || []) problems.push(msg('popup_repaired', r.key, r.moved_to));
    $('status').hidden = !problems.length;
    $('status').textContent = problems.join(' ');
  } catch (e) {
    $('status').hidden = false;
    $('status').textContent = msg('popup_backgroundError', e.message);
  }
}

show();
// The figures change as batches are counted; a popup is open for seconds, so a short poll is enough.
setInterval(show, 2000);
