// The page-weight budgets of the built page (`dist/`, written by `npm run build` just before
// this runs): what opening index.html loads stays within 150 KB gzip, and each protocol's WASM
// (its simulator and its reports module) within 100 KB gzip. Sizes are exact, so this is a
// check, not a timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUDGET_GZIP_BYTES, kb, pageWeight, wasmFiles } from '../../scripts/build.mjs';

const weight = pageWeight();

test('opening the page loads one WASM, Raft\'s, and no file it could fetch later', () => {
  const loaded = weight.files.filter((f) => f.page).map((f) => f.file);
  assert.deepEqual(loaded.filter((file) => file.endsWith('.wasm')), ['www/pkg/raft/playground_bg.wasm']);
  assert.ok(loaded.includes('index.html'), loaded.join(', '));
  assert.ok(!loaded.some((file) => file.endsWith('.json')), 'the preset list is fetched on demand');
});

test(`the page stays within ${kb(BUDGET_GZIP_BYTES.page)} KB gzip`, () => {
  assert.ok(weight.gzip <= BUDGET_GZIP_BYTES.page, `the page is ${kb(weight.gzip)} KB gzip`);
});

test(`each protocol's WASM, simulator and reports module, stays within ${kb(BUDGET_GZIP_BYTES.wasm)} KB gzip`, () => {
  const wasm = wasmFiles(weight);
  assert.deepEqual(wasm.map((f) => f.file).sort(), ['www/pkg/paxos/playground_bg.wasm', 'www/pkg/paxos/report_bg.wasm',
    'www/pkg/raft/playground_bg.wasm', 'www/pkg/raft/report_bg.wasm']);
  for (const { file, gzip } of wasm) {
    assert.ok(gzip <= BUDGET_GZIP_BYTES.wasm, `${file} is ${kb(gzip)} KB gzip`);
  }
});
