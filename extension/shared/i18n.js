// The extension pages' words, in the person's language (extension/_locales/{en,fr}/messages.json; English
// when the browser's language has none). Static HTML names its message in attributes, filled at load:
//   data-i18n=KEY              the element's text (the element must have no other children)
//   data-i18n-placeholder=KEY  data-i18n-title=KEY  data-i18n-aria-label=KEY   those attributes
// Dynamic text asks msg(key, ...substitutions). Always textContent: substitutions are often page data.
// tests/unit/i18n.test.mjs checks that every key used here and in the HTML exists in every locale.

// The UI language and number formatting are shared with the content script's words (shared/words.js, a
// classic script that sets globalThis.EcouteWords): one definition of each.
import './words.js';

/** The language the pages speak (see shared/words.js). */
export const uiLanguage = () => globalThis.EcouteWords.uiLanguage();

/** A number in the UI language (1,234 / 1 234); `digits` fixes the decimals. '—' for what is not a number. */
export const num = (n, digits) => globalThis.EcouteWords.num(n, digits);

/** The message `key` with its $PLACEHOLDERS$ filled from `subs` (the key itself if it does not exist). */
export function msg(key, ...subs) {
  return chrome.i18n.getMessage(key, subs.map(String)) || key;
}

/** As msg, but `fallback` when the message does not exist (keys built from data, such as intent names). */
export function msgOr(key, fallback, ...subs) {
  return chrome.i18n.getMessage(key, subs.map(String)) || fallback;
}

const ATTRS = [['i18nPlaceholder', 'placeholder'], ['i18nTitle', 'title'], ['i18nAriaLabel', 'aria-label']];

/** Fills every data-i18n* element under `root`, and sets <html lang> to the UI language. */
export function localize(root = document) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll('[data-i18n]'))) {
    const text = chrome.i18n.getMessage(el.dataset.i18n);
    if (text) el.textContent = text;
  }
  for (const [data, attr] of ATTRS) {
    const sel = `[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const el of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll(sel))) {
      const text = chrome.i18n.getMessage(el.dataset[data]);
      if (text) el.setAttribute(attr, text);
    }
  }
  document.documentElement.lang = uiLanguage();
}

/** A date and time (local time) in the UI language. */
export const dateTime = (ms) => new Date(ms).toLocaleString(uiLanguage());

/**
 * A UTC day key (YYYY-MM-DD) as the UI language writes a date (Nov 24, 2026 / 24 nov. 2026).
 * @param {string} day @param {'full' | 'long' | 'medium' | 'short'} [style]
 */
export function utcDate(day, style = 'medium') {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms)) return day;
  return new Intl.DateTimeFormat(uiLanguage(), { dateStyle: style, timeZone: 'UTC' }).format(ms);
}

/** A UTC hour key (YYYY-MM-DDTHH) as the UI language writes a day and an hour (Nov 24, 10 PM / 24 nov., 22 h). */
export function utcHour(hour) {
  const ms = Date.parse(`${hour}:00:00Z`);
  if (!Number.isFinite(ms)) return hour;
  return new Intl.DateTimeFormat(uiLanguage(), { month: 'short', day: 'numeric', hour: 'numeric', timeZone: 'UTC' }).format(ms);
}

/** A UTC day key as a short day and month (Nov 24 / 24 nov.), for chart axes. */
export function utcDayShort(day) {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms)) return day;
  return new Intl.DateTimeFormat(uiLanguage(), { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(ms);
}
