// The one DOM watcher shared by every adapter (uBlock Origin's and Dark Reader's pattern):
// - the MutationObserver callback only queues records; no DOM work happens inside it;
// - queued records are turned into candidate post elements, and candidates are visited, in slices of
//   about 4 ms, one slice per animation frame, so scrolling never waits on Écoute;
// - above ~1,000 queued mutations (a page swap, a huge render) walking each record costs more than
//   one full query of the document: rescan instead.
// A mutation inside a post (X recycles article nodes for other posts, sites re-render text) makes that
// post a candidate again; the visitor decides whether anything changed.
'use strict';

(() => {
  const SLICE_MS = 4;
  // A hidden tab has no frames to keep smooth, and Chromium throttles its timers (down to one a second):
  // bigger slices there, or a long feed opened in the background would take minutes to annotate.
  const HIDDEN_SLICE_MS = 100;
  const RESCAN_ABOVE = 1000;

  /**
   * Watches `root` for elements matching `selector` and calls `visit(el)` for each candidate, in slices.
   * `afterSlice()` runs after every slice (to flush what the visits gathered).
   */
  function watch({ root = document, selector, visit, afterSlice = () => {} }) {
    let records = [];
    let rescan = true; // the first pass is a full scan of what is already there
    const candidates = new Set();
    const jobs = []; // deferred writes (rendering replies), run under the same per-frame budget
    let scheduled = false;

    const observer = new MutationObserver((list) => {
      if (!rescan) {
        records.push(...list);
        if (records.length > RESCAN_ABOVE) {
          records = [];
          rescan = true;
        }
      }
      schedule();
    });
    observer.observe(root, { childList: true, subtree: true, characterData: true });

    let ticket = 0;
    function schedule() {
      if (scheduled) return;
      scheduled = true;
      // Hidden tabs get no animation frames; a timer keeps them annotating, at a slower pace.
      if (document.hidden) {
        setTimeout(slice, 50);
        return;
      }
      // Frames can also starve while the tab still counts as visible (an occluded window, a background
      // page in headless Chromium): whichever of the frame and the timer comes first runs the slice.
      const mine = ++ticket;
      const run = () => {
        if (scheduled && mine === ticket) slice();
      };
      requestAnimationFrame(run);
      setTimeout(run, 100);
    }

    function collect() {
      if (rescan) {
        rescan = false;
        records = [];
        for (const el of root.querySelectorAll(selector)) candidates.add(el);
        return;
      }
      const batch = records;
      records = [];
      for (const r of batch) {
        if (r.type === 'childList') {
          for (const node of r.addedNodes) {
            if (node.nodeType !== Node.ELEMENT_NODE) continue;
            if (node.matches(selector)) candidates.add(node);
            for (const el of node.querySelectorAll(selector)) candidates.add(el);
          }
        }
        const target = r.target.nodeType === Node.ELEMENT_NODE ? r.target : r.target.parentElement;
        const post = target && target.closest(selector);
        if (post) candidates.add(post);
      }
    }

    function slice() {
      scheduled = false;
      const deadline = performance.now() + (document.hidden ? HIDDEN_SLICE_MS : SLICE_MS);
      while (jobs.length && performance.now() < deadline) jobs.shift()();
      collect();
      for (const el of candidates) {
        if (performance.now() > deadline) break;
        candidates.delete(el);
        if (el.isConnected) visit(el);
      }
      afterSlice();
      if (jobs.length || candidates.size || records.length || rescan) schedule();
    }

    schedule();
    return {
      /** Runs `job` in a coming slice, within the time budget (DOM writes that must not block a frame). */
      defer(job) {
        jobs.push(job);
        schedule();
      },
      /** Forgets the queue and scans the whole document on the next slice (e.g. after navigation). */
      rescan() {
        rescan = true;
        schedule();
      },
      stop() {
        observer.disconnect();
      },
    };
  }

  Ecoute.watch = watch;
})();
