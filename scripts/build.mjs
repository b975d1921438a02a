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
    for (const page of ['index.html', 'compare.html']) cpSync(path.join(root, page), path.join(distDir, page));
    cpSync(path.join(root, 'www'), path.join(distDir, 'www'), { recursive: true });
    for (const script of ['gallery.mjs', 'build-single.mjs']) run('node', [path.join(root, 'scripts', script), distDir]);
    printWeight(distDir);
  });
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Files that are not part of loading the playground page: other entry points and
 * products built beside it (the gallery, the single-file build, the element bundle, the
 * comparison page). They are listed, but the page's budget counts the rest. */
const NOT_THE_PAGE = [/^presets\//, /^raft-playground\.(html|js)$/, /^compare\.html$/, /^www\/compare/, /^www\/element/];

/**
 * Every file of `dir` with its raw and gzip sizes in bytes; `raw`/`gzip`: the totals of the
 * playground page itself (index.html and what it loads).
 */
export function pageWeight(dir = distDir) {
  const files = filesUnder(dir).sort().map((file) => {
    const bytes = readFileSync(file);
    const name = path.relative(dir, file);
    return {
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      page: !NOT_THE_PAGE.some((pattern) => pattern.test(name)),
    };
  });
  const sum = (key) => files.filter((f) => f.page).reduce((total, f) => total + f[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip') };
}

function printWeight(dir) {
  const kb = (bytes) => (bytes / 1024).toFixed(1).padStart(8);
  const weight = pageWeight(dir);
  console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
  for (const { file, raw, gzip, page } of weight.files) {
    console.log(`${file.padEnd(40)} ${kb(raw)} ${kb(gzip)}${page ? '' : '  (not loaded by the page)'}`);
  }
  console.log(`${'total, the page itself'.padEnd(40)} ${kb(weight.raw)} ${kb(weight.gzip)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
