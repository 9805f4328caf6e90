// The sites Écoute reads, as the manifest lists them, and whether the browser lets it read them.
// Firefox grants a new add-on's content-script sites at first install only (extensions.originControls.
// grantByDefault), never to sites an update adds, and a person can withdraw them in the add-ons manager:
// then Écoute would silently read nothing. On install and update, a missing site opens the options page,
// where one click asks for them (permissions.request needs that click). Chromium grants them at install.
// (permissions.contains() answers false for content-script sites in Chromium; getAll() lists them in both.)
export const SITES = [...new Set(chrome.runtime.getManifest().content_scripts.flatMap((c) => c.matches))];

export async function missingSites() {
  const granted = new Set((await chrome.permissions.getAll()).origins || []);
  return SITES.filter((origin) => !granted.has(origin));
}

chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== 'install' && reason !== 'update') return;
  missingSites().then((missing) => {
    if (missing.length) chrome.runtime.openOptionsPage();
  }, () => {});
});
