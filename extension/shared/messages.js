// The message contract between Écoute's content scripts, its extension pages (popup, dashboard, options)
// and its background: every message the background answers is declared here, once, with who may send it
// and what its payload must look like. The background's router (background/router.js) refuses anything
// else; every sender goes through `send()` below. README ("How it is built", "Messages") says how to add a message.
//
//   name                 wire form                                  senders
//   analyze              {type: 'ecoute/analyze', posts}            content scripts (and pages: tests, tools)
//   health               {type: 'ecoute/health', status, ...}       content scripts
//   status               {type: 'ecoute/status'}                    pages
//   listening/<op>       {type: 'ecoute/listening', op, ...}        pages (save_post, correct: content scripts too)
//   instances/<op>       {type: 'ecoute/instances', op, ...}        pages (the options page)
//
// Senders: a "content" sender is one of our content scripts, which run only on the sites Écoute supports
// (the manifest's matches and the servers the person added); it speaks for a web page, so whatever it
// sends is page data and it may never export, back up, restore, reset or change where Écoute runs. A
// "page" sender is one of the extension's own pages (its URL has our origin).
//
// The checks here bound shapes and sizes (types, lengths, counts) generously: the Rust core holds the real
// limits (a watch query's length, the number of watch items, a post's fields) and words its refusals
// precisely, so a bound here is a multiple of the core's, there to keep junk and floods out of it.
//
// A classic script (no import/export), so that it runs both as a content script (manifest.json) and in
// the background and pages (`import '../shared/messages.js'`): it only sets globalThis.EcouteMessages.
// Checked by `tsc` with the strict options (tsconfig.strict.json).
'use strict';

/**
 * Who sends a message: one of our content scripts (on a supported site), or one of our extension pages.
 * @typedef {'content' | 'page'} SenderKind
 */

/**
 * A message's typed refusal: the kinds this contract adds (worded by shared/words.js `error`, messages
 * `error_*` in extension/_locales) beside the engine's and the background's own.
 * @typedef {{kind: 'unknown_message', type: string, op?: string}
 *   | {kind: 'page_only', op: string}
 *   | {kind: 'content_only', op: string}
 *   | {kind: 'bad_message', message: string, field: string, problem: string}
 *   | {kind: 'no_reply', detail?: string}
 *   | {kind: string, [field: string]: unknown}} RefusalArgs
 */

/**
 * What the background answers to every message: `{ok: true, ...reply}`, or `{ok: false, error, args}` with
 * the error in the UI language and, for a typed refusal, its figures (`args.kind`).
 * @typedef {{ok: false, error: string, args?: RefusalArgs}} Failure
 */

/** A day in the person's time zone, `YYYY-MM-DD`. @typedef {string} LocalDay */

/**
 * Which records a summary or an export covers (src/export.rs Filter); days are local (shared/localtime.js).
 * @typedef {{from?: LocalDay | null, to?: LocalDay | null, site?: string | null, watch?: string | null}} Filter
 */

/**
 * The posts behind a figure (background/listening.js `posts`): a filter in local days.
 * @typedef {{from?: LocalDay | null, to?: LocalDay | null, by?: 'published' | 'seen', site?: string | null,
 *   watch?: string | null, item?: number | null, label?: string | null, intent?: string | null,
 *   author?: string | null, term?: string | null, undated?: boolean}} PostFilter
 */

/**
 * A post as a content script reads it from a page (src/post.rs Post: the core validates and bounds every
 * field, and refuses a post it cannot read in the batch's `rejected`, without refusing the batch).
 * @typedef {{site: string, id: string, [field: string]: unknown}} PagePost
 */

/** A watch item as the dashboard edits it (src/watch/mod.rs WatchItem). @typedef {{id?: number, rev?: number, query: string, label?: string | null}} WatchItem */

/** What "save" keeps of a post (src/saved.rs SaveRequest). @typedef {{post: PagePost, collection?: string | null, tags?: string[], note?: string, labels?: string[] | null}} SaveRequest */

/** A change to a saved post: only the fields given change (src/saved.rs SavedUpdate). @typedef {{collection?: string | null, tags?: string[] | null, note?: string | null, labels?: string[] | null}} SavedUpdate */

