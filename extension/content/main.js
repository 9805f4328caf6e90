// Écoute content script, entry point (loaded last; see ecoute.js for the map of files).
//
//   watcher ──visit(el)──► adapter.extract(el) → Post ──► cache hit? render now
//                                                   └──► pending batch ──(once per slice)──► background
//   background reply (annotations) ──► render on every element showing that post
//
// A post is identified by `site:id` (its permalink), so it is annotated once however often the site
// re-renders it, and an element recycled for another post (X's virtualised timeline) is re-annotated.
'use strict';

(() => {
  const adapter = Ecoute.adapterFor(location.hostname, document);
  if (!adapter || globalThis.__ecouteStarted) return;
  globalThis.__ecouteStarted = true; // a second injection (registerContentScripts + manifest) stays idle

  const CACHE_LIMIT = 5000;
  const BATCH_LIMIT = Math.min(200, EcouteMessages.MAX_BATCH); // posts per message (shared/messages.js)
  const annotations = new Map(); // key → annotation (insertion order: oldest first, for eviction)
  const elementKey = new WeakMap(); // element → key it shows or awaits
  const waiting = new Map(); // key → Set of elements awaiting that post's annotation
  const pending = new Map(); // key → Post not yet sent
  const inFlight = new Set(); // keys sent, reply not yet received
  let retryDelay = 250;
  let retryTimer = null;

  const keyOf = (post) => `${post.site}:${post.id}`;
  const lastRead = new Map(); // key → the Post as last read from the page (what "save" keeps)

  function actionsFor(key) {
    return {
      save: async () => {
        const post = lastRead.get(key);
        if (!post) throw new Error('the post is no longer on the page');
        // A refusal is thrown as a MessageError in the UI language (shared/messages.js send).
        await EcouteMessages.send('listening/save_post', { request: { post } });
      },
      // The badge's correction menu (render.js): kept on the post, and Écoute learns from it.
      correct: async (label, intent) => {
        await EcouteMessages.send('listening/correct', { key, label, intent });
      },
    };
  }

  function show(el, key, annotation) {
    Ecoute.render(el, annotation, adapter.badgeAnchor?.(el), actionsFor(key));
  }

  function visit(found) {
    let post, el;
    try {
      post = adapter.extract(found);
      // Where the watched element is not the post's box (Instagram post pages watch permalinks), the
      // adapter says which element the annotation belongs on.
      el = post && adapter.container ? adapter.container(found) || found : found;
    } catch (e) {
      console.debug('Écoute: could not read a post', e);
      return;
    }
    if (!post) return;
    const key = keyOf(post);
    lastRead.delete(key); // re-inserted: most recently read last, so the eviction below drops the oldest
    lastRead.set(key, post);
    if (lastRead.size > CACHE_LIMIT) lastRead.delete(lastRead.keys().next().value);
    if (Ecoute.isAnnotated(el, key)) return;
    elementKey.set(el, key);
    const cached = annotations.get(key);
    if (cached) {
      show(el, key, cached);
      return;
    }
    if (!waiting.has(key)) waiting.set(key, new Set());
    waiting.get(key).add(el);
    if (!inFlight.has(key)) pending.set(key, post);
  }

  /** The elements of the page that show `key`'s annotation now. */
  function shownElements(key) {
    return Array.from(document.querySelectorAll(`[data-ecoute-key="${CSS.escape(key)}"]`)).filter((el) => Ecoute.isAnnotated(el, key));
  }

  const sameChips = (a, b) => a.length === b.length && a.every((r, i) => r.term === b[i].term && r.why === b[i].why);

  /**
   * Posts already on the page, brought up to date by a batch's answer: chips for the terms rising on this
   * site now (a rise found later than the post was shown, or one that ended), and the badges of authors
   * whose figures changed. Re-rendered only where something changed.
   */
  function refresh(reply) {
    const rising = new Map();
    for (const r of Array.isArray(reply.rising) ? reply.rising : []) {
      if (r && r.site === adapter.site) {
        const p = Ecoute.pageRise(r);
        if (p) rising.set(p.term, p);
      }
    }
    const badges = reply.badges && typeof reply.badges === 'object' ? reply.badges : {};
    for (const [key, a] of annotations) {
      const chips = Ecoute.trendChips(a.terms, rising);
      const fresh = a.author && Object.hasOwn(badges, a.author) ? Ecoute.pageBadges(badges[a.author]) : null;
      const badgesChanged = fresh && JSON.stringify(fresh) !== JSON.stringify(a.badges);
      if (sameChips(chips, a.site_trends || []) && !badgesChanged) continue;
      const next = { ...a, site_trends: chips, badges: badgesChanged ? fresh : a.badges };
      annotations.set(key, next);
      for (const el of shownElements(key)) Ecoute.watcher.defer(() => show(el, key, next));
    }
  }

  async function flush() {
    if (!pending.size || retryTimer) return;
    const posts = Array.from(pending.values()).slice(0, BATCH_LIMIT);
    posts.forEach((p) => pending.delete(keyOf(p)));
    posts.forEach((p) => inFlight.add(keyOf(p)));
    let reply;
    try {
      reply = await EcouteMessages.send('analyze', { posts });
    } catch (e) {
      // The service worker may be starting or have been stopped: nothing is lost, the batch is retried.
      console.debug('Écoute: batch not accepted yet, retrying', e && e.message);
      posts.forEach((p) => {
        inFlight.delete(keyOf(p));
        pending.set(keyOf(p), p);
      });
      retryTimer = setTimeout(() => {
        retryTimer = null;
        flush();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 8000);
      return;
    }
    retryDelay = 250;
    for (const full of reply.annotations) {
      // Only what the page may see is kept here (render.js `forPage`): no watch items, no rising terms.
      const a = Ecoute.forPage(full);
      const key = `${a.site}:${a.id}`;
      inFlight.delete(key);
      annotations.set(key, a);
      if (annotations.size > CACHE_LIMIT) annotations.delete(annotations.keys().next().value);
      for (const el of waiting.get(key) || []) {
        Ecoute.watcher.defer(() => {
          if (el.isConnected && elementKey.get(el) === key) show(el, key, a);
        });
      }
      waiting.delete(key);
    }
    refresh(reply);
    // Posts the engine refused (reply.rejected says why) get no annotation: forget them, or they would
    // wait forever.
    for (const p of posts) {
      const key = keyOf(p);
      if (!inFlight.delete(key)) continue;
      waiting.delete(key);
    }
    for (const r of reply.rejected || []) console.debug('Écoute: post refused:', r);
    if (pending.size) flush();
  }

  Ecoute.watcher = Ecoute.watch({
    selector: adapter.selectors.post.join(','),
    visit,
    afterSlice: flush,
  });
})();
