// The Mermaid exports of every preset parse with the real `mermaid` package (its sequence
// diagram parser runs in plain Node: no DOM needed): the page's (the reports module's
// `mermaid(scenario, from, to)`, for the whole run and for a window) and the CLI's (`raftplay
// mermaid`, whole run and `--last-election`). The page's whole-run export and the CLI's are the
// same text. Needs `npm run build` first (www/pkg: both reports modules and the preset list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import mermaid from 'mermaid';
import { root } from '../../scripts/lib/run.mjs';
import * as raft from '../../www/pkg/raft/report.js';
import * as paxos from '../../www/pkg/paxos/report.js';

const reports = { raft, paxos };
for (const [protocol, bindings] of Object.entries(reports)) {
  bindings.initSync({ module: readFileSync(path.join(root, 'www', 'pkg', protocol, 'report_bg.wasm')) });
}
/** @type {{name: string, scenario: string}[]} */
const presets = JSON.parse(readFileSync(path.join(root, 'www', 'pkg', 'presets.json'), 'utf8'));

/** Rejects with mermaid's own message (and the text's name) if `text` is not a diagram it reads.
 * @param {string} name
 * @param {string} text
 */
async function parses(name, text) {
  try {
    const result = await mermaid.parse(text);
    assert.equal(result && result.diagramType, 'sequence', name);
  } catch (error) {
    throw new Error(`${name}: mermaid cannot parse the export: ${error instanceof Error ? error.message : error}\n${text}`);
  }
}

/** Each preset's page exports: the whole run, and its second half. */
function pageExports() {
  return presets.flatMap(({ name, scenario }) => {
    const { protocol, run_until_ms: until } = JSON.parse(scenario);
    const { mermaid: exportOf } = reports[/** @type {'raft' | 'paxos'} */ (protocol)];
    return [
      { name: `${name} (page, whole run)`, preset: name, text: exportOf(scenario, 0, until) },
      { name: `${name} (page, ${until / 2} ms on)`, preset: name, text: exportOf(scenario, until / 2, until) },
    ];
  });
}

test('the parser refuses a broken export: this test can fail', async () => {
  const [good] = pageExports();
  await parses(good.name, good.text);
  // What the export must never write: a `;` in a message ends the statement early.
  const broken = good.text.replace(/(S\d->>S\d: RequestVote)/, '$1; term');
  assert.notEqual(broken, good.text);
  await assert.rejects(parses('broken', broken), /mermaid cannot parse the export/);
  await assert.rejects(parses('garbled', good.text.replace('->>', '->>>>')), /cannot parse/);
});

test('every preset\'s export from the page parses with mermaid', async () => {
  const exports = pageExports();
  assert.equal(exports.length, presets.length * 2);
  for (const { name, text } of exports) {
    assert.match(text, /^sequenceDiagram\n/, name);
    await parses(name, text);
  }
  // A window before anything happened is still a diagram; bad input is an Error, not a trap.
  const scenario = presets[0].scenario;
  await parses('an empty window', raft.mermaid(scenario, 0, 1));
  assert.throws(() => raft.mermaid(scenario, 5, 1), /fromMs must not be after toMs/);
  assert.throws(() => raft.mermaid(scenario, Number.NaN, 1), /fromMs must be a number of milliseconds/);
  assert.throws(() => raft.mermaid(scenario, 0, Infinity), /toMs must be a number of milliseconds/);
  assert.throws(() => raft.mermaid('{', 0, 1), /JSON/);
  assert.throws(() => raft.mermaid(presets.at(-1)?.scenario ?? '', 0, 1), /built without Multi-Paxos/);
  assert.match(raft.mermaid(scenario, 0, 1000), /RequestVote term 1/);
});

test('every preset\'s export from raftplay parses with mermaid, and the whole run is the page\'s', async () => {
  execFileSync('cargo', ['build', '--profile', 'checked', '-p', 'sim', '--bin', 'raftplay'], { cwd: root, stdio: 'inherit' });
  const raftplay = path.join(root, 'target', 'checked', 'raftplay');
  const page = new Map(pageExports().filter((e) => e.name.endsWith('(page, whole run)')).map((e) => [e.preset, e.text]));
  for (const { name } of presets) {
    const whole = execFileSync(raftplay, ['mermaid', name], { cwd: root, encoding: 'utf8' });
    await parses(`${name} (raftplay)`, whole);
    assert.equal(whole, page.get(name), `${name}: raftplay and the page tell the same story`);
    const election = execFileSync(raftplay, ['mermaid', name, '--last-election'], { cwd: root, encoding: 'utf8' });
    await parses(`${name} (raftplay --last-election)`, election);
    assert.match(election, /Note over S\d: becomes leader/, name);
  }
});
