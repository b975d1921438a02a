// The WASM build, run by Node, replays every golden link to the trace hash recorded natively
// (fixtures/links-v1.json). Needs `npm run build` first (www/pkg).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';
import { initSync, Playground, scenarioFromLink } from '../../www/pkg/playground.js';

initSync({ module: readFileSync(path.join(root, 'www', 'pkg', 'playground_bg.wasm')) });
const fixtures = JSON.parse(readFileSync(path.join(root, 'fixtures', 'links-v1.json'), 'utf8'));

test('golden links give the native trace hashes in Node', () => {
  assert.ok(fixtures.length >= 15);
  for (const fixture of fixtures) {
    const playground = new Playground(scenarioFromLink(fixture.link));
    playground.tick(fixture.until_ms);
    assert.equal(playground.traceHash(), fixture.trace_hash, fixture.name);
    playground.free();
  }
});

test('a bad link is a readable error, and the module keeps working', () => {
  assert.throws(() => scenarioFromLink('#s=1.bm90IGpzb24'), /JSON/);
  assert.throws(() => scenarioFromLink('#s=9.abc'), /not known/);
  const playground = new Playground(scenarioFromLink(fixtures[0].link));
  playground.tick(100);
  assert.ok(playground.nowMs() >= 100);
});
