#!/usr/bin/env node
// Builds dist/chromium/ and dist/firefox/ (unpacked) and their zips from the one manifest source
// (manifest.json), extension/ and the wasm engine in pkg/ (scripts/build-wasm.sh runs first).
// The only per-browser differences are here, in `forBrowser`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'manifest.json'), 'utf8'));

function forBrowser(browser) {
  const m = structuredClone(manifest);
  if (browser === 'chromium') {
    // Chromium flags `background.scripts` and `browser_specific_settings` as errors on its extensions page.
    delete m.background.scripts;
    delete m.browser_specific_settings;
  } else {
    // Firefox runs the background as an event page from `scripts` and ignores `service_worker`.
    delete m.background.service_worker;
  }
  return m;
}

for (const browser of ['chromium', 'firefox']) {
  const out = join(root, 'dist', browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(join(root, 'extension'), out, { recursive: true });
  for (const file of ['ecoute_wasm.js', 'ecoute_wasm_bg.wasm']) {
    const src = join(root, 'pkg', file);
    if (!existsSync(src)) throw new Error(`missing ${src}: run scripts/build-wasm.sh first`);
    mkdirSync(join(out, 'engine'), { recursive: true });
    cpSync(src, join(out, 'engine', file));
  }
  writeFileSync(join(out, 'manifest.json'), JSON.stringify(forBrowser(browser), null, 2) + '\n');
  const zip = join(root, 'dist', `ecoute-${browser}-${manifest.version}.zip`);
  rmSync(zip, { force: true });
  execFileSync('zip', ['-qr', '-X', zip, '.'], { cwd: out });
  console.log(`built dist/${browser}/ and ${zip.slice(root.length + 1)}`);
}
