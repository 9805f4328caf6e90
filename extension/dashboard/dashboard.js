// The listening dashboard: tallies per hour, watch items (and their editor), authors with badges, trends,
// saved posts, export / import / backup. Everything comes from the background's engine through one
// message, {type: 'ecoute/listening', op, ...} (extension/background/listening.js → src/listening.rs);
// the background persists any change before it answers.
// Built with DOM APIs only: post texts, handles and terms are hostile input, never markup.
const $ = (id) => document.getElementById(id);
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
  if (!reply || !reply.ok) throw new Error(reply?.error || 'The background did not answer.');
  return reply.result;
}

function showError(e) {
  $('status').hidden = false;
  $('status').textContent = e && e.message ? e.message : String(e);
}

function clearError() {
  $('status').hidden = true;
}

const utcDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const fmt = (n) => (typeof n === 'number' ? n.toLocaleString() : '—');
const net = (c) => {
  const polar = (c.positive || 0) + (c.negative || 0);
  if (!polar) return '—';
  // (pos - neg) / (pos + neg); rounding a tiny negative must not print "-0.00".
  const v = Math.round((100 * (c.positive - c.negative)) / polar) / 100;
  return (v === 0 ? 0 : v).toFixed(2);
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
    : [el('tr', {}, el('td', { className: 'muted', colSpan: head.length }, 'Nothing yet'))];
  node.replaceChildren(thead, ...body);
}

function badgeChips(badges) {
  const span = el('span');
  for (const b of badges || []) span.append(el('span', { className: `badge ${b.kind}`, title: b.why }, b.label));
  return span;
}

// ---- filters and tabs ----------------------------------------------------------------------------

function filter() {
  const v = (id) => $(id).value || null;
  return { from: v('from'), to: v('to'), site: v('site'), watch: v('watch') };
}

function setOptions(select, values, allLabel) {
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, v)));
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
  for (let d = Date.parse(from); d <= Date.parse(to) && days.length < 3660; d += 86_400_000) days.push(utcDay(d));
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
    t.textContent = Math.round(v);
    root.append(t);
  }
  points.forEach((p, i) => {
    let base = 0;
    for (const [k, cls] of [['negative', 'neg'], ['neutral', 'neu'], ['positive', 'pos']]) {
      const v = p.c[k] || 0;
      if (!v) continue;
      const r = svg('rect', { x: left + i * bw + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(base + v), height: y(base) - y(base + v), class: cls });
      const title = svg('title');
      title.textContent = `${p.label}: ${v} ${k} of ${p.c.posts}`;
      r.append(title);
      root.append(r);
      base += v;
    }
    const tick = hourly ? p.label.endsWith('T00') : i % Math.ceil(points.length / 10) === 0;
    if (tick) {
      const t = svg('text', { x: left + i * bw, y: H - 6, class: 'axis' });
      t.textContent = p.label.slice(5, 10);
      root.append(t);
    }
  });
  node.replaceChildren(root);
}

