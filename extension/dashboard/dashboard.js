// The listening dashboard: figures per local hour and day, watch items (and their editor), authors with
// badges, trends, saved posts, export / import / backup, and under every figure the posts behind it
// (drill.js). Everything comes from the background through one message, {type: 'ecoute/listening', op, ...}
// (extension/background/listening.js → src/listening.rs); the background persists any change before it
// answers. Figures are folded from the kept posts in the person's own days and hours (shared/localtime.js).
// Built with DOM APIs only: post texts, handles and terms are hostile input, never markup.
// Words in the person's language (extension/_locales, shared/i18n.js); numbers and dates too.
import { dateTime, localize, msg, msgOr, num, uiLanguage, utcDate, utcDayShort, utcHour } from '../shared/i18n.js';
import '../shared/words.js'; // globalThis.EcouteWords: badges, rises, alerts, query problems, import skips
import { DEFAULT_COLLECTION, MAX_IMPORT_BYTES } from '../shared/core.js';
import { addDays, localDay, localDayStart } from '../shared/localtime.js';
import { el, safeUrl, svg } from './dom.js';
import { closeDrill, configureDrill, openDrill } from './drill.js';
import '../shared/messages.js'; // globalThis.EcouteMessages: send()

const words = globalThis.EcouteWords;

localize();
const $ = (id) => document.getElementById(id);
// The person's time zone, named in the chart's title: every day and hour shown is in it.
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
$('chart-title').textContent = msg('dash_chartHourly', ZONE); // until the first summary says per hour or per day

/**
 * A listening operation's result (shared/messages.js declares each op, its payload and its reply); a
 * refusal is thrown as a MessageError in the UI language, with its `args`.
 * @param {string} op @param {object} [fields]
 */
async function ask(op, fields = {}) {
  // The op is chosen at run time here: the router checks it against the contract.
  const name = /** @type {ListeningName} */ (`listening/${op}`);
  return (await globalThis.EcouteMessages.send(name, /** @type {Payloads[ListeningName]} */ (fields))).result;
}
configureDrill(ask);

function showError(e) {
  $('status').hidden = false;
  $('status').textContent = e && e.message ? e.message : String(e);
}

function clearError() {
  $('status').hidden = true;
}

const fmt = (n) => num(n);
const net = (c) => {
  const polar = (c.positive || 0) + (c.negative || 0);
  if (!polar) return '—';
  // (pos - neg) / (pos + neg); rounding a tiny negative must not print "-0.00".
  const v = Math.round((100 * (c.positive - c.negative)) / polar) / 100;
  return num(v === 0 ? 0 : v, 2);
};

function emptyCounts() {
  return { posts: 0, positive: 0, negative: 0, neutral: 0, intents: {}, unanalysed: {} };
}

function addCounts(sum, c) {
  if (!c) return sum;
  for (const k of ['posts', 'positive', 'negative', 'neutral']) sum[k] += c[k] || 0;
  for (const [k, n] of Object.entries(c.intents || {})) sum.intents[k] = (sum.intents[k] || 0) + n;
  // Posts in languages Écoute does not analyse: in `posts`, in no sentiment, by language.
  for (const [k, n] of Object.entries(c.unanalysed || {})) sum.unanalysed[k] = (sum.unanalysed[k] || 0) + n;
  return sum;
}

function table(node, head, rows, numeric = []) {
  const thead = el('tr', {}, ...head.map((h, i) => el('th', { className: numeric.includes(i) ? 'num' : '' }, h)));
  const body = rows.length
    ? rows.map((r) => el('tr', {}, ...r.map((cell, i) => el('td', { className: numeric.includes(i) ? 'num' : '' }, cell))))
    : [el('tr', {}, el('td', { className: 'muted', colSpan: head.length }, msg('nothingYet')))];
  node.replaceChildren(thead, ...body);
}

function badgeChips(badges) {
  const span = el('span');
  for (const b of badges || []) {
    const w = words.badge(b);
    span.append(el('span', { className: `badge ${b.kind}`, title: w.why }, w.label));
  }
  return span;
}

// ---- local days and hours, in words --------------------------------------------------------------

const formats = {};
const format = (key, options) => (formats[key] ||= new Intl.DateTimeFormat(uiLanguage(), options));
/** The instant a local day (YYYY-MM-DD) starts, and its hour `h` (a Date: Intl formats it in local time). */
const dayDate = (day) => new Date(localDayStart(day));
const hourDate = (day, h) => {
  const d = dayDate(day);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate(), h);
};
/** "Dec 1 – 7, 2026" / "1–7 déc. 2026"; one date when the period is one day. */
const period = (from, to) => format('period', { dateStyle: 'medium' }).formatRange(dayDate(from), dayDate(to < from ? from : to));
/** An axis tick: "6 AM" / "06 h". */
const hourTick = (day, h) => format('hourTick', { hour: 'numeric' }).format(hourDate(day, h));
/** "Dec 1, 10 PM – 11 PM" / "1 déc., 22 h – 23 h" (Intl's formatRange drops the French "h" of the first hour). */
const hourSpan = (day, h) => `${format('dayShort', { month: 'short', day: 'numeric' }).format(dayDate(day))}, ${hourTick(day, h)} – ${hourTick(day, h + 1)}`;

// ---- filters and tabs ----------------------------------------------------------------------------

