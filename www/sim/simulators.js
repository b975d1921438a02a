// The simulators: one WASM per protocol, so a page downloads only the core it shows (the
// other protocol's arrives when a scenario first needs it). Both builds have the same
// bindings; each is loaded once and shared by everything on the page.
import * as raft from '../pkg/raft/playground.js';
import { compiledReport, compiledSimulator } from './wasm-early.js';
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

/** Each protocol's reports module (the Mermaid export), imported when a report is first asked
 * for: the simulators the page loads stay without its code. */
const REPORTS = {
  raft: () => import('../pkg/raft/report.js'),
  paxos: () => import('../pkg/paxos/report.js'),
};
/** @type {Partial<Record<Protocol, Promise<typeof import('../pkg/raft/report.js')>>>} */
const reports = {};

/**
 * The run of `scenarioText` (every action done so far included) between `fromMs` and `toMs`
 * as a Mermaid sequence diagram that tells its story, from the protocol's reports module,
 * which simulates the run again (loaded on first use); rejects with an Error in plain words.
 * @param {string} scenarioText
 * @param {number} fromMs
 * @param {number} toMs
 * @returns {Promise<string>}
 */
export async function mermaidOf(scenarioText, fromMs, toMs) {
  const protocol = protocolOf(scenarioText);
  reports[protocol] ??= REPORTS[protocol]().then(async (glue) => {
    await glue.default({ module_or_path: compiledReport(protocol) });
    return glue;
  }).catch((error) => {
    delete reports[protocol];
    throw error;
  });
  const glue = await reports[protocol];
  return glue.mermaid(scenarioText, fromMs, toMs);
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
