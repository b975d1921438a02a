// The golden links replay to the native trace hashes in Firefox ESR and WebKitGTK too (Debian
// packages, driven without WebDriver by tests/browsers/run.mjs). `.ci/run` installs both; a
// machine without them skips these tests and says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenLinks } from '../../scripts/lib/golden-links.mjs';
import { hashesIn } from './run.mjs';

const expected = [...goldenLinks(1), ...goldenLinks(2)];

for (const browser of ['firefox', 'webkit']) {
  test(`golden links, plain and compressed, give the native trace hashes in ${browser}`, async (t) => {
    const result = await hashesIn(browser);
    if (result.skipped) {
      t.skip(result.skipped);
      return;
    }
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.hashes.length, expected.length);
    result.hashes.forEach((got, i) => {
      assert.equal(got.hash, expected[i].trace_hash, `${expected[i].name} in ${result.userAgent}`);
    });
  });
}
