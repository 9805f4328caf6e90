// The sites Écoute reads, as the manifest lists them, and which of them the browser does not let it read.
// Used by the background (background/sites.js) and the options page (options/sites.js).
// permissions.contains() answers false for content-script sites in Chromium; getAll() lists them in both.
export const SITES = [...new Set(chrome.runtime.getManifest().content_scripts.flatMap((c) => c.matches))];

export async function missingSites() {
  const granted = new Set((await chrome.permissions.getAll()).origins || []);
  return SITES.filter((origin) => !granted.has(origin));
}
