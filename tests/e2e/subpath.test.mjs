// `dist/` is self-contained with relative URLs: it works from a sub-path of a plain static
// server (Python's http.server, as a stand-in for any static host).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';
import { launchChromium, openPage, waitFor } from './support.mjs';

let browser;
let python;
let siteRoot;
let port;

function freePort() {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: found } = probe.address();
      probe.close(() => resolve(found));
    });
  });
}

function waitForServer(url) {
  return waitFor(async () => {
    try {
      return (await fetch(url)).ok;
    } catch {
      return false; // not listening yet
    }
  }, { interval: 100, what: `python3 -m http.server to answer at ${url}` });
}

before(async () => {
  siteRoot = mkdtempSync(path.join(os.tmpdir(), 'playground-subpath-'));
  cpSync(path.join(root, 'dist'), path.join(siteRoot, 'docs', 'tools', 'raft'), { recursive: true });
  port = await freePort();
  python = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1'],
    { cwd: siteRoot, stdio: 'ignore' });
  await waitForServer(`http://127.0.0.1:${port}/docs/tools/raft/`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  python?.kill();
  rmSync(siteRoot, { recursive: true, force: true });
});

test('dist/ served from /docs/tools/raft/ by python3 -m http.server draws the cluster', async () => {
  const { page, problems } = await openPage(browser, `http://127.0.0.1:${port}/docs/tools/raft/`);
  await page.locator('.status', { hasText: 'Ready.' }).waitFor();
  assert.equal(await page.locator('svg.cluster .node').count(), 5);
  assert.deepEqual(problems, []);
  await page.close();
});
