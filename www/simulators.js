// The simulators: one WASM per protocol, so a page downloads only the core it shows (the
// other protocol's arrives when a scenario first needs it). Both builds have the same
// bindings; each is loaded once and shared by everything on the page.
import * as raft from './pkg/raft/playground.js';
import * as paxos from './pkg/paxos/playground.js';
import { compiledSimulator } from './wasm-early.js';

const BINDINGS = { raft, paxos };
export const PROTOCOL_NAMES = { raft: 'Raft', paxos: 'Multi-Paxos' };
const loading = {};
const loaded = {};

/**
 * What every build answers alike (presets, the bug list, links, seeds, the default scenario):
 * Raft's simulator, the one every page loads first (`loadSimulator('raft')`).
 */
export const shared = raft;

/** The protocol a scenario (JSON text or object) runs: Raft unless it says Multi-Paxos (the
 * simulator reports any other value when it reads the scenario). */
export function protocolOf(scenario) {
  if (typeof scenario !== 'string') return scenario?.protocol === 'paxos' ? 'paxos' : 'raft';
  try {
    return protocolOf(JSON.parse(scenario));
  } catch {
    return 'raft';
  }
}

/** Loads the simulator of `protocol` (once); resolves when `newPlayground` can use it. */
export function loadSimulator(protocol) {
  const bindings = BINDINGS[protocol];
  loading[protocol] ??= bindings.default({ module_or_path: compiledSimulator(protocol) })
    .then(() => { loaded[protocol] = true; });
  return loading[protocol];
}

/** Is `protocol`'s simulator ready for `newPlayground`? */
export function isLoaded(protocol) {
  return loaded[protocol] === true;
}

/** A simulator for `scenarioText`, from its protocol's WASM (load it first); throws an Error in
 * plain words for a scenario it cannot run. */
export function newPlayground(scenarioText) {
  const protocol = protocolOf(scenarioText);
  if (!isLoaded(protocol)) throw new Error(`The ${PROTOCOL_NAMES[protocol]} simulator is not loaded yet.`);
  return new BINDINGS[protocol].Playground(scenarioText);
}