/** @typedef {'all' | 'tallies' | 'hours' | 'mentions' | 'authors' | 'saved' | 'trends' | 'posts'} Dataset */
/** @typedef {'json' | 'ndjson' | 'csv'} Format */
/** CSV columns: Écoute's, 4CAT's custom CSV import, médialab's habits (src/exchange/request.rs Profile). @typedef {'ecoute' | '4cat' | 'medialab'} Profile */
/** @typedef {{dataset: Dataset, format: Format, filter?: Filter, profile?: Profile, french?: boolean, pseudonymise?: boolean}} ExportRequest */

/** A health report of a page's adapter (content/health.js → background/health.js). @typedef {{site: string, status: 'ok' | 'partial' | 'broken' | 'idle', found: number, read: number, errors: number, hints: number, checked?: number, annotated?: number, layout?: string, expected?: number, layoutRead?: number}} HealthReport */

/** @typedef {'mastodon' | 'bluesky'} ServerKind */

/**
 * Every message's payload, by name (the fields beside `type` and `op` on the wire).
 * @typedef {{
 *   'analyze': {posts: PagePost[]},
 *   'health': HealthReport,
 *   'status': {},
 *   'listening/today': {},
 *   'listening/storage': {},
 *   'listening/posts': {filter?: PostFilter, limit?: number, before?: [number, string] | null},
 *   'listening/summary': {filter?: Filter, top?: number},
 *   'listening/totals': {filter?: Filter},
 *   'listening/watchlist_get': {},
 *   'listening/watchlist_set': {items: WatchItem[]},
 *   'listening/watchlist_check': {query: string},
 *   'listening/watch_preview': {query: string},
 *   'listening/save_post': {request: SaveRequest},
 *   'listening/update_saved': {id: string, update: SavedUpdate},
 *   'listening/delete_saved': {id: string},
 *   'listening/export': {request: ExportRequest},
 *   'listening/import': {text: string},
 *   'listening/backup': {},
 *   'listening/restore': {doc: object},
 *   'listening/reset': {},
 *   'listening/set_retention': {days: number},
 *   'listening/owned_get': {},
 *   'listening/owned_set': {owned: {[site: string]: string[]}},
 *   'listening/alerts_seen': {},
 *   'listening/correct': {key: string, label: 'positive' | 'neutral' | 'negative', intent: 'praise' | 'complaint' | 'request' | 'question' | 'none'},
 *   'instances/list': {},
 *   'instances/add': {kind: ServerKind, host: string},
 *   'instances/remove': {host: string},
 * }} Payloads
 */

/**
 * What the engine answers for the listening operations whose result the pages read as a whole (the
 * summary, the watchlist, an import's report...): JSON written by src/listening.rs, typed there.
 * @typedef {{[field: string]: any}} EngineJson
 */

/** The counts of a day (src/fold.rs; posts in languages Écoute does not analyse, by language, in `unanalysed`). @typedef {{posts: number, positive: number, negative: number, neutral: number, intents?: {[intent: string]: number}, unanalysed?: {[lang: string]: number}}} Counts */
/** A day's figures as the popup reads them. @typedef {{total: Counts, sites?: {[site: string]: Counts}, undated?: Counts, older?: Counts}} DayFigures */
/** What an export left out, by `kind` (src/exchange/records.rs Omission). @typedef {{kind: 'period' | 'hours_by_site' | 'trends_filtered' | 'identities', from?: string | null, to?: string | null, days?: number, authors?: number, saved?: number, site?: string}} Omission */
/** A file the person downloads (export, backup). @typedef {{text: string, filename: string, mime: string, doc?: EngineJson, omitted?: Omission[]}} Download */
/** Recounts in progress (background/recount.js). @typedef {{[id: string]: unknown}} Recounts */

