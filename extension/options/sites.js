// Options page: the sites Écoute reads by default, and a button to allow the ones the browser has not
// (Firefox after an update that adds a site, or after the person withdrew them). Keep in sync with
// background/sites.js, which opens this page when one is missing.
const SITES = [...new Set(chrome.runtime.getManifest().content_scripts.flatMap((c) => c.matches))];

async function missingSites() {
  const granted = new Set((await chrome.permissions.getAll()).origins || []);
  return SITES.filter((origin) => !granted.has(origin));
}

async function show() {
  const missing = await missingSites();
  const section = document.getElementById('sites');
  section.hidden = missing.length === 0;
  document.getElementById('missing').textContent = missing.map((o) => new URL(o.replace('*', 'x')).host).join(', ');
}

document.getElementById('grant').addEventListener('click', () => {
  // Asked synchronously inside the click: the browser grants requests only during the person's gesture.
  missingSites().then((missing) => chrome.permissions.request({ origins: missing })).then(show, show);
});
show();
