// @ts-check
// Runs a scenario file to its end in the WASM build under Node and prints events per second.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './run.mjs';

const scenario = readFileSync(process.argv[2], 'utf8');
// The simulator of the scenario's protocol (one WASM per protocol).
const protocol = JSON.parse(scenario).protocol === 'paxos' ? 'paxos' : 'raft';
const { initSync, Playground } = await import(`../../www/pkg/${protocol}/playground.js`);
initSync({ module: readFileSync(path.join(root, 'www', 'pkg', protocol, 'playground_bg.wasm')) });
const untilMs = JSON.parse(scenario).run_until_ms;
const playground = new Playground(scenario);
const started = performance.now();
playground.tick(untilMs);
const seconds = (performance.now() - started) / 1000;
const steps = playground.view(0).steps;
console.log(`wasm: ${Math.round(steps / seconds)} simulated events/s (${steps} events in ${seconds.toFixed(3)} s)`);
