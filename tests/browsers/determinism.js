// Replays every golden link, plain and compressed (expanded by this browser's own
// DecompressionStream), and reports the trace hashes to the server that launched it
// (tests/browsers/run.mjs), which compares them with the native ones.
import { loadSimulator, newPlayground, shared } from '../../www/sim/simulators.js';
import { protocolOf } from '../../www/sim/protocols.js';
import { expandLink } from '../../www/share/link-codec.js';

async function report(body) {
  await fetch('/report', { method: 'POST', body: JSON.stringify(body) });
}

try {
  // The page's own loader: one simulator per protocol.
  await loadSimulator('raft');
  const fixtures = [
    ...(await (await fetch('../../fixtures/links-v1.json')).json()).fixtures,
    ...(await (await fetch('../../fixtures/links-v2.json')).json()).fixtures,
  ];
  const links = await Promise.all(fixtures.map((fixture) => expandLink(fixture.link)));
  const scenarios = links.map((link) => shared.scenarioFromLink(link));
  await Promise.all(scenarios.map((text) => loadSimulator(protocolOf(text))));
  const hashes = fixtures.map((fixture, i) => {
    const playground = newPlayground(scenarios[i]);
    playground.tick(fixture.until_ms);
    const hash = playground.traceHash();
    playground.free();
    return { name: fixture.name, hash };
  });
  await report({ userAgent: navigator.userAgent, hashes });
  document.getElementById('status').textContent = 'done';
} catch (error) {
  await report({ userAgent: navigator.userAgent, error: String(error) });
}
