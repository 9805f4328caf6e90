// Debian's Firefox ESR, headless, driven over WebDriver BiDi (the protocol Firefox speaks natively;
// Playwright cannot drive stock Firefox). A fresh profile per launch, with prefs that
//   - send every connection through a local CONNECT proxy (proxy()) that tunnels it to the test server:
//     the sites' real host names on port 443, with no DNS, and a log of every host the browser asked for
//     (Firefox has no --host-resolver-rules);
//   - fix the extension's moz-extension:// UUID, so a test can open its pages;
//   - switch off Firefox's own background traffic (updates, telemetry, safe browsing, remote settings...).
//
//   const ff = await launchFirefox({ proxyPort });
//   const { extension } = await ff.send('webExtension.install', { extensionData: { type: 'path', path } });
//   await ff.evaluate(context, 'document.title');
//   await ff.close();
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

export const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
export const GECKO_ID = 'ecoute@ecoute.invalid';
/** The moz-extension:// host of Écoute in the test profile (extensions.webextensions.uuids). */
export const EXTENSION_UUID = '6c1e0c5e-ec0f-4e7e-9a7e-ec0e7e5e0001';

/**
 * An HTTP proxy that tunnels every CONNECT, whatever its host, to 127.0.0.1:`targetPort` (the HTTPS test
 * server), and refuses plain-HTTP requests. `tunnels` logs each CONNECT target (`host:port`), `plain`
 * each refused plain-HTTP URL: together, every connection the browser tried to open.
 */