/**
 * Every message's reply, by name (beside `ok: true`).
 * @typedef {{
 *   'analyze': {annotations: EngineJson[], rejected: EngineJson[], rising?: EngineJson[], badges?: {[author: string]: EngineJson[]}},
 *   'health': {},
 *   'status': {engine: 'ready' | 'failed', error: string | null, recoveries: {key: string, moved_to: string}[], batches: number, startMs?: number, early?: {received: number, wasm: number, kept: number} | null, recounts: Recounts},
 *   'listening/today': {result: {day: LocalDay, published: DayFigures | null, seen: DayFigures | null}},
 *   'listening/storage': {result: EngineJson},
 *   'listening/posts': {result: {posts: EngineJson[], next: [number, string] | null}},
 *   'listening/summary': {result: EngineJson},
 *   'listening/totals': {result: {filter: Filter, total: {[count: string]: number | object}}},
 *   'listening/watchlist_get': {result: EngineJson},
 *   'listening/watchlist_set': {result: EngineJson},
 *   'listening/watchlist_check': {result: EngineJson},
 *   'listening/watch_preview': {result: {matched: number, total: number, posts: {text: string, site: string, author: string}[]}},
 *   'listening/save_post': {result: EngineJson},
 *   'listening/update_saved': {result: EngineJson},
 *   'listening/delete_saved': {result: EngineJson},
 *   'listening/export': {result: Download},
 *   'listening/import': {result: EngineJson},
 *   'listening/backup': {result: Download},
 *   'listening/restore': {result: EngineJson},
 *   'listening/reset': {result: EngineJson},
 *   'listening/set_retention': {result: EngineJson},
 *   'listening/owned_get': {result: {[site: string]: string[]}},
 *   'listening/owned_set': {result: {[site: string]: string[]}},
 *   'listening/alerts_seen': {result: {unseen_alerts: number}},
 *   'listening/correct': {result: {key: string, corrected: {label: string, intent: string}}},
 *   'instances/list': {servers: {kind: ServerKind, host: string, granted: boolean}[], shipped: {[kind: string]: string[]}},
 *   'instances/add': {host: string, shipped: boolean},
 *   'instances/remove': {host: string, removed: number},
 * }} Replies
 */

/** @typedef {keyof Payloads} MessageName */
/** The listening operations' names (`listening/<op>`), each answered with a `result`. @typedef {Extract<MessageName, `listening/${string}`>} ListeningName */

/** A payload's first bad field, and what is wrong with it (English, for developers). @typedef {{field: string, problem: string}} Problem */
/** A payload check: null when `value` is fine. @typedef {(value: unknown, path: string) => Problem | null} Check */
/** One declared message. @typedef {{type: string, op?: string, from: readonly SenderKind[], check: Check}} Spec */

