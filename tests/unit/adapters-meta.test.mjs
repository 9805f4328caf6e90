// Meta-tests of the site adapters (Refined GitHub's pattern): every adapter file registers exactly one
// adapter named after its file, has fixtures with expected output, and is shipped by manifest.json for
// every host it claims; every fixture says where it comes from and makes no network request.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, adapterFiles, loadContentCore } from './content-core.mjs';

const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
const SITES = join(ROOT, 'tests', 'fixtures', 'sites');

/** Does a manifest match pattern ("https://*.reddit.com/*") cover `host`? */
function covers(pattern, host) {
  const m = pattern.match(/^(\*|https?):\/\/([^/]+)\//);
  if (!m) return false;
  const h = m[2];
  if (h === '*') return true;
  if (h.startsWith('*.')) return host === h.slice(2) || host.endsWith(h.slice(1));
  return host === h;
}

const entryFor = (file) => manifest.content_scripts.find((cs) => cs.js.includes(`content/adapters/${file}`));

for (const file of adapterFiles()) {
  const site = file.replace(/\.js$/, '');

  test(`${site}: registers one adapter named "${site}" with post selectors and extract()`, () => {
    const { Ecoute } = loadContentCore({ adapters: [site] });
    assert.equal(Ecoute.adapters.length, 1);
    const a = Ecoute.adapters[0];
    assert.equal(a.site, site);
    assert.ok(Array.isArray(a.hosts) && a.hosts.length > 0, 'hosts');
    assert.ok(Array.isArray(a.selectors.post) && a.selectors.post.length > 0, 'selectors.post');
    for (const alternatives of Object.values(a.selectors)) {
      assert.ok(Array.isArray(alternatives) && alternatives.every((s) => typeof s === 'string' && s), 'each selector is a list of alternatives');
    }
    assert.equal(typeof a.extract, 'function');
    // optional parts: the element the annotation goes on, and the layouts the health check counts
    if ('container' in a) assert.equal(typeof a.container, 'function', 'container(el) is a function');
    if ('expected' in a) {
      assert.ok(Array.isArray(a.expected) && a.expected.length > 0, 'expected is a list of layouts');
      for (const l of a.expected) {
        assert.ok(typeof l.layout === 'string' && l.layout.length > 0 && l.layout.length <= 64, 'each layout has a short name');
        assert.ok(typeof l.selector === 'string' && l.selector, 'each layout has a selector');
      }
    }
  });

  test(`${site}: manifest.json loads it (core first, main last) on every host it claims`, () => {
    const { Ecoute } = loadContentCore({ adapters: [site] });
    const cs = entryFor(file);
    assert.ok(cs, `a content_scripts entry loads content/adapters/${file}`);
    assert.equal(cs.js[0], 'content/ecoute.js');
    assert.equal(cs.js[cs.js.length - 1], 'content/main.js');
    for (const core of ['content/watcher.js', 'content/render.js', 'content/health.js']) assert.ok(cs.js.includes(core), core);
    // render.js words badges and rises with shared/words.js, which must come before it.
    assert.ok(cs.js.indexOf('shared/words.js') >= 0 && cs.js.indexOf('shared/words.js') < cs.js.indexOf('content/render.js'), 'shared/words.js before render.js');
    for (const host of Ecoute.adapters[0].hosts) {
      const variants = [host, `www.${host}`];
      assert.ok(variants.some((h) => cs.matches.some((p) => covers(p, h))), `${host} (or www.${host}) is matched`);
    }
  });

  test(`${site}: has fixtures with expected output, served on hosts the manifest matches`, () => {
    const dir = join(SITES, site);
    assert.ok(existsSync(dir), `tests/fixtures/sites/${site}/ exists`);
    const expected = readdirSync(dir).filter((f) => f.endsWith('.expected.json'));
    assert.ok(expected.length > 0, 'at least one expected.json');
    const cs = entryFor(file);
    for (const f of expected) {
      const html = join(dir, f.replace(/\.expected\.json$/, '.html'));
      assert.ok(existsSync(html), `${f} has its page beside it`);
      const exp = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      assert.ok(exp.posts.length > 0, `${f} expects posts`);
      const host = new URL(exp.url).host;
      assert.ok(cs.matches.some((p) => covers(p, host)), `${f}: ${host} is matched by the manifest`);
      for (const p of exp.posts) {
        assert.ok(p.author && 'handle' in p.author && typeof p.text_start === 'string' && p.metrics, `${f}: author, text_start, metrics`);
        // the fields added by issue 14, where a fixture states them: as src/base/post.rs types them
        if (p.time_text != null) assert.ok(typeof p.time_text === 'string' && p.time_text.length <= 64, `${f}: time_text`);
        if (p.promoted !== undefined) assert.equal(typeof p.promoted, 'boolean', `${f}: promoted`);
        if (p.shown !== undefined) {
          for (const [k, v] of Object.entries(p.shown)) {
            assert.ok(['likes', 'reposts', 'replies', 'views', 'followers'].includes(k) && typeof v === 'string', `${f}: shown.${k}`);
          }
        }
      }
    }
  });
}

test('every adapter the manifest names exists', () => {
  const files = new Set(adapterFiles());
  for (const cs of manifest.content_scripts) {
    for (const js of cs.js.filter((j) => j.startsWith('content/adapters/'))) assert.ok(files.has(js.split('/').pop()), js);
  }
});

test('every fixture page says where it comes from and makes no network request', () => {
  const pages = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.html')) pages.push(join(d, e.name));
    }
  };
  walk(join(ROOT, 'tests', 'fixtures'));
  assert.ok(pages.length >= 12);
  for (const p of pages) {
    const src = readFileSync(p, 'utf8');
    const rel = p.slice(ROOT.length + 1);
    const head = src.slice(0, 2000);
    assert.match(head, /<!--[\s\S]*(Derived from shared\/pages\/|WRITTEN FROM PUBLIC MARKUP|Generated by tests\/fixtures\/tools\/)/, `${rel}: header names its source`);
    assert.doesNotMatch(src, /<(script|link|iframe|embed|object)\b/i, `${rel}: no script, link, iframe`);
    const inlineData = src.replace(/data:[^"]*/g, 'data:');
    assert.doesNotMatch(inlineData, /<(?!a\b)\w+[^>]*\s(src|srcset|poster)="(?!data:)[^"]+"/i, `${rel}: every src is inline`);
    for (const m of inlineData.matchAll(/url\(([^)]*)\)/gi)) {
      const inner = m[1].replace(/&quot;|["']/g, '').trim();
      assert.ok(inner === '' || inner === 'none' || inner.startsWith('data:') || inner.startsWith('#'), `${rel}: url(${inner.slice(0, 60)})`);
    }
  }
});
