// The drill-down panel: the kept posts behind a figure of the dashboard (a bar, a KPI, a site, an intent,
// a watch item's mentions, an author, the posts shown apart), asked of the background page by page
// ({op: 'posts', filter, limit, before} in extension/background/listening.js).
//
// A figure can stand for more than one query: the KPIs count the posts published in the period and,
// apart, those seen in it whose page shows no publication time; so a drill-down is a list of `sources`,
// read one after the other. A source may also narrow its pages here (`keep`): the background selects by
// local day, an hourly bar by local hour.
import { msg, msgOr, uiLanguage } from '../shared/i18n.js';
import { el, safeUrl } from './dom.js';

const PAGE = 50;
const $ = (id) => document.getElementById(id);

let ask = null;
let current = null; // {sources, at, cursor, token, watchName}
let opener = null;
let token = 0;

/** The background's `ask(op, fields)`, given once by the dashboard. */
export function configureDrill(askFn) {
  ask = askFn;
  $('drill-close').addEventListener('click', closeDrill);
  $('drill-more').addEventListener('click', () => more().catch(failed));
  $('drill').addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') closeDrill();
  });
}

/**
 * Opens the panel on `spec`: `{title, clauses: [words], sources: [{filter, keep?}], watchName(id)}`.
 * The element that opened it gets the focus back when it closes.
 */
export async function openDrill(spec) {
  opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  token++;
  current = { ...spec, at: 0, cursor: null, token };
  $('drill-title').textContent = spec.title;
  $('drill-filter').replaceChildren(...spec.clauses.filter(Boolean).map((c) => el('li', {}, c)));
  $('drill-list').replaceChildren();
  $('drill-more').hidden = true;
  $('drill').hidden = false;
  document.body.classList.add('drilling');
  $('drill-title').focus();
  try {
    await more();
  } catch (e) {
    failed(e);
  }
}

export function closeDrill() {
  if ($('drill').hidden) return;
  token++;
  current = null;
  $('drill').hidden = true;
  document.body.classList.remove('drilling');
  if (opener && opener.isConnected) opener.focus();
  opener = null;
}

/** Is the panel open (the dashboard refreshes it when the figures change)? */
export const drillOpen = () => !$('drill').hidden;

function failed(e) {
  $('drill-status').textContent = e && e.message ? e.message : String(e);
}

/** The next page: up to PAGE posts, across sources, narrowed by each source's `keep`. */
async function more() {
  const c = current;
  if (!c) return;
  const mine = c.token;
  const button = $('drill-more');
  button.disabled = true;
  $('drill-status').textContent = msg('dash_loading');
  const found = [];
  // A `keep` that rejects most of a day could need many pages: ask for larger ones then.
  while (found.length < PAGE && c.at < c.sources.length) {
    const source = c.sources[c.at];
    const r = await ask('posts', { filter: source.filter, limit: source.keep ? 200 : PAGE - found.length, before: c.cursor });
    if (mine !== token) return; // closed, or another figure opened meanwhile
    found.push(...(source.keep ? r.posts.filter(source.keep) : r.posts));
    if (r.next) c.cursor = r.next;
    else {
      c.at++;
      c.cursor = null;
    }
  }
  const list = $('drill-list');
  list.append(...found.map((p) => el('li', {}, postCard(p, c.watchName))));
  const done = c.at >= c.sources.length;
  button.hidden = done;
  button.disabled = false;
  const shown = list.children.length;
  $('drill-status').textContent = shown ? (done ? msg('dash_drillAll', num(shown)) : msg('dash_drillShown', num(shown))) : msg('dash_drillNone');
}

const num = (n) => globalThis.EcouteWords.num(n);

// ---- one post --------------------------------------------------------------------------------------

const formats = {};
const format = (key, options) => (formats[key] ||= new Intl.DateTimeFormat(uiLanguage(), options));
const day = (ms) => format('day', { dateStyle: 'medium' }).format(ms);
const minute = (ms) => format('minute', { timeStyle: 'short' }).format(ms);
const hour = (ms) => format('hour', { hour: 'numeric' }).format(ms);
const month = (ms) => format('month', { month: 'long', year: 'numeric' }).format(ms);
const year = (ms) => format('year', { year: 'numeric' }).format(ms);

/**
 * When the post was published, as precisely as it is known (exact or as the page showed it: "3 h",
 * "2 j"), or when it was seen for a post whose page shows no publication time: never a time it does not have.
 */