function renderOverview(s) {
  const total = emptyCounts();
  const sites = {};
  for (const t of s.tallies) {
    addCounts(total, t.total);
    for (const [site, c] of Object.entries(t.sites || {})) sites[site] = addCounts(sites[site] || emptyCounts(), c);
  }
  $('k-posts').textContent = fmt(total.posts);
  for (const k of ['positive', 'neutral', 'negative']) $(`k-${k}`).textContent = fmt(total[k]);
  $('k-net').textContent = net(total);
  const f = s.filter;
  const ser = series(s.tallies, f.from, f.to || utcDay(s.now));
  $('chart-title').textContent = `${ser.hourly ? 'Posts per hour' : 'Posts per day'} (UTC)${f.watch ? ` mentioning “${f.watch}”` : ''}${f.site ? ` on ${f.site}` : ''}`;
  drawChart($('chart'), ser);
  table($('sites'), ['Site', 'Posts', 'Net'], Object.entries(sites).sort((a, b) => b[1].posts - a[1].posts).map(([k, c]) => [k, fmt(c.posts), net(c)]), [1, 2]);
  table($('intents'), ['Intent', 'Posts'], Object.entries(total.intents).sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, fmt(n)]), [1]);
  table($('days'), ['Day', 'Posts', '+', '−', 'Net'], [...s.tallies].reverse().map((t) => [t.day, fmt(t.total.posts), fmt(t.total.positive), fmt(t.total.negative), net(t.total)]), [1, 2, 3, 4]);
  setOptions($('site'), Object.keys(sites).sort(), 'All sites');
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
    const perDay = rangeDays(s.filter.from, s.filter.to || utcDay(s.now)).map((d) => {
      const t = s.tallies.find((x) => x.day === d);
      return t && t.watch && t.watch[item.query] ? t.watch[item.query].total.posts : 0;
    });
    for (const t of s.tallies) addCounts(c, t.watch && t.watch[item.query] && t.watch[item.query].total);
    const remove = el('button', { type: 'button', title: `Stop watching ${item.query}` }, 'Remove');
    remove.addEventListener('click', () => saveWatchlist(items.filter((i) => i.query !== item.query)));
    return [el('code', {}, item.query), item.label || '', fmt(c.posts), fmt(c.positive), fmt(c.negative), net(c), sparkline(perDay), remove];
  });
  table($('watch-table'), ['Query', 'Label', 'Mentions', '+', '−', 'Net', 'By day', ''], rows, [2, 3, 4, 5]);
  setOptions($('watch'), items.map((i) => i.query), 'All posts');
  const alerts = [...s.alerts].reverse();
  $('alerts').replaceChildren(...(alerts.length
    ? alerts.map((a) => el('li', { className: `alert-${a.kind}` }, el('strong', {}, `${a.kind === 'volume' ? 'Volume spike' : 'Negative spike'}: ${a.watch}`), ` — ${a.why} `, el('span', { className: 'muted' }, new Date(a.at_ms).toLocaleString())))
    : [el('li', { className: 'muted' }, 'No alerts: a watch item whose volume or negative share spikes shows here and on the toolbar.')]));
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
    out.replaceChildren('✓ valid query');
    return true;
  }
  // The query with a caret under the character the error names.
  out.replaceChildren(el('span', { className: 'caret' }, `${query}\n${' '.repeat(Math.max(0, r.position - 1))}^`), `Position ${r.position}: ${r.problem}`);
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
  table($('author-table'), ['Author', 'Site', 'Posts', 'Engagement', 'Followers', 'Watch items', 'Badges'],
    s.authors.map((a) => [
      el('span', { title: a.name || '' }, a.handle ? `@${a.handle.replace(/^@/, '')}` : a.key),
      a.site, fmt(a.posts), fmt(a.engagement), a.max_followers == null ? '—' : fmt(a.max_followers),
      Object.keys(a.watch || {}).join(', '), badgeChips(a.badges),
    ]), [2, 3, 4]);
}

function renderTrends(s) {
  const rising = Object.values(s.trends.rising || {});
  $('rising').replaceChildren(...(rising.length
    ? rising.map((r) => el('li', {}, el('strong', {}, r.term), ` — ${r.why}`))
    : [el('li', { className: 'muted' }, 'Nothing is rising against your usual feed right now.')]));
  table($('top-terms'), ['Term', 'Posts'], s.trends.top_terms_today.map((t) => [t.term, fmt(t.posts)]), [1]);
  table($('trend-log'), ['When (UTC)', 'Term', 'How', 'Posts', 'Expected', 'Why'],
    [...s.trends.log].reverse().map((r) => [r.hour.replace('T', ' ') + 'h', el('strong', {}, r.term), r.via, fmt(r.count), r.via === 'baseline' ? String(r.expected) : '—', r.why]), [3, 4]);
}

// ---- saved posts ---------------------------------------------------------------------------------

const safeUrl = (u) => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null);

async function loadSaved() {
  const f = filter();
  const r = await ask('export', { request: { dataset: 'saved', format: 'json', filter: { site: f.site, watch: f.watch } } });
  const saved = JSON.parse(r.text).saved.sort((a, b) => b.saved_at - a.saved_at);
  setOptions($('collection'), [...new Set(saved.map((s) => s.collection))].sort(), 'All collections');
  const want = $('collection').value;
  const shown = saved.filter((s) => !want || s.collection === want);
  $('saved-list').replaceChildren(...(shown.length ? shown.map(savedCard) : [el('p', { className: 'muted' }, 'No saved posts yet: use “Save” on a post’s Écoute badge.')]));
}
$('collection').addEventListener('change', () => loadSaved().catch(showError));

