// Options page: the sites the browser does not let Écoute read (Firefox after an update that adds one, or
// after the person withdrew them), and a button to allow them. background/sites.js opens this page then.
import { missingSites } from '../shared/sites.js';

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
