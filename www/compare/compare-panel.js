// The comparison panel: one table with a column per protocol (time to first leader, time to
// first commit after it, elections started vs won, messages and bytes by type, entries re-sent
// after a leader change, commit latency, time without a leader), and small SVG charts over time
// from the simulators' metric samples (every 250 ms of simulated time). Redrawn a few times a
// second while playing, at once after a step or a jump.
import { find, html, setAttributes, setText, svg } from '../page/dom.js';
import { formatTime } from '../page/format.js';
import { Pace } from '../views/pace.js';
import { PROTOCOLS, PROTOCOL_NAMES } from '../sim/protocols.js';
/** @import { ChartField, ComparisonController, ComparisonFrame, Metrics, MetricsSample, Protocol } from '../sim/types.js' */

/** While playing, the panel is redrawn this often (wall-clock ms). */
const REDRAW_MS = 500;
const CHART_W = 300;
const CHART_H = 90;
const PAD = { left: 4, right: 4, top: 6, bottom: 6 };

/** @param {number | null | undefined} us */
const time = (us) => (us === null || us === undefined ? '—' : formatTime(us));
/** @param {number | null | undefined} n */
const count = (n) => (n === null || n === undefined ? '—' : String(n));
/** @param {number} bytes */
const kb = (bytes) => (bytes >= 10_000 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`);

/** The rows of the table: [label, (metrics) => text]. Message types are added per run.
 * @type {[string, (metrics: Metrics) => string][]} */
const ROWS = [
  ['Time to first leader', (m) => time(m.first_leader_at_us)],
  ['First commit after the first leader', (m) => time(m.first_commit_after_leader_us[0])],
  ['First commit after the latest leader change', (m) => (m.first_commit_after_leader_us.length > 1 ? time(m.first_commit_after_leader_us.at(-1)) : '—')],
  ['Elections started (campaigns / phase 1s)', (m) => count(m.campaigns)],
  ['Elections won (leaders)', (m) => count(m.elections)],
  ['Split votes / duelling proposers (started − won)', (m) => count(Math.max(m.campaigns - m.elections, 0))],
  ['Entries re-sent after a leader change', (m) => count(m.entries_resent)],
  ['Commands committed', (m) => count(m.commands_committed)],
  ['Commit latency p50', (m) => (m.latency.count ? time(m.latency.p50_us) : '—')],
  ['Commit latency p99', (m) => (m.latency.count ? time(m.latency.p99_us) : '—')],
  ['Time without a leader', (m) => time(m.leaderless_us)],
  ['Messages sent, total', (m) => `${m.total.sent} (${kb(m.total.bytes)})`],
];

/** The charts: a title and the sample field they plot.
 * @type {[string, ChartField][]} */
const CHARTS = [
  ['Messages sent', 'messages'],
  ['Commands committed', 'commands_committed'],
];

export class ComparePanel {
  /**
   * @param {HTMLElement} section holds table.compare-table and div.charts
   * @param {Pick<ComparisonController, 'metrics'>} controller
   */
  constructor(section, controller) {
    this.controller = controller;
    this.body = find(section, '.compare-table tbody', HTMLTableSectionElement);
    this.chartBox = find(section, '.charts', HTMLElement);
    this.pace = new Pace(REDRAW_MS);
    /** @type {Map<string, Record<Protocol, HTMLTableCellElement>>} */
    this.cells = new Map();
    this.charts = CHARTS.map(([title, field]) => this.makeChart(title, field));
  }

  /** The row `label` (created on first use), its value cells by protocol.
   * @param {string} label
   */
  row(label) {
    let cells = this.cells.get(label);
    if (!cells) {
      const tr = html('tr');
      tr.append(html('th', { scope: 'row' }, label));
      cells = /** @type {Record<Protocol, HTMLTableCellElement>} */ (Object.fromEntries(PROTOCOLS.map((protocol) => {
        const td = html('td', { 'data-protocol': protocol });
        tr.append(td);
        return [protocol, td];
      })));
      this.body.append(tr);
      this.cells.set(label, cells);
    }
    return cells;
  }

  /** @param {ComparisonFrame} frame */
  update(frame) {
    if (!this.pace.due(frame)) return;
    const metrics = this.controller.metrics();
    for (const [label, read] of ROWS) {
      const cells = this.row(label);
      for (const protocol of PROTOCOLS) setText(cells[protocol], read(metrics[protocol]));
    }
    // Message types differ between the protocols: one row per type, "—" where it has none.
    const types = new Set(PROTOCOLS.flatMap((protocol) => metrics[protocol].messages.map(([type]) => type)));
    for (const type of [...types].sort()) {
      const cells = this.row(`${type} messages`);
      for (const protocol of PROTOCOLS) {
        const found = metrics[protocol].messages.find(([name]) => name === type);
        setText(cells[protocol], found ? `${found[1].sent} (${kb(found[1].bytes)})` : '—');
      }
    }
    for (const chart of this.charts) this.drawChart(chart, metrics, frame.nowUs);
  }

  /**
   * @param {string} title
   * @param {ChartField} field
   */
  makeChart(title, field) {
    const figure = html('figure', { class: 'chart' });
    const caption = html('figcaption', {}, title);
    const drawing = svg('svg', { viewBox: `0 0 ${CHART_W} ${CHART_H}`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none' });
    drawing.append(svg('rect', { class: 'frame', x: 0.5, y: 0.5, width: CHART_W - 1, height: CHART_H - 1 }));
    const lines = /** @type {Record<Protocol, SVGPolylineElement>} */ (Object.fromEntries(PROTOCOLS.map((protocol) => {
      const line = svg('polyline', { class: `line line-${protocol}`, points: '', 'vector-effect': 'non-scaling-stroke' });
      drawing.append(line);
      return [protocol, line];
    })));
    const legend = html('p', { class: 'chart-legend' });
    const values = /** @type {Record<Protocol, HTMLSpanElement>} */ (Object.fromEntries(PROTOCOLS.map((protocol) => {
      const item = html('span', { class: `key key-${protocol}` });
      legend.append(item);
      return [protocol, item];
    })));
    figure.append(caption, drawing, legend);
    this.chartBox.append(figure);
    return { title, field, drawing, lines, values };
  }

  /**
   * @param {ReturnType<ComparePanel['makeChart']>} chart
   * @param {Record<Protocol, Metrics>} metrics
   * @param {number} nowUs
   */
  drawChart(chart, metrics, nowUs) {
    /** @type {Record<string, MetricsSample[]>} */
    const series = Object.fromEntries(PROTOCOLS.map((protocol) => [protocol, metrics[protocol].samples]));
    const endUs = Math.max(nowUs, 1, ...PROTOCOLS.map((p) => series[p].at(-1)?.time_us ?? 0));
    const top = Math.max(1, ...PROTOCOLS.flatMap((p) => series[p].map((sample) => sample[chart.field])));
    /** @param {number} us */
    const x = (us) => PAD.left + ((CHART_W - PAD.left - PAD.right) * us) / endUs;
    /** @param {number} value */
    const y = (value) => CHART_H - PAD.bottom - ((CHART_H - PAD.top - PAD.bottom) * value) / top;
    /** @type {string[]} */
    const said = [];
    for (const protocol of PROTOCOLS) {
      const samples = series[protocol];
      const points = [`${x(0).toFixed(1)},${y(0).toFixed(1)}`,
        ...samples.map((sample) => `${x(sample.time_us).toFixed(1)},${y(sample[chart.field]).toFixed(1)}`)];
      setAttributes(chart.lines[protocol], { points: points.join(' ') });
      const last = samples.at(-1)?.[chart.field] ?? 0;
      setText(chart.values[protocol], `${PROTOCOL_NAMES[protocol]}: ${last}`);
      said.push(`${PROTOCOL_NAMES[protocol]} ${last}`);
    }
    setAttributes(chart.drawing, { 'aria-label': `${chart.title} over time, up to ${formatTime(endUs)}: ${said.join(', ')}` });
  }
}
