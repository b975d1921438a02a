// The preset scenarios (crates/sim/presets/) as the build writes them, `www/pkg/presets.json`:
// `[{name, title, caption, scenario}]`, each scenario as JSON text. They are not in the
// simulator's WASM, so a visit that never shows a preset never downloads them: the list is
// fetched the first time something asks for it, then kept. The single-file build has no file
// to fetch (file://): it carries the list in the page, in the data block read here.
import { messageOf } from '../page/format.js';
/** @import { Preset } from '../sim/types.js' */

const INLINE_LIST = 'script[type="application/json"]#raft-playground-presets';

/** @type {Promise<Preset[]> | null} */
let loading = null;

/** The preset list; rejects with an Error in plain words, and the next call tries again. */
export function presetList() {
  loading ??= read().catch((problem) => {
    loading = null;
    throw new Error(`The presets could not be loaded (${messageOf(problem)}).`);
  });
  return loading;
}

/** The preset named `name`, or null.
 * @param {string} name
 * @returns {Promise<Preset | null>}
 */
export async function findPreset(name) {
  return (await presetList()).find((preset) => preset.name === name) ?? null;
}

/** @returns {Promise<Preset[]>} */
async function read() {
  const inline = document.querySelector(INLINE_LIST);
  const list = inline ? JSON.parse(String(inline.textContent)) : await fetchList();
  if (!Array.isArray(list)) throw new Error('the file holds no list');
  return list;
}

async function fetchList() {
  const response = await fetch(new URL('../pkg/presets.json', import.meta.url));
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return response.json();
}
