// Determinism beyond Chromium: opens tests/browsers/determinism.html in a browser given on
// the command line (Debian's Firefox ESR, or WebKitGTK's MiniBrowser), without WebDriver:
// the page posts its trace hashes back, and they must equal the native ones in
// fixtures/links-v1.json and links-v2.json.  usage: node tests/browsers/run.mjs firefox|webkit
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import { serve } from '../../scripts/serve.mjs';

const browsers = {
  firefox: {
    binary: '/usr/bin/firefox-esr',
    args: (profile, url) => ['--headless', '--no-remote', '--new-instance', '--profile', profile, url],
  },
  // MiniBrowser has no headless mode: it runs in a virtual X display (Debian's xvfb).
  webkit: {
    binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    launcher: '/usr/bin/xvfb-run',
    args: (_profile, url) => ['--auto-servernum', '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', url],
  },
};

export async function hashesIn(name, timeoutMs = 120000) {
  const browser = browsers[name];
  const command = browser?.launcher ?? browser?.binary;
  if (!browser || !existsSync(browser.binary) || !existsSync(command)) {
    return { skipped: `${name} is not installed (${browser?.binary}${browser?.launcher ? ` under ${browser.launcher}` : ''})` };
  }
  let resolveReport;
  const reported = new Promise((resolve) => { resolveReport = resolve; });
  const server = await serve(root, 0, (request, response) => {
    if (request.method !== 'POST' || request.url !== '/report') return false;
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      response.end('ok');
      resolveReport(JSON.parse(body));
    });
    return true;
  });
  const profile = mkdtempSync(path.join(os.tmpdir(), `determinism-${name}-`));
  const url = `http://127.0.0.1:${server.address().port}/tests/browsers/determinism.html`;
  const child = spawn(command, browser.args(profile, url), {
    stdio: 'ignore', detached: true, env: { ...process.env, MOZ_HEADLESS: '1' },
  });
  const timeout = new Promise((resolve) => setTimeout(() => resolve({ error: `no report within ${timeoutMs} ms` }), timeoutMs));
  try {
    return await Promise.race([reported, timeout]);
  } finally {
    try {
      process.kill(-child.pid, 'SIGKILL'); // the whole group: xvfb-run starts several processes
    } catch {
      // already gone
    }
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const expected = [1, 2].flatMap(goldenLinks);
  const result = await hashesIn(process.argv[2] ?? 'firefox');
  if (result.skipped || result.error) {
    console.log(result.skipped ?? result.error);
    process.exit(result.skipped ? 0 : 1);
  }
  const wrong = result.hashes.filter((h, i) => h.hash !== expected[i].trace_hash);
  console.log(`${result.userAgent}: ${result.hashes.length - wrong.length} of ${expected.length} golden links replay to the native hash`);
  for (const w of wrong) console.log(`  differs: ${w.name}`);
  process.exit(wrong.length === 0 ? 0 : 1);
}
