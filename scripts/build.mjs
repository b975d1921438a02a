// @ts-check
// `npm run build`: release WASM → JS glue (wasm-bindgen, through the xtask) → wasm-opt (npm
// binaryen; Debian's corrupts the externref table) → a self-contained `dist/` with relative URLs
// only, so it works from any static host and any sub-path; each page's modules bundled into one
// file (esbuild). Prints the page weight.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { ensureTooling, root, run, step } from './lib/run.mjs';
import { PROTOCOLS } from '../www/sim/protocols.js';

const wasmTarget = 'wasm32-unknown-unknown';
const pkgDir = path.join(root, 'www', 'pkg');
const distDir = path.join(root, 'dist');

export function build() {
  ensureTooling();
  rmSync(pkgDir, { recursive: true, force: true });
  // One simulator per protocol (`www/pkg/<protocol>/playground*`): a page downloads only the
  // core it shows. Beside each, its reports module (`report*`: the Mermaid export, which
  // simulates the run again), fetched only when the reader asks for a report.
  for (const protocol of PROTOCOLS) {
    const outDir = path.join(pkgDir, protocol);
    for (const { crate, file, name } of WASM_MODULES) {
      step(`cargo build, ${crate}, ${protocol} only (wasm profile: release, size-optimised)`, () => {
        run('cargo', ['build', '--profile', 'wasm', '--target', wasmTarget, '-p', crate,
          '--no-default-features', '--features', protocol]);
      });
      step(`wasm-bindgen (JS glue), ${crate}, ${protocol}`, () => {
        run('cargo', ['run', '--quiet', '--profile', 'tool', '-p', 'xtask', '--', 'bindgen',
          '--target', 'web', '--no-typescript', '--out-dir', outDir, '--out-name', name,
          path.join(root, 'target', wasmTarget, 'wasm', `${file}.wasm`)]);
      });
      step(`wasm-opt -Oz, ${crate}, ${protocol}`, () => {
        const wasm = path.join(outDir, `${name}_bg.wasm`);
        // --converge: optimise again until nothing shrinks (under 1 KB gzip, for seconds). Then
        // drop the producers and target-features sections: wasm-bindgen and wasm-opt, which read
        // them, are done, and a browser never does (0.2 KB gzip).
        run(path.join(root, 'node_modules', '.bin', 'wasm-opt'), ['-Oz', '--converge', '--strip-producers',
          '--strip-target-features', wasm, '-o', wasm]);
      });
    }
  }
  // Not in the WASM: the page fetches the list when it first shows a preset (www/controls/preset-list.js).
  step('the preset list (xtask presets)', () => {
    run('cargo', ['run', '--quiet', '--profile', 'tool', '-p', 'xtask', '--', 'presets',
      '--out', path.join(pkgDir, 'presets.json')]);
  });
  step('dist/', () => {
    rmSync(distDir, { recursive: true, force: true });
    mkdirSync(distDir);
    for (const page of ['index.html', 'compare.html']) cpSync(path.join(root, page), path.join(distDir, page));
    cpSync(path.join(root, 'www'), path.join(distDir, 'www'), { recursive: true });
    for (const [page, entry] of Object.entries(BUNDLED_PAGES)) bundlePage(page, entry);
    for (const script of ['gallery.mjs', 'build-single.mjs']) run('node', [path.join(root, 'scripts', script), distDir]);
    printWeight(distDir);
  });
}

/** The WASM modules built per protocol: the crate, its cargo output, and the name of its
 * files in `www/pkg/<protocol>/` (`<name>.js`, `<name>_bg.wasm`). */
const WASM_MODULES = [
  { crate: 'playground-wasm', file: 'playground', name: 'playground' },
  { crate: 'playground-report', file: 'playground_report', name: 'report' },
];

/** The pages whose modules are bundled in dist/, with their entry module. */
const BUNDLED_PAGES = { 'index.html': 'page/main.js', 'compare.html': 'compare/compare-main.js' };

/**
 * Bundles a page's module graph (minified, with a source map) into one file beside its entry,
 * `www/<folder>/<entry>.bundle.js`, and points the page at it. One request instead of a dozen:
 * over HTTP/1.1 a browser fetches six files at a time, and the modules of the first drawing
 * queued behind each other (about 35 ms to the first drawn cluster on localhost).
 * `sim/wasm-early.js` stays a module of its own: the page starts it first, and the bundle must
 * share its compiled simulator rather than start a second compilation. Multi-Paxos's glue stays
 * out too: the page imports it only for a Multi-Paxos scenario; so do the reports modules'
 * glue, imported only for a report. The bundle is built from the
 * copy in dist/, so esbuild writes those two imports relative to the bundle, within dist/; and
 * every module sits one folder below www/, as the bundle does, so the addresses the modules
 * make from `import.meta.url` (`../pkg/…`) hold inside the bundle too.
 * @param {string} page
 * @param {string} entry
 */
function bundlePage(page, entry) {
  const bundle = entry.replace(/\.js$/, '.bundle.js');
  const distWww = path.join(distDir, 'www');
  run(path.join(root, 'node_modules', '.bin', 'esbuild'), [path.join(distWww, entry), '--bundle',
    '--format=esm', '--minify', '--sourcemap', '--log-level=warning',
    `--external:${path.join(distWww, 'sim', 'wasm-early.js')}`,
    // Imported on demand (sim/simulators.js): they stay files of their own.
    `--external:${path.join(distWww, 'pkg', 'paxos', 'playground.js')}`,
    `--external:${path.join(distWww, 'pkg', 'raft', 'report.js')}`,
    `--external:${path.join(distWww, 'pkg', 'paxos', 'report.js')}`,
    `--outfile=${path.join(distWww, bundle)}`]);
  const file = path.join(distDir, page);
  const html = readFileSync(file, 'utf8');
  const script = `<script type="module" src="./www/${entry}"></script>`;
  if (!html.includes(script)) throw new Error(`${page} does not load ./www/${entry}`);
  writeFileSync(file, html
    .replace(script, `<script type="module" src="./www/${bundle}"></script>`)
    .replace(/\s*<link rel="modulepreload"[^>]*>/g, ''));
}

