// Figures of the Rust core that the pages need before asking it (src/): keep each in sync with the
// constant it names (tests/unit/core-constants.test.mjs checks them).

/** Largest import file, in bytes: src/exchange/import.rs MAX_IMPORT_BYTES (why this much: see there). */
export const MAX_IMPORT_BYTES = 32_000_000;

/** The collection a post is saved to when none is given: src/store/saved.rs DEFAULT_COLLECTION. Shown in the
 * UI language (message dash_defaultCollection), stored and exported as this. */
export const DEFAULT_COLLECTION = 'Saved';