export function when(p) {
  const shown = p.time_text ? ` · ${msg('dash_pageShows', p.time_text)}` : '';
  if (p.pq != null && p.published != null) {
    const t = p.published;
    switch (p.precision) {
      case 'hour':
        return msg('dash_pubHour', day(t), hour(t)) + shown;
      case 'day':
        return msg('dash_pubDay', day(t)) + shown;
      case 'minute':
        return msg('dash_pubAbout', day(t), minute(t)) + shown;
      default:
        return msg('dash_pubExact', day(t), minute(t)) + shown;
    }
  }
  const seen = msg('dash_seenAt', day(p.first_seen), minute(p.first_seen));
  if (p.published == null) return `${seen} · ${msg('dash_noPubTime')}${shown}`;
  // Published long ago, or known only to the week or more ("26w"): said as precisely as it is known.
  const pub = p.precision === 'year' ? year(p.published) : p.precision === 'month' ? month(p.published) : day(p.published);
  const rough = p.precision === 'week' || p.precision === 'month' || p.precision === 'year';
  return `${seen} · ${rough ? msg('dash_pubRoughly', pub) : msg('dash_pubOlder', pub)}${shown}`;
}

const LABEL_CLASS = { positive: 'pos', negative: 'neg', neutral: 'neu' };
const LABELS = ['positive', 'neutral', 'negative'];
const INTENTS = ['praise', 'complaint', 'request', 'question', 'none'];

/** "✎ corrected: positive, praise" for a post the person corrected, or null. */
function correctedChip(c) {
  if (!c) return null;
  return el('span', { className: `chip corrected ${LABEL_CLASS[c.label] || ''}` },
    msg('dash_corrected', msgOr(`label_${c.label}`, c.label), msgOr(`intent_${c.intent}`, c.intent)));
}

/**
 * The person's correction of a post's sentiment and intent: two choices and a button; saved through the
 * background (`correct`, extension/background/listening.js), which keeps it on the post and teaches
 * the engine. The model's label stays shown beside it.
 */
function correctForm(p, chips) {
  const pick = (title, values, current, word) => el('select', { 'aria-label': title },
    ...values.map((v) => el('option', { value: v, selected: v === current }, word(v))));
  const label = pick(msg('dash_correctLabel'), LABELS, p.corrected?.label || p.label || 'neutral', (v) => msgOr(`label_${v}`, v));
  const intent = pick(msg('dash_correctIntent'), INTENTS, p.corrected?.intent || p.intent || 'none', (v) => msgOr(`intent_${v}`, v));
  const status = el('span', { className: 'muted', role: 'status' });
  const save = el('button', { type: 'button' }, msg('dash_correctSave'));
  const form = el('div', { className: 'correct', hidden: true }, label, ' ', intent, ' ', save, ' ', status,
    el('p', { className: 'muted hint' }, msg('dash_correctHint')));
  save.addEventListener('click', () => {
    save.disabled = true;
    ask('correct', { key: p.k, label: label.value, intent: intent.value }).then(
      (r) => {
        p.corrected = r.corrected || { label: label.value, intent: intent.value };
        chips.querySelector('.corrected')?.remove();
        chips.append(correctedChip(p.corrected));
        form.hidden = true;
        save.disabled = false;
      },
      (e) => {
        status.textContent = `✗ ${e.message}`;
        save.disabled = false;
      },
    );
  });
  const open = el('button', { type: 'button', className: 'link', 'aria-expanded': 'false' }, msg('dash_correct'));
  open.addEventListener('click', () => {
    form.hidden = !form.hidden;
    open.setAttribute('aria-expanded', String(!form.hidden));
  });
  return { open, form };
}

function postCard(p, watchName = () => null) {
  const url = safeUrl(p.url);
  let host = null;
  try {
    host = url ? new URL(url).host.replace(/^www\./, '') : null;
  } catch { /* not a URL after all: no link */ }
  const handle = p.author?.handle ? `@${String(p.author.handle).replace(/^@/, '')}` : null;
  const name = p.author?.name && p.author.name !== p.author.handle ? p.author.name : null;
  const chips = el('div', { className: 'chips' },
    p.label ? el('span', { className: `chip ${LABEL_CLASS[p.label] || ''}` }, msgOr(`label_${p.label}`, p.label))
      : el('span', { className: 'chip unanalysed' }, msg('dash_unanalysedChip', p.lang || 'und')),
    p.intent ? el('span', { className: 'chip' }, msgOr(`intent_${p.intent}`, p.intent)) : null,
    correctedChip(p.corrected),
    p.promoted ? el('span', { className: 'chip' }, msg('dash_promoted')) : null,
    ...(p.watch || []).map(([id]) => watchName(id)).filter(Boolean).map((w) => el('span', { className: 'chip watch' }, w)));
  const { open, form } = correctForm(p, chips);
  return el('article', { className: 'post' },
    el('div', { className: 'meta' },
      el('strong', {}, name || handle || msg('dash_unknownAuthor')), name && handle ? ` ${handle}` : '', ` · ${p.site}`),
    el('div', { className: 'text' }, p.text),
    chips,
    el('div', { className: 'meta' }, el('span', { className: 'when' }, when(p)),
      url && host ? ' · ' : '',
      url && host ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', title: msg('dash_openOn', host) }, `${host} ↗`) : null,
      ' · ', open),
    form);
}
