// Options page: adds Mastodon / Bluesky servers beyond those the manifest ships (background/instances.js
// registers the content scripts). The host permission is requested inside the submit handler, before any
// await: browsers grant permission requests only during the user's gesture.
// Everything shown is built with DOM APIs; server names are data.
import { KINDS, normaliseHost, originOf } from '../shared/hosts.js';
import { localize, msg } from '../shared/i18n.js';
import '../shared/messages.js'; // globalThis.EcouteMessages: send()

const { send } = globalThis.EcouteMessages;

localize();

const $ = (id) => document.getElementById(id);
/** The form's fields (a select and a text input), by id. */
const field = (id) => /** @type {HTMLInputElement | HTMLSelectElement} */ (document.getElementById(id));
/** @type {{[kind: string]: string[]}} from the last refresh: hosts the manifest already covers */
let shipped = { mastodon: [], bluesky: [] };

function say(text, kind = '') {
  $('message').textContent = text;
  $('message').className = kind;
}

function item(server) {
  const li = document.createElement('li');
  const name = document.createElement('strong');
  name.textContent = server.host;
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = KINDS[server.kind]?.label || server.kind;
  li.append(name, kind);
  if (!server.granted) {
    const warn = document.createElement('span');
    warn.className = 'warn';
    warn.textContent = msg('opt_notAllowedAnyMore');
    li.append(warn);
  }
  const rm = document.createElement('button');
  rm.type = 'button';
  rm.textContent = msg('remove');
  rm.addEventListener('click', async () => {
    try {
      await send('instances/remove', { host: server.host });
      say(msg('opt_removed', server.host), 'ok');
    } catch (e) {
      say(e.message, 'error');
    }
    refresh();
  });
  li.append(rm);
  return li;
}

async function refresh() {
  try {
    const reply = await send('instances/list', {});
    shipped = reply.shipped;
    const { servers } = reply;
    $('shipped').textContent = shipped.mastodon.join(', ');
    $('servers').replaceChildren(...servers.map(item));
    $('none').hidden = servers.length > 0;
  } catch (e) {
    say(e.message, 'error');
  }
}

$('add').addEventListener('submit', (event) => {
  event.preventDefault();
  const kind = /** @type {ServerKind} */ (field('kind').value); // options.html offers the kinds (the router checks)
  let host;
  try {
    host = normaliseHost(field('host').value);
  } catch (e) {
    // hosts.js names its message (e.i18n) so that it can be said in the person's language.
    say(e.i18n ? msg(e.i18n[0], ...e.i18n.slice(1)) : e.message, 'error');
    return;
  }
  if ((shipped[kind] || []).includes(host)) {
    say(msg('opt_alreadyNothingToAdd', host), 'ok');
    return;
  }
  // Synchronously in the gesture: no await before this call.
  const asked = chrome.permissions.request({ origins: [originOf(host)] });
  asked.then(async (granted) => {
    if (!granted) {
      say(msg('opt_notGranted', host), 'error');
      return;
    }
    const r = await send('instances/add', { kind, host });
    say(r.shipped ? msg('opt_alreadySupported', host) : msg('opt_added', host), 'ok');
    field('host').value = '';
    refresh();
  }).catch((e) => say(e.message, 'error'));
});

refresh();
