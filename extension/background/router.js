// The background's one message router: every message from a content script or an extension page arrives
// here, is checked against the contract (shared/messages.js: known, allowed for its sender, payload well
// formed) and only then handed to its handler (main.js lists them). A refusal is answered as a typed
// error, `{ok: false, error, args: {kind, ...}}`, and never reaches a handler: a content script, which
// speaks for a web page, cannot export, back up, restore or reset the person's data, nor change where
// Écoute runs, whatever it sends.
//
// Kept free of chrome.* at top level and of the engine, so tests/unit/router.test.mjs runs it under Node
// with real senders' shapes.
import '../shared/messages.js'; // globalThis.EcouteMessages

/** @typedef {'content' | 'page'} SenderKind */

/**
 * A message as its handler receives it: the wire message (type, op and payload), checked.
 * @typedef {{type: string, op?: string, [field: string]: unknown}} Checked
 */

/**
 * A handler: answers a checked message from a sender (its reply is sent with `ok: true`).
 * @typedef {(msg: Checked, sender: chrome.runtime.MessageSender, name: string) => Promise<object> | object} Handler
 */

/**
 * What a sender is: one of our extension pages (its URL has our origin), one of our content scripts (a
 * tab's page on a site Écoute runs on), or neither (another extension, a frame we do not know): null.
 * @param {chrome.runtime.MessageSender | undefined} sender
 * @param {{id: string, origin: string}} self our extension id and origin (`chrome.runtime.getURL('')`)
 * @returns {SenderKind | null}
 */
export function senderKind(sender, self) {
  if (!sender || sender.id !== self.id) return null;
  const url = typeof sender.url === 'string' ? sender.url : '';
  if (url.startsWith(self.origin)) return 'page';
  // Content scripts run in web pages: a tab, and a page URL of the web (the manifest's sites are HTTPS).
  if (sender.tab && /^https?:\/\//.test(url)) return 'content';
  return null;
}

/**
 * Routes one message: null when it is not one of ours (left to other listeners), else the reply to send.
 * @param {{[name: string]: Handler}} handlers by message name (`listening/export`) or by wire type
 *   (`ecoute/listening`: every op of that type)
 * @param {unknown} msg
 * @param {chrome.runtime.MessageSender} sender
 * @param {{self: {id: string, origin: string}, describe: (e: unknown) => string}} env `describe`: an
 *   error's text in the UI language (shared/words.js `error`)
 * @returns {Promise<{ok: true, [field: string]: unknown} | {ok: false, error: string, args?: object}> | null}
 */
export function route(handlers, msg, sender, env) {
  const messages = globalThis.EcouteMessages;
  if (messages.nameOf(msg) === null) return null;
  const fail = (/** @type {unknown} */ e) => {
    const args = e && typeof e === 'object' && 'args' in e && e.args && typeof e.args === 'object' ? e.args : undefined;
    return /** @type {{ok: false, error: string, args?: object}} */ ({ ok: false, error: env.describe(e), ...(args ? { args } : {}) });
  };
  let handler;
  /** @type {string} */
  let name;
  try {
    const accepted = messages.accept(msg, senderKind(sender, env.self));
    name = accepted.name;
    handler = handlers[name] || handlers[accepted.spec.type];
    if (!handler) throw new messages.MessageError(`Écoute has no handler for ${name}`, { kind: 'unknown_message', type: accepted.spec.type, ...(accepted.spec.op ? { op: accepted.spec.op } : {}) });
  } catch (e) {
    return Promise.resolve(fail(e));
  }
  const h = handler;
  return (async () => {
    try {
      const reply = await h(/** @type {Checked} */ (msg), sender, name); // accepted: a Checked message
      return /** @type {{ok: true, [field: string]: unknown}} */ ({ ok: true, ...reply });
    } catch (e) {
      return fail(e);
    }
  })();
}

/**
 * Listens for every message of the contract (one runtime.onMessage listener for the whole background).
 * @param {{[name: string]: Handler}} handlers
 * @param {(e: unknown) => string} describe
 */
export function listen(handlers, describe) {
  const self = { id: chrome.runtime.id, origin: chrome.runtime.getURL('') };
  chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
    const reply = route(handlers, msg, sender, { self, describe });
    if (!reply) return false;
    reply.then(sendResponse);
    return true; // the reply is asynchronous
  });
}
