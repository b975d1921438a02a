// @ts-check
// The golden links (fixtures/links-v1.json plain, links-v2.json compressed): each file is
// `{hash_version, about, fixtures: [{name, link, until_ms, trace_hash}]}`, the hash being the
// trace hash each link's run has natively at `until_ms` (see the file's `about`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './run.mjs';

/** The fixtures of link format `version` (1 or 2).
 * @param {1 | 2} version
 * @returns {{name: string, link: string, until_ms: number, trace_hash: string}[]}
 */
export function goldenLinks(version) {
  const file = JSON.parse(readFileSync(path.join(root, 'fixtures', `links-v${version}.json`), 'utf8'));
  if (!Number.isInteger(file.hash_version) || !Array.isArray(file.fixtures)) {
    throw new Error(`fixtures/links-v${version}.json has no hash_version or fixtures`);
  }
  return file.fixtures;
}
