// @ts-check
// Running the tools the scripts orchestrate: each command's own output goes straight to the
// terminal, so every runner's closing summary stays visible.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs a command in the repository root; throws with the command line if it fails.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${[command, ...args].join(' ')} exited with ${result.status ?? result.signal}`);
  }
}

/** Runs a command and returns its standard output as text (empty if it cannot start).
 * @param {string} command
 * @param {string[]} args
 */
export function capture(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : '';
}

/** Installs what a fresh clone lacks: the wasm32 target and the npm dev dependencies. */
export function ensureTooling() {
  if (!capture('rustup', ['target', 'list', '--installed']).includes('wasm32-unknown-unknown')) {
    run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
  }
  if (['playwright-core', 'binaryen', 'typescript', 'eslint', 'mermaid'].some((name) => !existsSync(path.join(root, 'node_modules', name)))) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  }
}

/** Prints a step header and runs the step, so a failure is easy to place in a long log.
 * @param {string} title
 * @param {() => void} action
 */
export function step(title, action) {
  console.log(`\n=== ${title} ===`);
  action();
}
