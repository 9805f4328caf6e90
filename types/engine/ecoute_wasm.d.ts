// The engine's wasm glue as the background imports it ('../engine/ecoute_wasm.js', copied into the
// extension at build): its types are the ones wasm-bindgen generates in pkg/ (scripts/build-wasm.sh).
// tsconfig.json's rootDirs lays this folder over extension/, so tsc finds it where the import points.
export * from '../../pkg/ecoute_wasm.js';
export { default } from '../../pkg/ecoute_wasm.js';
