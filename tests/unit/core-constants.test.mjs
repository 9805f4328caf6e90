// extension/shared/core.js repeats a few figures of the Rust core for the pages (to refuse a file before
// reading it, to name the default collection): each must be the constant it names in src/.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './content-core.mjs';
import { DEFAULT_COLLECTION, MAX_IMPORT_BYTES } from '../../extension/shared/core.js';

const rust = (file, name) => {
  const m = new RegExp(`pub const ${name}: [^=]+= ([^;]+);`).exec(readFileSync(join(ROOT, file), 'utf8'));
  assert.ok(m, `${file} defines ${name}`);
  return m[1].trim();
};

test('the pages know the import limit and the default collection as the core defines them', () => {
  assert.equal(MAX_IMPORT_BYTES, Number(rust('src/export.rs', 'MAX_IMPORT_BYTES').replaceAll('_', '')));
  assert.equal(JSON.stringify(DEFAULT_COLLECTION), rust('src/saved.rs', 'DEFAULT_COLLECTION'));
});
