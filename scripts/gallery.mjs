// @ts-check
// The presets gallery, generated into dist/ by `npm run build`: one page per preset at a
// readable path (`presets/figure-8/`), a copy of index.html whose title, description and
// OpenGraph tags are the preset's (so a shared link unfurls with them) and whose root element
// names the preset to start (`data-preset`, read by main.js); and `presets/index.html` listing
// them all with their captions. The preset list is the one the page fetches, written by the
// build (`xtask presets`, to www/pkg/presets.json).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** @import { Preset } from '../www/sim/types.js' */

/** Text for an HTML text node or a double-quoted attribute.
 * @param {string} text
 */
export function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One preset's page: index.html two folders down, with the preset's title and description.
 * @param {string} indexHtml
 * @param {Preset} preset
 */
export function presetPage(indexHtml, preset) {
  const title = `${preset.title} · Raft Playground`;
  const description = preset.caption;
  const meta = [
    `<meta name="description" content="${escapeHtml(description)}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:site_name" content="Raft Playground">`,
    `<meta property="og:title" content="${escapeHtml(preset.title)}">`,
    `<meta property="og:description" content="${escapeHtml(description)}">`,
    `<meta name="twitter:card" content="summary">`,
  ].join('\n  ');
  const page = indexHtml
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace(/<meta name="description"[^>]*>/, meta)
    .replace(/(src|href)="\.\/(?!\/)/g, '$1="../../')
    .replace(/<main data-playground/, `<main data-playground data-preset="${escapeHtml(preset.name)}"`);
  if (!page.includes(`data-preset="${escapeHtml(preset.name)}"`)) throw new Error('index.html has no <main data-playground> for the preset');
  if (!page.includes('og:title')) throw new Error('index.html has no <meta name="description"> to replace');
  return page;
}

/** index.html with the preset list's titles written into its picker, so that the list is there
 * on first paint (the scenarios are fetched when one is loaded).
 * @param {string} indexHtml
 * @param {Preset[]} list
 */
export function withPresetOptions(indexHtml, list) {
  const empty = '<select class="preset-select" disabled></select>';
  if (!indexHtml.includes(empty)) throw new Error('index.html has no empty preset picker to fill');
  const options = ['<option value="">Choose a preset…</option>', ...list.map((preset) => `<option value="${escapeHtml(preset.name)}">${escapeHtml(preset.title)}</option>`)];
  return indexHtml.replace(empty, `<select class="preset-select" disabled>${options.join('')}</select>`);
}

/** The gallery's index page.
 * @param {string} indexHtml
 * @param {Preset[]} list
 */
export function galleryIndex(indexHtml, list) {
  const csp = /<meta http-equiv="Content-Security-Policy"[\s\S]*?>/.exec(indexHtml)?.[0] ?? '';
  const items = list.map((preset) => [
    '    <li>',
    `      <h2><a href="./${escapeHtml(preset.name)}/">${escapeHtml(preset.title)}</a></h2>`,
    `      <p>${escapeHtml(preset.caption)}</p>`,
    '    </li>',
  ].join('\n')).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  ${csp}
  <title>Presets · Raft Playground</title>
  <meta name="description" content="Scenarios that each show one behaviour of Raft or Multi-Paxos, with what to watch.">
  <meta property="og:title" content="Raft Playground presets">
  <meta property="og:description" content="Scenarios that each show one behaviour of Raft or Multi-Paxos, with what to watch.">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="../www/styles/style.css">
  <link rel="stylesheet" href="../www/styles/sharing.css">
</head>
<body>
  <main class="playground gallery">
    <h1>Raft Playground presets</h1>
    <p><a href="../">The playground</a> · each preset opens at time 0; the caption says what to watch.</p>
    <ul class="gallery-list">
${items}
    </ul>
  </main>
</body>
</html>
`;
}

/** Writes `dist/presets/…`; returns the preset names.
 * @param {string} distDir
 */
export function buildGallery(distDir) {
  /** @type {Preset[]} */
  const list = JSON.parse(readFileSync(path.join(distDir, 'www', 'pkg', 'presets.json'), 'utf8'));
  const indexHtml = withPresetOptions(readFileSync(path.join(distDir, 'index.html'), 'utf8'), list);
  writeFileSync(path.join(distDir, 'index.html'), indexHtml);
  for (const preset of list) {
    if (!/^[a-z0-9-]+$/.test(preset.name)) throw new Error(`preset name ${JSON.stringify(preset.name)} is not a readable path`);
    const dir = path.join(distDir, 'presets', preset.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), presetPage(indexHtml, preset));
  }
  writeFileSync(path.join(distDir, 'presets', 'index.html'), galleryIndex(indexHtml, list));
  return list.map((preset) => preset.name);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = buildGallery(path.resolve(process.argv[2] ?? 'dist'));
  console.log(`presets gallery: ${names.length} pages under presets/`);
}
