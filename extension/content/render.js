// Annotations onto the page. Reads nothing from the page; writes:
// - on the post's container, the stable contract other tests and tools rely on:
//   data-ecoute-sentiment="positive|negative|neutral", data-ecoute-key="site:id", data-ecoute-lang,
//   data-ecoute-intent;
// - one badge host element per post, its content in a shadow root so the site's CSS cannot reach it and
//   its own CSS cannot leak. Built with DOM APIs only: evidence is page text, and page text is data.
'use strict';

(() => {
  const HOST_ATTR = 'data-ecoute-badge';
  // Words in the person's language (extension/_locales); English if a message is missing.
  const t = (key, fallback) => (chrome.i18n && chrome.i18n.getMessage(key)) || fallback;
  const SYMBOL = { positive: '▲', negative: '▼', neutral: '●' };

  // Constant CSS, never built from page text.
  const CSS = `
    :host { all: initial; display: inline-flex; flex-wrap: wrap; max-width: 100%; box-sizing: border-box;
            gap: 4px; margin: 2px 0 2px 6px; vertical-align: middle;
            font: 600 11px/16px system-ui, -apple-system, "Segoe UI", sans-serif; }
    .chip { display: inline-flex; align-items: center; gap: 3px; padding: 0 6px; border-radius: 8px;
            border: 1px solid currentColor; background: #fff; white-space: nowrap; cursor: default; }
    .positive { color: #0a7d3b; } .negative { color: #b3261e; } .neutral { color: #5f6368; }
    .intent, .trend, .influence { color: #3b4cca; } .trend { color: #a15c00; }
    button.chip { font: inherit; color: #5f6368; cursor: pointer; } button.chip:hover { color: #1c1e21; }
    button.chip.saved { color: #a15c00; cursor: default; }
    @media (prefers-color-scheme: dark) { .chip { background: #15181c; } }
  `;

  // One parsed stylesheet shared by every badge (adoptedStyleSheets), instead of a <style> per badge; a
  // <style> element is the fallback where constructable sheets are unavailable.
  let sheet = null;
  try {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  } catch {
    sheet = null;
  }

  function chip(className, text, why) {
    const el = document.createElement('span');
    el.className = `chip ${className}`;
    el.textContent = text;
    if (why) el.title = why;
    return el;
  }

  /** "Why" for the sentiment chip, from the evidence spans (text only, as plain text). */
  function why(a) {
    const parts = (a.evidence || [])
      .filter((e) => e.weight !== 0 || e.kind === 'negation')
      .slice(0, 8)
      .map((e) => (e.kind === 'negation' ? `${e.text} (negation)` : `${e.text} ${e.weight > 0 ? '+' : ''}${e.weight.toFixed(1)}`));
    const score = `${t(`label_${a.label}`, a.label)} (${a.score >= 0 ? '+' : ''}${a.score.toFixed(2)}), ${t('language', 'language')}: ${a.lang}`;
    return parts.length ? `${score}\n${t('why', 'because')}: ${parts.join(', ')}` : `${score}\n${t('noEvidence', 'no sentiment words found')}`;
  }

  function ownHost(container) {
    for (const el of container.querySelectorAll(`[${HOST_ATTR}]`)) {
      if (el.closest('[data-ecoute-key]') === container) return el;
    }
    return null;
  }

  /** True when `container` already shows the annotation of `key`. */
  function isAnnotated(container, key) {
    return container.getAttribute('data-ecoute-key') === key && ownHost(container) !== null;
  }

  /** The "save" button: one click keeps the post in the researcher's collection (via `save()`). */
  function saveButton(save) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip save';
    b.textContent = t('save', '☆ save');
    b.title = t('saveTitle', 'Save this post to Écoute (text, author, link and labels), on this device');
    b.addEventListener('click', (event) => {
      // The site's own handlers (open the post) must not see this click.
      event.preventDefault();
      event.stopPropagation();
      // Only the person's own click: the page can reach this (open) shadow root and click it from script.
      if (!event.isTrusted || b.classList.contains('saved')) return;
      b.textContent = t('saving', '… saving');
      save().then(
        () => {
          b.textContent = t('saved', '★ saved');
          b.classList.add('saved');
          b.title = t('savedTitle', 'Saved: see the dashboard to tag it and add a note');
        },
        (e) => {
          b.textContent = t('save', '☆ save');
          b.title = `✗ ${e.message}`;
        },
      );
    });
    return b;
  }

  /**
   * Writes `annotation` onto `container`; replaces an earlier one (recycled nodes, re-renders).
   * `actions.save()` saves the post (optional).
   */
  function render(container, annotation, anchor, actions = {}) {
    const key = `${annotation.site}:${annotation.id}`;
    container.setAttribute('data-ecoute-key', key);
    container.setAttribute('data-ecoute-sentiment', annotation.label);
    container.setAttribute('data-ecoute-lang', annotation.lang);
    container.setAttribute('data-ecoute-intent', annotation.intent);

    let host = ownHost(container);
    if (!host) {
      host = document.createElement('span');
      host.setAttribute(HOST_ATTR, '');
      const root = host.attachShadow({ mode: 'open' });
      if (sheet) root.adoptedStyleSheets = [sheet];
      if (anchor && container.contains(anchor)) anchor.after(host);
      else container.prepend(host);
    }
    const chips = [];
    if (!sheet) {
      const style = document.createElement('style');
      style.textContent = CSS;
      chips.push(style);
    }
    chips.push(chip(annotation.label, `${SYMBOL[annotation.label] || ''} ${t(`label_${annotation.label}`, annotation.label)}`, why(annotation)));
    if (annotation.intent && annotation.intent !== 'none') chips.push(chip('intent', t(`intent_${annotation.intent}`, annotation.intent)));
    // Badges and rises in the UI language from the engine's figures (shared/words.js), its English without.
    const words = globalThis.EcouteWords;
    for (const b of annotation.badges || []) {
      const w = words ? words.badge(b) : b;
      chips.push(chip('influence', w.label, w.why));
    }
    for (const r of annotation.trends || []) {
      const why = typeof r === 'object' && r ? (words ? words.riseWhy(r) : r.why) : '';
      chips.push(chip('trend', `↗ ${r.term || r}`, why || t('trendWhy', 'rising now, well above its usual rate in what you read')));
    }
    if (actions.save) chips.push(saveButton(actions.save));
    host.shadowRoot.replaceChildren(...chips);
  }

  Ecoute.render = render;
  Ecoute.isAnnotated = isAnnotated;
})();
