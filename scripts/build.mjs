// `npm run build`: release WASM → JS glue (wasm-bindgen, through the xtask) → wasm-opt (npm
// binaryen; Debian's corrupts the externref table) → a self-contained `dist/` with relative URLs
// only, so it works from any static host and any sub-path. Prints the page weight.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { ensureTooling, root, run, step } from './lib/run.mjs';

const wasmTarget = 'wasm32-unknown-unknown';
const pkgDir = path.join(root, 'www', 'pkg');
const distDir = path.join(root, 'dist');

export function build() {
  ensureTooling();
  step('cargo build (wasm profile: release, size-optimised)', () => {
    run('cargo', ['build', '--profile', 'wasm', '--target', wasmTarget, '-p', 'playground-wasm']);
  });
  step('wasm-bindgen (JS glue)', () => {
    rmSync(pkgDir, { recursive: true, force: true });
    run('cargo', ['run', '--quiet', '--profile', 'tool', '-p', 'xtask', '--', 'bindgen',
      '--target', 'web', '--no-typescript', '--out-dir', pkgDir, '--out-name', 'playground',
      path.join(root, 'target', wasmTarget, 'wasm', 'playground.wasm')]);
  });
  step('wasm-opt -Oz', () => {
    const wasm = path.join(pkgDir, 'playground_bg.wasm');
    run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', wasm, '-o', wasm]);
  });
  step('dist/', () => {
    rmSync(distDir, { recursive: true, force: true });
    mkdirSync(distDir);
    cpSync(path.join(root, 'index.html'), path.join(distDir, 'index.html'));
    cpSync(path.join(root, 'www'), path.join(distDir, 'www'), { recursive: true });
    printWeight(distDir);
  });
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function printWeight(dir) {
  const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
  let raw = 0;
  let gz = 0;
  console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
  for (const file of filesUnder(dir).sort()) {
    const bytes = readFileSync(file);
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += zipped;
    console.log(`${path.relative(dir, file).padEnd(40)} ${kb(bytes.length)} ${kb(zipped)}`);
  }
  console.log(`${'total'.padEnd(40)} ${kb(raw)} ${kb(gz)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