function filter() {
  const v = (id) => $(id).value || null;
  return { from: v('from'), to: v('to'), site: v('site'), watch: v('watch') };
}

function setOptions(select, values, allLabel, label = (v) => v) {
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, label(v))));
  select.value = values.includes(current) ? current : '';
}

for (const button of document.querySelectorAll('[role=tab]')) {
  button.addEventListener('click', () => {
    for (const b of document.querySelectorAll('[role=tab]')) {
      const on = b === button;
      b.setAttribute('aria-selected', String(on));
      $(b.dataset.tab).hidden = !on;
    }
    if (button.dataset.tab === 'saved') loadSaved().catch(showError);
    if (button.dataset.tab === 'data') pollStorage().catch(showError);
  });
}

// ---- drill-down: the posts behind a figure --------------------------------------------------------

/** A watch item by id, or by the query the summary keys its figures with. */
const itemById = (id) => summary?.watchlist.find((i) => i.id === Number(id)) || null;
const itemByQuery = (q) => summary?.watchlist.find((i) => i.query === q) || null;
const itemName = (i) => i.label || i.query;

/**
 * The posts-op sources behind a figure of the current period and filters. `dated`: the posts published
 * in the period; `apart`: those seen in it whose page shows no publication time (or an older one),
 * which the overview counts beside the dated ones. `extra` narrows both (label, intent, item, author...).
 */
function sources(extra = {}, { dated = true, apart = true, keep } = {}) {
  const f = summary.filter;
  const item = itemByQuery(f.watch);
  const base = { from: f.from, to: f.to, ...(f.site ? { site: f.site } : {}), ...(item ? { item: item.id } : {}), ...extra };
  const out = [];
  if (dated) out.push({ filter: { ...base, by: 'published' }, keep });
  if (apart) out.push({ filter: { ...base, undated: true }, keep: undated });
  return out;
}

/** Shown apart as undated: no publication time, or one known only to the week or more ("26w"). The other
 * posts the background selects with `undated` were published before the retention window: not counted. */
const ROUGH = new Set(['week', 'month', 'year']);
const undated = (p) => p.published == null || ROUGH.has(p.precision);
const older = (p) => !undated(p);

/** The filter of a drill-down in words, one clause per line. */
function clauses({ from, to, published = true, apart = true, hour = null, seenOnly = false, extra = [] }) {
  const f = summary.filter;
  const item = itemByQuery(f.watch);
  const when = hour == null ? period(from, to) : hourSpan(from, hour);
  return [
    ...extra,
    item ? msg('dash_fItem', itemName(item)) : null,
    f.site ? msg('dash_fSite', f.site) : null,
    seenOnly ? msg('dash_fSeen', when) : null,
    published && !seenOnly ? (hour == null ? msg('dash_fPublished', when) : msg('dash_fPublishedHour', when, ZONE)) : null,
    apart ? msg(published ? 'dash_fAlsoApart' : 'dash_fApart', period(from, to)) : null,
  ];
}

function drill({ title, extra = {}, words = [], from, to, dated = true, apart = true, hour = null, keep, seen = false, olderOnly = false }) {
  const f = summary.filter;
  const range = { from: from ?? f.from, to: to ?? f.to };
  let src = seen
    ? [{ filter: { ...sources(extra, { dated: true, apart: false })[0].filter, ...range, by: 'seen' } }]
    : sources({ ...extra, ...range }, { dated, apart, keep });
  if (olderOnly) src = src.map((s) => ({ ...s, keep: older }));
  openDrill({
    title,
    clauses: olderOnly ? [...words, msg('dash_fOlder', period(range.from, range.to))]
      : clauses({ ...range, published: dated && !seen, apart: apart && !seen, hour, seenOnly: seen, extra: words }),
    sources: src,
    watchName: (id) => {
      const i = itemById(id);
      return i ? itemName(i) : null;
    },
  }).catch(showError);
}

/** A button that opens the posts behind a number; a zero opens nothing. */
function drillButton(text, n, open, label) {
  const b = el('button', { type: 'button', className: 'link', disabled: !n, title: label || msg('dash_listPosts') }, text);
  b.addEventListener('click', open);
  return b;
}

/**
 * What the overview counts beside the dated posts: those shown apart, for the watch item filtered on.
 * Not known per site (the sums of posts seen are not split by site for them): null with a site filter,
 * and the posts are then listed apart rather than counted in the site's figures.
 */
function apartCounts(s) {
  if (s.filter.site) return null;
  const w = s.filter.watch;
  return (s.undated || []).reduce((c, t) => addCounts(c, w ? t.watch?.[w]?.total : t.total), emptyCounts());
}

// ---- overview ------------------------------------------------------------------------------------

function rangeDays(from, to) {
  const days = [];
  for (let d = from; d <= to && days.length < 3660; d = addDays(d, 1)) days.push(d);
  return days;
}

function series(tallies, from, to) {
  // Hourly bars over at most 14 days; daily beyond, or when hours are not available (site filter).
  const days = rangeDays(from, to);
  const byDay = Object.fromEntries(tallies.map((t) => [t.day, t]));
  const hourly = days.length <= 14 && tallies.some((t) => Object.keys(t.hours || {}).length);
  const out = [];
  for (const day of days) {
    const t = byDay[day];
    if (!hourly) {
      out.push({ day, label: day, c: t ? t.total : emptyCounts() });
      continue;
    }
    for (let h = 0; h < 24; h++) {
      const hh = String(h).padStart(2, '0');
      out.push({ day, hour: h, label: `${day}T${hh}`, c: (t && t.hours && t.hours[hh]) || emptyCounts() });
    }
  }
  return { hourly, days: days.length, points: out };
}

