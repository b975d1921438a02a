// What both pages know of a scenario's settings: the first one they show, the network dials
// and which of them is in force at a given time.
/** @import { NetworkSettings, Protocol, Scenario } from './types.js' */

/** Clients that run when the workload is on (the settings' checkbox, the first scenario). */
export const WORKLOAD_CLIENTS = 2;

/** @typedef {'delay_min_ms' | 'delay_jitter_ms' | 'loss_percent' | 'duplicate_percent'} NetworkDial */

/** The network dials the settings show, in the order they show them (the scenario's names).
 * @type {readonly NetworkDial[]} */
export const NETWORK_DIALS = ['delay_min_ms', 'delay_jitter_ms', 'loss_percent', 'duplicate_percent'];

/** The first scenario a page shows: `defaultText` (the simulator's default scenario, JSON)
 * with the client workload on, so logs grow.
 * @param {string} defaultText
 */
export function firstScenario(defaultText) {
  /** @type {Scenario} */
  const scenario = JSON.parse(defaultText);
  scenario.clients.count = WORKLOAD_CLIENTS;
  return JSON.stringify(scenario);
}

/** `scenarioText` with its protocol set to `protocol`.
 * @param {string} scenarioText
 * @param {Protocol} protocol
 */
export function withProtocol(scenarioText, protocol) {
  return JSON.stringify({ ...JSON.parse(scenarioText), protocol });
}

/** The network settings in force at `nowMs`: the last dial change before it, or the scenario's.
 * @param {Scenario} scenario
 * @param {number} nowMs
 * @returns {NetworkSettings}
 */
export function networkAt(scenario, nowMs) {
  let settings = scenario.network;
  for (const action of scenario.actions) {
    if (action.at_ms > nowMs) break;
    if (action.do === 'network' && action.settings) settings = action.settings;
  }
  return settings;
}
