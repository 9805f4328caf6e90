// Écoute content scripts, shared namespace. Loaded first in every page the manifest matches.
//
//   ecoute.js     this file: the adapter registry and helpers adapters share (numbers, text, links)
//   adapters/*.js one file per site, mostly data: selectors and extraction into a Post record
//   watcher.js    the one MutationObserver: queues, then finds posts in small time slices
//   render.js     annotations onto the page: data-ecoute-* attributes and a badge in a shadow root
//   main.js       picks the adapter for this page, sends batches to the background, renders replies
//
// Content scripts hold no analysis: the wasm engine lives in the background (strict-CSP pages refuse wasm
// here). Page text is data: nothing here ever builds markup from it.
'use strict';

globalThis.Ecoute = globalThis.Ecoute || (() => {
  const adapters = [];

  /** Registers a site adapter: {site, hosts: [hostname...], selectors: {post: [...alternatives]}, extract(el)}. */
  function registerAdapter(adapter) {
    for (const field of ['site', 'hosts', 'selectors', 'extract']) {
      if (!adapter[field]) throw new Error(`Écoute adapter ${adapter.site || '?'} lacks \`${field}\``);
    }
    adapters.push(adapter);
  }

  /** The adapter for a hostname (`www.` and `mobile.` prefixes included), or an adapter whose
   *  `recognise(document)` claims the page (sites on any host, such as Mastodon instances). */
  function adapterFor(hostname, doc) {
    const host = hostname.toLowerCase();
    return adapters.find((a) => a.hosts.some((h) => host === h || host.endsWith('.' + h)))
      || adapters.find((a) => typeof a.recognise === 'function' && a.recognise(doc));
  }

  /** First element matching any of the alternatives, in order of preference. */
  function pick(root, alternatives) {
    for (const sel of alternatives) {
      const el = root.querySelector(sel);
      if (el) return el;
    }
    return null;
  }

  /** Every element matching one of the alternatives (joined: one DOM walk). */
  function pickAll(root, alternatives) {
    return Array.from(root.querySelectorAll(alternatives.join(',')));
  }

  /** Visible text of an element, whitespace folded; images' alt text (emoji on X) kept in place. */
  function textOf(el) {
    if (!el) return '';
    let out = '';
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) out += child.data;
        else if (child.nodeType === Node.ELEMENT_NODE) {
          if (child.tagName === 'IMG') out += child.getAttribute('alt') || '';
          else if (child.tagName === 'BR') out += '\n';
          else if (!['SCRIPT', 'STYLE', 'TEMPLATE'].includes(child.tagName)) walk(child);
        }
      }
    };
    walk(el);
    return out.replace(/[ \t\r\f\v\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
  }

  const SUFFIX = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, b: 1e9, B: 1e9, md: 1e9, Md: 1e9, mil: 1e3, Mio: 1e6, Mrd: 1e9,
    // pt "1,2 mi", pl/it "5 tys." "2 mln" "1 mld", ru "32 тыс." "2 млн" "1 млрд", ar "١٫٢ ألف", zh/ja/ko 万 萬 亿 億 천 만
    mi: 1e6, tys: 1e3, mln: 1e6, Mln: 1e6, mld: 1e9, 'тыс': 1e3, 'млн': 1e6, 'млрд': 1e9, 'ألف': 1e3, 'مليون': 1e6,
    '万': 1e4, '萬': 1e4, '亿': 1e8, '億': 1e8, '천': 1e3, '만': 1e4 };
  // Longest first, so "mil" is not read as "mi" and "Mio" not as "M". Keep in sync with SUFFIX.
  const SUFFIX_RE = Object.keys(SUFFIX).sort((a, b) => b.length - a.length).join('|');
  const COUNT_RE = new RegExp(`(\\d[\\d.,' ]*)\\s*(${SUFFIX_RE})?(?![\\p{L}])`, 'u');
  /** Arabic-Indic and Persian digits (Facebook, Instagram in ar/fa) and Arabic separators, as ASCII. */
  const asciiDigits = (s) => s
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, '.').replace(/\u066c/g, ',');

  /**
   * Parses a count as sites print it, in any locale: "1,234", "1 234", "1.234", "3.4K", "1,2 k", "1,2 M",
   * "12 mil", "2,5 Md", "32 тыс.", "١٤٢", "3万". Returns null when there is no number (or one beyond 2^53). Words around the number are ignored: read
   * digits and a unit suffix, never localised words ("likes", "J'aime").
   */
  function parseCount(raw) {
    if (raw == null) return null;
    const s = asciiDigits(String(raw)).replace(/[\u00a0\u202f\u2009]/g, ' ');
    const m = s.match(COUNT_RE) || s.match(/(\d[\d.,' ]*)/);
    if (!m) return null;
    let num = m[1].trim();
    const suffix = m[2];
    // A group separator is followed by exactly three digits; a decimal mark is not (or comes last with a suffix).
    const decimal = num.match(/^(\d+(?:[ ,.'’]\d{3})*)[.,](\d{1,2}|\d{4,})$/);
    let value;
    if (suffix && /^\d+[.,]\d+$/.test(num)) value = parseFloat(num.replace(',', '.'));
    else if (decimal) value = parseFloat(decimal[1].replace(/[ ,.'’]/g, '') + '.' + decimal[2]);
    else value = parseInt(num.replace(/[ ,.'’]/g, ''), 10);
    const count = Math.round(value * (suffix ? SUFFIX[suffix] : 1));
    // Above 2^53 a count is not exact, and the engine refuses the whole post record for it.
    return Number.isSafeInteger(count) ? count : null;
  }

  /** Absolute URL of a link, without query or fragment (permalinks and profile URLs). */
  function cleanUrl(href, base = location.href) {
    try {
      const u = new URL(href, base);
      return u.origin + u.pathname.replace(/\/+$/, '');
    } catch {
      return null;
    }
  }

  return { adapters, registerAdapter, adapterFor, pick, pickAll, textOf, parseCount, cleanUrl };
})();
