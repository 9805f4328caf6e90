// End-to-end harness: the built extension (dist/chromium, the shipped manifest) in Debian's Chromium,
// driven by playwright-core, on fixture pages served over local HTTPS under the sites' real host names.
//
//   serve({'x.com': {'/home': 'tests/fixtures/sites/x/home.html'}})   HTTPS on 127.0.0.1, strict CSP
//   launch(server)   Chromium with --host-resolver-rules mapping EVERY host to that server, so any request
//                    the extension might make, to any host, lands in `server.requests` (the network test)
//
// Flags and facts: ../shared/TOOLCHAIN.md.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist', 'chromium');
const RUN = join(ROOT, 'tests', '.run');

/** What real social sites send, in spirit: no 'wasm-unsafe-eval', no remote scripts. */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

function certificate() {
  mkdirSync(RUN, { recursive: true });
  const key = join(RUN, 'key.pem');
  const cert = join(RUN, 'cert.pem');
  if (!existsSync(cert)) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', '/CN=ecoute-test',
      '-keyout', key, '-out', cert], { stdio: 'ignore' });
  }
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/**
 * Serves `sites`: {host: {path: file | {file, csp, body, type}}}. Paths without a route get 404. `csp` is
 * the page's Content-Security-Policy, STRICT_CSP when not given; `csp: false` sends none, for tests where a
 * script the page did not mean to run must be able to run (and so to fail them: the hostile-page test).
 * `server.requests` logs every request, `server.connections` every TCP connection (even failed TLS).
 */
export async function serve(sites) {
  const requests = [];
  let connections = 0;
  const server = createServer(certificate(), (req, res) => {
    const host = (req.headers.host || '').replace(/:\d+$/, '');
    const path = req.url.split('?')[0];
    requests.push({ host, path, method: req.method });
    let route = sites[host]?.[path];
    if (typeof route === 'string') route = { file: route };
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = route.body ?? readFileSync(join(ROOT, route.file));
    const headers = { 'content-type': route.type || 'text/html; charset=utf-8', 'cache-control': 'no-store' };
    if (route.csp !== false) headers['content-security-policy'] = route.csp ?? STRICT_CSP;
    res.writeHead(200, headers).end(body);
  });
  server.on('connection', () => connections++);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    get connections() { return connections; },
    route(host, path, route) { (sites[host] ||= {})[path] = route; },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

/**
 * Hosts of Chromium's own background traffic (sign-in, autofill, component updates), measured here even
 * with --disable-background-networking. They are the browser's, not the extension's: the network test
 * attributes requests by initiator (`launch().requests`) and uses this list only for the server's log.
 */
export const BROWSER_OWN_HOSTS = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|gvt1\.com)$/;

