// Firefox grants a new add-on's content-script sites at first install only (extensions.originControls.
// grantByDefault), never the sites an update adds, and a person can withdraw them in the add-ons manager:
// Écoute would then silently read nothing there. On install and update, a missing site opens the options
// page, where one click asks for them (permissions.request needs that click). Chromium grants them at
// install and never lets them go.
import { missingSites } from '../shared/sites.js';

chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason !== 'install' && reason !== 'update') return;
  missingSites().then((missing) => {
    if (missing.length) chrome.runtime.openOptionsPage();
  }, () => {});
});
