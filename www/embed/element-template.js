// The DOM and the styles of the <raft-playground> element's shadow root: a cheap poster (the
// servers as circles and a start button) shown until the simulator loads, and the playground's
// reduced page (playback, timeline, cluster, inspector, invariants) built with the same class
// names as index.html, so the page's view modules and its stylesheet work unchanged inside.
// Ids here live in the shadow root, never in the embedding document.
import { html, svg } from '../page/dom.js';
import { PROTOCOLS, PROTOCOL_NAMES } from '../sim/protocols.js';

/** The element's own rules; the page's style.css is adopted next to them once loaded. */
export const ELEMENT_CSS = `
:host { all: initial !important; display: block !important; position: relative !important;
  contain: content !important; min-width: 16rem !important; color-scheme: light dark !important; }
:host([hidden]) { display: none !important; }
:host([theme="light"]) { color-scheme: light !important; }
:host([theme="dark"]) { color-scheme: dark !important; }
.frame { font: 16px/1.4 system-ui, sans-serif; text-align: start; visibility: visible;
  color: light-dark(#1d1f21, #e6e6e3); background: light-dark(#fdfdfb, #16181b);
  border: 1px solid light-dark(#8a9099, #7d848d); border-radius: 0.5rem; overflow: hidden; }
.poster { display: grid; place-items: center; aspect-ratio: 4 / 3; width: 100%; max-height: 80vh; position: relative; }
.poster svg { width: 70%; height: 70%; }
.poster circle { fill: light-dark(#e8eef7, #243447); stroke: light-dark(#35506e, #9bb8d8); stroke-width: 1.5; }
.poster text { fill: currentColor; font: 700 8.5px system-ui, sans-serif; text-anchor: middle; dominant-baseline: central; }
.poster-start { position: absolute; inset: auto auto 1rem 50%; translate: -50% 0; font: inherit; font-weight: 600;
  min-height: 2.5rem; padding: 0.3rem 1rem; border-radius: 0.35rem; cursor: pointer;
  color: inherit; background: light-dark(#f3f4f1, #1f2226); border: 1px solid light-dark(#1f5fa8, #8ab8ef); }
.poster-start:focus-visible { outline: 3px solid light-dark(#c2410c, #fb923c); outline-offset: 2px; }
.poster-note { position: absolute; top: 0.5rem; left: 0.75rem; margin: 0; font-size: 0.85rem; }
.playground.embedded { max-width: none; padding: 0.5rem; gap: 0.5rem; }
.embedded .stage { grid-template-columns: minmax(0, 3fr) minmax(12rem, 2fr); }
.embedded .cluster { max-height: 70vh; }
.link-error { margin: 0; padding: 0.4rem 0.6rem; border-left: 0.4rem solid var(--bad); background: var(--bad-bg); overflow-wrap: anywhere; }
.open-full { justify-self: end; font-size: 0.85rem; color: var(--accent); }
:host([controls="minimal"]) .speed, :host([controls="minimal"]) .marker-jumps,
:host([controls="minimal"]) .inspector, :host([controls="minimal"]) .invariants.ok,
:host([controls="none"]) .transport, :host([controls="none"]) .timeline,
:host([controls="none"]) .inspector, :host([controls="none"]) .invariants.ok { display: none; }
:host([controls="minimal"]) .stage, :host([controls="none"]) .stage { grid-template-columns: minmax(0, 1fr); }
@container (max-width: 40rem) { .embedded .stage, .embedded .panes { grid-template-columns: minmax(0, 1fr); } }
.frame { container-type: inline-size; }
`;

/**
 * CSS with `rem` lengths made absolute (1rem = 16px). Inside a shadow root `rem` still means the
 * embedding document's root font size, which many sites change (`html { font-size: 62.5% }`
 * makes it 10px): the element's text and layout must not shrink or grow with it.
 * @param {string} css
 */
export function absoluteRem(css) {
  return css.replace(/(\d*\.?\d+)rem\b/g, (_, number) => `${Number((Number(number) * 16).toFixed(3))}px`);
}

/**
 * The page's stylesheet made fit for a shadow root: `:root` becomes `:host`, the theme switch
 * follows the element's `theme` attribute, `body` rules apply to the element's frame, and `rem`
 * lengths do not depend on the embedding page.
 * @param {string} pageCss
 */