/** Chromium with the built extension; every host name resolves to `server`. */
export async function launch(server, { headless = true, extension = true, lang = 'en-US', timezone = null } = {}) {
  // Lets playwright report requests made by service workers (ours) beside those of pages.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  if (!existsSync(join(DIST, 'manifest.json'))) throw new Error('dist/chromium is missing: run `make build` first');
  const userDataDir = mkdtempSync(join(tmpdir(), 'ecoute-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: false, // the new headless mode is asked for below: the old one cannot load extensions
    ignoreHTTPSErrors: true,
    // Headless: a fixed viewport, for stable screenshots. A real window sizes its pages itself.
    viewport: headless ? { width: 1200, height: 900 } : null,
    // The UI language chrome.i18n answers in: on Linux, Chromium reads it from --lang and $LANGUAGE.
    // The time zone of the whole browser, service worker included (an emulated zone reaches pages only).
    env: { ...process.env, LANGUAGE: lang.replace('-', '_'), ...(timezone ? { TZ: timezone } : {}) },
    args: [
      `--lang=${lang}`,
      ...(headless ? ['--headless=new'] : ['--window-size=1320,960']),
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors',
      `--host-resolver-rules=MAP * 127.0.0.1:${server.port}, EXCLUDE localhost`,
      ...(extension ? [`--disable-extensions-except=${DIST}`, `--load-extension=${DIST}`] : []),
    ],
  });
  if (!extension) return { context, requests: [], close: async () => { await context.close(); rmSync(userDataDir, { recursive: true, force: true }); } };
  // Every request the browser reports, with who made it.
  const requests = [];
  context.on('request', (r) => {
    let page = null;
    try { page = r.frame().page().url(); } catch { /* service worker requests have no frame */ }
    requests.push({ url: r.url(), type: r.resourceType(), fromServiceWorker: Boolean(r.serviceWorker()), page });
  });
  const worker = context.serviceWorkers()[0] || await context.waitForEvent('serviceworker', { timeout: 15000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    requests,
    /** An extension page (the popup) kept open: reads storage whether or not the worker is running. */
    async extensionPage() {
      if (!this.extPage || this.extPage.isClosed()) {
        this.extPage = await context.newPage();
        await this.extPage.goto(`chrome-extension://${extensionId}/popup/popup.html`);
      }
      return this.extPage;
    },
    /** The running service worker, woken first (Chromium stops idle workers; tests stop it too). */
    async worker() {
      await (await this.extensionPage()).evaluate(() => chrome.runtime.sendMessage({ type: 'ecoute/status' }));
      for (const w of context.serviceWorkers().reverse()) {
        if (!w.url().includes(extensionId)) continue;
        try {
          await w.evaluate(() => 1);
          return w;
        } catch { /* a stopped worker's stale handle */ }
      }
      return context.waitForEvent('serviceworker', { timeout: 15000 });
    },
    /** Kills the extension's service worker, as Chromium does to an idle one; false if none was running. */
    async stopWorker() {
      const cdp = await context.browser().newBrowserCDPSession();
      const { targetInfos } = await cdp.send('Target.getTargets');
      const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
      if (sw) await cdp.send('Target.closeTarget', { targetId: sw.targetId });
      await cdp.detach();
      return Boolean(sw);
    },
    async storage() {
      return (await this.extensionPage()).evaluate(() => chrome.storage.local.get(null));
    },
    /** Every record of one object store of the kept-post database (`posts`, `aggs`, `legacy`), read from
     *  the extension's own origin: the real IndexedDB the background writes. */
    async idb(store) {
      return (await this.extensionPage()).evaluate((name) => new Promise((resolve, reject) => {
        const open = indexedDB.open('ecoute');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) { db.close(); return resolve([]); }
          const req = db.transaction(name).objectStore(name).getAll();
          req.onsuccess = () => { db.close(); resolve(req.result); };
          req.onerror = () => reject(req.error);
        };
      }), store);
    },
    /** The engine's key/value state wherever it is kept: chrome.storage.local, and the cold keys (the
     *  saved posts) in IndexedDB `kv` (extension/background/db.js `COLD`). */
    async kv() {
      return (await this.extensionPage()).evaluate(async () => {
        const hot = await chrome.storage.local.get(null);
        const cold = await new Promise((resolve, reject) => {
          const open = indexedDB.open('ecoute');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('kv')) { db.close(); return resolve({}); }
            const store = db.transaction('kv').objectStore('kv');
            const keys = store.getAllKeys();
            const values = store.getAll();
            values.onsuccess = () => { db.close(); resolve(Object.fromEntries(keys.result.map((k, i) => [k, values.result[i]]))); };
            values.onerror = () => reject(values.error);
          };
        });
        return { ...hot, ...cold };
      });
    },
    /** One listening operation, asked as the dashboard asks it: `{op, ...}` → its result (throws on a refusal). */
    async ask(op, args = {}) {
      const reply = await (await this.extensionPage()).evaluate((m) => chrome.runtime.sendMessage(m), { type: 'ecoute/listening', op, ...args });
      if (!reply?.ok) throw new Error(reply?.error || 'no reply');
      return reply.result;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The common set-up of a test file: `sites` served, the extension in Chromium, one page open at `url`.
 * `close()` undoes all of it (call it from `after`, whatever `before` reached).
 */
export async function openPage(sites, url, options) {
  const env = { server: null, browser: null, page: null };
  env.close = async () => {
    await env.browser?.close();
    await env.server?.close();
  };
  env.server = await serve(sites);
  env.browser = await launch(env.server, options);
  env.page = await env.browser.context.newPage();
  await env.page.goto(url);
  return env;
}

// ---- the content script's side of a page ------------------------------------------------------------
// Badges live in closed shadow roots: the page's scripts (and playwright's, which run as the page's) see
// `host.shadowRoot === null`. The tests read and click them from the extension's content-script world, an
// isolated world of the page that only the extension and DevTools reach, where
// `chrome.dom.openOrClosedShadowRoot` opens them. Nothing in the extension exists for the tests' sake.

const contentWorlds = new WeakMap(); // page → { cdp, contexts: Map(frameId → contextId) }

async function contentWorld(page) {
  let w = contentWorlds.get(page);
  if (!w) {
    const cdp = await page.context().newCDPSession(page);
    w = { cdp, contexts: new Map() };
    cdp.on('Runtime.executionContextCreated', ({ context: c }) => {
      if (c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://')) w.contexts.set(c.auxData.frameId, c.id);
    });
    cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
      for (const [f, id] of w.contexts) if (id === executionContextId) w.contexts.delete(f);
    });
    cdp.on('Runtime.executionContextsCleared', () => w.contexts.clear());
    await cdp.send('Runtime.enable'); // reports the contexts that exist already
    contentWorlds.set(page, w);
  }
  return w;
}

