// The listening dashboard: tallies per hour, watch items (and their editor), authors with badges, trends,
// saved posts, export / import / backup. Everything comes from the background's engine through one
// message, {type: 'ecoute/listening', op, ...} (extension/background/listening.js → src/listening.rs);
// the background persists any change before it answers.
// Built with DOM APIs only: post texts, handles and terms are hostile input, never markup.
// Words in the person's language (extension/_locales, shared/i18n.js); numbers and dates too.
import { dateTime, localize, msg, msgOr, num, utcDate, utcDayShort, utcHour } from '../shared/i18n.js';
import '../shared/words.js'; // globalThis.EcouteWords: badges, rises, alerts, query problems, import skips
import { DEFAULT_COLLECTION, MAX_IMPORT_BYTES } from '../shared/core.js';
import { addDays, localDay } from '../shared/localtime.js';

const words = globalThis.EcouteWords;

localize();
const $ = (id) => document.getElementById(id);
$('chart-title').textContent = msg('dash_chartHourly'); // until the first summary says per hour or per day
const SVG = 'http://www.w3.org/2000/svg';

/** createElement with text children only; `props` sets properties (textContent, className, title...). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null) continue;
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node) node[k] = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined).map((c) => (c instanceof Node ? c : String(c))));
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

async function ask(op, fields = {}) {
  const reply = await chrome.runtime.sendMessage({ type: 'ecoute/listening', op, ...fields });
  if (!reply || !reply.ok) throw new Error(reply?.error || msg('backgroundSilent'));
  return reply.result;
}

function showError(e) {
  $('status').hidden = false;
  $('status').textContent = e && e.message ? e.message : String(e);
}

function clearError() {
  $('status').hidden = true;
}

// Days are the person's own (shared/localtime.js): the background folds every figure into them.
const utcDay = (ms) => localDay(ms);
const fmt = (n) => num(n);
const net = (c) => {
  const polar = (c.positive || 0) + (c.negative || 0);
  if (!polar) return '—';
  // (pos - neg) / (pos + neg); rounding a tiny negative must not print "-0.00".
  const v = Math.round((100 * (c.positive - c.negative)) / polar) / 100;
  return num(v === 0 ? 0 : v, 2);
};

function emptyCounts() {
  return { posts: 0, positive: 0, negative: 0, neutral: 0, intents: {} };
}

function addCounts(sum, c) {
  if (!c) return sum;
  for (const k of ['posts', 'positive', 'negative', 'neutral']) sum[k] += c[k] || 0;
  for (const [k, n] of Object.entries(c.intents || {})) sum.intents[k] = (sum.intents[k] || 0) + n;
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
  });
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
      out.push({ label: day, c: t ? t.total : emptyCounts() });
      continue;
    }
    for (let h = 0; h < 24; h++) {
      const hh = String(h).padStart(2, '0');
      out.push({ label: `${day}T${hh}`, c: (t && t.hours && t.hours[hh]) || emptyCounts() });
    }
  }
  return { hourly, points: out };
}

function drawChart(node, { hourly, points }) {
  const W = 1000, H = 200, top = 10, bottom = 22, left = 34;
  const max = Math.max(1, ...points.map((p) => p.c.posts));
  const bw = (W - left) / Math.max(1, points.length);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img' });
  for (const v of [0, max / 2, max]) {
    root.append(svg('line', { x1: left, x2: W, y1: y(v), y2: y(v), class: 'grid' }));
    const t = svg('text', { x: 2, y: y(v) + 3, class: 'axis' });
    t.textContent = fmt(Math.round(v));
    root.append(t);
  }
  points.forEach((p, i) => {
    let base = 0;
    for (const [k, cls] of [['negative', 'neg'], ['neutral', 'neu'], ['positive', 'pos']]) {
      const v = p.c[k] || 0;
      if (!v) continue;
      const r = svg('rect', { x: left + i * bw + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + v), height: y(base) - y(base + v), class: cls });
      const title = svg('title');
      title.textContent = msg('dash_barTitle', hourly ? utcHour(p.label) : utcDate(p.label), fmt(v), msg(`label_${k}`), fmt(p.c.posts));
      r.append(title);
      root.append(r);
      base += v;
    }
    const tick = hourly ? p.label.endsWith('T00') : i % Math.ceil(points.length / 10) === 0;
    if (tick) {
      const t = svg('text', { x: left + i * bw, y: H - 6, class: 'axis' });
      t.textContent = utcDayShort(p.label.slice(0, 10));
      root.append(t);
    }
  });
  node.replaceChildren(root);
}

function renderOverview(s) {
  const total = emptyCounts();
  const sites = {};
  // Posts published in the period, and those without a publication time seen in it (never plotted as
  // if published when they were read: counted here, shown apart under the chart).
  for (const t of [...s.tallies, ...(s.undated || [])]) {
    addCounts(total, t.total);
    for (const [site, c] of Object.entries(t.sites || {})) sites[site] = addCounts(sites[site] || emptyCounts(), c);
  }
  $('k-posts').textContent = fmt(total.posts);
  for (const k of ['positive', 'neutral', 'negative']) $(`k-${k}`).textContent = fmt(total[k]);
  $('k-net').textContent = net(total);
  const f = s.filter;
  const ser = series(s.tallies, f.from, f.to || utcDay(s.now));
  $('chart-title').textContent = [msg(ser.hourly ? 'dash_chartHourly' : 'dash_chartDaily'),
    f.watch ? msg('dash_chartMentioning', f.watch) : '', f.site ? msg('dash_chartOnSite', f.site) : ''].filter(Boolean).join(' ');
  drawChart($('chart'), ser);
  const apart = (s.undated || []).reduce((c, t) => addCounts(c, t.total), emptyCounts());
  const older = Object.values(s.seen || {}).reduce((n, d) => n + (d.older?.posts || 0), 0);
  $('undated-note').textContent = [apart.posts ? msg('dash_undatedNote', fmt(apart.posts)) : '', older ? msg('dash_olderNote', fmt(older)) : '',
    s.promoted ? msg('dash_promotedNote', fmt(s.promoted)) : ''].filter(Boolean).join(' ');
  table($('sites'), [msg('dash_site'), msg('dash_posts'), msg('dash_net')], Object.entries(sites).sort((a, b) => b[1].posts - a[1].posts).map(([k, c]) => [k, fmt(c.posts), net(c)]), [1, 2]);
  table($('intents'), [msg('dash_intent'), msg('dash_posts')], Object.entries(total.intents).sort((a, b) => b[1] - a[1]).map(([k, n]) => [msgOr(`intent_${k}_plural`, k), fmt(n)]), [1]);
  // By day: the posts published that day and the undated ones seen that day.
  const byDay = {};
  for (const t of [...s.tallies, ...(s.undated || [])]) byDay[t.day] = addCounts(byDay[t.day] || emptyCounts(), t.total);
  table($('days'), [msg('dash_day'), msg('dash_posts'), '+', '−', msg('dash_net')], Object.entries(byDay).sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([day, c]) => [utcDate(day), fmt(c.posts), fmt(c.positive), fmt(c.negative), net(c)]), [1, 2, 3, 4]);
  setOptions($('site'), Object.keys(sites).sort(), msg('dash_allSites'));
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

function renderWatch(s) {
  const items = s.watchlist;
  const rows = items.map((item) => {
    const c = emptyCounts();
    const perDay = rangeDays(s.filter.from, s.filter.to || utcDay(s.now)).map((d) => [s.tallies, s.undated || []]
      .map((list) => list.find((x) => x.day === d)?.watch?.[item.query]?.total.posts || 0).reduce((a, b) => a + b, 0));
    for (const t of [...s.tallies, ...(s.undated || [])]) addCounts(c, t.watch && t.watch[item.query] && t.watch[item.query].total);
    const remove = el('button', { type: 'button', title: msg('dash_stopWatching', item.query) }, msg('remove'));
    remove.addEventListener('click', () => saveWatchlist(items.filter((i) => i.query !== item.query)));
    return [el('code', {}, item.query), item.label || '', fmt(c.posts), fmt(c.positive), fmt(c.negative), net(c), sparkline(perDay), remove];
  });
  table($('watch-table'), [msg('dash_query'), msg('dash_label'), msg('dash_mentions'), '+', '−', msg('dash_net'), msg('dash_byDay'), ''], rows, [2, 3, 4, 5]);
  setOptions($('watch'), items.map((i) => i.query), msg('dash_allPosts'));
  const alerts = [...s.alerts].reverse();
  $('alerts').replaceChildren(...(alerts.length
    ? alerts.map((a) => el('li', { className: `alert-${a.kind}` }, el('strong', {}, msg(a.kind === 'volume' ? 'dash_volumeSpike' : 'dash_negativeSpike', a.watch)), ` — ${words.alertWhy(a)} `, el('span', { className: 'muted' }, dateTime(a.at_ms))))
    : [el('li', { className: 'muted' }, msg('dash_noAlerts'))]));
}

async function saveWatchlist(items) {
  try {
    await ask('watchlist_set', { items });
    clearError();
    await refresh();
  } catch (e) {
    showError(e);
  }
}

let checkTimer = 0;
$('watch-query').addEventListener('input', () => {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkQuery, 200);
});

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
    const items = [...(summary?.watchlist || []), { query: $('watch-query').value.trim(), ...(label ? { label } : {}) }];
    await saveWatchlist(items);
    $('watch-query').value = '';
    $('watch-label').value = '';
    $('watch-check').replaceChildren();
  } catch (e) {
    showError(e);
  }
});

// ---- authors and trends --------------------------------------------------------------------------

function renderAuthors(s) {
  table($('author-table'), [msg('dash_author'), msg('dash_site'), msg('dash_posts'), msg('dash_engagement'), msg('dash_followers'), msg('dash_tabWatch'), msg('dash_badges')],
    s.authors.map((a) => [
      el('span', { title: a.name || '' }, a.handle ? `@${a.handle.replace(/^@/, '')}` : a.key),
      a.site, fmt(a.posts), fmt(a.engagement), a.max_followers == null ? '—' : fmt(a.max_followers),
      Object.keys(a.watch || {}).join(', '), badgeChips(a.badges),
    ]), [2, 3, 4]);
}

function renderTrends(s) {
  const rising = Object.values(s.trends.rising || {});
  $('rising').replaceChildren(...(rising.length
    ? rising.map((r) => el('li', {}, el('strong', {}, r.term), ` — ${words.riseWhy(r)}`))
    : [el('li', { className: 'muted' }, msg('dash_nothingRising'))]));
  table($('top-terms'), [msg('dash_term'), msg('dash_posts')], s.trends.top_terms_today.map((t) => [t.term, fmt(t.posts)]), [1]);
  table($('trend-log'), [msg('dash_when'), msg('dash_term'), msg('dash_how'), msg('dash_posts'), msg('dash_expected'), msg('dash_why')],
    [...s.trends.log].reverse().map((r) => [utcHour(r.hour), el('strong', {}, r.term), msgOr(`trendVia_${r.via}`, r.via), fmt(r.count), r.via === 'baseline' ? fmt(r.expected) : '—', words.riseWhy(r)]), [3, 4]);
}

// ---- saved posts ---------------------------------------------------------------------------------

// The default collection is stored (and exported) as the engine names it, "Saved"; shown, and typed
// back, in the UI language. An empty name is the default collection too.
const collectionName = (c) => (c === DEFAULT_COLLECTION ? msg('dash_defaultCollection') : c);
const collectionStored = (c) => (c.trim() === msg('dash_defaultCollection') ? DEFAULT_COLLECTION : c);

const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);
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
    const request = { dataset: $('export-dataset').value, format: $('export-format').value, filter: filter() };
    const r = await ask('export', { request });
    download(r.text, r.filename, r.mime);
    dataResult(msg('dash_exported', r.filename));
  });
});

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
$('to').value = utcDay(today);
$('from').value = addDays(utcDay(today), -6);
$('filters').addEventListener('change', () => refresh().catch(showError));
refresh().catch(showError);
