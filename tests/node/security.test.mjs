// What the page is allowed to do, checked on its source: a Content-Security-Policy that
// forbids inline script and every remote origin, no HTML built from text, no randomness
// outside the seed, no code from strings. (The end-to-end tests check the running page:
// no request leaves its origin, no console error.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from '../../scripts/lib/run.mjs';

const wwwDir = path.join(root, 'www');
// Every page module, in every folder of www/ but the simulator's generated glue (www/pkg/).
const modules = readdirSync(wwwDir, { recursive: true })
  .filter((name) => name.endsWith('.js') && !name.startsWith(`pkg${path.sep}`))
  .map((name) => ({ name, source: readFileSync(path.join(wwwDir, name), 'utf8') }));
const html = readFileSync(path.join(root, 'index.html'), 'utf8');

function policy() {
  const match = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  assert.ok(match, 'index.html declares a Content-Security-Policy');
  return Object.fromEntries(match[1].split(';').map((part) => {
    const [directive, ...sources] = part.trim().split(/\s+/);
    return [directive, sources];
  }));
}

test('the Content-Security-Policy allows only the page\'s own files', () => {
  const csp = policy();
  assert.deepEqual(csp['default-src'], ["'self'"]);
  assert.deepEqual(csp['script-src'], ["'self'", "'wasm-unsafe-eval'"], 'no inline script, no remote script');
  assert.deepEqual(csp['connect-src'], ["'self'"]);
  assert.deepEqual(csp['object-src'], ["'none'"]);
  assert.deepEqual(csp['base-uri'], ["'none'"]);
  for (const [directive, sources] of Object.entries(csp)) {
    for (const source of sources) {
      assert.ok(!/^https?:|^\*|'unsafe-inline'|^'unsafe-eval'$/.test(source), `${directive} allows ${source}`);
    }
  }
});

test('index.html has no inline script and loads nothing from elsewhere', () => {
  for (const tag of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    assert.equal(tag[1].trim(), '', 'inline script');
  }
  assert.doesNotMatch(html, /\son[a-z]+=/i, 'inline event handler attribute');
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, 'a remote URL');
});

test('no page module builds HTML from text, draws random numbers or compiles strings', () => {
  assert.ok(modules.length >= 5);
  const forbidden = [
    [/\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML|document\.write/, 'HTML from text'],
    [/Math\.random/, 'randomness outside the scenario seed'],
    [/\beval\(|new Function\(|setTimeout\(\s*['"`]/, 'code from a string'],
    [/fetch\(\s*['"`]https?:|new WebSocket|XMLHttpRequest/, 'a network request'],
  ];
  for (const { name, source } of modules) {
    for (const [pattern, what] of forbidden) {
      assert.doesNotMatch(source, pattern, `${name}: ${what}`);
    }
  }
});
