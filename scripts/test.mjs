// @ts-check
// `npm test`: every test, in every layer, from the cheapest to the slowest.
//   1. cargo fmt --check, clippy -D warnings, cargo doc with warnings as errors; tsc and
//      ESLint on the page's modules and the scripts
//   2. native Rust tests of every crate
//   3. seed sweeps of both protocols and the bug-detection table (raftplay built with the
//      `checked` profile: release speed, debug assertions and overflow checks on)
//   4. wasm-bindgen tests inside headless Chromium
//   5. the release build, then end-to-end tests driving the page with playwright-core
// Node's test runs use the spec reporter: it ends with the failing tests, where a CI log's tail
// shows them.
// `npm test -- --long` sweeps thousands of seeds instead of hundreds, and runs 40 times as many
// property-test cases.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from './build.mjs';
import { ensureTooling, run, step } from './lib/run.mjs';

const LONG = process.argv.includes('--long');
const SWEEP_SEEDS = LONG ? '5000' : '400';
const FRESH_SEEDS = LONG ? '200' : '20';
// Every bug switch must be caught within this many seeds (aimed seeds catch each by seed 8).
const DETECT_SEEDS = '300';

const CHROMIUM = '/usr/bin/chromium';
const CHROMEDRIVER = '/usr/bin/chromedriver';

if (!existsSync(CHROMIUM) || !existsSync(CHROMEDRIVER)) {
  console.error('Chromium is missing for the browser tests: sudo apt-get install -y chromium chromium-driver');
  process.exit(1);
}

try {
  ensureTooling();
  step('cargo fmt --check', () => run('cargo', ['fmt', '--all', '--check']));
  step('cargo clippy -D warnings', () => {
    run('cargo', ['clippy', '--workspace', '--all-targets', '--', '-D', 'warnings']);
    run('cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '-p', 'playground-wasm',
      '-p', 'playground-report', '--all-targets', '--', '-D', 'warnings']);
    // The page's builds: one protocol each.
    for (const protocol of ['raft', 'paxos']) {
      for (const crate of ['playground-wasm', 'playground-report']) {
        run('cargo', ['clippy', '--target', 'wasm32-unknown-unknown', '-p', crate,
          '--no-default-features', '--features', protocol, '--', '-D', 'warnings']);
      }
    }
  });
  step('cargo doc -D warnings (private items too: the cores\' Figure 2 table links them)', () => {
    run('cargo', ['doc', '--no-deps', '--document-private-items', '--workspace', '--exclude', 'xtask'],
      { env: { ...process.env, RUSTDOCFLAGS: '-D warnings' } });
  });
  step('tsc --noEmit and ESLint: www/ and scripts/', () => {
    for (const project of ['www', 'scripts']) run(path.join('node_modules', '.bin', 'tsc'), ['-p', project]);
    run(path.join('node_modules', '.bin', 'eslint'), ['--max-warnings', '0']);
  });
  step('native tests', () => {
    run('cargo', ['test', '--workspace', '--exclude', 'xtask'],
      { env: { ...process.env, PROPTEST_SCALE: LONG ? '40' : '1' } });
    // Every event, violation and trace text reworded: the golden links keep their hashes.
    run('cargo', ['test', '-p', 'sim', '--features', 'reworded-text', '--test', 'golden_links']);
  });
  step('seed sweeps and bug detection (raftplay, checked profile: assertions on)', () => {
    run('cargo', ['build', '--profile', 'checked', '-p', 'sim', '--bin', 'raftplay']);
    const raftplay = 'target/checked/raftplay';
    for (const protocol of ['raft', 'paxos']) {
      run(raftplay, ['sweep', '--protocol', protocol, '--seeds', SWEEP_SEEDS, '--random', FRESH_SEEDS]);
    }
    run(raftplay, ['detect', '--seeds', DETECT_SEEDS]);
  });
  step('wasm tests in headless Chromium', () => {
    run('cargo', ['test', '--target', 'wasm32-unknown-unknown', '-p', 'playground-wasm']);
  });
  build();
  step('WASM in Node, Firefox ESR and WebKitGTK: golden links; page source checks; page weight', () => {
    run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', 'tests/node/', 'tests/browsers/']);
  });
  step('end-to-end tests (playwright-core + Chromium)', () => {
    run('node', ['--test', '--test-reporter=spec', '--test-concurrency=1', 'tests/e2e/']);
  });
} catch (error) {
  console.error(`\nnpm test failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
console.log('\nnpm test: every layer passed.');
