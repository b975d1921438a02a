// The protocols the playground runs, and the names the page writes them with. Each has a
// simulator (WASM) of its own, www/pkg/<protocol>/ (simulators.js loads them). A small module
// of plain data: the <raft-playground> element and the build scripts read it too.
/** @import { Protocol } from './types.js' */

/** @type {readonly Protocol[]} */
export const PROTOCOLS = ['raft', 'paxos'];

/** @type {Readonly<Record<Protocol, string>>} */
export const PROTOCOL_NAMES = { raft: 'Raft', paxos: 'Multi-Paxos' };

/** Is `name` a protocol the playground runs?
 * @param {string} name
 * @returns {name is Protocol}
 */
export function isProtocol(name) {
  return /** @type {readonly string[]} */ (PROTOCOLS).includes(name);
}

/** The protocol a scenario (JSON text or object) runs: Raft unless it says Multi-Paxos (the
 * simulator reports any other value when it reads the scenario).
 * @param {unknown} scenario
 * @returns {Protocol}
 */
export function protocolOf(scenario) {
  if (typeof scenario !== 'string') {
    return scenario && typeof scenario === 'object' && 'protocol' in scenario && scenario.protocol === 'paxos' ? 'paxos' : 'raft';
  }
  try {
    return protocolOf(JSON.parse(scenario));
  } catch {
    return 'raft';
  }
}
