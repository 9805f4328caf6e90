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

  /**
   * A count as the page displays it ("10,4 k", "1.2M", "3,456", "١٤٢"): the number and its unit, without
   * the words around it ("1,169 likes" → "1,169"), capped at 24 characters; null when there is no digit.
   * Kept beside the parsed number (Post.shown) so a rounded display is known to be rounded.
   */
  function shownCount(raw) {
    if (raw == null) return null;
    const s = String(raw).replace(/[\u00a0\u202f\u2009]/g, ' ');
    const m = asciiDigits(s).match(COUNT_RE);
    if (!m) return null;
    // the same span in the original string (asciiDigits keeps lengths), so Arabic-Indic digits stay as shown
    return s.slice(m.index, m.index + m[0].length).trim().slice(0, 24) || null;
  }

  /** Post.shown from {likes, reposts, replies, views, followers: display string or null}: only what the page shows. */
  function shown(raw) {
    const out = {};
    for (const [k, v] of Object.entries(raw)) {
      const s = shownCount(v);
      if (s) out[k] = s;
    }
    return out;
  }

  /**
   * The publication time as the page shows it when it has no machine-readable one ("8 hours ago",
   * "il y a 3 h", "1 sem.", "26w", "Yesterday", "12 mars"): whitespace folded, trimmed, capped at 64
   * characters, null when empty. Deliberately not parsed here: the core reads it against the time the post
   * was seen, in every language it knows (src/post.rs, Post.time_text), one parser for every site.
   */
  function timeText(raw) {
    if (raw == null) return null;
    const s = String(raw).replace(/\s+/g, ' ').trim();
    return s ? Array.from(s).slice(0, 64).join('') : null;
  }

  /** FNV-1a of a string, base 36: a short stable id for posts the page gives no permalink. */
  function hash(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(36);
  }

  /**
   * A stable id for a post without a permalink (X ads, some Facebook ads): a hash of its author and the
   * start of its text, whitespace folded, so re-renders and "Show more" give the same id; the `c` prefix
   * keeps it apart from the site's own ids. Two ads by one author with the same first 140 characters are
   * one post, which is what a reader would say too.
   */
  function contentId(handle, text) {
    const t = String(text || '').replace(/\s+/g, ' ').trim().slice(0, 140);
    return `c${hash(`${handle || ''}\n${t}`)}`;
  }

  return { adapters, registerAdapter, adapterFor, pick, pickAll, textOf, parseCount, cleanUrl,
    shownCount, shown, timeText, hash, contentId };
})();
