// @ts-check
// Builds, from dist/ (run by `npm run build` after the page is there):
//   dist/raft-playground.html  the whole page in one file, for hosts that accept only a file
//                              (and for file://): CSS inlined, the page's bundle (build.mjs)
//                              and the few modules it leaves out inlined as data: URLs behind
//                              an import map (modules cannot import each other from file://),
//                              the WASM as base64, the preset list as a
//                              JSON data block (preset-list.js reads it: from file:// there is
//                              nothing to fetch). Its CSP allows exactly its inline scripts and
//                              style (by hash), data: modules and WASM compilation; nothing
//                              from any other origin.
//   dist/raft-playground.js    the <raft-playground> element's entry point (next to www/).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { PROTOCOLS } from '../www/sim/protocols.js';

/** The name modules get in the import map. */
const PREFIX = 'raft-playground/';
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g;

/** @param {string} text */
const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Every module reachable from `entry` (paths relative to `wwwDir`), rewritten to bare names.
 * @param {string} wwwDir
 * @param {string} entry
 * @param {Record<string, string>} replacements the sources of modules to use instead of their files
 */
function moduleGraph(wwwDir, entry, replacements) {
  /** @type {Map<string, string | null>} */
  const modules = new Map();
  /** @param {string} name */
  const visit = (name) => {
    if (modules.has(name)) return;
    modules.set(name, null);
    let source = replacements[name] ?? readFileSync(path.join(wwwDir, name), 'utf8');
    source = source.replace(IMPORT, (/** @type {string} */ _, /** @type {string} */ keyword, /** @type {string} */ quote, /** @type {string} */ specifier) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(name), specifier));
      visit(target);
      return `${keyword}${quote}${PREFIX}${target}${quote}`;
    });
    modules.set(name, source);
  };
  visit(entry);
  return modules;
}

/** @param {string} distDir */
export function buildSingle(distDir) {
  const wwwDir = path.join(distDir, 'www');
  // The simulators (one per protocol) and their reports modules come from the page itself,
  // gzipped then base64 (a third of the raw size).
  const wasmTags = PROTOCOLS.flatMap((protocol) => [['playground', protocol], ['report', `${protocol}-report`]].map(([name, key]) => {
    const base64 = gzipSync(readFileSync(path.join(wwwDir, 'pkg', protocol, `${name}_bg.wasm`)), { level: 9 }).toString('base64');
    return `<script type="application/wasm-gzip-base64" data-protocol="${key}">\n${base64}\n</script>\n`;
  })).join('');
  // The preset list as a data block, which no CSP rule concerns; `<` escaped so that no text
  // in it can close the tag.
  const presetList = readFileSync(path.join(wwwDir, 'pkg', 'presets.json'), 'utf8').trim().replace(/</g, '\\u003c');
  const presetTag = `<script type="application/json" id="raft-playground-presets">${presetList}</script>\n`;
  const wasmEarly = [
    '// The single-file build: each simulator and reports module is in the page, gzipped, as base64.',
    'const compiling = {};',
    'export function compiledSimulator(protocol) {',
    '  compiling[protocol] ??= Promise.resolve().then(() => {',
    '    const tag = document.querySelector(`script[type="application/wasm-gzip-base64"][data-protocol="${protocol}"]`);',
    "    if (!tag) throw new Error('There is no simulator for that protocol.');",
    '    const gzipped = new Blob([Uint8Array.from(atob(tag.textContent.trim()), (c) => c.charCodeAt(0))]);',
    "    return new Response(gzipped.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();",
    '  }).then((bytes) => WebAssembly.compile(bytes));',
    '  return compiling[protocol];',
    '}',
    'export function compiledReport(protocol) {',
    '  return compiledSimulator(`${protocol}-report`);',
    '}',
    '',
  ].join('\n');
  // The bundle's source map stays behind: from a data: URL there is nothing to point at.
  const bundle = readFileSync(path.join(wwwDir, 'page', 'main.bundle.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const modules = moduleGraph(wwwDir, 'page/main.bundle.js', { 'sim/wasm-early.js': wasmEarly, 'page/main.bundle.js': bundle });
  /** @type {Record<string, string>} */
  const imports = {};
  for (const [name, source] of modules) {
    imports[PREFIX + name] = `data:text/javascript;base64,${Buffer.from(source ?? '', 'utf8').toString('base64')}`;
  }
  const importMap = JSON.stringify({ imports });
  const entry = `import '${PREFIX}page/main.bundle.js';`;
  const css = ['style.css', 'sharing.css'].map((name) => readFileSync(path.join(wwwDir, 'styles', name), 'utf8')).join('\n');
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(importMap)} ${sha256(entry)} data: 'wasm-unsafe-eval'`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  let html = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  html = html
    .replace(/<meta http-equiv="Content-Security-Policy"[\s\S]*?>/, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/\s*<!--[\s\S]*?-->/g, '')
    .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
    .replace(/\s*<link rel="(modulepreload|preload|stylesheet)"[^>]*>/g, '')
    // Links to the site's other pages (comparison mode…) have nothing to open from one file.
    .replace(/<a\b[^>]*\bhref="\.\/[^"]*"[^>]*>[^<]*<\/a>/g, '')
    .replace('</head>', `  <style>${css}</style>\n  <script type="importmap">${importMap}</script>\n  <script type="module">${entry}</script>\n</head>`)
    // A function: the preset texts must not be read as replacement patterns (`$&`).
    .replace('</body>', () => `${presetTag}${wasmTags}</body>`);
  if (/<(script|link)\b[^>]*\b(src|href)="\.\//.test(html)) throw new Error('raft-playground.html still points at a file');
  writeFileSync(path.join(distDir, 'raft-playground.html'), html);
  writeFileSync(path.join(distDir, 'raft-playground.js'), [
    '// The <raft-playground> element (see docs/embedding.md): load this module, then use the tag.',
    "export * from './www/embed/element.js';",
    '',
  ].join('\n'));
  return { modules: modules.size, bytes: Buffer.byteLength(html) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { modules, bytes } = buildSingle(path.resolve(process.argv[2] ?? 'dist'));
  console.log(`single file: raft-playground.html (${modules} modules, ${(bytes / 1024).toFixed(0)} KB), raft-playground.js`);
}
