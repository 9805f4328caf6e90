// Server names typed on the options page (extension/shared/hosts.js), for Mastodon/Bluesky on any server.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './content-core.mjs';
import { KINDS, normaliseHost, originOf, parseScriptId, scriptId, shippedHosts } from '../../extension/shared/hosts.js';

test('server names are normalised from what people type', () => {
  for (const [typed, host] of [
    ['piaille.fr', 'piaille.fr'], ['  Piaille.FR ', 'piaille.fr'], ['https://piaille.fr/home', 'piaille.fr'],
    ['@camille@piaille.fr', 'piaille.fr'], ['camille@social.example.org', 'social.example.org'],
    ['https://social.example.org./', 'social.example.org'], ['mastodon.xn--9dbq2a.example', 'mastodon.xn--9dbq2a.example'],
    ['mastodon.éxample.fr', 'mastodon.xn--xample-9ua.fr'],
  ]) assert.equal(normaliseHost(typed), host, typed);
});

test('what is not a public HTTPS server name is refused, with a message', () => {
  for (const bad of ['', '   ', 'http://piaille.fr', 'https://piaille.fr:8443', '127.0.0.1', '[::1]', 'localhost',
    'printer.local', 'nodot', 'https://', 'ftp://x.org', 'a b.org', 'javascript:alert(1)']) {
    assert.throws(() => normaliseHost(bad), (e) => e instanceof Error && e.message.length > 0, JSON.stringify(bad));
  }
});

test('script ids round-trip; origins are match patterns', () => {
  assert.equal(originOf('piaille.fr'), 'https://piaille.fr/*');
  assert.deepEqual(parseScriptId(scriptId('mastodon', 'piaille.fr')), { kind: 'mastodon', host: 'piaille.fr' });
  assert.equal(parseScriptId('something-else'), null);
  assert.equal(parseScriptId('ecoute-instance:unknown:x.org'), null);
});

test('the manifest ships each kind\'s adapter; shipped hosts are listed', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  for (const kind of Object.keys(KINDS)) assert.ok(shippedHosts(manifest, kind).length > 0, kind);
  assert.ok(shippedHosts(manifest, 'mastodon').includes('mastodon.social'));
  assert.deepEqual(shippedHosts(manifest, 'bluesky'), ['bsky.app']);
  assert.ok(manifest.permissions.includes('scripting'));
  assert.deepEqual(manifest.optional_host_permissions, ['https://*/*']);
});
