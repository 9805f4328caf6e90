// The popup: today's tallies, read straight from storage (the background is their only writer), and the
// engine's status (errors, repairs), asked from the background. Built with DOM APIs only.
// Reads the `seen:YYYY-MM-DD` key written by the engine (src/engine.rs, SeenDay).
import { SITE_NAMES } from './health.js';
import { localize, msg, msgOr, num, utcDate } from '../shared/i18n.js';

const $ = (id) => document.getElementById(id);
// The person's language (extension/_locales, shared/i18n.js); the English in popup.html is the fallback.
localize();

function utcDay(date = new Date()) {
  return date.toISOString().slice(0, 10);
}

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
  const day = utcDay();
  $('day').textContent = msg('popup_day', utcDate(day));
  const key = `seen:${day}`;
  const stored = (await chrome.storage.local.get(key))[key];
  const total = stored?.total || { posts: 0, positive: 0, negative: 0, neutral: 0, intents: {} };
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

  try {
    const status = await chrome.runtime.sendMessage({ type: 'ecoute/status' });
    const problems = [];
    if (status?.error) problems.push(status.error);
    for (const r of status?.recoveries || []) problems.push(msg('popup_repaired', r.key, r.moved_to));
    $('status').hidden = !problems.length;
    $('status').textContent = problems.join(' ');
  } catch (e) {
    $('status').hidden = false;
    $('status').textContent = msg('popup_backgroundError', e.message);
  }
}

show();
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[`seen:${utcDay()}`]) show();
});