/** `fn(arg)` run in the extension's content-script world of `page`'s main frame; its JSON result. */
export async function inContentScript(page, fn, arg = null) {
  const w = await contentWorld(page);
  const { frameTree } = await w.cdp.send('Page.getFrameTree');
  const deadline = Date.now() + 15000;
  while (!w.contexts.has(frameTree.frame.id)) {
    if (Date.now() > deadline) throw new Error('no content script runs in this page');
    await new Promise((r) => setTimeout(r, 50));
  }
  const { result, exceptionDetails } = await w.cdp.send('Runtime.evaluate', {
    contextId: w.contexts.get(frameTree.frame.id),
    expression: `(${fn})(${JSON.stringify(arg)})`,
    returnByValue: true,
    awaitPromise: true,
  });
  if (exceptionDetails) throw new Error(`in the content script: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
  return result.value;
}

/**
 * Every badge of the page as the content script made it, in page order: `{ key, text, titles, tags,
 * classes }` (the post's data-ecoute-key, the chips' text, their hover texts, the elements and chip
 * classes inside the closed root).
 */
export function badgeContents(page) {
  return inContentScript(page, () => [...document.querySelectorAll('[data-ecoute-badge]')].map((host) => {
    const root = chrome.dom.openOrClosedShadowRoot(host);
    const all = root ? [...root.querySelectorAll('*')] : [];
    return {
      key: host.closest('[data-ecoute-key]')?.getAttribute('data-ecoute-key') ?? null,
      text: root ? root.textContent : null,
      titles: all.map((el) => el.title).filter(Boolean),
      tags: all.map((el) => el.tagName),
      classes: all.map((el) => el.className),
    };
  }));
}

/**
 * Clicks, as the person would (a trusted click, at its place on screen), the element `selector` of the
 * badge of post `key` (`site:id`); false when that badge has no such element.
 */
export async function clickInBadge(page, key, selector) {
  const box = await inContentScript(page, ([k, sel]) => {
    const host = document.querySelector(`[data-ecoute-key="${CSS.escape(k)}"] [data-ecoute-badge]`);
    const el = host && chrome.dom.openOrClosedShadowRoot(host)?.querySelector(sel);
    if (!el) return null;
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }, [key, selector]);
  if (!box) return false;
  await page.mouse.click(box.x, box.y);
  return true;
}

/** Waits until the badge of post `key` holds an element matching `selector`. */
export async function waitInBadge(page, key, selector, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await inContentScript(page, ([k, sel]) => {
      const host = document.querySelector(`[data-ecoute-key="${CSS.escape(k)}"] [data-ecoute-badge]`);
      return Boolean(host && chrome.dom.openOrClosedShadowRoot(host)?.querySelector(sel));
    }, [key, selector]);
    if (found) return;
    if (Date.now() > deadline) throw new Error(`no ${selector} in the badge of ${key}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until `count` elements match `selector` on the page. */
export async function waitForCount(page, selector, count, timeout = 15000) {
  await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length >= n, [selector, count], { timeout });
  return page.locator(selector).count();
}

/**
 * A fixture page as a live feed: every `datetime` shifted by the same amount so the newest is now.
 * Saved pages are months old, and tallies keep only the retention window (by publication day).
 * Returns a route for `serve()`.
 */
export function live(path) {
  const html = readFileSync(join(ROOT, path), 'utf8');
  const times = [...html.matchAll(/datetime="([^"]+)"/g)].map((m) => Date.parse(m[1])).filter(Number.isFinite);
  const shift = times.length ? Date.now() - Math.max(...times) : 0;
  const body = html.replace(/datetime="([^"]+)"/g, (all, t) => (Number.isFinite(Date.parse(t)) ? `datetime="${new Date(Date.parse(t) + shift).toISOString()}"` : all));
  return { body };
}

export function fixture(path) {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
}

/**
 * The posts read from the page (`{ key, label, badges, badgeText }` each, in page order) are the fixture's
 * expected X posts: key, label, exactly one badge showing the label. Chromium and Firefox check alike.
 */
export function assertXPosts(seen, expected) {
  seen.forEach((s, i) => {
    const want = expected.posts[i];
    assert.equal(s.key, `x:${want.id}`, `post ${i} key`);
    assert.equal(s.label, want.sentiment, `post ${i} (${want.text_start}…) label`);
    assert.equal(s.badges, 1, `post ${i} has exactly one badge`);
    assert.match(s.badgeText, new RegExp(want.sentiment), `post ${i} badge shows the label`);
  });
}

/** Today's UTC day key, as the engine writes it. */
export const utcDay = () => new Date().toISOString().slice(0, 10);
