// Starts compiling the simulator while the page's other modules are still on their way:
// index.html also loads this module as an `async` entry point, so it runs as soon as it
// arrives, and the page's modules later import the same (already running) instance. It imports
// nothing, so that nothing delays it.
// There is one WASM per protocol (each carries one core): Raft's, which every page needs
// first, starts at once; Multi-Paxos's when something first asks for it (simulators.js, which
// asks only for a protocol it knows).
/** @type {Record<string, Promise<WebAssembly.Module>>} */
const compiling = {};

/** The compiled simulator (a WebAssembly.Module) that runs `protocol`, for the glue's `init`.
 * @param {string} protocol `raft` or `paxos`
 * @returns {Promise<WebAssembly.Module>}
 */
export function compiledSimulator(protocol) {
  compiling[protocol] ??= compile(new URL(`../pkg/${protocol}/playground_bg.wasm`, import.meta.url));
  return compiling[protocol];
}

/** The compiled reports module of `protocol` (the Mermaid export), fetched only when a
 * report is first asked for.
 * @param {string} protocol `raft` or `paxos`
 * @returns {Promise<WebAssembly.Module>}
 */
export function compiledReport(protocol) {
  compiling[`${protocol}-report`] ??= compile(new URL(`../pkg/${protocol}/report_bg.wasm`, import.meta.url));
  return compiling[`${protocol}-report`];
}

/** @param {URL} url */
function compile(url) {
  return WebAssembly.compileStreaming(fetch(url))
    // A static host that does not serve `application/wasm` still works, compiled from bytes.
    .catch(() => fetch(url).then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)));
}

compiledSimulator('raft');