/** The chart: bars in SVG, and over each bar with posts a button listing them (keyboard reachable). */
function drawChart(node, { hourly, days, points }) {
  const W = 1000, H = 200, top = 10, bottom = 8, left = 34;
  const max = Math.max(1, ...points.map((p) => p.c.posts));
  const bw = (W - left) / Math.max(1, points.length);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-hidden': 'true' });
  for (const v of [0, max / 2, max]) {
    root.append(svg('line', { x1: left, x2: W, y1: y(v), y2: y(v), class: 'grid' }));
    const t = svg('text', { x: 2, y: y(v) + 3, class: 'axis' });
    t.textContent = fmt(Math.round(v));
    root.append(t);
  }
  const pct = (x) => `${((100 * x) / W).toFixed(3)}%`;
  const buttons = el('div', { className: 'bars' });
  const axis = el('div', { className: 'xaxis', 'aria-hidden': 'true' });
  // Hour ticks every 3, 6 or 12 hours as the period grows, so that a marketer reads the time of a peak.
  const step = days <= 2 ? 3 : days <= 7 ? 6 : 12;
  const dailyStep = Math.ceil(points.length / 10);
  points.forEach((p, i) => {
    let base = 0;
    const when = hourly ? utcHour(p.label) : utcDate(p.label);
    for (const [k, cls] of [['negative', 'neg'], ['neutral', 'neu'], ['positive', 'pos']]) {
      const v = p.c[k] || 0;
      if (!v) continue;
      const r = svg('rect', { x: left + i * bw + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + v), height: y(base) - y(base + v), class: cls });
      const title = svg('title');
      // keys of local days and hours, written as dates (utcHour/utcDate format the key as it is)
      title.textContent = msg('dash_barTitle', when, fmt(v), msg(`label_${k}`), fmt(p.c.posts));
      r.append(title);
      root.append(r);
      base += v;
    }
    if (p.c.posts) {
      const parts = ['positive', 'neutral', 'negative'].filter((k) => p.c[k]).map((k) => `${fmt(p.c[k])} ${msg(`label_${k}`)}`);
      const label = msg('dash_barButton', when, fmt(p.c.posts), parts.join(msg('listSeparator')));
      const b = el('button', { type: 'button', className: 'bar', title: label, 'aria-label': label, dataset: { when: p.label } });
      b.style.left = pct(left + i * bw);
      b.style.width = pct(bw);
      b.addEventListener('click', () => (hourly ? drillHour(p) : drillDay(p.day, p.c.posts)));
      buttons.append(b);
    }
    const tick = hourly ? p.hour % step === 0 : i % dailyStep === 0;
    if (tick) {
      const midnight = !hourly || p.hour === 0;
      const t = el('span', { className: midnight ? 'tick day' : 'tick' }, midnight ? utcDayShort(p.day) : hourTick(p.day, p.hour));
      t.style.left = pct(left + i * bw);
      axis.append(t);
    }
  });
  node.replaceChildren(root, buttons, axis);
}

function drillHour(p) {
  const f = summary.filter;
  // A watch item's hours include the posts published on a known day at an unknown hour (src/store/kept.rs
  // fold); the other hours do not.
  const keep = (post) => post.pq != null && new Date(post.pq).getHours() === p.hour && (Boolean(f.watch) || !post.hourless);
  drill({ title: msg('dash_drillBar', hourSpan(p.day, p.hour), fmt(p.c.posts)), from: p.day, to: p.day, hour: p.hour, apart: false, keep });
}

function drillDay(day, n) {
  drill({ title: msg('dash_drillBar', utcDate(day), fmt(n)), from: day, to: day, apart: false });
}

let kpiCounts = { total: emptyCounts(), apart: null };

for (const b of document.querySelectorAll('[data-kpi]')) {
  b.addEventListener('click', () => {
    if (!summary) return;
    const k = b.dataset.kpi;
    const n = kpiCounts.total[k] || 0;
    const label = k === 'posts' ? {} : { label: k };
    drill({ title: msg('dash_drillKpi', msg(k === 'posts' ? 'dash_posts' : k), fmt(n)), extra: label,
      words: k === 'posts' ? [] : [msg('dash_fLabel', msg(`label_${k}`))], apart: kpiCounts.apart !== null });
  });
}

$('undated-list').addEventListener('click', () => {
  if (!summary) return;
  drill({ title: msg('dash_drillApart'), dated: false });
});

$('older-list').addEventListener('click', () => {
  if (!summary) return;
  drill({ title: msg('dash_drillOlder'), dated: false, olderOnly: true });
});