function savedCard(s) {
  const url = safeUrl(s.url);
  const collection = el('input', { value: s.collection, size: 16, 'aria-label': 'Collection' });
  const tags = el('input', { value: s.tags.join(', '), size: 30, 'aria-label': 'Tags', placeholder: 'tags, comma separated' });
  const note = el('textarea', { value: s.note, 'aria-label': 'Note', placeholder: 'note' });
  const save = el('button', { type: 'button' }, 'Save changes');
  const del = el('button', { type: 'button', className: 'danger' }, 'Delete');
  save.addEventListener('click', async () => {
    try {
      await ask('update_saved', { id: s.id, update: { collection: collection.value, tags: tags.value.split(','), note: note.value } });
      clearError();
      await loadSaved();
    } catch (e) {
      showError(e);
    }
  });
  del.addEventListener('click', async () => {
    if (!confirm('Delete this saved post?')) return;
    try {
      await ask('delete_saved', { id: s.id });
      await loadSaved();
    } catch (e) {
      showError(e);
    }
  });
  return el('article', { className: 'card' },
    el('div', { className: 'meta' }, `@${(s.author.handle || '?').replace(/^@/, '')} on ${s.site} · saved ${new Date(s.saved_at).toLocaleString()} `,
      url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'open') : null),
    el('div', { className: 'text' }, s.text),
    el('div', {}, ...s.labels.map((l) => el('span', { className: 'badge' }, l))),
    el('div', { className: 'row' }, el('label', {}, 'Collection ', collection), el('label', {}, 'Tags ', tags)),
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
    dataResult(e.message || String(e), false);
  }
}

$('export-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  guarded(async () => {
    const request = { dataset: $('export-dataset').value, format: $('export-format').value, filter: filter() };
    const r = await ask('export', { request });
    download(r.text, r.filename, r.mime);
    dataResult(`Exported ${r.filename}.`);
  });
});

$('import-file').addEventListener('change', (ev) => guarded(async () => {
  const file = ev.target.files[0];
  if (!file) return;
  const r = await ask('import', { text: await file.text() });
  dataResult(`Imported ${r.tallies} day(s) of tallies, ${r.authors} author(s), ${r.saved} saved post(s)${r.skipped.length ? `; skipped: ${r.skipped.join('; ')}` : ''}.`);
  ev.target.value = '';
  await refresh();
}));

$('backup').addEventListener('click', () => guarded(async () => {
  const r = await ask('backup');
  download(JSON.stringify(r.doc), r.filename, 'application/json');
  dataResult(`Saved ${r.filename}.`);
}));

$('restore-file').addEventListener('change', (ev) => guarded(async () => {
  const file = ev.target.files[0];
  if (!file) return;
  let doc;
  try {
    doc = JSON.parse(await file.text());
  } catch (e) {
    throw new Error(`${file.name} is not JSON: ${e.message}`);
  }
  if (!confirm('Replace everything Écoute has stored with this backup?')) return;
  const r = await ask('restore', { doc });
  dataResult(`Restored ${file.name}${r.recoveries.length ? ` (${r.recoveries.length} unreadable value(s) set aside)` : ''}.`);
  ev.target.value = '';
  await refresh();
}));

$('retention-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  guarded(async () => {
    const days = Number($('retention').value);
    await ask('set_retention', { days });
    dataResult(`Keeping ${days} days.`);
    await refresh();
  });
});

$('reset').addEventListener('click', () => guarded(async () => {
  if (!confirm('Erase all tallies, authors, trends, saved posts and the watchlist?')) return;
  if (!confirm('This cannot be undone (download a backup first if unsure). Erase everything?')) return;
  await ask('reset');
  dataResult('Everything was erased.');
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
$('from').value = utcDay(today - 6 * 86_400_000);
$('filters').addEventListener('change', () => refresh().catch(showError));
refresh().catch(showError);