export function shadowCss(pageCss) {
  return absoluteRem(pageCss
    .replace(/:root\[data-theme="(light|dark)"\]/g, ':host([theme="$1"])')
    .replace(/:root\b/g, ':host')
    .replace(/(^|[\s,}])body(?=\s*[{,])/g, '$1.frame'));
}

/** The poster: `nodes` servers on a ring and a start button.
 * @param {number} nodes
 * @param {string} label
 */
export function poster(nodes, label) {
  const box = html('div', { class: 'poster' });
  const drawing = svg('svg', { viewBox: '-112 -112 224 224', 'aria-hidden': 'true' });
  const count = Math.min(9, Math.max(1, Math.trunc(nodes) || 5));
  for (let i = 0; i < count; i += 1) {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
    const [x, y] = [Math.round(80 * Math.cos(angle)), Math.round(80 * Math.sin(angle))];
    drawing.append(svg('circle', { cx: x, cy: y, r: 18 }), svg('text', { x, y }, `S${i + 1}`));
  }
  const start = html('button', { type: 'button', class: 'poster-start' }, `▶ ${label}`);
  box.append(html('p', { class: 'poster-note' }, 'Raft Playground'), drawing, start);
  return { box, start };
}

/**
 * @param {string} className
 * @param {string} text
 * @param {Record<string, string>} [attributes]
 */
function button(className, text, attributes = {}) {
  return html('button', { type: 'button', class: className, disabled: true, ...attributes }, text);
}

/** Playback controls, with the class names of both pages (playback.js drives them).
 * @param {string} label
 */
function transportDom(label) {
  const transport = html('section', { class: 'transport', 'aria-label': label });
  const speed = html('label', { class: 'speed' }, 'Speed ');
  speed.append(html('input', { type: 'range', class: 'speed-input', step: '0.05', disabled: true }),
    html('output', { class: 'speed-output' }, '0.1×'));
  transport.append(button('play', 'Play'), button('step-back', 'Step back'), button('step-forward', 'Step forward'),
    speed, html('output', { class: 'clock', 'aria-label': 'Simulated time' }, '0.0 ms'));
  return transport;
}

/** A cluster drawing: the servers and links, and the messages in flight over them; `name`
 * (a protocol's) tells two drawings apart. */
function clusterBoxDom(name = '') {
  const box = html('div', { class: 'cluster-box' });
  box.append(
    svg('svg', { class: 'cluster', viewBox: '-112 -112 224 224', role: 'group', 'aria-label': name ? `The ${name} cluster` : 'The cluster', tabindex: 0 }),
    svg('svg', { class: 'cluster-motion', viewBox: '-112 -112 224 224', role: 'group', 'aria-label': name ? `${name} messages in flight` : 'Messages in flight' }),
  );
  return box;
}

/** An inspector titled `id`, with its prompt.
 * @param {string} id
 * @param {string} prompt
 */
function inspectorDom(id, prompt) {
  const inspector = html('section', { class: 'inspector', 'aria-labelledby': id });
  const body = html('div', { class: 'inspector-body' });
  body.append(html('p', {}, prompt));
  inspector.append(html('h2', { id }, 'Inspector'), body);
  return inspector;
}

/** The status line, until the simulator has started. */
function statusDom() {
  return html('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Loading the simulator…');
}

/**
 * The timeline: the scrubber, the marker strips under it, and the buttons that jump to the
 * previous and the next marker.
 * @param {string} label
 * @param {string} scrubberLabel
 * @param {Element[]} strips
 * @param {[string, string]} jumpLabels
 */
function timelineDom(label, scrubberLabel, strips, [previous, next]) {
  const timeline = html('section', { class: 'timeline', 'aria-label': label });
  const jumps = html('div', { class: 'marker-jumps' });
  jumps.append(button('previous-marker', previous), button('next-marker', next));
  timeline.append(html('input', { type: 'range', class: 'scrubber', min: 0, max: 0, step: 1, value: 0, disabled: true,
    'aria-label': scrubberLabel }), ...strips, jumps);
  return timeline;
}

/** The link to the full page at the element's scenario (element-views.js keeps it current).
 * @param {string} text
 */
function openFullDom(text) {
  return html('a', { class: 'open-full', target: '_blank', rel: 'noopener' }, text);
}