export async function proxy(targetPort) {
  const tunnels = [];
  const plain = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    plain.push(req.url);
    res.writeHead(502, { 'content-type': 'text/plain', connection: 'close' }).end('no network in tests');
  });
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url);
    sockets.add(client);
    const upstream = connect(targetPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const drop = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    upstream.on('error', drop).on('close', drop);
    client.on('error', drop).on('close', drop);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    tunnels,
    plain,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

function prefs(proxyPort) {
  return {
    // Every connection through the test proxy, localhost included; no DNS of our own (the proxy gets names).
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.socks_remote_dns': true,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.http.speculative-parallel-limit': 0,
    'network.dns.native_https_query': false,
    'network.trr.mode': 5,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.http.http3.enable': false,
    'security.OCSP.enabled': 0,
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'security.certerrors.mitm.priming.enabled': false,
    // Écoute's moz-extension:// host, fixed so the test can open the popup.
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    // Firefox's own traffic, off.
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.normandy.enabled': false,
    'app.shield.optoutstudies.enabled': false,
    'browser.aboutHomeSnippets.updateUrl': '',
    'browser.newtabpage.enabled': false,
    'browser.newtabpage.activity-stream.feeds.system.topstories': false,
    'browser.newtabpage.activity-stream.feeds.section.topstories': false,
    'browser.newtabpage.activity-stream.feeds.topsites': false,
    'browser.newtabpage.activity-stream.showSponsored': false,
    'browser.newtabpage.activity-stream.showSponsoredTopSites': false,
    'browser.startup.homepage': 'about:blank',
    'browser.startup.page': 0,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.search.update': false,
    'browser.search.suggest.enabled': false,
    'browser.urlbar.suggest.searches': false,
    'browser.discovery.enabled': false,
    'browser.ping-centre.telemetry': false,
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.contentblocking.report.monitor.enabled': false,
    'browser.tabs.firefox-view': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.usage.uploadEnabled': false,
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.server': '',
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.coverage.endpoint.base': '',
    'extensions.update.enabled': false,
    'extensions.update.autoUpdateDefault': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.recommendations.enabled': false,
    'extensions.htmlaboutaddons.recommendations.enabled': false,
    // What the remote agent's recommended prefs set when the profile does not: remote settings go nowhere.
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'services.sync.enabled': false,
    'identity.fxaccounts.enabled': false,
    'messaging-system.rsexperimentloader.enabled': false,
    'nimbus.rsexperimentloader.enabled': false,
    'browser.ml.enable': false,
    'media.gmp-manager.url': '',
    // Widevine updates from Google's update service (update.googleapis.com), apart from the URL above: off,
    // or the no-connection test sees Firefox's own check whenever it fires before that test
    'media.gmp-manager.chromium-update-url': '',
    'media.gmp-widevinecdm.enabled': false,
    'media.gmp-widevinecdm.allow-chromium-update': false,
    'media.gmp-gmpopenh264.enabled': false,
    'geo.provider.network.url': '',
    'privacy.query_stripping.enabled': false,
    'dom.push.connection.enabled': false,
    'dom.push.serverURL': '',
  };
}

/** Firefox ESR with a fresh profile (`prefs` added to the defaults above); resolves once a BiDi session is open. */
export async function launchFirefox({ proxyPort, prefs: extra = {}, log = () => {} }) {
  const profile = mkdtempSync(join(tmpdir(), 'ecoute-firefox-'));
  writeFileSync(join(profile, 'user.js'), Object.entries({ ...prefs(proxyPort), ...extra })
    .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`).join(''));
  const child = spawn(FIREFOX, [
    '--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0',
    // BiDi refuses to navigate to moz-extension:// (not a "WebDriver-safe" scheme) unless system access is
    // allowed; the test opens the popup to ask the background and read storage as the extension does.
    '--remote-allow-system-access',
  ], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // MOZ_REMOTE_SETTINGS_DEVTOOLS: release builds ignore services.settings.server without it.
    env: { ...process.env, MOZ_HEADLESS: '1', MOZ_CRASHREPORTER_DISABLE: '1', MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    detached: true, // its own process group: close() ends Firefox and its content processes, nothing else
  });
  // If this process dies without close() (a crash, an uncaught error), Firefox goes with it.
  const killGroup = () => {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    rmSync(profile, { recursive: true, force: true });
  };
  process.once('exit', killGroup);
  const stderr = [];
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const wsUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Firefox did not start BiDi within 30 s:\n${stderr.join('')}`)), 30000);
    const onData = (chunk) => {
      const text = chunk.toString();
      stderr.push(text);
      log(text);
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(stderr.join(''));
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', (c) => log(c.toString()));
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`Firefox exited (${code}) before BiDi:\n${stderr.join('')}`)); });
  });
  const ws = new WebSocket(`${wsUrl}/session`);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });

  let nextId = 1;
  const pending = new Map();
  const listeners = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.type === 'error') reject(new Error(`${method}: ${msg.error}: ${msg.message}`));
      else resolve(msg.result);
    } else if (msg.type === 'event') {
      for (const l of listeners) l(msg);
    }
  });
  ws.on('close', () => {
    for (const { reject, method } of pending.values()) reject(new Error(`${method}: the BiDi connection closed`));
    pending.clear();
  });

  /** One BiDi command; rejects with the protocol's error. */
  function send(method, params = {}, timeout = 30000) {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { pending.delete(id); reject(new Error(`${method}: no answer in ${timeout} ms`)); }, timeout);
      pending.set(id, {
        method,
        resolve: (r) => { clearTimeout(timer); resolve(r); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  await send('session.new', { capabilities: { alwaysMatch: { acceptInsecureCerts: true } } });

  return {
    send,
    stderr,
    profile,
    onEvent(fn) { listeners.push(fn); },
    /**
     * Evaluates `expression` (an async function body's value) in `context`'s page and returns it as JSON:
     * the expression's value goes through JSON.stringify in the page, so tests see plain data.
     */
    async evaluate(context, expression, timeout = 30000) {
      const r = await send('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context },
        awaitPromise: true,
        resultOwnership: 'none',
      }, timeout);
      if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails.text}`);
      return r.result.type === 'string' ? JSON.parse(r.result.value) : undefined;
    },
    /** Polls `expression` in `context` until it is truthy; returns its value. */
    async waitFor(context, expression, { timeout = 15000, what = expression } = {}) {
      const end = Date.now() + timeout;
      let last;
      for (;;) {
        try {
          last = await this.evaluate(context, expression);
          if (last) return last;
        } catch (e) {
          last = e.message; // the page may be navigating
        }
        if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async newTab(url) {
      const { context } = await send('browsingContext.create', { type: 'tab' });
      if (url) await send('browsingContext.navigate', { context, url, wait: 'complete' });
      return context;
    },
    async close() {
      try { await send('session.end', {}, 5000); } catch { /* closing anyway */ }
      ws.close();
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      const killer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(killer);
      process.off('exit', killGroup);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
