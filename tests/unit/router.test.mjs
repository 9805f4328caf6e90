// The message contract (extension/shared/messages.js) and the background's router
// (extension/background/router.js): a content script, which speaks for a web page, is refused what only
// Écoute's own pages may ask (export, backup, restore, reset, changing where Écoute runs); unknown messages
// and malformed payloads are refused with a typed error before any handler runs; allowed messages reach
// their handler. Senders have the shapes the browser gives them (runtime.MessageSender).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { ROOT } from './content-core.mjs';
import '../../extension/shared/words.js';
import { route, senderKind } from '../../extension/background/router.js';

const { MESSAGES, MAX_BATCH } = globalThis.EcouteMessages;
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const self = { id: ID, origin: `chrome-extension://${ID}/` };
const env = { self, describe: (e) => globalThis.EcouteWords.error(e) };

const SENDERS = {
  // a content script on a supported site: the tab's page URL
  content: { id: ID, url: 'https://x.com/home', origin: 'https://x.com', frameId: 0, tab: { id: 7, url: 'https://x.com/home' } },
  // the dashboard, open in a tab; the popup, in no tab
  dashboard: { id: ID, url: `chrome-extension://${ID}/dashboard/dashboard.html`, origin: `chrome-extension://${ID}`, tab: { id: 8 } },
  popup: { id: ID, url: `chrome-extension://${ID}/popup/popup.html`, origin: `chrome-extension://${ID}` },
  // another extension (runtime.onMessage never gets these in practice: onMessageExternal does)
  other: { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/x.html' },
};

/** Handlers that record what reached them: the real router in front of them decides. */
function recording() {
  const calls = [];
  const answer = (reply) => (msg, sender, name) => {
    calls.push(name);
    return reply;
  };
  const handlers = {
    'ecoute/analyze': answer({ annotations: [], rejected: [] }),
    'ecoute/status': answer({ engine: 'ready' }),
    'ecoute/health': answer({}),
    'ecoute/listening': answer({ result: { done: true } }),
    'ecoute/instances': answer({ servers: [], shipped: {} }),
  };
  return { handlers, calls };
}

async function ask(msg, sender) {
  const { handlers, calls } = recording();
  const reply = await route(handlers, msg, sender, env);
  return { reply, calls };
}

test('senders are told apart by URL and id: our pages, our content scripts, anything else', () => {
  assert.equal(senderKind(SENDERS.content, self), 'content');
  assert.equal(senderKind(SENDERS.dashboard, self), 'page');
  assert.equal(senderKind(SENDERS.popup, self), 'page');
  assert.equal(senderKind(SENDERS.other, self), null);
  assert.equal(senderKind({ id: ID, url: 'https://x.com/' }, self), null, 'no tab: not a content script');
  assert.equal(senderKind(undefined, self), null);
});

test('a content script is refused export, backup, restore, reset and the other page-only messages', async () => {
  const asks = [
    { type: 'ecoute/listening', op: 'reset' },
    { type: 'ecoute/listening', op: 'export', request: { dataset: 'all', format: 'json' } },
    { type: 'ecoute/listening', op: 'backup' },
    { type: 'ecoute/listening', op: 'restore', doc: { format: 'ecoute-backup' } },
    { type: 'ecoute/listening', op: 'import', text: '{}' },
    { type: 'ecoute/listening', op: 'set_retention', days: 1 },
    { type: 'ecoute/listening', op: 'watchlist_get' },
    { type: 'ecoute/listening', op: 'summary' },
    { type: 'ecoute/status' },
    { type: 'ecoute/instances', op: 'add', kind: 'mastodon', host: 'evil.example' },
  ];
  for (const msg of asks) {
    const { reply, calls } = await ask(msg, SENDERS.content);
    const op = msg.op || msg.type.slice('ecoute/'.length);
    assert.equal(reply.ok, false, `${op} refused`);
    assert.deepEqual(reply.args, { kind: 'page_only', op }, op);
    assert.equal(reply.error, `"${op}" is only available from Écoute's own pages`);
    assert.deepEqual(calls, [], `${op}: no handler ran`);
  }
});

test('a page is refused what only content scripts send, and another extension everything', async () => {
  const health = { type: 'ecoute/health', site: 'x', status: 'ok', found: 1, read: 1, errors: 0, hints: 3 };
  const fromPage = await ask(health, SENDERS.dashboard);
  assert.deepEqual(fromPage.reply.args, { kind: 'content_only', op: 'health' });
  assert.deepEqual(fromPage.calls, []);
  assert.deepEqual((await ask(health, SENDERS.content)).calls, ['health']);
  const foreign = await ask({ type: 'ecoute/listening', op: 'today' }, SENDERS.other);
  assert.equal(foreign.reply.ok, false);
  assert.deepEqual(foreign.calls, []);
});

test('an unknown message or operation is refused with a typed error; messages not ours are left alone', async () => {
  const unknownType = await ask({ type: 'ecoute/erase_everything' }, SENDERS.dashboard);
  assert.deepEqual(unknownType.reply, { ok: false, error: 'Écoute has no message ecoute/erase_everything', args: { kind: 'unknown_message', type: 'ecoute/erase_everything' } });
  const unknownOp = await ask({ type: 'ecoute/listening', op: 'drop_all' }, SENDERS.dashboard);
  assert.deepEqual(unknownOp.reply.args, { kind: 'unknown_message', type: 'ecoute/listening', op: 'drop_all' });
  const noOp = await ask({ type: 'ecoute/listening' }, SENDERS.dashboard);
  assert.equal(noOp.reply.args.kind, 'unknown_message');
  // inherited names are not messages
  assert.equal((await ask({ type: 'ecoute/constructor' }, SENDERS.dashboard)).reply.args.kind, 'unknown_message');
  assert.equal((await ask({ type: 'ecoute/listening', op: '__proto__' }, SENDERS.dashboard)).reply.args.kind, 'unknown_message');
  assert.deepEqual([unknownType, unknownOp, noOp].flatMap((r) => r.calls), []);
  // another part of the extension's business (or none): not answered, so another listener may
  for (const msg of [null, 'ecoute/status', { type: 'something-else' }, { kind: 'ecoute/status' }, []]) {
    assert.equal(route(recording().handlers, msg, SENDERS.dashboard, env), null);
  }
});

test('malformed payloads are refused with the field that is wrong, before any handler', async () => {
  const post = (i) => ({ site: 'x', id: String(i), text: 'hello' });
  const cases = [
    [{ type: 'ecoute/analyze', posts: 'not a list' }, SENDERS.content, 'posts'],
    [{ type: 'ecoute/analyze', posts: Array.from({ length: MAX_BATCH + 1 }, (_, i) => post(i)) }, SENDERS.content, 'posts'],
    [{ type: 'ecoute/analyze', posts: [post(1), null] }, SENDERS.content, 'posts[1]'],
    [{ type: 'ecoute/analyze', posts: [post(1), [post(2)]] }, SENDERS.content, 'posts[1]'],
    [{ type: 'ecoute/analyze', posts: [], extra: 1 }, SENDERS.content, 'extra'],
    [{ type: 'ecoute/listening', op: 'save_post', request: { post: post(1), note: 42 } }, SENDERS.content, 'request.note'],
    [{ type: 'ecoute/listening', op: 'export', request: { dataset: 'all', format: 'xlsx' } }, SENDERS.dashboard, 'request.format'],
    [{ type: 'ecoute/listening', op: 'summary', filter: { from: 'last week' } }, SENDERS.dashboard, 'filter.from'],
    [{ type: 'ecoute/listening', op: 'watchlist_set', items: [{ query: 'a', labell: 'typo' }] }, SENDERS.dashboard, 'items[0].labell'],
    [{ type: 'ecoute/listening', op: 'set_retention', days: '30' }, SENDERS.dashboard, 'days'],
    [{ type: 'ecoute/listening', op: 'posts', before: [1] }, SENDERS.dashboard, 'before'],
    [{ type: 'ecoute/health', site: 'x', status: 'fine', found: 1, read: 1, errors: 0, hints: 0 }, SENDERS.content, 'status'],
    [{ type: 'ecoute/health', site: 'x', status: 'ok', found: -1, read: 1, errors: 0, hints: 0 }, SENDERS.content, 'found'],
    [{ type: 'ecoute/instances', op: 'add', kind: 'gopher', host: 'a.example' }, SENDERS.dashboard, 'kind'],
  ];
  for (const [msg, sender, field] of cases) {
    const { reply, calls } = await ask(msg, sender);
    assert.equal(reply.ok, false, field);
    assert.equal(reply.args.kind, 'bad_message', field);
    assert.equal(reply.args.field, field);
    assert.match(reply.error, new RegExp(`^The message "[a-z_/]+" is malformed: ${field.replace(/[[\].]/g, '\\$&')} must be `));
    assert.deepEqual(calls, [], `${field}: no handler ran`);
  }
});

test('allowed messages reach their handler and are answered ok', async () => {
  const cases = [
    [{ type: 'ecoute/analyze', posts: [{ site: 'x', id: '1', text: 'fnac', author: { handle: 'a' }, metrics: { likes: 3 } }] }, SENDERS.content, 'analyze'],
    [{ type: 'ecoute/listening', op: 'save_post', request: { post: { site: 'x', id: '1', text: 'fnac' } } }, SENDERS.content, 'listening/save_post'],
    [{ type: 'ecoute/listening', op: 'reset' }, SENDERS.dashboard, 'listening/reset'],
    [{ type: 'ecoute/listening', op: 'export', request: { dataset: 'posts', format: 'ndjson', filter: { from: '2026-03-01', to: null, site: 'x' } } }, SENDERS.dashboard, 'listening/export'],
    [{ type: 'ecoute/listening', op: 'posts', filter: { from: '2026-03-01', to: '2026-03-02', by: 'seen', item: 3, undated: true }, limit: 50, before: [1700000000000, 'x:1'] }, SENDERS.dashboard, 'listening/posts'],
    [{ type: 'ecoute/listening', op: 'today' }, SENDERS.popup, 'listening/today'],
    [{ type: 'ecoute/status' }, SENDERS.popup, 'status'],
    [{ type: 'ecoute/instances', op: 'add', kind: 'mastodon', host: 'piaille.fr' }, SENDERS.dashboard, 'instances/add'],
  ];
  // A post whose fields the core will refuse (an id past its 512-byte bound) is not the router's to
  // refuse: the core rejects that one post, and the batch's others are counted.
  cases.push([{ type: 'ecoute/analyze', posts: [{ site: 'x', id: '0'.repeat(600) }, { site: 'x', id: '1' }] }, SENDERS.content, 'analyze']);
  cases.push([{ type: 'ecoute/listening', op: 'delete_saved', id: `x:${'0'.repeat(500)}` }, SENDERS.dashboard, 'listening/delete_saved']);
  for (const [msg, sender, name] of cases) {
    const { reply, calls } = await ask(msg, sender);
    assert.equal(reply.ok, true, `${name}: ${reply.error}`);
    assert.deepEqual(calls, [name]);
  }
  const { reply } = await ask({ type: 'ecoute/listening', op: 'today' }, SENDERS.popup);
  assert.deepEqual(reply, { ok: true, result: { done: true } });
});

test('a handler\'s typed refusal is answered with its text and its args', async () => {
  const handlers = {
    'ecoute/listening': () => { throw globalThis.EcouteWords.refusal('too many posts at once', { kind: 'rate_limited' }); },
  };
  const reply = await route(handlers, { type: 'ecoute/listening', op: 'today' }, SENDERS.popup, env);
  assert.deepEqual(reply, { ok: false, error: 'too many posts at once', args: { kind: 'rate_limited' } });
});

test('the contract\'s refusals are worded in French too', () => {
  const messages = JSON.parse(readFileSync(join(ROOT, 'extension', '_locales', 'fr', 'messages.json'), 'utf8'));
  const getMessage = (key, subs = []) => (messages[key]?.message || '').replace(/\$([A-Z]+)\$/g, (_, n) => subs[Number(messages[key].placeholders[n.toLowerCase()].content.slice(1)) - 1]);
  const ctx = { Intl, chrome: { i18n: { getMessage, getUILanguage: () => 'fr' } } };
  ctx.globalThis = ctx;
  vm.createContext(ctx);
  vm.runInContext(readFileSync(join(ROOT, 'extension', 'shared', 'words.js'), 'utf8'), ctx);
  const fr = (args) => ctx.EcouteWords.error({ message: 'English', args });
  assert.equal(fr({ kind: 'bad_message', message: 'listening/export', field: 'request.format', problem: 'x' }), 'Le message «\u00a0listening/export\u00a0» est mal formé (champ «\u00a0request.format\u00a0»)');
  assert.equal(fr({ kind: 'unknown_message', type: 'ecoute/listening', op: 'drop' }), 'Écoute ne connaît pas le message «\u00a0ecoute/listening drop\u00a0»');
  assert.equal(fr({ kind: 'content_only', op: 'health' }), '«\u00a0health\u00a0» n\'est envoyé que par les scripts de contenu d\'Écoute');
  assert.equal(fr({ kind: 'page_only', op: 'reset' }), '«\u00a0reset\u00a0» n\'est disponible que depuis les pages d\'Écoute');
});

test('every message sent in the extension is declared, and only send() calls runtime.sendMessage', async () => {
  const { readdirSync } = await import('node:fs');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.js')) files.push(p);
    }
  };
  walk(join(ROOT, 'extension'));
  let sends = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const rel = file.slice(ROOT.length + 1);
    if (rel !== 'extension/shared/messages.js') assert.doesNotMatch(text, /runtime\.sendMessage\(/, `${rel} calls runtime.sendMessage: use EcouteMessages.send`);
    for (const m of text.matchAll(/\bsend\('([^']+)'/g)) {
      sends++;
      assert.ok(Object.hasOwn(MESSAGES, m[1]), `${rel} sends ${m[1]}, which shared/messages.js does not declare`);
    }
  }
  assert.ok(sends >= 8, `found the senders (${sends})`);
});