globalThis.EcouteMessages = globalThis.EcouteMessages || (() => {
  const MAX_BATCH = 500; // posts per batch (content/main.js sends at most 200)
  const SHORT = 256; // names, sites, labels, tags, hosts
  const ID = 2048; // a saved post's id, a drill-down cursor's key: `site:id`, and a post id may be 512 bytes (src/post.rs)
  const QUERY = 10_000; // a watch query (the core's own limit is 1,000 characters: src/watch/query.rs)
  const NOTE = 100_000; // a saved post's note (the core's limit is much lower: src/saved.rs)
  const MAX_ITEMS = 1_000; // watch items (the core keeps 100: src/watch/mod.rs)
  const MAX_TAGS = 1_000;
  // An import's text is not bounded here: background/listening.js refuses one over MAX_IMPORT_BYTES
  // with the typed `import_too_large` before it is copied into the engine.
  const COUNT = 1e9;

  // --- checks: small combinators, each returning the first bad field or null.
  /** @type {(field: string, problem: string) => Problem} */
  const bad = (field, problem) => ({ field: field || '(payload)', problem });
  const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

  /** @param {number} max @returns {Check} */
  const str = (max) => (v, path) => (typeof v === 'string' && v.length <= max ? null : bad(path, `a string of at most ${max} characters`));
  /** @param {number} min @param {number} max @returns {Check} */
  const int = (min, max) => (v, path) => (Number.isSafeInteger(v) && /** @type {number} */ (v) >= min && /** @type {number} */ (v) <= max
    ? null : bad(path, `an integer from ${min} to ${max}`));
  /** @type {Check} */
  const bool = (v, path) => (typeof v === 'boolean' ? null : bad(path, 'true or false'));
  /** @param {readonly string[]} values @returns {Check} */
  const oneOf = (values) => (v, path) => (typeof v === 'string' && values.includes(v) ? null : bad(path, `one of ${values.join(', ')}`));
  /** @type {Check} */
  const day = (v, path) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : bad(path, 'a day, YYYY-MM-DD'));
  /** @param {Check} check @returns {Check} null and undefined allowed */
  const nullable = (check) => (v, path) => (v === null || v === undefined ? null : check(v, path));
  /** @type {Check} any object (checked further by the core) */
  const object = (v, path) => (isObject(v) ? null : bad(path, 'an object'));
  /** @param {Check} item @param {number} max @returns {Check} */
  const list = (item, max) => (v, path) => {
    if (!Array.isArray(v) || v.length > max) return bad(path, `a list of at most ${max} items`);
    for (let i = 0; i < v.length; i++) {
      const p = item(v[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  };
  /**
   * An object with these fields (`optional` ones may be absent or null) and no other: a field the contract
   * does not know is a typo or a forgery, refused rather than passed on. `open`: other fields pass (a
   * post's fields, which the core validates one by one).
   * @param {{[field: string]: Check}} required @param {{[field: string]: Check}} [optional]
   * @param {{open?: boolean}} [options] @returns {Check}
   */
  const fields = (required, optional = {}, { open = false } = {}) => (v, path) => {
    if (!isObject(v)) return bad(path, 'an object');
    const o = /** @type {{[field: string]: unknown}} */ (v);
    const at = (/** @type {string} */ k) => (path ? `${path}.${k}` : k);
    for (const [k, check] of Object.entries(required)) {
      const p = check(o[k], at(k));
      if (p) return p;
    }
    for (const [k, check] of Object.entries(optional)) {
      if (o[k] === undefined || o[k] === null) continue;
      const p = check(o[k], at(k));
      if (p) return p;
    }
    if (!open) {
      const extra = Object.keys(o).find((k) => !(k in required) && !(k in optional));
      if (extra !== undefined) return bad(at(extra), 'not a field of this message');
    }
    return null;
  };
  const none = fields({});
  /** The owned accounts: `{site: [handle, …]}`, at most 32 sites of 50 handles. @type {Check} */
  const ownedAccounts = (v, path) => {
    if (!isObject(v)) return bad(path, 'an object');
    const sites = Object.entries(/** @type {{[site: string]: unknown}} */ (v));
    if (sites.length > 32) return bad(path, 'at most 32 sites');
    for (const [site, handles] of sites) {
      const problem = site.length > 32 ? bad(`${path}.${site}`, 'a site name of at most 32 characters') : list(str(256), 50)(handles, `${path}.${site}`);
      if (problem) return problem;
    }
    return null;
  };

  // --- the payloads' parts
  // A post read from a page is only required to be an object here: the core reads each record of a batch
  // on its own, bounds every field (src/post.rs limits) and answers a bad one in `rejected`. Refusing the
  // whole batch for one bad post would make the content script resend it forever.
  const post = object;
  const filter = fields({}, { from: day, to: day, site: str(SHORT), watch: str(QUERY) });
  const postFilter = fields({}, {
    from: day, to: day, by: oneOf(['published', 'seen']), site: str(SHORT), watch: str(QUERY), item: int(0, 2 ** 32),
    label: str(SHORT), intent: str(SHORT), author: str(SHORT), term: str(SHORT), undated: bool,
  });
  /** @type {Check} the drill-down's cursor, [quarter, key] of the last post shown */
  const cursor = (v, path) => (Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && typeof v[1] === 'string' && v[1].length <= ID
    ? null : bad(path, 'a cursor [number, string]'));
  const tags = list(str(SHORT), MAX_TAGS);
  const labels = list(str(SHORT), 16);
  const savedFields = { collection: str(SHORT), tags, note: str(NOTE), labels };
  const host = str(SHORT);

  /** @type {readonly SenderKind[]} */ const CONTENT = ['content'];
  /** @type {readonly SenderKind[]} */ const PAGES = ['page'];
  /** @type {readonly SenderKind[]} */ const BOTH = ['content', 'page'];

  /**
   * The messages, by name. Pages may analyze a batch too (our own code: the tests and tools replay
   * batches through it); everything that reads the person's data out, erases it or changes where Écoute
   * runs is for pages alone.
   * @type {{[name in MessageName]: Spec}}
   */
  const MESSAGES = {
    analyze: { type: 'ecoute/analyze', from: BOTH, check: fields({ posts: list(post, MAX_BATCH) }) },
    health: {
      type: 'ecoute/health', from: CONTENT, check: fields(
        { site: str(32), status: oneOf(['ok', 'partial', 'broken', 'idle']), found: int(0, COUNT), read: int(0, COUNT), errors: int(0, COUNT), hints: int(0, COUNT) },
        { checked: int(0, COUNT), annotated: int(0, COUNT), layout: str(64), expected: int(0, COUNT), layoutRead: int(0, COUNT) },
      ),
    },
    status: { type: 'ecoute/status', from: PAGES, check: none },
    'listening/today': { type: 'ecoute/listening', op: 'today', from: PAGES, check: none },
    'listening/storage': { type: 'ecoute/listening', op: 'storage', from: PAGES, check: none },
    'listening/posts': { type: 'ecoute/listening', op: 'posts', from: PAGES, check: fields({}, { filter: postFilter, limit: int(1, 10_000), before: cursor }) },
    'listening/summary': { type: 'ecoute/listening', op: 'summary', from: PAGES, check: fields({}, { filter, top: int(0, 10_000) }) },
    // The period's totals alone, from the kept posts' sums (the dashboard's first numbers).
    'listening/totals': { type: 'ecoute/listening', op: 'totals', from: PAGES, check: fields({}, { filter }) },
    'listening/watchlist_get': { type: 'ecoute/listening', op: 'watchlist_get', from: PAGES, check: none },
    'listening/watchlist_set': {
      type: 'ecoute/listening', op: 'watchlist_set', from: PAGES,
      check: fields({ items: list(fields({ query: str(QUERY) }, { id: int(0, 2 ** 32), rev: int(0, 2 ** 32), label: str(QUERY) }), MAX_ITEMS) }),
    },
    'listening/watchlist_check': { type: 'ecoute/listening', op: 'watchlist_check', from: PAGES, check: fields({ query: str(QUERY) }) },
    // The editor's preview of a query over the posts kept (background/listening.js, from the search projection).
    'listening/watch_preview': { type: 'ecoute/listening', op: 'watch_preview', from: PAGES, check: fields({ query: str(QUERY) }) },
    // A post's "save" button (content/render.js): the one listening operation a content script may ask.
    'listening/save_post': { type: 'ecoute/listening', op: 'save_post', from: BOTH, check: fields({ request: fields({ post }, savedFields) }) },
    'listening/update_saved': { type: 'ecoute/listening', op: 'update_saved', from: PAGES, check: fields({ id: str(ID), update: fields({}, savedFields) }) },
    'listening/delete_saved': { type: 'ecoute/listening', op: 'delete_saved', from: PAGES, check: fields({ id: str(ID) }) },
    'listening/export': {
      type: 'ecoute/listening', op: 'export', from: PAGES,
      check: fields({ request: fields({ dataset: oneOf(['all', 'tallies', 'hours', 'mentions', 'authors', 'saved', 'trends', 'posts']), format: oneOf(['json', 'ndjson', 'csv']) }, { filter, profile: oneOf(['ecoute', '4cat', 'medialab']), french: bool, pseudonymise: bool }) }),
    },
    'listening/import': { type: 'ecoute/listening', op: 'import', from: PAGES, check: fields({ text: (v, path) => (typeof v === 'string' ? null : bad(path, 'a string')) }) },
    'listening/backup': { type: 'ecoute/listening', op: 'backup', from: PAGES, check: none },
    'listening/restore': { type: 'ecoute/listening', op: 'restore', from: PAGES, check: fields({ doc: object }) },
    'listening/reset': { type: 'ecoute/listening', op: 'reset', from: PAGES, check: none },
    'listening/set_retention': { type: 'ecoute/listening', op: 'set_retention', from: PAGES, check: fields({ days: int(-(2 ** 53) + 1, 2 ** 53 - 1) }) },
    // The person's own accounts by site (the options page; src/listening/influence.rs Owned, which bounds
    // them again): at most 32 sites of 50 handles.
    'listening/owned_get': { type: 'ecoute/listening', op: 'owned_get', from: PAGES, check: none },
    'listening/owned_set': {
      type: 'ecoute/listening', op: 'owned_set', from: PAGES,
      check: fields({ owned: ownedAccounts }),
    },
    'listening/alerts_seen': { type: 'ecoute/listening', op: 'alerts_seen', from: PAGES, check: none },
    // A post's correction (issue 13), from its badge's menu (content/render.js) or the drill-down: the
    // person's own label and intent for a kept post, nothing read out.
    'listening/correct': {
      type: 'ecoute/listening', op: 'correct', from: BOTH,
      check: fields({ key: str(ID), label: oneOf(['positive', 'neutral', 'negative']), intent: oneOf(['praise', 'complaint', 'request', 'question', 'none']) }),
    },
    'instances/list': { type: 'ecoute/instances', op: 'list', from: PAGES, check: none },
    'instances/add': { type: 'ecoute/instances', op: 'add', from: PAGES, check: fields({ kind: oneOf(['mastodon', 'bluesky']), host }) },
    'instances/remove': { type: 'ecoute/instances', op: 'remove', from: PAGES, check: fields({ host }) },
  };

  /** Wire types that carry an `op`, each op a message of its own. */
  const WITH_OP = new Set(Object.values(MESSAGES).filter((s) => s.op).map((s) => s.type));

  /** An Error with its English message and its figures (`args`), like shared/words.js `refusal`. */
  class MessageError extends Error {
    /** @param {string} message @param {RefusalArgs} args */
    constructor(message, args) {
      super(message);
      this.name = 'MessageError';
      this.args = args;
    }
  }

  /**
   * The name a wire message is declared under, or null when it is not one of ours at all (not an object,
   * or a type that does not start with `ecoute/`: another part of the extension's business, ignored).
   * @param {unknown} msg @returns {string | null}
   */
  function nameOf(msg) {
    if (!isObject(msg)) return null;
    const { type, op } = /** @type {{type?: unknown, op?: unknown}} */ (msg);
    if (typeof type !== 'string' || !type.startsWith('ecoute/') || type.length > 64) return null;
    const base = type.slice('ecoute/'.length);
    if (!WITH_OP.has(type)) return base;
    return typeof op === 'string' && op.length <= 64 ? `${base}/${op}` : `${base}/?`;
  }

  /** @param {string} name @returns {name is MessageName} */
  const isName = (name) => Object.prototype.hasOwnProperty.call(MESSAGES, name);

  /**
   * The declared message `msg` is, when `from` may send it and its payload is well formed; otherwise a
   * MessageError: `unknown_message`, `page_only` / `content_only`, or `bad_message` naming the field.
   * @param {unknown} msg @param {SenderKind | null} from
   * @returns {{name: MessageName, spec: Spec}}
   */
  function accept(msg, from) {
    const name = nameOf(msg);
    const { type, op } = /** @type {{type?: unknown, op?: unknown}} */ (isObject(msg) ? msg : {});
    if (name === null || !isName(name)) {
      throw new MessageError(`Écoute has no message ${String(type)}${op === undefined ? '' : ` ${String(op)}`}`,
        { kind: 'unknown_message', type: String(type).slice(0, 64), ...(op === undefined ? {} : { op: String(op).slice(0, 64) }) });
    }
    const spec = MESSAGES[name];
    const label = spec.op || name;
    if (from === null || !spec.from.includes(from)) {
      if (spec.from.includes('page')) throw new MessageError(`"${label}" is only available from Écoute's own pages`, { kind: 'page_only', op: label });
      throw new MessageError(`"${label}" is only sent by Écoute's content scripts`, { kind: 'content_only', op: label });
    }
    const { type: _type, op: _op, ...payload } = /** @type {{[field: string]: unknown}} */ (msg);
    const problem = spec.check(payload, '');
    if (problem) {
      throw new MessageError(`The message "${name}" is malformed: ${problem.field} must be ${problem.problem}`,
        { kind: 'bad_message', message: name, field: problem.field, problem: problem.problem });
    }
    return { name, spec };
  }

  /** The UI-language text of `key`, or `fallback` (outside a browser: the unit tests). */
  const t = (/** @type {string} */ key, /** @type {string} */ fallback) => (globalThis.chrome?.i18n?.getMessage(key)) || fallback;

  /**
   * Sends message `name` to the background and returns its reply (without `ok`). A refusal is thrown as
   * a MessageError carrying the background's text in the UI language and its `args` (`kind`...), so
   * shared/words.js `error()` words it again the same way; no reply at all (the background stopping or
   * starting) is a MessageError of kind `no_reply`.
   * @template {MessageName} N
   * @param {N} name @param {Payloads[N]} payload
   * @returns {Promise<Replies[N]>}
   */
  async function send(name, payload) {
    const spec = MESSAGES[name];
    /** @type {unknown} */
    let reply;
    try {
      reply = await chrome.runtime.sendMessage({ ...payload, type: spec.type, ...(spec.op ? { op: spec.op } : {}) });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new MessageError(`${t('backgroundSilent', 'The background did not answer.')} (${detail})`, { kind: 'no_reply', detail });
    }
    if (!isObject(reply)) throw new MessageError(t('backgroundSilent', 'The background did not answer.'), { kind: 'no_reply' });
    const r = /** @type {{ok?: unknown, error?: unknown, args?: unknown}} */ (reply);
    if (r.ok !== true) {
      const args = isObject(r.args) ? /** @type {RefusalArgs} */ (r.args) : { kind: 'refused' };
      throw new MessageError(typeof r.error === 'string' ? r.error : t('backgroundSilent', 'The background did not answer.'), args);
    }
    const { ok: _ok, ...body } = /** @type {{[field: string]: unknown}} */ (reply);
    return /** @type {Replies[N]} */ (/** @type {unknown} */ (body));
  }

  return { MESSAGES, MAX_BATCH, MessageError, nameOf, accept, send };
})();
