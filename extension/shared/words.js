// The engine's badges, rising terms and alerts in the person's language. The Rust core writes them in
// English (`label`, `why`: the CLI and exports read those) with the figures behind them in `args`
// (docs/listening.md, "Badges, rises and alerts"); here the words come from extension/_locales and the
// numbers are written the UI language's way. Without `args` (records stored by an older version) the
// English from the engine is shown as it is. The same for the engine's refusals (a malformed watch
// query, an import it will not read) and the import's skipped records, and for the background's own
// errors: English `message`, figures in `args` (src/base/error.rs, src/exchange/import.rs `Skip`).
//
// A classic script, so that it runs both as a content script (manifest.json, before content/render.js)
// and in the extension pages (`import '../shared/words.js'` from a module): it only sets
// globalThis.EcouteWords. Names, terms and watch items in the results are page data: show them with
// textContent or title, never as HTML.
'use strict';

globalThis.EcouteWords = globalThis.EcouteWords || (() => {

  /** The message `key` with its placeholders filled, or `fallback` when the message does not exist. */
  const t = (key, fallback, ...subs) => (globalThis.chrome && chrome.i18n && chrome.i18n.getMessage(key, subs.map(String))) || fallback;

  // The language the pages speak, for <html lang>, numbers and dates: the browser's UI language ('fr-CA',
  // 'en-GB'...) when the messages shown are in that language, otherwise the language of the messages
  // (messages.json `lang`; Chromium can answer 'en-US' here while it picks the French messages).
  // shared/i18n.js uses this one too.
  let language = null;
  function uiLanguage() {
    if (language) return language;
    const shown = t('lang', 'en');
    const ui = (globalThis.chrome && chrome.i18n && chrome.i18n.getUILanguage()) || shown;
    language = ui.toLowerCase().split(/[-_]/)[0] === shown ? ui : shown;
    return language;
  }

  const formats = {};
  /** `n` the UI language's way (12,345 / 12 345); `digits` fixes the decimals. */
  function num(n, digits) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
    const k = digits ?? 'auto';
    try {
      formats[k] ||= new Intl.NumberFormat(uiLanguage(), digits == null ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    } catch {
      formats[k] = new Intl.NumberFormat('en', digits == null ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    return formats[k].format(n);
  }

  /** An expected count as the engine rounds it: 0.03, 4.7, 120. */
  const approx = (x) => num(x, x < 1 ? 2 : x < 100 ? 1 : 0);
  const isNum = (x) => typeof x === 'number' && Number.isFinite(x);
  const quote = (text) => t('quote', `“${text}”`, text);
  /** A UTC day as the engine writes it (YYYY-MM-DD): the same in every language, unambiguous. */
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);

  /** A badge's chip text and hover text: `{ label, why }`. */
  function badge(b) {
    const a = b && b.args;
    const english = { label: (b && b.label) || '', why: (b && b.why) || '' };
    if (!a || typeof a !== 'object') return english;
    switch (a.kind) {
      case 'tier': {
        if (!isNum(a.followers)) return english;
        const label = {
          nano: () => t('badge_tierNano', b.label),
          micro: () => t('badge_tierMicro', b.label),
          macro: () => t('badge_tierMacro', b.label),
          mega: () => t('badge_tierMega', b.label),
        }[a.tier];
        return { label: label ? label() : english.label, why: t('badge_tierWhy', b.why, num(a.followers), a.site) };
      }
      case 'engagement':
        if (![a.rate, a.per_post, a.posts, a.followers].every(isNum)) return english;
        return {
          // One decimal from 0.1 up, else two significant digits: a small rate never reads "0.0%".
          label: t('badge_engagement', b.label, a.rate >= 0.1 || a.rate === 0 ? num(a.rate, 1) : num(a.rate, Math.min(6, Math.max(2, 1 - Math.floor(Math.log10(a.rate)))))),
          why: a.posts === 1
            ? t('badge_engagementWhyOne', b.why, num(a.per_post), num(a.followers))
            : t('badge_engagementWhy', b.why, num(a.per_post), num(a.posts), num(a.followers)),
        };
      case 'opinion_leader':
        if (![a.rank, a.authors, a.engagement, a.posts, a.top].every(isNum) || typeof a.item !== 'string') return english;
        return {
          label: t('badge_leader', b.label, a.item),
          why: isNum(a.followers) && a.followers > 0
            ? t('badge_leaderWhyReach', b.why, num(a.rank), num(a.authors), a.item, num(a.top), num(a.engagement), num(a.posts), num(a.followers))
            : t('badge_leaderWhy', b.why, num(a.rank), num(a.authors), a.item, num(a.top), num(a.engagement), num(a.posts)),
        };
      case 'lead_user':
        if (![a.posts, a.first_ms, a.rose_ms].every(isNum) || typeof a.item !== 'string') return english;
        return {
          label: t('badge_leadUser', b.label, a.item),
          why: t('badge_leadUserWhy', b.why, num(a.posts), a.item, day(a.rose_ms), day(a.first_ms)),
        };
      default:
        return english;
    }
  }

  /** Why a term is rising (a Rise of the engine's trend log). */
  function riseWhy(r) {
    const a = r && r.args;
    if (!a || typeof a !== 'object') return (r && r.why) || '';
    if (a.via === 'baseline' && [r.count, r.expected, a.posts, a.baseline_count, a.baseline_posts].every(isNum)) {
      return t('rise_baselineWhy', r.why, num(r.count), num(a.posts), num(a.baseline_count), num(a.baseline_posts), approx(r.expected));
    }
    if (a.via === 'velocity' && [r.count, a.authors].every(isNum)) return t('rise_velocityWhy', r.why, num(r.count), num(a.authors));
    return r.why || '';
  }

  /**
   * The hover line of an in-page trend chip, from a rise of one site: "×4 in 2 h, 23 posts on x (12 of
   * 1,400 the week before)", or "new" when the week before never had it.
   */
  function trendChip(r) {
    const a = r && r.args;
    if (!a || a.via !== 'baseline' || ![r.count, a.baseline_count, a.baseline_posts].every(isNum)) return (r && r.why) || '';
    const site = String(r.site || '');
    if (isNum(r.times) && a.baseline_count > 0) {
      return t('trend_chipWhy', r.why, num(r.times), num(r.count), site, num(a.baseline_count), num(a.baseline_posts));
    }
    return t('trend_chipWhyNew', r.why, num(r.count), site, num(a.baseline_posts));
  }

  /** Why an alert was raised on a watch item. */
  function alertWhy(al) {
    const a = al && al.args;
    if (!a || typeof a !== 'object') return (al && al.why) || '';
    if (a.kind === 'volume' && [a.posts, a.expected].every(isNum)) {
      return t('alert_volumeWhy', al.why, al.watch, num(a.posts), approx(a.expected));
    }
    if (a.kind === 'negative' && [a.negative, a.posts, a.share, a.baseline_share].every(isNum)) {
      return t('alert_negativeWhy', al.why, num(a.negative), num(a.posts), al.watch, num(a.share * 100, 0), num(a.baseline_share * 100, 0));
    }
    return al.why || '';
  }

  const str = (x) => (typeof x === 'string' ? x : null);

  /** What is wrong with a watch query, from its code and figures (src/base/error.rs `Problem`). */
  function queryProblem(p, english = '') {
    if (!p || typeof p !== 'object') return english;
    switch (p.kind) {
      case 'unclosed_quote': return t('query_unclosedQuote', english);
      case 'empty_phrase': return t('query_emptyPhrase', english);
      case 'bare_sigil': return str(p.word) !== null && str(p.sigil) !== null ? t('query_bareSigil', english, p.word, p.sigil) : english;
      case 'no_letters': return str(p.word) !== null ? t('query_noLetters', english, p.word) : english;
      case 'too_deep': return isNum(p.max) ? t('query_tooDeep', english, num(p.max)) : english;
      case 'empty_parentheses': return t('query_emptyParentheses', english);
      case 'unclosed_parenthesis': return t('query_unclosedParenthesis', english);
      case 'unmatched_close': return t('query_unmatchedClose', english);
      case 'no_left_term': return str(p.op) !== null ? t('query_noLeftTerm', english, p.op) : english;
      case 'no_right_term': return str(p.op) !== null ? t('query_noRightTerm', english, p.op) : english;
      case 'term_expected': return t('query_termExpected', english);
      case 'too_long': return isNum(p.max) ? t('query_tooLong', english, num(p.max)) : english;
      case 'empty': return t('query_empty', english);
      case 'trailing_text': return t('query_trailingText', english);
      case 'too_many_items': return isNum(p.max) ? t('query_tooManyItems', english, num(p.max)) : english;
      case 'wildcard_placement': return str(p.word) !== null ? t('query_wildcardPlacement', english, p.word) : english;
      case 'short_stem': return str(p.word) !== null && isNum(p.min) ? t('query_shortStem', english, p.word, num(p.min)) : english;
      case 'near_distance': return str(p.word) !== null && isNum(p.max) ? t('query_nearDistance', english, p.word, num(p.max)) : english;
      case 'near_operand': return str(p.op) !== null ? t('query_nearOperand', english, p.op) : english;
      default: return english;
    }
  }

  /** Why an import skipped a record, from its code and figures (src/exchange/import.rs `Skip`). */
  function importSkip(s, english = '') {
    if (!s || typeof s !== 'object') return english;
    const ok = (...xs) => xs.every((x) => str(x) !== null || isNum(x));
    switch (s.kind) {
      case 'bad_day': return ok(s.day) ? t('skip_badDay', english, s.day) : english;
      case 'bad_hour': return ok(s.day, s.hour) ? t('skip_badHour', english, s.day, s.hour) : english;
      case 'too_old': return ok(s.day) ? t('skip_tooOld', english, s.day) : english;
      case 'future_day': return ok(s.day) ? t('skip_futureDay', english, s.day) : english;
      case 'no_handle': return ok(s.key) ? t('skip_noHandle', english, s.key) : english;
      case 'no_id': return t('skip_noId', english);
      case 'saved_full': return ok(s.id) && isNum(s.max) ? t('skip_savedFull', english, s.id, num(s.max)) : english;
      case 'saved_refused': {
        // the refusal typing it would have met, worded as the dashboard words it (error_*)
        const reason = s.refusal && typeof s.refusal === 'object' ? error({ message: '', args: s.refusal }) : '';
        return ok(s.id) && reason ? t('skip_savedRefused', english, s.id, reason) : english;
      }
      case 'bad_saved': return ok(s.id, s.detail) ? t('skip_badSaved', english, s.id, s.detail) : english;
      case 'bad_term_hour': return ok(s.hour) ? t('skip_badTermHour', english, s.hour) : english;
      case 'no_term_hour': return isNum(s.line) ? t('skip_noTermHour', english, num(s.line)) : english;
      case 'unsafe_number': return isNum(s.line) ? t('skip_unsafeNumber', english, num(s.line)) : english;
      case 'unreadable':
        if (!isNum(s.line) || str(s.detail) === null) return english;
        return str(s.record) !== null
          ? t('skip_unreadableRecord', english, num(s.line), s.record, s.detail)
          : t('skip_unreadable', english, num(s.line), s.detail);
      case 'unknown_type': return isNum(s.line) && ok(s.record) ? t('skip_unknownType', english, num(s.line), s.record) : english;
      default: return english;
    }
  }

  /**
   * An error's text in the UI language: `e.args` (`{kind, ...}`: the engine's refusals, src/base/error.rs,
   * and the background's own, extension/background/) worded here; its English `message` without them.
   */
  function error(e) {
    const english = e && typeof e.message === 'string' ? e.message : String(e ?? '');
    const a = e && e.args;
    if (!a || typeof a !== 'object') return english;
    switch (a.kind) {
      case 'query': {
        const problem = queryProblem(a.problem);
        return str(a.query) !== null && isNum(a.position) && problem ? t('error_query', english, a.query, num(a.position), problem) : english;
      }
      case 'import_too_large':
        return [a.bytes, a.max_bytes].every(isNum) ? t('error_importTooLarge', english, num(a.bytes / 1e6, 1), num(a.max_bytes / 1e6, 0)) : english;
      case 'not_an_export': return str(a.detail) !== null ? t('error_notAnExport', english, a.detail) : english;
      case 'no_header': return t('error_noHeader', english);
      case 'record_before_header': return isNum(a.line) ? t('error_recordBeforeHeader', english, num(a.line)) : english;
      case 'backup_not_export': return t('error_backupNotExport', english);
      case 'newer_export': return [a.version, a.supported].every(isNum) ? t('error_newerExport', english, a.version, a.supported) : english;
      case 'unsafe_number': return isNum(a.max) ? t('error_unsafeNumber', english, a.max) : english;
      case 'future_schema': return [a.found, a.supported].every(isNum) ? t('error_futureSchema', english, a.found, a.supported) : english;
      case 'not_a_backup': return t('error_notABackup', english);
      case 'backup_no_entries': return t('error_backupNoEntries', english);
      case 'backup_damaged': return str(a.detail) !== null ? t('error_backupDamaged', english, a.detail) : english;
      case 'backup_unsafe_number': return isNum(a.max) ? t('error_backupUnsafeNumber', english, a.max) : english;
      case 'backup_retention': return [a.min, a.max].every(isNum) ? t('error_backupRetention', english, num(a.min), num(a.max)) : english;
      case 'retention_range': return [a.min, a.max].every(isNum) ? t('error_retentionRange', english, num(a.min), num(a.max)) : english;
      case 'saved_full': return isNum(a.max) ? t('error_savedFull', english, num(a.max)) : english;
      case 'no_saved_post': return str(a.id) !== null ? t('error_noSavedPost', english, a.id) : english;
      case 'collection_too_long': return isNum(a.max) ? t('error_collectionTooLong', english, num(a.max)) : english;
      case 'tag_too_long': return isNum(a.max) && str(a.tag) !== null ? t('error_tagTooLong', english, num(a.max), a.tag) : english;
      case 'too_many_tags': return isNum(a.max) ? t('error_tooManyTags', english, num(a.max)) : english;
      case 'note_too_long': return isNum(a.max) ? t('error_noteTooLong', english, num(a.max)) : english;
      // the background's own (extension/background/)
      case 'not_saved': return str(a.detail) !== null ? t('error_notSaved', english, a.detail) : english;
      case 'batch_not_saved': return str(a.detail) !== null ? t('error_batchNotSaved', english, a.detail) : english;
      case 'engine_start': return str(a.detail) !== null ? t('error_engineStart', english, a.detail) : english;
      case 'bad_batch': return t('error_badBatch', english);
      case 'rate_limited': return t('error_rateLimited', english);
      case 'kv_backlog': return str(a.detail) !== null && isNum(a.keys) ? t('error_kvBacklog', english, a.detail, num(a.keys)) : english;
      case 'store_full': return t('error_storeFull', english);
      case 'page_only': return str(a.op) !== null ? t('error_pageOnly', english, a.op) : english;
      case 'host_not_allowed': return str(a.host) !== null ? t('error_hostNotAllowed', english, a.host) : english;
      // the message contract's (shared/messages.js, background/router.js)
      case 'content_only': return str(a.op) !== null ? t('error_contentOnly', english, a.op) : english;
      case 'unknown_message': return str(a.type) !== null ? t('error_unknownMessage', english, a.op === undefined ? a.type : `${a.type} ${a.op}`) : english;
      case 'bad_message': return str(a.message) !== null && str(a.field) !== null ? t('error_badMessage', english, a.message, a.field) : english;
      case 'post_not_kept': return t('error_postNotKept', english);
      default: return english;
    }
  }

  /** An Error with its English message and its figures for `error()`: the background's refusals. */
  function refusal(english, args) {
    return Object.assign(new Error(english), { args });
  }

  return { badge, riseWhy, trendChip, alertWhy, queryProblem, importSkip, error, refusal, num, uiLanguage };
})();
