// The WASM build, run by Node, replays every golden link to the trace hash recorded natively
// (fixtures/links-v1.json, and links-v2.json expanded by the page's link-codec.js with Node's
// DecompressionStream). Needs `npm run build` first (www/pkg: one simulator per protocol, and
// the preset list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import * as raft from '../../www/pkg/raft/playground.js';
import * as paxos from '../../www/pkg/paxos/playground.js';
import { compactPart, expandLink } from '../../www/share/link-codec.js';

const simulators = { raft, paxos };
for (const [protocol, bindings] of Object.entries(simulators)) {
  bindings.initSync({ module: readFileSync(path.join(root, 'www', 'pkg', protocol, 'playground_bg.wasm')) });
}
const { scenarioFromLink } = raft;
/** A simulator from the WASM of the scenario's protocol, as the page picks it. */
const playgroundFor = (text) => new simulators[JSON.parse(text).protocol].Playground(text);
const fixtures = goldenLinks(1);
const compressed = goldenLinks(2);

test('golden links, plain and compressed, give the native trace hashes in Node', async () => {
  assert.ok(fixtures.length >= 15 && compressed.length === fixtures.length);
  for (const fixture of [...fixtures, ...compressed]) {
    const playground = playgroundFor(scenarioFromLink(await expandLink(fixture.link)));
    playground.tick(fixture.until_ms);
    assert.equal(playground.traceHash(), fixture.trace_hash, fixture.name);
    playground.free();
  }
});

test('the page compresses a link only when that makes it shorter, and expands it exactly', async () => {
  for (const fixture of fixtures) {
    const json = scenarioFromLink(fixture.link);
    const part = await compactPart(json);
    assert.ok(part.startsWith('s=2.') && part.length < fixture.link.length, fixture.name);
    assert.equal(scenarioFromLink(await expandLink(`https://example.org/x/#${part}&speed=2`)), json);
  }
  // Two bytes of JSON: compressing would not make it shorter.
  assert.equal(await compactPart('{}'), 's=1.e30');
  // The simulator itself reads plain links only: the page expands compressed ones first.
  assert.throws(() => scenarioFromLink(compressed[0].link), /expanded by the page/);
  await assert.rejects(expandLink(compressed[0].link.slice(0, 40)), /damaged; was the link cut short\?/);
  await assert.rejects(expandLink('s=2.*'), /not base64url/);
  // Padding is allowed, as the simulator's own decoder (and raftplay) allow it.
  const unpadded = compressed.find((fixture) => (fixture.link.length - 4) % 4 !== 0).link;
  const padded = `${unpadded}${'='.repeat(4 - ((unpadded.length - 4) % 4))}`;
  assert.equal(await expandLink(padded), await expandLink(unpadded));
});

test('a bad link is a readable error, and the module keeps working', () => {
  assert.throws(() => scenarioFromLink('#s=1.bm90IGpzb24'), /JSON/);
  assert.throws(() => scenarioFromLink('#s=9.abc'), /not known/);
  const playground = playgroundFor(scenarioFromLink(fixtures[0].link));
  playground.tick(100);
  assert.ok(playground.nowMs() >= 100);
});

test('each protocol has its own simulator, which refuses the other protocol in plain words', () => {
  const scenario = (protocol) => JSON.stringify({ ...JSON.parse(raft.defaultScenario()), protocol });
  assert.throws(() => new raft.Playground(scenario('paxos')), /built without Multi-Paxos/);
  assert.throws(() => new paxos.Playground(scenario('raft')), /built without Raft/);
  for (const [protocol, bindings] of Object.entries(simulators)) {
    const playground = new bindings.Playground(scenario(protocol));
    playground.tick(2000);
    assert.equal(playground.view(0).protocol, protocol);
    playground.free();
  }
  // A build lists its own protocol's bug switches, yet reads a scenario naming the other's.
  for (const [protocol, bindings] of Object.entries(simulators)) {
    assert.ok(bindings.bugs().length >= 4, protocol);
    assert.ok(bindings.bugs().every((bug) => bug.protocol === protocol && bug.breaks), protocol);
  }
  const paxosBug = JSON.stringify({ ...JSON.parse(scenario('paxos')), bugs: [paxos.bugs()[0].name] });
  assert.throws(() => new raft.Playground(paxosBug), /built without Multi-Paxos/);
  // What every page asks of the first simulator it loads, each build answers alike.
  assert.equal(paxos.defaultScenario(), raft.defaultScenario());
});

test('the preset list the build writes runs, in the simulator of each preset\'s protocol, to the hash recorded natively', () => {
  // The page's WASM carries no preset: the page fetches this file (www/controls/preset-list.js).
  const presets = JSON.parse(readFileSync(path.join(root, 'www', 'pkg', 'presets.json'), 'utf8'));
  assert.ok(presets.length >= 10, `${presets.length} presets`);
  assert.equal(new Set(presets.map((preset) => preset.name)).size, presets.length, 'names are unique');
  for (const preset of presets) {
    assert.deepEqual(Object.keys(preset), ['name', 'title', 'caption', 'scenario'], preset.name);
    const golden = fixtures.find((fixture) => fixture.name === `preset ${preset.name}`);
    assert.ok(golden, `${preset.name} has a golden link`);
    // Byte for byte the scenario its golden link carries, and the same run.
    assert.equal(preset.scenario, scenarioFromLink(golden.link), preset.name);
    const playground = playgroundFor(preset.scenario);
    playground.tick(golden.until_ms);
    assert.equal(playground.traceHash(), golden.trace_hash, preset.name);
    playground.free();
  }
});
