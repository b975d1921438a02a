// The playground used like a person would: through its buttons, sliders and the SVG cluster,
// reading what the page shows (with `state()` from the element API to know who leads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { animationFrames, chromiumAndDist, openPlayground, playgroundState, waitForState, watchTheElection } from './support.mjs';

const env = chromiumAndDist();

/** Sets the speed slider to 10^exponent × real time. */
async function setSpeed(page, exponent) {
  await page.getByRole('slider', { name: 'Speed' }).fill(String(exponent));
}

async function pause(page) {
  const button = page.getByRole('button', { name: 'Pause', exact: true });
  if (await button.count()) await button.click();
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
}

/** Clicks server `id` in the cluster drawing. */
function server(page, id) {
  return page.locator('svg.cluster').getByRole('button', { name: new RegExp(`^S${id}: `) });
}

test('crash the leader from the inspector, see a new leader and why, then rewind to the old one', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  // A first visit waits at time 0 for the visitor, with a prompt; its button plays.
  assert.equal((await playgroundState(page)).time, 0);
  await page.getByText(/5 servers are about to elect a leader/).waitFor();
  await watchTheElection(page);
  await page.getByText(/5 servers are about to elect a leader/).waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('play')), true, 'the focus moved to Play');
  await setSpeed(page, 0);
  const led = await waitForState(page, (s) => s.nodes.some((n) => n.role === 'leader'));
  await pause(page);
  const before = await playgroundState(page);
  const old = before.nodes.find((n) => n.role === 'leader');
  assert.ok(old, `a leader after ${led.time} ms`);

  await server(page, old.id).click();
  await page.getByRole('region', { name: `S${old.id}: leader` }).waitFor();
  const inspector = page.getByRole('region', { name: new RegExp(`^S${old.id}: `) });
  await inspector.getByRole('button', { name: `Crash S${old.id}` }).click();
  const crashed = await playgroundState(page);
  assert.equal(crashed.nodes.find((n) => n.id === old.id).role, 'crashed');
  assert.equal(crashed.nodes.find((n) => n.id === old.id).alive, false);
  await inspector.getByRole('button', { name: `Restart S${old.id}` }).waitFor();

  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const after = await waitForState(page, (s) => s.nodes.some((n) => n.role === 'leader' && n.id !== old.id));
  await pause(page);
  const fresh = after.nodes.find((n) => n.role === 'leader');
  assert.ok(fresh.term > old.term, 'the new leader has a higher term');
  // The story without the message traffic, as a reader would filter it.
  // (message traffic is hidden by default: the log tells what the servers did and why)
  const log = page.locator('.event-list');
  await log.getByText(new RegExp(`S${fresh.id} became leader for term ${fresh.term} with \\d+ votes`)).first().waitFor();
  await log.getByText(/election timer expired/).first().waitFor();
  await log.getByText(`user: crash S${old.id}`).first().waitFor();

  // Rewind with the scrubber (keyboard-free: a person drags it; fill sets it like a drag).
  const scrubber = page.getByRole('slider', { name: /Simulated time/ });
  await scrubber.fill(String(Math.floor(before.time) - 1));
  const rewound = await playgroundState(page);
  assert.ok(rewound.time < before.time + 1);
  const again = rewound.nodes.find((n) => n.id === old.id);
  assert.equal(again.role, 'leader', 'the old leader is back after rewinding');
  assert.equal(again.alive, true);
  await page.locator(`svg.cluster .node.role-leader[data-node="${old.id}"]`).waitFor();

  // The next marker from there is the crash (a fault marker): the old leader is down again.
  await page.getByRole('button', { name: 'Next marker' }).click();
  await page.getByRole('status').getByText(`Jumped to user: crash S${old.id}`).waitFor();
  assert.equal((await playgroundState(page)).nodes.find((n) => n.id === old.id).role, 'crashed');

  assert.deepEqual(problems, []);
  await context.close();
});

