// The simulators: one WASM per protocol, so a page downloads only the core it shows (the
// other protocol's arrives when a scenario first needs it). Both builds have the same
// bindings; each is loaded once and shared by everything on the page.
import * as raft from '../pkg/raft/playground.js';
import { compiledSimulator } from './wasm-early.js';
import { PROTOCOL_NAMES, isProtocol, protocolOf } from './protocols.js';
/** @import { Bug, Protocol } from './types.js' */

/** @typedef {typeof raft} Bindings */

/** Each protocol's bindings: Raft's in the page's bundle, Multi-Paxos's (the same glue, for
 * its own WASM) imported when first needed, so a Raft page does not carry a second copy.
 * @type {Record<Protocol, () => Bindings | Promise<Bindings>>} */
const BINDINGS = { raft: () => raft, paxos: () => import('../pkg/paxos/playground.js') };
/** @type {Partial<Record<Protocol, Bindings>>} */
const bindingsOf = {};
/** @type {Partial<Record<Protocol, Promise<void>>>} */
const loading = {};

/**
 * What every build answers alike (links, seeds, the default scenario): Raft's simulator, the
 * one every page loads first (`loadSimulator('raft')`).
 */
export const shared = raft;

/** Loads the simulator of `protocol` (once); resolves when `newPlayground` can use it.
 * @param {string} protocol
 * @returns {Promise<void>}
 */
export function loadSimulator(protocol) {
  if (!isProtocol(protocol)) return Promise.reject(new Error(`There is no simulator for “${String(protocol).slice(0, 20)}”.`));
  loading[protocol] ??= Promise.resolve(BINDINGS[protocol]()).then(async (bindings) => {
    await bindings.default({ module_or_path: compiledSimulator(protocol) });
    bindingsOf[protocol] = bindings;
  });
  return loading[protocol];
}

/** Is `protocol`'s simulator ready for `newPlayground`?
 * @param {Protocol} protocol
 */
export function isLoaded(protocol) {
  return Object.hasOwn(bindingsOf, protocol);
}

/** The bindings of `protocol`, whose simulator is loaded (else an Error in plain words).
 * @param {Protocol} protocol
 * @returns {Bindings}
 */
function loaded(protocol) {
  const bindings = bindingsOf[protocol];
  if (!bindings) throw new Error(`The ${PROTOCOL_NAMES[protocol]} simulator is not loaded yet.`);
  return bindings;
}

/** The bug switches of `protocol`, whose simulator is loaded.
 * @param {Protocol} protocol
 * @returns {Bug[]}
 */
export function bugsOf(protocol) {
  return loaded(protocol).bugs();
}

/** A simulator for `scenarioText`, from its protocol's WASM (load it first); throws an Error in
 * plain words for a scenario it cannot run.
 * @param {string} scenarioText
 */
export function newPlayground(scenarioText) {
  return new (loaded(protocolOf(scenarioText)).Playground)(scenarioText);
}