function renderOverview(s) {
  const total = emptyCounts();
  const sites = {};
  // Posts published in the period; those without a publication time seen in it are counted beside them
  // (never plotted as if published when they were read), except per site, where they are not known.
  for (const t of s.tallies) {
    addCounts(total, t.total);
    for (const [site, c] of Object.entries(t.sites || {})) sites[site] = addCounts(sites[site] || emptyCounts(), c);
  }
  const apart = apartCounts(s);
  addCounts(total, apart);
  kpiCounts = { total, apart };
  $('k-posts').textContent = fmt(total.posts);
  for (const k of ['positive', 'neutral', 'negative']) $(`k-${k}`).textContent = fmt(total[k]);
  for (const b of document.querySelectorAll('[data-kpi]')) b.disabled = !total[b.dataset.kpi];
  $('k-net').textContent = net(total);
  const other = Object.entries(total.unanalysed).sort((a, b) => b[1] - a[1]);
  $('k-unanalysed').hidden = !other.length;
  $('k-unanalysed').textContent = other.length
    ? msg('dash_unanalysed', fmt(other.reduce((s, [, n]) => s + n, 0)), other.slice(0, 8).map(([l, n]) => `${l} ${fmt(n)}`).join(' · '))
    : '';
  const f = s.filter;
  const ser = series(s.tallies, f.from, f.to || localDay(s.now));
  const item = itemByQuery(f.watch);
  $('chart-title').textContent = [msg(ser.hourly ? 'dash_chartHourly' : 'dash_chartDaily', ZONE),
    item ? msg('dash_chartMentioning', itemName(item)) : '', f.site ? msg('dash_chartOnSite', f.site) : ''].filter(Boolean).join(' ');
  drawChart($('chart'), ser);
  const note = $('undated-text');
  const list = $('undated-list');
  if (apart === null) {
    note.textContent = msg('dash_undatedSite', f.site);
    list.hidden = false;
  } else {
    note.textContent = apart.posts ? msg('dash_undatedNote', fmt(apart.posts)) : '';
    list.hidden = !apart.posts;
  }
  // Seen in the period but published before the retention window: kept, said, not counted.
  const older = Object.values(s.seen || {}).reduce((n, d) => n + (d.older?.posts || 0), 0);
  $('older-text').textContent = older ? msg('dash_olderNote', fmt(older)) : '';
  $('older-list').hidden = !older;
  // Paid placements among them (ads): said apart; the exports mark each.
  $('promoted-note').textContent = s.promoted ? msg('dash_promotedNote', fmt(s.promoted)) : '';
  const siteButton = (site, c) => drillButton(site, c.posts, () => drill({ title: msg('dash_drillSite', site, fmt(c.posts)), extra: { site }, words: [msg('dash_fSite', site)], apart: false }));
  table($('sites'), [msg('dash_site'), msg('dash_posts'), msg('dash_net')], Object.entries(sites).sort((a, b) => b[1].posts - a[1].posts)
    .map(([k, c]) => [f.site ? k : siteButton(k, c), fmt(c.posts), net(c)]), [1, 2]);
  table($('intents'), [msg('dash_intent'), msg('dash_posts')], Object.entries(total.intents).sort((a, b) => b[1] - a[1]).map(([k, n]) => {
    const name = msgOr(`intent_${k}_plural`, k);
    return [drillButton(name, n, () => drill({ title: msg('dash_drillKpi', name, fmt(n)), extra: { intent: k }, words: [msg('dash_fIntent', msgOr(`intent_${k}`, k))], apart: apart !== null })), fmt(n)];
  }), [1]);
  // By day: the posts published that day and the undated ones seen that day (not known per site).
  const byDay = {};
  for (const t of s.tallies) byDay[t.day] = addCounts(byDay[t.day] || emptyCounts(), t.total);
  if (apart !== null) for (const t of s.undated || []) byDay[t.day] = addCounts(byDay[t.day] || emptyCounts(), f.watch ? t.watch?.[f.watch]?.total : t.total);
  table($('days'), [msg('dash_day'), msg('dash_posts'), '+', '−', msg('dash_net')], Object.entries(byDay).filter(([, c]) => c.posts).sort((a, b) => (a[0] < b[0] ? 1 : -1))
    .map(([day, c]) => [drillButton(utcDate(day), c.posts, () => drill({ title: msg('dash_drillKpi', utcDate(day), fmt(c.posts)), from: day, to: day, apart: apart !== null })),
      fmt(c.posts), fmt(c.positive), fmt(c.negative), net(c)]), [1, 2, 3, 4]);
  setOptions($('site'), [...new Set([...Object.keys(sites), ...(f.site ? [f.site] : [])])].sort(), msg('dash_allSites'));
}

// ---- watch items ---------------------------------------------------------------------------------

