// The engine's badges, rising terms and alerts in the person's language. The Rust core writes them in
// English (`label`, `why`: the CLI and exports read those) with the figures behind them in `args`
// (docs/listening.md, "Badges, rises and alerts"); here the words come from extension/_locales and the
// numbers are written the UI language's way. Without `args` (records stored by an older version) the
// English from the engine is shown as it is.
//
// A classic script, so that it runs both as a content script (manifest.json, before content/render.js)
// and in the extension pages (`import '../shared/words.js'` from a module): it only sets
// globalThis.EcouteWords. Names, terms and watch items in the results are page data: show them with
// textContent or title, never as HTML.
'use strict';

(() => {
  if (globalThis.EcouteWords) return;

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
          label: t('badge_engagement', b.label, num(a.rate, 1)),
          why: a.posts === 1
            ? t('badge_engagementWhyOne', b.why, num(a.per_post), num(a.followers))
            : t('badge_engagementWhy', b.why, num(a.per_post), num(a.posts), num(a.followers)),
        };
      case 'opinion_leader':
        if (![a.rank, a.authors, a.engagement, a.posts].every(isNum) || typeof a.item !== 'string') return english;
        return {
          label: t('badge_leader', b.label, a.item),
          why: a.posts === 1
            ? t('badge_leaderWhyOne', b.why, num(a.rank), num(a.authors), a.item, num(a.engagement))
            : t('badge_leaderWhy', b.why, num(a.rank), num(a.authors), a.item, num(a.engagement), num(a.posts)),
        };
      case 'lead_user':
        if (!isNum(a.terms) || !Array.isArray(a.recent)) return english;
        return {
          label: t('badge_leadUser', b.label),
          why: t('badge_leadUserWhy', b.why, num(a.terms), a.recent.map((x) => quote(String(x))).join(', ')),
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

  globalThis.EcouteWords = { badge, riseWhy, alertWhy, num, uiLanguage };
})();
