// Annotations onto the page. Reads nothing from the page; writes:
// - on the post's container, the stable contract other tests and tools rely on:
//   data-ecoute-sentiment="positive|negative|neutral|unanalysed" (unanalysed: a language Écoute does not
//   read, no label), data-ecoute-key="site:id", data-ecoute-lang, data-ecoute-intent;
// - one badge host element per post (`data-ecoute-badge`, empty), its content in a *closed* shadow root so
//   the site's CSS cannot reach it and its own CSS cannot leak. Built with DOM APIs only: evidence is page
//   text, and page text is data.
//
// The page shares this DOM with us (not our variables: content scripts run in an isolated world), so
// whatever is written here is the site's to read, closed root or not (its size, and text a page can find
// by other means). Nothing private is written: no watch item (its name or label, what matched), no term
// rising from what the person read elsewhere, no badge whose presence depends on either beyond the
// opinion leader's, which says "opinion leader" and not on what (README, "What a site can see").
// The extension's own pages (dashboard, popup) show all of it.
(() => {
  const HOST_ATTR = 'data-ecoute-badge';
  // Each badge host's closed shadow root, known only here: `attachShadow` hands it back once, and the
  // page's `host.shadowRoot` is null.
  const roots = new WeakMap();
  // Words in the person's language (extension/_locales); English if a message is missing.
  const t = (key, fallback, ...subs) => (chrome.i18n && chrome.i18n.getMessage(key, subs.map(String))) || fallback;
  const SYMBOL = { positive: '▲', negative: '▼', neutral: '●' };
  const LABELS = ['positive', 'neutral', 'negative'];
  const INTENTS = ['praise', 'complaint', 'request', 'question', 'none'];

  // Constant CSS, never built from page text.
  const CSS = `
    :host { all: initial; display: inline-flex; flex-wrap: wrap; max-width: 100%; box-sizing: border-box;
            gap: 4px; margin: 2px 0 2px 6px; vertical-align: middle;
            font: 600 11px/16px system-ui, -apple-system, "Segoe UI", sans-serif; }
    .chip { display: inline-flex; align-items: center; gap: 3px; padding: 0 6px; border-radius: 8px;
            border: 1px solid currentColor; background: #fff; white-space: nowrap; cursor: default; }
    .positive { color: #0a7d3b; } .negative { color: #b3261e; } .neutral { color: #5f6368; }
    .intent, .influence { color: #3b4cca; } .trend { color: #8a3ffc; } .unanalysed { color: #5f6368; border-style: dashed; }
    .menu { display: inline-flex; flex-wrap: wrap; gap: 4px; align-items: center; padding: 2px 4px;
            border: 1px solid #5f6368; border-radius: 8px; background: #fff; color: #1c1e21; }
    .menu button.pick { font: inherit; border: 1px solid #c4c7c5; border-radius: 8px; background: #fff; color: #1c1e21;
            padding: 0 6px; cursor: pointer; }
    .menu button.pick[aria-pressed="true"] { border-color: #1c1e21; background: #1c1e21; color: #fff; }
    .menu .row { display: inline-flex; gap: 3px; align-items: center; }
    button.chip { font: inherit; color: #5f6368; cursor: pointer; } button.chip:hover { color: #1c1e21; }
    button.chip.saved { color: #a15c00; cursor: default; }
    @media (prefers-color-scheme: dark) { .chip, .menu, .menu button.pick { background: #15181c; color: #e3e3e3; } }
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

  /** Does evidence item `e` pull toward `label`? (src/analysis/mod.rs `agrees`, mirrored) */
  function agrees(e, label) {
    if (e.kind === 'learned' || e.kind === 'overall') return true;
    const charged = e.kind === 'word' || e.kind === 'emoji' || e.kind === 'emoticon';
    return charged && ((label === 'positive' && e.weight > 0) || (label === 'negative' && e.weight < 0));
  }

  /**
   * "Why" for the sentiment chip, from the evidence spans (text only, as plain text): what pulled toward
   * the label first (lexicon words, the learned model's words, the post as a whole), then the rest, so
   * the words pulling the other way are never all that is shown.
   */
  function why(a) {
    if (!a.label) {
      return t('unanalysedWhy', `Écoute reads English and French: this post reads as ${a.lang}, so it gets no sentiment (counted apart, by language)`, a.lang);
    }
    const shown = (a.evidence || []).filter((e) => e.weight !== 0 || e.kind === 'negation' || e.kind === 'overall');
    const ordered = [...shown.filter((e) => agrees(e, a.label)), ...shown.filter((e) => !agrees(e, a.label))];
    const parts = ordered.slice(0, 8).map((e) => {
      if (e.kind === 'negation') return t('evidenceNegation', `${e.text} (negation)`, e.text);
      if (e.kind === 'learned') return t('evidenceLearned', `${e.text} (learned)`, e.text);
      if (e.kind === 'overall') {
        return a.label === 'neutral'
          ? t('evidenceOverallNeutral', 'nothing charged enough: a plain statement')
          : t('evidenceOverall', 'the post as a whole (learned model)');
      }
      return `${e.text} ${e.weight > 0 ? '+' : ''}${e.weight.toFixed(1)}`;
    });
    const score = `${t(`label_${a.label}`, a.label)} (${a.score >= 0 ? '+' : ''}${a.score.toFixed(2)}), ${t('language', 'language')}: ${a.lang}`;
    return parts.length ? `${score}\n${t('why', 'because')}: ${parts.join(', ')}` : `${score}\n${t('noEvidence', 'no sentiment words found')}`;
  }

  /** The sentiment chip's words: the label, or "language not analysed: ar". */
  function labelText(a) {
    if (!a.label) return t('label_unanalysed', `language not analysed: ${a.lang}`, a.lang);
    return `${SYMBOL[a.label] || ''} ${t(`label_${a.label}`, a.label)}`;
  }

  /**
   * The badge's correction menu: the person picks a sentiment and an intent and saves; `correct(label,
   * intent)` sends it to the background. Built inside the closed shadow root like the rest of the badge,
   * so the page sees none of it, and only the person's own (trusted) clicks act.
   */
  function correctButton(annotation, correct, sentimentChip) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip correct';
    b.textContent = '✎';
    b.title = t('correctTitle', "Correct this post's sentiment or intent (Écoute learns from it, on this device)");
    b.setAttribute('aria-label', b.title);
    let menu = null;
    const trusted = (event) => {
      event.preventDefault();
      event.stopPropagation();
      return event.isTrusted;
    };
    b.addEventListener('click', (event) => {
      if (!trusted(event)) return;
      if (menu) {
        menu.remove();
        menu = null;
        return;
      }
      const choice = { label: annotation.corrected?.label || annotation.label || 'neutral', intent: annotation.corrected?.intent || annotation.intent || 'none' };
      menu = document.createElement('span');
      menu.className = 'menu';
      const row = (name, title, values, words) => {
        const r = document.createElement('span');
        r.className = 'row';
        r.setAttribute('role', 'group');
        r.setAttribute('aria-label', title);
        const buttons = values.map((v) => {
          const p = document.createElement('button');
          p.type = 'button';
          p.className = 'pick';
          p.textContent = words(v);
          p.setAttribute('aria-pressed', String(choice[name] === v));
          p.addEventListener('click', (ev) => {
            if (!trusted(ev)) return;
            choice[name] = v;
            for (const o of buttons) o.setAttribute('aria-pressed', String(o === p));
          });
          return p;
        });
        r.append(...buttons);
        return r;
      };
      const save = document.createElement('button');
      save.type = 'button';
      save.className = 'chip';
      save.textContent = t('correct_save', 'save correction');
      save.addEventListener('click', (ev) => {
        if (!trusted(ev)) return;
        save.textContent = t('saving', '… saving');
        correct(choice.label, choice.intent).then(
          () => {
            annotation.corrected = { ...choice };
            sentimentChip.className = `chip ${choice.label}`;
            sentimentChip.textContent = `✎ ${SYMBOL[choice.label]} ${t(`label_${choice.label}`, choice.label)}`;
            sentimentChip.title = `${t('correctedBy', 'corrected by you', t(`label_${choice.label}`, choice.label), t(`intent_${choice.intent}`, choice.intent))}\n${why(annotation)}`;
            menu.remove();
            menu = null;
          },
          (e) => {
            save.textContent = t('correct_save', 'save correction');
            save.title = `✗ ${e.message}`;
          },
        );
      });
      menu.append(
        row('label', t('correct_label', 'Sentiment'), LABELS, (v) => `${SYMBOL[v]} ${t(`label_${v}`, v)}`),
        row('intent', t('correct_intent', 'Intent'), INTENTS, (v) => t(`intent_${v}`, v)),
        save,
      );
      b.after(menu);
    });
    return b;
  }

  /** The badge host of `container` that this content script made (a page can forge the attribute). */
  function ownHost(container) {
    for (const el of container.querySelectorAll(`[${HOST_ATTR}]`)) {
      if (roots.has(el) && el.closest('[data-ecoute-key]') === container) return el;
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
      // Only the person's own click: the page cannot reach into the closed root, but it can dispatch a
      // click at the host's place, and a page's click is never trusted.
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
   * `actions.save()` saves the post, `actions.correct(label, intent)` corrects it (both optional).
   */
  function render(container, annotation, anchor, actions = {}) {
    const key = `${annotation.site}:${annotation.id}`;
    container.setAttribute('data-ecoute-key', key);
    container.setAttribute('data-ecoute-sentiment', annotation.label || 'unanalysed');
    container.setAttribute('data-ecoute-lang', annotation.lang);
    container.setAttribute('data-ecoute-intent', annotation.intent || 'none');

    let host = ownHost(container);
    if (!host) {
      // A host this script did not make (an earlier copy of it, before the extension was updated, or a
      // page's forgery) goes: one badge per post.
      for (const el of container.querySelectorAll(`[${HOST_ATTR}]`)) {
        if (el.closest('[data-ecoute-key]') === container) el.remove();
      }
      host = document.createElement('span');
      host.setAttribute(HOST_ATTR, '');
      const root = host.attachShadow({ mode: 'closed' });
      roots.set(host, root);
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
    const sentiment = chip(annotation.label || 'unanalysed', labelText(annotation), why(annotation));
    chips.push(sentiment);
    if (annotation.intent && annotation.intent !== 'none') chips.push(chip('intent', t(`intent_${annotation.intent}`, annotation.intent)));
    for (const b of annotation.badges || []) chips.push(chip('influence', b.label, b.why));
    for (const r of annotation.site_trends || []) chips.push(chip('trend', `↗ ${r.term}`, r.why));
    if (actions.correct) chips.push(correctButton(annotation, actions.correct, sentiment));
    if (actions.save) chips.push(saveButton(actions.save));
    roots.get(host).replaceChildren(...chips);
  }

  const MAX_CHIPS = 2; // src/listening/trends.rs MAX_CHIPS
  const MAX_TERMS = 48; // src/listening/trends.rs MAX_TERMS_PER_POST

  /** A rise of this site, as the page may keep it: the term, its figures and its hover line. */
  function pageRise(r) {
    if (!r || typeof r !== 'object' || typeof r.term !== 'string') return null;
    const words = globalThis.EcouteWords;
    return { term: r.term, z: Number(r.z) || 0, why: words ? words.trendChip(r) : String(r.why || '') };
  }

  /**
   * The trend chips of a post: of its `terms`, those rising on its site (`rising`: term → page rise),
   * strongest first; a word left out when a rising pair of the post holding it is shown; at most two.
   * The same rule as the engine's (src/listening/trends.rs `chips`), for posts already shown when a rise begins.
   */
  function trendChips(terms, rising) {
    let found = (terms || []).map((t) => rising.get(t)).filter(Boolean);
    const pairs = found.filter((r) => r.term.includes(' ')).map((r) => r.term.split(' '));
    found = found.filter((r) => r.term.includes(' ') || r.term.startsWith('#') || !pairs.some((p) => p.includes(r.term)));
    found.sort((a, b) => b.z - a.z || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
    return found.slice(0, MAX_CHIPS);
  }

  /** An author's badges a page may show: reach and engagement, worded in the UI language. */
  function pageBadges(list) {
    const words = globalThis.EcouteWords;
    const badges = [];
    for (const b of list || []) {
      if (!b || typeof b !== 'object') continue;
      if (b.kind === 'tier' || b.kind === 'engagement') {
        const w = words ? words.badge(b) : b;
        badges.push({ label: String(w.label || ''), why: String(w.why || '') });
      }
    }
    return badges;
  }

  /**
   * What of the background's annotation may reach the page, worded in the UI language: the post's own
   * reading (label, score, evidence from its text, language, intent), its author's badges that describe
   * what this site shows (follower tier, engagement), and its own terms rising on this same site with
   * their figures. Opinion leaders and lead users are left out (each is about a watch item; on that
   * item's posts only, the site would learn which posts match it); the watch items matched and the terms
   * rising across sites are never kept. The content script caches only this.
   */
  function forPage(a) {
    const { site, id, label, score, lang, intent, evidence } = a;
    const terms = Array.isArray(a.terms) ? a.terms.filter((t) => typeof t === 'string').slice(0, MAX_TERMS) : [];
    const author = typeof a.author === 'string' ? a.author : null;
    const siteTrends = (Array.isArray(a.site_trends) ? a.site_trends : [])
      .filter((r) => r && r.site === site)
      .map(pageRise)
      .filter(Boolean)
      .slice(0, MAX_CHIPS);
    return { site, id, label, score, lang, intent, evidence, badges: pageBadges(a.badges), site_trends: siteTrends, terms, author };
  }

  Ecoute.render = render;
  Ecoute.why = why;
  Ecoute.labelText = labelText;
  Ecoute.forPage = forPage;
  Ecoute.pageRise = pageRise;
  Ecoute.pageBadges = pageBadges;
  Ecoute.trendChips = trendChips;
  Ecoute.isAnnotated = isAnnotated;
})();
