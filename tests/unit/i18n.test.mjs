// The extension's words (extension/_locales/{en,fr}/messages.json): both languages have the same messages
// with the same placeholders, none empty, and every key the sources use exists. The sources name keys in
// data-i18n* attributes (HTML), msg()/msgOr() (shared/i18n.js), t() (content/render.js, shared/words.js), refusal()
// (shared/hosts.js), getMessage() and __MSG_key__ (manifest.json).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './content-core.mjs';

const EXT = join(ROOT, 'extension');
const LOCALES = readdirSync(join(EXT, '_locales'));
const messages = Object.fromEntries(LOCALES.map((l) => [l, JSON.parse(readFileSync(join(EXT, '_locales', l, 'messages.json'), 'utf8'))]));
const used = (m) => [...new Set([...m.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((x) => x[1].toLowerCase()))].sort();

function files(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '_locales') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (/\.(js|html)$/.test(e.name)) out.push(p);
  }
  return out;
}
const SOURCES = files(EXT).map((path) => ({ path: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8') }));

/** [key, file] for every message key named in the sources. */
function keysUsed() {
  const out = [];
  const add = (key, path) => out.push([key, path]);
  for (const { path, text } of SOURCES) {
    for (const m of text.matchAll(/data-i18n(?:-placeholder|-title|-aria-label)?="([^"]*)"/g)) add(m[1], path);
    // msg('key', ...), msgOr('key', ...), t('key', ...), getMessage('key'), and msg(c ? 'a' : 'b')
    for (const m of text.matchAll(/\b(?:msg|msgOr|t|getMessage)\(\s*'([^'$`]+)'/g)) add(m[1], path);
    // hosts.js: refusal(english, 'key', ...)
    for (const m of text.matchAll(/\brefusal\((?:'[^']*'|`[^`]*`),\s*'([^']+)'/g)) add(m[1], path);
    for (const m of text.matchAll(/\bmsg\(\s*[\w.]+(?: === '[^']*')?\s*\?\s*'([^']+)'\s*:\s*'([^']+)'/g)) add(m[1], path), add(m[2], path);
  }
  for (const m of readFileSync(join(ROOT, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)) add(m[1], 'manifest.json');
  return out;
}

test('English is the default locale and French is there', () => {
  assert.equal(JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')).default_locale, 'en');
  assert.deepEqual(LOCALES.sort(), ['en', 'fr']);
});

test('every locale has exactly the same keys as English', () => {
  const en = Object.keys(messages.en).sort();
  for (const l of LOCALES) assert.deepEqual(Object.keys(messages[l]).sort(), en, `${l}: same keys as en`);
});

test('no message is empty, and placeholders match across locales and within each message', () => {
  for (const l of LOCALES) {
    for (const [key, m] of Object.entries(messages[l])) {
      assert.equal(typeof m.message, 'string', `${l}/${key}`);
      assert.ok(m.message.trim().length > 0, `${l}/${key} is empty`);
      assert.deepEqual(used(m.message), Object.keys(m.placeholders || {}).map((p) => p.toLowerCase()).sort(),
        `${l}/${key}: the $PLACEHOLDERS$ of the message are those it defines`);
      assert.deepEqual(used(m.message), used(messages.en[key].message), `${l}/${key}: same placeholders as en`);
      for (const [p, def] of Object.entries(m.placeholders || {})) {
        assert.equal(def.content, messages.en[key].placeholders[p].content, `${l}/${key}: $${p}$ is the same substitution as in en`);
      }
      assert.doesNotMatch(m.message.replace(/\$\$/g, '').replace(/\$[A-Za-z0-9_@]+\$/g, '').replace(/\$[1-9]/g, ''), /\$/, `${l}/${key}: a stray $`);
    }
  }
});

test('every key the extension uses exists (HTML data-i18n*, msg(), t(), getMessage(), __MSG__)', () => {
  const keys = keysUsed();
  assert.ok(keys.length > 100, `found ${keys.length} uses`);
  for (const [key, path] of keys) assert.ok(key in messages.en, `${path} uses «${key}», missing from en/messages.json`);
  // Keys built from data (label_${k}, intent_${k}_plural, trendVia_${via}) exist for the values the engine sends.
  for (const k of ['positive', 'neutral', 'negative']) assert.ok(`label_${k}` in messages.en);
  for (const k of ['praise', 'complaint', 'request', 'question']) assert.ok(`intent_${k}` in messages.en && `intent_${k}_plural` in messages.en);
  for (const k of ['baseline', 'velocity']) assert.ok(`trendVia_${k}` in messages.en);
});

test('elements named by data-i18n hold only text, and that text is the English message', () => {
  for (const { path, text } of SOURCES.filter((s) => s.path.endsWith('.html'))) {
    for (const m of text.matchAll(/<(\w+)\b[^>]*\sdata-i18n="([^"]+)"[^>]*>([^<]*)(<\/?\w*)/g)) {
      const [, tag, key, content, next] = m;
      assert.ok(key in messages.en, `${path}: «${key}» is missing from en/messages.json`);
      assert.equal(next, `</${tag}`, `${path}: <${tag} data-i18n="${key}"> has child elements: its text would replace them`);
      assert.equal(content.replace(/\s+/g, ' ').replace(/&amp;/g, '&').trim(), messages.en[key].message, `${path}: the English of «${key}»`);
    }
    for (const m of text.matchAll(/\splaceholder=(["'])(.*?)\1[^>]*data-i18n-placeholder="([^"]+)"/g)) {
      assert.equal(m[2], messages.en[m[3]].message, `${path}: the English placeholder «${m[3]}»`);
    }
  }
});

test('every message is used somewhere', () => {
  // The reverse check: messages nobody uses are dead weight (keys built from data excepted).
  const keys = new Set(keysUsed().map(([k]) => k));
  const dynamic = /^(label_|intent_|trendVia_)/;
  const unused = Object.keys(messages.en).filter((k) => !keys.has(k) && !dynamic.test(k));
  assert.deepEqual(unused, [], 'messages no source uses');
});