test('cut a link from the drawing and see its messages dropped', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await watchTheElection(page);
  await setSpeed(page, 0);
  const state = await waitForState(page, (s) => s.nodes.some((n) => n.role === 'leader'));
  await pause(page);
  const leader = state.nodes.find((n) => n.role === 'leader').id;
  const other = leader === 1 ? 2 : 1;
  const [a, b] = [Math.min(leader, other), Math.max(leader, other)];
  // A message paused in mid-flight can sit on the link's midpoint, where a click would land:
  // reach the link as a keyboard user does.
  await page.locator('svg.cluster').getByRole('button', { name: `Link S${a}–S${b}: connected` }).focus();
  await page.keyboard.press('Enter');
  const inspector = page.getByRole('region', { name: `Link S${a} – S${b}` });
  await inspector.getByRole('button', { name: 'Cut both ways' }).click();
  await page.locator('svg.cluster').getByRole('button', { name: `Link S${a}–S${b}: cut both ways` }).waitFor();
  await inspector.getByRole('button', { name: 'Heal both ways' }).waitFor();

  // Only what reaches S{other}, so the drops stay in view however busy the cluster is.
  await page.getByRole('combobox', { name: 'Server' }).selectOption(`S${other}`);
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('network');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.locator('.event-list').getByText(new RegExp(`S${leader}→S${other} was dropped: the link is cut`)).first().waitFor();
  await pause(page);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bug switch lets a stale server win an election, and the invariant panel turns red', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  await watchTheElection(page);
  await pause(page);
  const panel = page.getByRole('region', { name: 'Invariants' });
  await panel.getByText('All invariants hold (checked after every step).').waitFor();
  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('checkbox', { name: 'vote-without-log-check' }).check();
  await page.getByRole('status').getByText(/vote-without-log-check on/).waitFor();

  // S5 (or S4) is cut off while the clients write, then comes back and times out first once
  // the leader is gone: without the up-to-date check, the others vote for its stale log.
  await page.evaluate(() => document.querySelector('[data-playground]').seek(500));
  const { nodes } = await playgroundState(page);
  const leader = nodes.find((n) => n.role === 'leader').id;
  const stale = leader === 5 ? 4 : 5;
  await server(page, stale).click();
  await page.getByRole('button', { name: `Isolate S${stale}` }).click();
  await page.evaluate(() => document.querySelector('[data-playground]').seek(1100));
  await page.getByRole('button', { name: 'Heal every link' }).click();
  await server(page, leader).click();
  await page.getByRole('button', { name: `Crash S${leader}` }).click();
  await server(page, stale).click();
  await page.getByRole('button', { name: `Time out S${stale} now` }).click();
  await setSpeed(page, 0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();

  await panel.getByText(/Broken: Leader Completeness/).waitFor({ timeout: 20_000 });
  await pause(page);
  const broken = await playgroundState(page);
  assert.equal(broken.violations[0].invariant, 'Leader Completeness');
  assert.ok(broken.violations[0].nodes.includes(stale));
  await page.locator(`svg.cluster .node.violating[data-node="${stale}"]`).waitFor();
  assert.ok(await page.locator('.log-grid .cell.violating').count() > 0, 'the offending entries are marked');
  await page.locator('.timeline .markers .mark-violation').waitFor({ state: 'attached' });
  assert.notEqual(await page.locator('.timeline .markers .mark-violation').getAttribute('d'), 'M0 0');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Figure 8 preset with the commit-old-term bug switched on runs until the panel turns red', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url);
  // The list arrives when the picker is pointed at (it is not fetched with the page).
  const picker = page.getByRole('combobox', { name: 'Preset' });
  await picker.hover();
  await picker.selectOption('figure-8');
  await page.getByRole('button', { name: 'Load preset' }).click();
  await page.locator('.preset-caption', { hasText: /Figure 8/ }).waitFor();
  assert.match(await page.locator('.preset-caption').textContent(), /\S/);
  assert.equal((await playgroundState(page)).time, 0);
  await page.getByText('Cluster and scenario settings').click();
  await page.getByRole('checkbox', { name: 'commit-old-term' }).check();
  await setSpeed(page, 0);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Invariants' });
  await panel.getByText(/Broken: Leader Completeness/).waitFor({ timeout: 20_000 });
  const { violations } = await playgroundState(page);
  assert.equal(violations[0].invariant, 'Leader Completeness');

  await page.getByRole('button', { name: 'Copy as Mermaid' }).click();
  // From the reports module, fetched on this first use.
  await page.getByLabel('Mermaid text').waitFor({ state: 'visible' });
  const mermaid = await page.getByLabel('Mermaid text').textContent();
  assert.match(mermaid, /^sequenceDiagram\n/);
  assert.match(mermaid, /participant S1 as S1/);
  assert.match(mermaid, /S\d-?->>S\d: \w+/);
  // The whole run so far, told: the election, the commit of an old term's entry, the violation.
  assert.match(mermaid, /S\d->>S\d: RequestVote term \d+/);
  assert.match(mermaid, /Note over S\d: becomes leader \(term \d+\)/);
  assert.match(mermaid, /VIOLATION of Leader Completeness/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('prefers-reduced-motion starts paused, and stepping moves one event at a time', async () => {
  const { page, problems, context } = await openPlayground(env.browser, env.site.url, { reducedMotion: 'reduce' });
  await page.getByRole('button', { name: 'Play', exact: true }).waitFor();
  await animationFrames(page);
  assert.equal((await playgroundState(page)).time, 0);
  const hash0 = await page.evaluate(() => document.querySelector('[data-playground]').traceHash());
  await page.getByRole('button', { name: 'Step forward' }).click();
  const one = await playgroundState(page);
  assert.ok(one.time > 0);
  await page.getByRole('button', { name: 'Step back' }).click();
  assert.equal((await playgroundState(page)).time, 0);
  assert.equal(await page.evaluate(() => document.querySelector('[data-playground]').traceHash()), hash0);

  // Playing slowly, a message in flight stays where it is drawn: no tweened flight.
  // Find a message that was just sent (it then has its whole delay, ≥ 5 ms, ahead of it: half
  // a second at 0.01×), then play at 0.01×.
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await waitForState(page, (s) => s.messages.length > 0);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const seen = new Set((await playgroundState(page)).messages.map((m) => m.id));
  for (let step = 0; step < 200; step += 1) {
    await page.getByRole('button', { name: 'Step forward' }).click();
    if ((await playgroundState(page)).messages.some((m) => !seen.has(m.id))) break;
  }
  await page.getByRole('slider', { name: 'Speed' }).fill('-2');
  // Within the page, so that no round trip lets the message arrive meanwhile: press Play, see
  // where the messages are, let 1 simulated ms pass (at least one drawn frame; a frame moves
  // the clock at most 100 ms × 0.01 = 1 ms, so the message still has ≥ 3 ms to go), look again.
  const { first, later, moved } = await page.evaluate(() => new Promise((resolve) => {
    const playground = document.querySelector('[data-playground]');
    const where = () => Object.fromEntries([...document.querySelectorAll('.cluster-box .message')]
      .map((message) => [message.getAttribute('aria-label'), message.getAttribute('transform')]));
    const start = playground.state().time;
    playground.querySelector('.play').click();
    const seen = where();
    let frames = 0;
    const frame = () => {
      frames += 1;
      const now = playground.state().time;
      if (now >= start + 1 || frames > 3000) resolve({ first: seen, later: where(), moved: now - start });
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }));
  assert.ok(moved >= 1, `the clock moved while playing (${moved} ms)`);
  const kept = Object.keys(first).filter((label) => label in later);
  assert.ok(kept.length > 0, 'some message still in flight');
  for (const label of kept) assert.equal(later[label], first[label], `${label} did not move`);
  assert.deepEqual(problems, []);
  await context.close();
});