/** Every file under `dir`, in every folder.
 * @param {string} dir
 * @returns {string[]}
 */
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Relative URLs a page or a module loads: scripts, stylesheets, preloads, static and dynamic
 * imports. Links to other pages (`<a href>`) are not loads. */
const LOADS = [
  /<(?:script|link)\b[^>]*\b(?:src|href)="(\.{1,2}\/[^"#?]+)"/g,
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)["'](\.{1,2}\/[^"']+)["']/g,
  /new URL\(\s*["'](\.{1,2}\/[^"']+)["']\s*,\s*import\.meta\.url/g,
];

/**
 * Files the page fetches only when the reader asks for what they hold, and when that is. They
 * are listed with that note and not counted in the page's weight (the end-to-end tests check
 * that opening the page does not fetch the preset list).
 */
/** @type {Record<string, string>} */
const ON_DEMAND = {
  'www/pkg/paxos/playground.js': 'when a scenario runs Multi-Paxos',
  'www/pkg/paxos/playground_bg.wasm': 'when a scenario runs Multi-Paxos',
  'www/pkg/raft/report.js': 'when the reader copies the sequence diagram as Mermaid (a Raft run)',
  'www/pkg/raft/report_bg.wasm': 'when the reader copies the sequence diagram as Mermaid (a Raft run)',
  'www/pkg/paxos/report.js': 'when the reader copies the sequence diagram as Mermaid (a Multi-Paxos run)',
  'www/pkg/paxos/report_bg.wasm': 'when the reader copies the sequence diagram as Mermaid (a Multi-Paxos run)',
  'www/pkg/presets.json': 'when the preset picker is first pointed at or focused; on a touch screen, once the page is idle',
};

/** The files (relative to `dir`) that opening `page` loads, found by following its loads.
 * @param {string} dir
 * @param {string} page
 */
function pageFiles(dir, page) {
  /** @type {Set<string>} */
  const found = new Set();
  /** @param {string} name */
  const visit = (name) => {
    if (found.has(name)) return;
    found.add(name);
    if (!/\.(html|js)$/.test(name)) return;
    const text = readFileSync(path.join(dir, name), 'utf8');
    for (const pattern of LOADS) {
      for (const [, url] of text.matchAll(pattern)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(name), url));
        if (!target.endsWith('.html')) visit(target);
      }
    }
  };
  visit(page);
  return found;
}

/**
 * Every file of `dir` with its raw and gzip sizes in bytes, and whether the playground page
 * (index.html) loads it when opened (`page`) or later, on demand (`onDemand`: when);
 * `raw`/`gzip`: the totals of what opening the page loads. Other entry points and products
 * built beside it (the gallery, the single-file build, the element, the comparison page, the
 * unbundled modules they use) are listed but not counted.
 */
export function pageWeight(dir = distDir) {
  const loaded = pageFiles(dir, 'index.html');
  const files = filesUnder(dir).sort().map((file) => {
    const bytes = readFileSync(file);
    const name = path.relative(dir, file);
    return {
      file: name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      page: loaded.has(name) && !ON_DEMAND[name],
      onDemand: ON_DEMAND[name] ?? null,
    };
  });
  /** @param {'raw' | 'gzip'} key */
  const sum = (key) => files.filter((f) => f.page).reduce((total, f) => total + f[key], 0);
  return { files, raw: sum('raw'), gzip: sum('gzip') };
}

/** `bytes` in KB (1024 bytes) with one decimal, as every page-weight figure is written. */
export const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1);

/** The budgets the page is held to (tests/node/page-weight.test.mjs fails past them). */
export const BUDGET_GZIP_BYTES = { page: 150 * 1024, wasm: 100 * 1024 };

/** Every WASM of each protocol, the simulator and the reports module (whether the page loads it
 * at once or on demand), with its gzip size: each is held to the WASM budget.
 * @param {ReturnType<typeof pageWeight>} weight
 */
export function wasmFiles(weight) {
  return weight.files.filter((f) => f.file.endsWith('.wasm') && f.file.startsWith('www/pkg/'));
}

/** @param {string} dir */
function printWeight(dir) {
  /** @param {number} bytes */
  const column = (bytes) => kb(bytes).padStart(8);
  const weight = pageWeight(dir);
  console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
  for (const { file, raw, gzip, page, onDemand } of weight.files) {
    const note = page ? '' : onDemand ? `  (${onDemand})` : '  (not loaded by the page)';
    console.log(`${file.padEnd(40)} ${column(raw)} ${column(gzip)}${note}`);
  }
  console.log(`${'total, the page itself'.padEnd(40)} ${column(weight.raw)} ${column(weight.gzip)}`);
  console.log('budgets, gzip:');
  /** @param {string} name @param {number} bytes @param {number} budget */
  const budgetRow = (name, bytes, budget) => console.log(`  ${name.padEnd(38)} ${column(bytes)} KB ${
    bytes <= budget ? '≤' : '> (over budget)'} ${budget / 1024} KB`);
  budgetRow('the page itself', weight.gzip, BUDGET_GZIP_BYTES.page);
  for (const { file, gzip } of wasmFiles(weight)) budgetRow(file, gzip, BUDGET_GZIP_BYTES.wasm);
}

if (import.meta.url === `file://${process.argv[1]}`) build();