function sparkline(values) {
  const W = 120, H = 24, max = Math.max(1, ...values);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'spark', 'aria-hidden': 'true' });
  const step = W / Math.max(1, values.length - 1);
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(H - 2 - (H - 4) * (v / max)).toFixed(1)}`).join('');
  root.append(svg('path', { d: d || 'M0,22' }));
  return root;
}

/** The recounts the background runs (op `storage`), by item id. */
let recounts = new Map();
let editing = null; // the id of the item in the form, when editing one

/** "Recounting: 12,000 / 180,000 posts", or why it failed; null when the item's counts are complete. */
function recountText(item) {
  const r = recounts.get(item.id);
  if (!r || r.rev !== item.rev) return null;
  if (r.error) return msg('dash_recountFailed', r.error);
  if (!r.running) return null;
  return r.total == null ? msg('dash_recountStarting') : msg('dash_recounting', fmt(r.done), fmt(r.total));
}

function renderWatch(s) {
  const items = s.watchlist;
  // Posts shown apart are counted per item (not per site): see apartCounts.
  const lists = s.filter.site ? [s.tallies] : [s.tallies, s.undated || []];
  const rows = items.map((item) => {
    const c = emptyCounts();
    const perDay = rangeDays(s.filter.from, s.filter.to || localDay(s.now)).map((d) => lists
      .map((list) => list.find((x) => x.day === d)?.watch?.[item.query]?.total.posts || 0).reduce((a, b) => a + b, 0));
    for (const list of lists) for (const t of list) addCounts(c, t.watch?.[item.query]?.total);
    const name = itemName(item);
    const edit = el('button', { type: 'button', title: msg('dash_editItem', name) }, msg('dash_edit'));
    edit.addEventListener('click', () => editItem(item));
    const remove = el('button', { type: 'button', className: 'danger', title: msg('dash_stopWatching', name) }, msg('remove'));
    remove.addEventListener('click', () => removeItem(item));
    const progress = recountText(item);
    const mentions = drillButton(fmt(c.posts), c.posts, () => drill({
      title: msg('dash_drillMentions', name, fmt(c.posts)), extra: { item: item.id }, words: [msg('dash_fItem', name)], apart: !s.filter.site,
    }));
    return [
      // By its label, the query under it; an item without a label is named by its query.
      el('div', { className: 'item', dataset: { id: String(item.id) } }, item.label ? el('strong', {}, item.label) : null, el('code', {}, item.query),
        progress ? el('span', { className: 'recount', role: 'status' }, progress) : null),
      mentions, fmt(c.positive), fmt(c.negative), net(c), sparkline(perDay), el('span', { className: 'row' }, edit, remove),
    ];
  });
  table($('watch-table'), [msg('dash_watchItem'), msg('dash_mentions'), '+', '−', msg('dash_net'), msg('dash_byDay'), ''], rows, [1, 2, 3, 4]);
  setOptions($('watch'), items.map((i) => i.query), msg('dash_allPosts'), (q) => itemName(itemByQuery(q) || { query: q }));
  const alerts = [...s.alerts].reverse();
  $('alerts').replaceChildren(...(alerts.length
    ? alerts.map((a) => el('li', { className: `alert-${a.kind}` }, el('strong', {}, msg(a.kind === 'volume' ? 'dash_volumeSpike' : 'dash_negativeSpike', a.watch)), ` — ${words.alertWhy(a)} `, el('span', { className: 'muted' }, dateTime(a.at_ms))))
    : [el('li', { className: 'muted' }, msg('dash_noAlerts'))]));
}

/** Items as the background takes them back: each keeps its id (an item without one is new). */
const asSent = (items) => items.map((i) => ({ ...(i.id ? { id: i.id } : {}), query: i.query, ...(i.label ? { label: i.label } : {}) }));

async function saveWatchlist(items) {
  try {
    await ask('watchlist_set', { items: asSent(items) });
    clearError();
    await refresh();
    // An added or edited item is recounted over the kept posts: its progress, then the figures again,
    // even when the recount ended before the first look (the figures above may predate its end).
    recounting = true;
    await pollStorage();
    return true;
  } catch (e) {
    showError(e);
    return false;
  }
}

function editItem(item) {
  editing = item.id;
  $('watch-query').value = item.query;
  $('watch-label').value = item.label || '';
  $('watch-submit').textContent = msg('dash_saveItem');
  $('watch-cancel').hidden = false;
  $('watch-form').classList.add('editing');
  $('watch-query').focus();
  checkQuery().catch(showError);
}

function endEdit() {
  editing = null;
  $('watch-query').value = '';
  $('watch-label').value = '';
  $('watch-check').replaceChildren();
  $('watch-submit').textContent = msg('add');
  $('watch-cancel').hidden = true;
  $('watch-form').classList.remove('editing');
}
$('watch-cancel').addEventListener('click', endEdit);

async function removeItem(item) {
  if (!confirm(msg('dash_confirmRemoveItem', itemName(item)))) return;
  if (editing === item.id) endEdit();
  await saveWatchlist((summary?.watchlist || []).filter((i) => i.id !== item.id));
}

let checkTimer = 0;
$('watch-query').addEventListener('input', () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkQuery, 200);
});

/** Under a valid query: how many of the posts kept it matches, and the newest of them (text only). */
async function showPreview(query, out) {
  // Its own element after the check's, so that the check reads the same whether or not it came yet.
  let box = document.getElementById('watch-preview');
  if (!box) {
    box = el('div', { id: 'watch-preview', className: 'check' });
    out.after(box);
  }
  box.replaceChildren();
  const p = await ask('watch_preview', { query }).catch(() => null);
  if (!p || $('watch-query').value !== query) return; // typed on meanwhile: a newer check shows its own
  const posts = p.posts.map((post) => el('blockquote', { className: 'preview-post' }, `${post.author ? `@${post.author} · ` : ''}${post.text.slice(0, 160)}`));
  box.replaceChildren(el('span', { className: 'preview' }, msg('dash_previewMatches', fmt(p.matched), fmt(p.total))), ...posts);
}

async function checkQuery() {
  const query = $('watch-query').value;
  const out = $('watch-check');
  if (!query.trim()) {
    out.replaceChildren();
    return false;
  }
  const r = await ask('watchlist_check', { query });
  out.className = `check ${r.ok ? 'ok' : 'error'}`;
  if (r.ok) {
    // How the engine read it, under the field: the operators in capitals and the parentheses that show
    // what each NOT excludes. Query text: shown as text only.
    const reading = typeof r.reads_as === 'string' ? [el('br'), `${msg('dash_readsAs')} `, el('code', { className: 'reads-as' }, r.reads_as)] : [];
    out.replaceChildren(msg('dash_validQuery'), ...reading);
    showPreview(query, out);
    return true;
  }
  // The query with a caret under the character the error names.
  out.replaceChildren(el('span', { className: 'caret' }, `${query}\n${' '.repeat(Math.max(0, r.position - 1))}^`), msg('dash_queryError', fmt(r.position), words.queryProblem(r.args, r.problem)));
  return false;
}

$('watch-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    if (!(await checkQuery())) return;
    const label = $('watch-label').value.trim();
    const query = $('watch-query').value.trim();
    const list = summary?.watchlist || [];
    const was = editing == null ? null : list.find((i) => i.id === editing);
    const items = was
      ? list.map((i) => (i.id === editing ? { id: i.id, query, label } : i))
      : [...list, { query, label }];
    // The dashboard filtered on the item being edited keeps filtering on it under its new query.
    if (was && $('watch').value === was.query) {
      $('watch').append(el('option', { value: query }, label || query));
      $('watch').value = query;
    }
    if (await saveWatchlist(items)) endEdit();
  } catch (e) {
    showError(e);
  }
});

// ---- storage: space used, recounts ----------------------------------------------------------------

/** Bytes as the person's language writes them: 12.3 MB / 12,3 Mo. */
function bytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  const units = [['byte', 1], ['kilobyte', 1e3], ['megabyte', 1e6], ['gigabyte', 1e9]];
  let [unit, div] = units[0];
  for (const u of units) if (n >= u[1]) [unit, div] = u;
  try {
    return new Intl.NumberFormat(uiLanguage(), { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: div === 1 ? 0 : 1 }).format(n / div);
  } catch {
    return `${fmt(n)} B`;
  }
}

let polling = null;
let recounting = false;

/**
 * Reads the background's storage figures: space used, posts kept, recounts. While a recount runs it is
 * read again every half second (the rows show the progress); when the last one ends, the figures are
 * refreshed, now complete.
 */
function pollStorage() {
  polling ??= (async () => {
    try {
      const st = await ask('storage');
      $('space').textContent = msg('dash_space', bytes(st.bytes), fmt(st.posts));
      recounts = new Map((st.recounts || []).map((r) => [r.id, r]));
      const running = (st.recounts || []).filter((r) => r.running);
      $('recount-status').textContent = running.length
        ? running.map((r) => {
          const item = itemById(r.id);
          return `${item ? itemName(item) : ''} — ${recountText(item || { id: r.id, rev: r.rev })}`;
        }).join(msg('listSeparator'))
        : '';
      if (summary) renderWatch(summary);
      if (running.length) {
        recounting = true;
        setTimeout(() => pollStorage().catch(showError), 500);
      } else if (recounting) {
        recounting = false;
        await refresh();
      }
    } finally {
      polling = null;
    }
  })();
  return polling;
}

// ---- authors and trends --------------------------------------------------------------------------

/** An author's name: a button listing their posts seen in the period (on their site). */
function authorButton(a) {
  const handle = `@${a.handle.replace(/^@/, '')}`;
  const b = drillButton(handle, a.posts, () => drill({
    title: msg('dash_drillAuthor', handle, a.site), extra: { author: a.handle, site: a.site }, words: [msg('dash_fAuthor', handle), msg('dash_fSite', a.site)], seen: true,
  }), a.name || undefined);
  return b;
}

function renderAuthors(s) {
  table($('author-table'), [msg('dash_author'), msg('dash_site'), msg('dash_posts'), msg('dash_engagement'), msg('dash_followers'), msg('dash_tabWatch'), msg('dash_badges')],
    s.authors.map((a) => [
      a.handle ? authorButton(a) : el('span', { title: a.name || '' }, a.key),
      a.site, fmt(a.posts), fmt(a.engagement), a.max_followers == null ? '—' : fmt(a.max_followers),
      Object.keys(a.watch || {}).join(', '), badgeChips(a.badges),
    ]), [2, 3, 4]);
  // Leaders and lead users of the watch items, by the rules stated above the table; each badge's hover
  // says why, with its figures.
  const influence = s.influence || [];
  if (!influence.length) {
    $('influence-table').replaceChildren(el('tr', {}, el('td', { className: 'muted' }, msg('dash_influenceNone'))));
    return;
  }
  table($('influence-table'), [msg('dash_author'), msg('dash_site'), msg('dash_badges')],
    influence.map((a) => [a.handle ? authorButton(a) : a.key, a.site, badgeChips(a.badges)]), []);
}

/** A term of today: a button listing today's posts that use it. */
function termButton(t) {
  const today = localDay(summary.now);
  return drillButton(t.term, t.posts, () => openDrill({
    title: msg('dash_drillTerm', t.term),
    clauses: [msg('dash_fTerm', t.term), msg('dash_fSeen', period(today, today))],
    sources: [{ filter: { from: today, to: today, by: 'seen', term: t.term } }],
    watchName: (id) => (itemById(id) ? itemName(itemById(id)) : null),
  }).catch(showError));
}

function renderTrends(s) {
  const rising = Object.values(s.trends.rising || {});
  $('rising').replaceChildren(...(rising.length
    ? rising.map((r) => el('li', { title: words.riseWhy(r) }, el('strong', {}, r.term), ` — ${words.riseWhy(r)}`))
    : [el('li', { className: 'muted' }, msg('dash_nothingRising'))]));
  table($('top-terms'), [msg('dash_term'), msg('dash_posts')], s.trends.top_terms_today.map((t) => [termButton(t), fmt(t.posts)]), [1]);
  table($('trend-log'), [msg('dash_when'), msg('dash_term'), msg('dash_how'), msg('dash_posts'), msg('dash_expected'), msg('dash_why')],
    [...s.trends.log].reverse().map((r) => [utcHour(r.hour), el('strong', {}, r.term), msgOr(`trendVia_${r.via}`, r.via), fmt(r.count), r.via === 'baseline' ? fmt(r.expected) : '—', words.riseWhy(r)]), [3, 4]);
}

// ---- saved posts ---------------------------------------------------------------------------------

// The default collection is stored (and exported) as the engine names it, "Saved"; shown, and typed
// back, in the UI language. An empty name is the default collection too.
const collectionName = (c) => (c === DEFAULT_COLLECTION ? msg('dash_defaultCollection') : c);
const collectionStored = (c) => (c.trim() === msg('dash_defaultCollection') ? DEFAULT_COLLECTION : c);

const linkHost = (u) => {
  try {
    return new URL(u).host;
  } catch {
    return '';
  }
};

async function loadSaved() {
  const f = filter();
  const r = await ask('export', { request: { dataset: 'saved', format: 'json', filter: { site: f.site, watch: f.watch } } });
  const saved = JSON.parse(r.text).saved.sort((a, b) => b.saved_at - a.saved_at);
  setOptions($('collection'), [...new Set(saved.map((s) => s.collection))].sort(), msg('dash_allCollections'), collectionName);
  const want = $('collection').value;
  const shown = saved.filter((s) => !want || s.collection === want);
  $('saved-list').replaceChildren(...(shown.length ? shown.map(savedCard) : [el('p', { className: 'muted' }, msg('dash_noSaved', msg('save')))]));
}
$('collection').addEventListener('change', () => loadSaved().catch(showError));

function savedCard(s) {
  const url = safeUrl(s.url);
  const collection = el('input', { value: collectionName(s.collection), size: 16, 'aria-label': msg('dash_collection'), placeholder: msg('dash_defaultCollection') });
  const tags = el('input', { value: s.tags.join(', '), size: 30, 'aria-label': msg('dash_tags'), placeholder: msg('dash_tagsPlaceholder') });
  const note = el('textarea', { value: s.note, 'aria-label': msg('dash_note'), placeholder: msg('dash_notePlaceholder') });
  const save = el('button', { type: 'button' }, msg('dash_saveChanges'));
  const del = el('button', { type: 'button', className: 'danger' }, msg('dash_delete'));
  save.addEventListener('click', async () => {
    try {
      await ask('update_saved', { id: s.id, update: { collection: collectionStored(collection.value), tags: tags.value.split(','), note: note.value } });
      clearError();
      await loadSaved();
    } catch (e) {
      showError(e);
    }
  });
  del.addEventListener('click', async () => {
    if (!confirm(msg('dash_confirmDelete'))) return;
    try {
      await ask('delete_saved', { id: s.id });
      await loadSaved();
    } catch (e) {
      showError(e);
    }
  });
  return el('article', { className: 'card' },
    el('div', { className: 'meta' }, `${msg('dash_savedMeta', `@${(s.author.handle || '?').replace(/^@/, '')}`, s.site, dateTime(s.saved_at))} `,
      url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, msg('dash_open')) : null,
      // where "open" goes, before the click: the engine keeps only links on the post's own site
      url ? el('span', { className: 'muted link-host' }, ` ${linkHost(url)}`) : null),
    el('div', { className: 'text' }, s.text),
    // the post's sentiment and intent, named in the person's language (other labels as they are)
    el('div', {}, ...s.labels.map((l) => el('span', { className: 'badge' }, msgOr(`label_${l}`, msgOr(`intent_${l}`, l))))),
    el('div', { className: 'row' }, el('label', {}, `${msg('dash_collection')} `, collection), el('label', {}, `${msg('dash_tags')} `, tags)),
    note,
    el('div', { className: 'row' }, save, del));
}

// ---- export, import, backup ----------------------------------------------------------------------

function download(text, filename, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = el('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function dataResult(text, ok = true) {
  $('data-result').className = `check ${ok ? 'ok' : 'error'}`;
  $('data-result').textContent = text;
}

async function guarded(task) {
  try {
    await task();
  } catch (e) {
    dataResult(words.error(e), false);
  }
}

$('export-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  guarded(async () => {
    const request = {
      dataset: $('export-dataset').value, format: $('export-format').value, filter: filter(),
      profile: $('export-profile').value, french: $('export-french').checked, pseudonymise: $('export-pseudonymise').checked,
    };
    const r = await ask('export', { request });
    download(r.text, r.filename, r.mime);
    dataResult(msg('dash_exported', r.filename));
    showOmitted(r.omitted || []);
  });
});

/** Says beside the download what the file leaves out (a CSV has no room to say it itself). */
function showOmitted(omitted) {
  const list = $('export-omitted');
  const line = (o) => {
    if (o.kind === 'period') {
      const from = o.from || '…';
      const to = o.to || '…';
      return msg('dash_omitPeriod', from, to, String(o.days ?? 0), String(o.authors ?? 0), String(o.saved ?? 0));
    }
    if (o.kind === 'hours_by_site') return msg('dash_omitHoursBySite', o.site || '');
    if (o.kind === 'trends_filtered') return msg('dash_omitTrends');
    if (o.kind === 'identities') return msg('dash_omitIdentities', String(o.authors ?? 0));
    return '';
  };
  // Page and file text is data: set as text, never as markup.
  list.replaceChildren(...omitted.map(line).filter(Boolean).map((t) => el('li', {}, t)));
  list.hidden = list.childElementCount === 0;
}

/** Refuses, before it is read, a file too large to be an Écoute export or backup (src/export.rs
 * MAX_IMPORT_BYTES: a backup holds at most the 10 MB store). */
function refuseHuge(file, input) {
  if (file.size > MAX_IMPORT_BYTES) {
    input.value = '';
    throw Object.assign(new Error(''), { args: { kind: 'import_too_large', bytes: file.size, max_bytes: MAX_IMPORT_BYTES } });
  }
}

$('import-file').addEventListener('change', (ev) => guarded(async () => {
  const file = ev.target.files[0];
  if (!file) return;
  refuseHuge(file, ev.target);
  const r = await ask('import', { text: await file.text() });
  const counts = [fmt(r.tallies), fmt(r.authors), fmt(r.saved)];
  // Each skipped record in the UI language from its code (r.skips), in the engine's English without.
  const skipped = r.skipped.map((english, i) => words.importSkip(r.skips?.[i], english));
  dataResult(skipped.length ? msg('dash_importedSkipped', ...counts, skipped.join(msg('listSeparator'))) : msg('dash_imported', ...counts));
  ev.target.value = '';
  await refresh();
}));

$('backup').addEventListener('click', () => guarded(async () => {
  const r = await ask('backup');
  download(JSON.stringify(r.doc), r.filename, 'application/json');
  dataResult(msg('dash_backedUp', r.filename));
}));

$('restore-file').addEventListener('change', (ev) => guarded(async () => {
  const file = ev.target.files[0];
  if (!file) return;
  refuseHuge(file, ev.target);
  let doc;
  try {
    doc = JSON.parse(await file.text());
  } catch (e) {
    throw new Error(msg('dash_notJson', file.name, e.message));
  }
  if (!confirm(msg('dash_confirmRestore'))) return;
  const r = await ask('restore', { doc });
  const restored = r.recoveries.length ? msg('dash_restoredRecovered', file.name, fmt(r.recoveries.length)) : msg('dash_restored', file.name);
  // what the backup held beyond Écoute's own limits (a day that does not exist, a note too long), left out
  const leftOut = (r.skipped || []).map((english, i) => words.importSkip(r.skips?.[i], english));
  dataResult(leftOut.length ? `${restored} ${msg('dash_restoredLeftOut', leftOut.join(msg('listSeparator')))}` : restored);
  ev.target.value = '';
  await refresh();
}));

$('retention-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  guarded(async () => {
    const days = Number($('retention').value);
    await ask('set_retention', { days });
    dataResult(msg('dash_keeping', fmt(days)));
    await refresh();
    await pollStorage();
  });
});

$('reset').addEventListener('click', () => guarded(async () => {
  if (!confirm(msg('dash_confirmReset'))) return;
  if (!confirm(msg('dash_confirmReset2'))) return;
  await ask('reset');
  dataResult(msg('dash_erased'));
  await refresh();
}));

// ---- start ---------------------------------------------------------------------------------------

let summary = null;

/**
 * The period's first numbers, from a small request answered before the whole summary (which brings the
 * charts, the tables and the same numbers again): for the figures without a site or item filter.
 */
async function firstNumbers() {
  const f = filter();
  if (f.site || f.watch) return;
  const t = await ask('totals', { filter: f }).catch(() => null);
  if (!t || summary) return;
  $('k-posts').textContent = fmt(t.total.posts || 0);
  for (const k of ['positive', 'neutral', 'negative']) $(`k-${k}`).textContent = fmt(t.total[k] || 0);
  $('k-net').textContent = net(t.total);
}

async function refresh() {
  summary = await ask('summary', { filter: filter(), top: 50 });
  clearError();
  renderOverview(summary);
  renderWatch(summary);
  renderAuthors(summary);
  renderTrends(summary);
  if (!$('retention').value) $('retention').value = summary.meta.retention_days;
  if (!$('saved').hidden) await loadSaved();
}

const today = Date.now();
$('to').value = localDay(today);
$('from').value = addDays(localDay(today), -6);
$('filters').addEventListener('change', () => {
  closeDrill(); // its posts were those of the figures before the change
  refresh().catch(showError);
});
// Figures first, then what the background is doing with them (a recount left running resumes its progress).
firstNumbers();
refresh().then(() => pollStorage()).catch(showError);