test('the contract declares every listening operation the core answers, and no other', async () => {
  const { readdirSync } = await import('node:fs');
  // Wherever src/ keeps it (the layers move files): the one `pub enum Request` of the listening ops.
  const find = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const found = find(p);
        if (found) return found;
      } else if (e.name.endsWith('.rs') && /#\[serde\(tag = "op"[^\]]*\)\]\s*pub enum Request \{/.test(readFileSync(p, 'utf8'))) return p;
    }
    return null;
  };
  const file = find(join(ROOT, 'src'));
  assert.ok(file, 'src/ has the listening Request enum');
  const body = readFileSync(file, 'utf8').split(/pub enum Request \{/)[1].split(/\n\}/)[0];
  const snake = (name) => name.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase());
  const core = [...body.matchAll(/^ {4}([A-Z][A-Za-z]*)\b/gm)].map((m) => snake(m[1]));
  // Answered by the background from the kept posts alone (background/listening.js), not by the core.
  const host = ['today', 'posts', 'storage', 'watch_preview', 'totals'];
  const declared = Object.keys(MESSAGES).filter((n) => n.startsWith('listening/')).map((n) => n.slice('listening/'.length));
  assert.ok(core.length >= 10, `read the core's ops (${core})`);
  assert.deepEqual(declared.sort(), [...core, ...host].sort());
});
