// The simulator's bindings: the glue wasm-bindgen writes for crates/wasm into
// www/pkg/<protocol>/playground.js (`npm run build`, with `--no-typescript`), one per protocol,
// all alike; and the reports module's, for crates/wasm-report, in www/pkg/<protocol>/report.js. Written by hand from crates/wasm/src/lib.rs, with the shapes of the values it builds
// with serde (sim/types.js) where the generated declarations would say `any`. tsc reads this
// instead of the glue (www/tsconfig.json: `noResolve`), so the check needs no build first.

declare module '*/playground.js' {
  /** One simulated cluster and its whole history. */
  export class Playground {
    /** A scenario as JSON text; throws an Error in plain words for one it cannot run. */
    constructor(scenarioJson: string);
    free(): void;
    /** Advances simulated time by `ms`; false if the run cannot go on (a message flood). */
    tick(ms: number): boolean;
    /** Processes exactly one event; false if nothing could be done. */
    step(): boolean;
    stepBack(): void;
    /** Goes to simulated time `ms`, forwards or backwards. */
    seek(ms: number): void;
    /** Does a user action now, given as JSON text. In the past, this forks: true if it did. */
    inject(actionJson: string): boolean;
    /** Goes over to the other side of the last fork, at the fork; false if there is none. */
    switchBranch(): boolean;
    /** Replaces the scenario and replays to the same time. */
    reconfigure(scenarioJson: string): void;
    /** A snapshot for the renderer; each log cut to its last `logTail` entries. */
    view(logTail: number): import('./types.js').Snapshot;
    /** Recent events after step `afterStep`. */
    events(afterStep: number): import('./types.js').SimEvent[];
    steps(): number;
    metrics(): import('./types.js').Metrics;
    traceHash(): string;
    /** The scenario as JSON, including every action done so far. */
    scenarioJson(): string;
    /** Simulated time now, in milliseconds. */
    nowMs(): number;
  }

  /** Reads a scenario from a link or fragment; its JSON, or throws a readable Error. */
  export function scenarioFromLink(link: string): string;
  /** The default scenario, as JSON. */
  export function defaultScenario(): string;
  /** The bug switches of this build's protocol. */
  export function bugs(): import('./types.js').Bug[];
  /** A fresh seed from the platform's generator. */
  export function newSeed(): number;
  /** Instantiates the simulator from its compiled module (or its address). */
  export default function init(options: { module_or_path: WebAssembly.Module | Promise<WebAssembly.Module> | URL | string }): Promise<unknown>;
}

declare module '*/report.js' {
  /** The run of `scenarioJson` between `fromMs` and `toMs` as a Mermaid sequence diagram;
   * throws an Error in plain words on a scenario it cannot run or a negative, NaN, too long
   * or reversed range. */
  export function mermaid(scenarioJson: string, fromMs: number, toMs: number): string;
  /** Instantiates the module from its compiled module (or its address). */
  export default function init(options: { module_or_path: WebAssembly.Module | Promise<WebAssembly.Module> | URL | string }): Promise<unknown>;
}
