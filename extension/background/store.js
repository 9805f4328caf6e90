// Persistence of the engine's store in chrome.storage.local. The store's layout, schema and migrations
// belong to the Rust core (src/engine.rs); this module only moves the values it names.
export async function loadAll() {
  return chrome.storage.local.get(null);
}

/** Makes a batch's `writes` and `removals` durable; rejects (quota, I/O) so the caller can refuse the batch. */
export async function persist({ writes, removals }) {
  if (writes && Object.keys(writes).length) await chrome.storage.local.set(writes);
  if (removals && removals.length) await chrome.storage.local.remove(removals);
}
