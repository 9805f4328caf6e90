// Listening operations for the extension's pages (dashboard, popup, options) and the "save post" action
// of a post's badge: {type: 'ecoute/listening', op, ...} → wasm Engine.listening (src/listening.rs) →
// writes durable (store.persist) → reply {result}. Keep the ops in sync with src/listening.rs.
//
// Also the toolbar badge for watch-item alerts (volume or negative-share spikes) raised by ingest.
import { persist } from './store.js';
import '../shared/words.js'; // globalThis.EcouteWords: alerts and errors in the UI language
import { MAX_IMPORT_BYTES } from '../shared/core.js';

// Ops a content script may ask for (a post's "save" button); every other op comes from our own pages.
const CONTENT_OPS = new Set(['save_post']);

/** Is this op allowed from this sender? Extension pages have our origin; content scripts the page's. */
export function allowed(msg, sender) {
  const ours = typeof sender?.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
  return ours || CONTENT_OPS.has(msg.op);
}

/**
 * Runs one op. `onNotDurable` is called when the writes could not be saved (quota, I/O): the engine's
 * memory then holds a change the store lacks, so the host rebuilds it from the store.
 */
export async function listening(engine, msg, sender, onNotDurable) {
  const { refusal } = globalThis.EcouteWords;
  if (!allowed(msg, sender)) throw refusal(`"${msg.op}" is only available from Écoute's own pages`, { kind: 'page_only', op: String(msg.op) });
  // A file too large to parse is refused before it is copied into the engine (the engine checks too,
  // in UTF-8 bytes; a string's length in UTF-16 units is never more than that).
  if (msg.op === 'import' && typeof msg.text === 'string' && msg.text.length > MAX_IMPORT_BYTES) throw tooLarge(msg.text.length);
  const { type, ...request } = msg;
  const reply = engine.listening(request, Date.now());
  try {
    await persist(reply);
  } catch (e) {
    onNotDurable();
    throw refusal(`Could not save to extension storage (${e.message}). Nothing was changed; free some space (export, then lower the retention or reset) and retry.`,
      { kind: 'not_saved', detail: String(e.message) });
  }
  if (msg.op === 'summary') clearAlertBadge();
  return { result: reply.result };
}

/** The import refusal for a file of `bytes`, as the engine words it (src/error.rs Refusal::ImportTooLarge). */
export function tooLarge(bytes) {
  return globalThis.EcouteWords.refusal(
    `this file is ${(bytes / 1e6).toFixed(1)} MB: Écoute imports files of at most ${(MAX_IMPORT_BYTES / 1e6).toFixed(0)} MB (its own exports are smaller)`,
    { kind: 'import_too_large', bytes, max_bytes: MAX_IMPORT_BYTES });
}

let unseenAlerts = 0;

/** After a batch: shows new alerts on the toolbar badge until the dashboard is opened. */
export function noteAlerts(alerts) {
  if (!alerts || !alerts.length) return;
  unseenAlerts += alerts.length;
  chrome.action.setBadgeText({ text: String(Math.min(unseenAlerts, 99)) });
  chrome.action.setBadgeBackgroundColor({ color: '#c26a00' });
  chrome.action.setTitle({ title: `Écoute: ${alerts.map((a) => globalThis.EcouteWords.alertWhy(a)).join('\n')}` });
}

function clearAlertBadge() {
  if (!unseenAlerts) return;
  unseenAlerts = 0;
  chrome.action.setBadgeText({ text: '' });
  chrome.action.setTitle({ title: 'Écoute' });
}
