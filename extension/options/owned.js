// Options page: the person's own accounts, per site (src/listening/influence.rs `Owned`), stored by the engine like
// the watchlist (listening ops owned_get / owned_set). Never opinion leaders or lead users of their items.
// Handles are data: shown in inputs, never as markup.
import { msg } from '../shared/i18n.js';
import '../shared/messages.js'; // globalThis.EcouteMessages: send()

const { send } = globalThis.EcouteMessages;

// The sites Écoute reads (the site names of the adapters in extension/content/adapters).
const SITES = ['x', 'bluesky', 'mastodon', 'threads', 'reddit', 'linkedin', 'youtube', 'facebook', 'instagram', 'hn'];
const $ = (id) => document.getElementById(id);

/** @param {'listening/owned_get' | 'listening/owned_set'} name @param {object} payload */
async function ask(name, payload = {}) {
  return (await send(name, payload)).result;
}

function show(owned) {
  $('owned-sites').replaceChildren(...SITES.map((site) => {
    const row = document.createElement('p');
    const label = document.createElement('label');
    label.htmlFor = `owned-${site}`;
    label.textContent = site;
    const area = document.createElement('textarea');
    area.id = `owned-${site}`;
    area.name = site;
    area.rows = 2;
    area.spellcheck = false;
    area.dataset.testid = `owned-${site}`;
    area.value = (owned[site] || []).join('\n');
    row.append(label, area);
    return row;
  }));
}

$('owned-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const owned = {};
  for (const site of SITES) {
    const handles = /** @type {HTMLTextAreaElement} */ ($(`owned-${site}`)).value.split(/[\n,]/).map((h) => h.trim()).filter(Boolean);
    if (handles.length) owned[site] = handles;
  }
  try {
    const saved = await ask('listening/owned_set', { owned });
    show(saved);
    $('owned-message').className = '';
    $('owned-message').textContent = msg('opt_ownedSaved', String(Object.values(saved).flat().length));
  } catch (e) {
    $('owned-message').className = 'error';
    $('owned-message').textContent = e.message;
  }
});

ask('listening/owned_get').then(show, (e) => {
  show({});
  $('owned-message').textContent = e.message;
});