/**
 * The comparison (`protocols="raft paxos"`): the parts compare.html's views need, with its
 * class names: shared playback and scrubber, one pane per protocol, the recovery notes and the
 * figures. No presets, settings or help: an embed sets its scenario by attribute.
 */
export function compareDom() {
  const root = html('div', { class: 'playground compare embedded', role: 'group', 'aria-label': 'Raft and Multi-Paxos, side by side' });
  const strips = PROTOCOLS.map((protocol) => {
    const name = PROTOCOL_NAMES[protocol];
    const strip = html('div', { class: 'strip' });
    strip.append(html('span', { class: 'strip-name', 'aria-hidden': 'true' }, name.replace('Multi-', '')),
      svg('svg', { class: `markers markers-${protocol}`, viewBox: '0 0 1 12', preserveAspectRatio: 'none', role: 'img', 'aria-label': `${name} markers` }));
    return strip;
  });
  const timeline = timelineDom('Timeline (both panes)', 'Simulated time of both panes (drag or use the arrow keys to rewind)',
    strips, ['Previous leader change or fault', 'Next leader change or fault']);

  const panes = html('div', { class: 'panes' });
  for (const protocol of PROTOCOLS) {
    const name = PROTOCOL_NAMES[protocol];
    const pane = html('section', { class: `pane pane-${protocol}`, 'aria-labelledby': `pane-${protocol}-title` });
    pane.append(html('h2', { id: `pane-${protocol}-title` }, name), html('p', { class: 'pane-summary' }, 'No leader.'),
      clusterBoxDom(name),
      inspectorDom(`inspector-${protocol}-title`, `Select a server, a link or a message of the ${name} pane. What you do to a server or link happens in both panes.`));
    panes.append(pane);
  }

  const notes = html('section', { class: 'notes', 'aria-labelledby': 'notes-title' });
  notes.append(html('h2', { id: 'notes-title' }, 'How each protocol recovered'), html('p', { class: 'notes-empty' }, 'No leader change yet.'),
    html('ol', { class: 'notes-list', 'aria-live': 'polite' }));

  const comparison = html('section', { class: 'comparison', 'aria-labelledby': 'comparison-title' });
  const tableBox = html('div', { class: 'table-box', tabindex: 0, role: 'region', 'aria-labelledby': 'comparison-title' });
  const table = html('table', { class: 'compare-table' });
  const head = html('thead');
  const row = html('tr');
  for (const title of ['Measure', ...PROTOCOLS.map((protocol) => PROTOCOL_NAMES[protocol])]) row.append(html('th', { scope: 'col' }, title));
  head.append(row);
  table.append(html('caption', { class: 'visually-hidden' }, 'Figures of both runs so far'), head, html('tbody'));
  tableBox.append(table);
  comparison.append(html('h2', { id: 'comparison-title' }, 'Comparison'), tableBox, html('div', { class: 'charts' }),
    html('p', { class: 'chart-note' }, 'Solid line: Raft. Dashed line: Multi-Paxos. Both start at 0 and end now.'));

  root.append(statusDom(), transportDom('Playback (both panes)'), timeline, panes, notes, comparison, openFullDom('Open in the full comparison ↗'));
  return root;
}

/** The playground: the parts the page's views need, with index.html's class names. */
export function playgroundDom() {
  const root = html('div', { class: 'playground embedded', role: 'group', 'aria-label': 'Raft Playground' });
  const timeline = timelineDom('Timeline', 'Simulated time (drag or use the arrow keys to rewind)',
    [svg('svg', { class: 'markers', viewBox: '0 0 1 12', preserveAspectRatio: 'none', 'aria-hidden': 'true' })],
    ['Previous marker', 'Next marker']);

  const stage = html('div', { class: 'stage' });
  stage.append(clusterBoxDom(), inspectorDom('inspector-title', 'Select a server, a link between two servers, or a message in flight.'));

  const invariants = html('section', { class: 'invariants ok', 'aria-label': 'Invariants', 'aria-live': 'polite' });
  invariants.append(html('p', { class: 'invariants-text' }, 'All invariants hold (checked after every step).'));

  root.append(statusDom(), transportDom('Playback'), timeline, stage, invariants, openFullDom('Open in the full playground ↗'));
  return root;
}
