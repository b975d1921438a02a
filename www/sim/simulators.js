// The simulators: one WASM per protocol, so a page downloads only the core it shows (the
// other protocol's arrives when a scenario first needs it). Both builds have the same
// bindings; each is loaded once and shared by everything on the page.
import * as raft from '../pkg/raft/playground.js';
import { compiledSimulator } from './wasm-early.js';

/** Each protocol's bindings: Raft's in the page's bundle, Multi-Paxos's (the same glue, for
 * its own WASM) imported when first needed, so a Raft page does not carry a second copy. */
const BINDINGS = { raft: () => raft, paxos: () => import('../pkg/paxos/playground.js') };
const bindingsOf = {};
export const PROTOCOL_NAMES = { raft: 'Raft', paxos: 'Multi-Paxos' };
const loading = {};

/**
 * What every build answers alike (links, seeds, the default scenario): Raft's simulator, the
 * one every page loads first (`loadSimulator('raft')`).
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
  if (!Object.hasOwn(BINDINGS, protocol)) return Promise.reject(new Error(`There is no simulator for “${String(protocol).slice(0, 20)}”.`));
  loading[protocol] ??= Promise.resolve(BINDINGS[protocol]()).then(async (bindings) => {
    await bindings.default({ module_or_path: compiledSimulator(protocol) });
    bindingsOf[protocol] = bindings;
  });
  return loading[protocol];
}

/** Is `protocol`'s simulator ready for `newPlayground`? */
export function isLoaded(protocol) {
  return Object.hasOwn(bindingsOf, protocol);
}

/** The bug switches of `protocol`, whose simulator is loaded: `[{name, protocol, breaks}]`. */
export function bugsOf(protocol) {
  if (!isLoaded(protocol)) throw new Error(`The ${PROTOCOL_NAMES[protocol]} simulator is not loaded yet.`);
  return bindingsOf[protocol].bugs();
}

/** A simulator for `scenarioText`, from its protocol's WASM (load it first); throws an Error in
 * plain words for a scenario it cannot run. */
export function newPlayground(scenarioText) {
  const protocol = protocolOf(scenarioText);
  if (!isLoaded(protocol)) throw new Error(`The ${PROTOCOL_NAMES[protocol]} simulator is not loaded yet.`);
  return new bindingsOf[protocol].Playground(scenarioText);
}
