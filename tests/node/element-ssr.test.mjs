// The <raft-playground> element is safe to import where there is no DOM (server-side rendering
// in Docusaurus, Next, Astro…): importing it must not throw, and it registers nothing there.
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('importing www/embed/element.js in Node neither throws nor registers anything', async () => {
  assert.equal(typeof globalThis.customElements, 'undefined');
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  const element = await import('../../www/embed/element.js');
  assert.equal(element.TAG, 'raft-playground');
  assert.equal(typeof element.RaftPlaygroundElement, 'function');
  assert.equal(element.define(), false, 'nothing to register in Node');
  assert.equal(typeof globalThis.customElements, 'undefined', 'no global added');
});

test('the built entry point dist/raft-playground.js imports in Node too', async (t) => {
  const { existsSync } = await import('node:fs');
  const entry = new URL('../../dist/raft-playground.js', import.meta.url);
  if (!existsSync(entry)) return t.skip('dist/ not built (npm run build)');
  const element = await import(entry.href);
  assert.equal(element.define(), false);
});

test('the template module makes the page stylesheet fit a shadow root', async () => {
  const { shadowCss } = await import('../../www/embed/element-template.js');
  const css = ':root { --bg: red; }\n:root[data-theme="dark"] { color-scheme: dark; }\nbody { margin: 0; }\n.x body, tbody { }';
  const out = shadowCss(css);
  assert.match(out, /^:host \{ --bg: red; \}/);
  assert.match(out, /:host\(\[theme="dark"\]\) \{ color-scheme: dark; \}/);
  assert.match(out, /\n\.frame \{ margin: 0; \}/);
  assert.match(out, /tbody/);
  // rem lengths no longer follow the embedding page's root font size.
  assert.equal(shadowCss('.a { gap: 0.75rem; font-size: .8rem; width: calc(100% - 2rem); top: -1rem; }'),
    '.a { gap: 12px; font-size: 12.8px; width: calc(100% - 32px); top: -16px; }');
  assert.equal(shadowCss('.lorem { x: 3rems; }'), '.lorem { x: 3rems; }');
});
