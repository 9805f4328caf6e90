// The engine's small state in chrome.storage.local (settings, watchlist, authors, trend terms, saved
// posts): read whole at start. The kept posts and their sums live in IndexedDB (db.js), which also
// makes every write durable (db.commit). The layout and its migrations belong to the Rust core
// (src/store/mod.rs); this module only reads the values it names.
export async function loadAll() {
  return chrome.storage.local.get(null);
}
