// The scenario in the URL fragment: `#s=2.<base64url, compressed JSON>&speed=0.25&theme=dark…`
// (or `s=1.`, plain, when compressing does not make it shorter; see link-codec.js).
// The `s=` part is the scenario with every action so far and its time cursor (`run_until_ms`,
// the simulated time when it was written, rounded to the millisecond); the other parts are
// view options (speed, theme, controls, mode, layout), kept apart so an embed can override
// them. Read once at boot; written with a debounced `history.replaceState` whenever the scenario
// or the time changes. Nothing read from a link is ever inserted as HTML: messages go in
// through textContent only.
import { loadSimulator, newPlayground, shared } from '../sim/simulators.js';
import { protocolOf } from '../sim/protocols.js';
import { SPEED_DEFAULT, SPEED_MAX, SPEED_MIN } from '../sim/clock.js';
import { html } from '../page/dom.js';
import { messageOf } from '../page/format.js';
import { compactPart, expandLink } from './link-codec.js';
import { findPreset } from '../controls/preset-list.js';
/** @import { Frame, PlaygroundController, Preset, Scenario, ViewOptions } from '../sim/types.js' */

/** The URL is rewritten this long after the last change (ms)… */
const WRITE_DELAY_MS = 300;
/** …and at least this often while changes keep coming (playing). */
const WRITE_MAX_WAIT_MS = 1000;
/** The view options a fragment may carry, each with a reader of the values it accepts
 * (undefined for any other).
 * @type {Record<keyof ViewOptions, (value: string) => unknown>} */
const VIEW_OPTIONS = {
  speed: (value) => {
    const speed = Number(value);
    return Number.isFinite(speed) && speed >= SPEED_MIN && speed <= SPEED_MAX ? speed : undefined;
  },
  theme: (value) => (['light', 'dark', 'auto'].includes(value) ? value : undefined),
  controls: (value) => (['full', 'minimal', 'none'].includes(value) ? value : undefined),
  mode: (value) => (/^[a-z-]{1,20}$/.test(value) ? value : undefined),
  layout: (value) => (/^[a-z-]{1,20}$/.test(value) ? value : undefined),
  tour: (value) => (/^[a-z0-9-]{1,40}$/.test(value) ? value : undefined),
  preset: (value) => (/^[a-z0-9-]{1,40}$/.test(value) ? value : undefined),
};
/** A fragment part longer than this is not a view option (a link is checked by the decoder). */
const OPTION_CHARS_MAX = 64;
/** Error messages are cut to this many characters. */
const MESSAGE_CHARS_MAX = 300;

/**
 * Splits a fragment (`#s=1.…&speed=0.25`) into its scenario part (`s=1.…`, or null) and its
 * valid view options (unknown or malformed options are ignored).
 * @param {string} hash
 * @returns {{link: string | null, options: ViewOptions}}
 */
export function parseFragment(hash) {
  const text = String(hash ?? '').replace(/^#/, '');
  let link = null;
  /** @type {Record<string, unknown>} */
  const options = {};
  for (const part of text.split('&')) {
    if (part.startsWith('s=')) {
      link ??= part;
      continue;
    }
    if (part.length > OPTION_CHARS_MAX) continue;
    const [key, raw = ''] = part.split('=', 2);
    if (!isViewOption(key)) continue;
    let value;
    try {
      value = VIEW_OPTIONS[key](decodeURIComponent(raw));
    } catch {
      value = undefined; // a malformed %-escape
    }
    if (value !== undefined) options[key] = value;
  }
  return { link, options };
}

/** @param {string} key @returns {key is keyof ViewOptions} */
function isViewOption(key) {
  return Object.hasOwn(VIEW_OPTIONS, key);
}

/** The scenario part of a link (`s=2.…`): `scenario` with its time cursor set to `nowMs`.
 * @param {Scenario} scenario
 * @param {number} nowMs
 */
export function scenarioFragment(scenario, nowMs) {
  const cursor = Math.max(0, Math.round(Number(nowMs) || 0));
  return compactPart(JSON.stringify({ ...scenario, run_until_ms: cursor }));
}

/** A whole fragment (without `#`): the scenario part, then the view options that are set.
 * @param {Scenario} scenario
 * @param {number} nowMs
 * @param {ViewOptions} [options]
 */
export async function fragmentFor(scenario, nowMs, options = {}) {
  const parts = [await scenarioFragment(scenario, nowMs)];
  for (const key of /** @type {(keyof ViewOptions)[]} */ (Object.keys(VIEW_OPTIONS))) {
    if (options[key] !== undefined) parts.push(`${key}=${encodeURIComponent(String(options[key]))}`);
  }
  return parts.join('&');
}

/** Reads a link into `{scenario (JSON text), cursorMs}`, or throws an Error in plain words.
 * @param {string} link
 * @returns {Promise<{scenario: string, cursorMs: number}>}
 */
export async function readLink(link) {
  const text = shared.scenarioFromLink(await expandLink(link));
  const scenario = JSON.parse(text);
  // The decoder checked the scenario; building a simulator from it (its protocol's, loaded
  // first) checks the rest.
  await loadSimulator(protocolOf(scenario));
  newPlayground(text).free();
  return { scenario: text, cursorMs: scenario.run_until_ms };
}

/**
 * What the page starts from: the link in `hash` if there is one (paused at its time cursor),
 * else the preset named `presetName` (the gallery's pages: only then is the preset list
 * fetched), else `fallback()`. A link that cannot be read, or a preset list that cannot be
 * fetched, gives `error` (plain text) and the fallback.
 * @param {{hash: string, presetName?: string, fallback: () => string}} from
 * @returns {Promise<{scenario: string, cursorMs: number, fromLink: boolean, preset: Preset | null, error: string | null, options: ViewOptions}>}
 */
export async function bootScenario({ hash, presetName, fallback }) {
  const { link, options } = parseFragment(hash);
  let error = null;
  if (link) {
    try {
      return { ...await readLink(link), fromLink: true, preset: null, error, options };
    } catch (problem) {
      error = `This link could not be opened: ${clip(messageOf(problem))} Showing the default cluster instead.`;
    }
  }
  let preset = null;
  if (presetName) {
    try {
      preset = await findPreset(presetName);
    } catch (problem) {
      error ??= `${messageOf(problem)} Showing the default cluster instead.`;
    }
  }
  if (preset) return { scenario: preset.scenario, cursorMs: 0, fromLink: false, preset, error, options };
  return { scenario: fallback(), cursorMs: 0, fromLink: false, preset: null, error, options };
}

/** A message from the decoder, cut to a readable length (it may quote the link).
 * @param {string} text
 */
export function clip(text) {
  const flat = String(text).replace(/\s+/g, ' ');
  return flat.length > MESSAGE_CHARS_MAX ? `${flat.slice(0, MESSAGE_CHARS_MAX)}…` : flat;
}

/** Is the page in embed mode (`?embed`)? */
export function embedMode(search = location.search) {
  return new URLSearchParams(search).has('embed');
}

/** Applies view options that belong to the document: the theme, the chrome.
 * @param {HTMLElement} root
 * @param {ViewOptions} options
 * @param {{embed?: boolean}} [mode]
 */
export function applyViewOptions(root, options, { embed = false } = {}) {
  const page = document.documentElement;
  if (options.theme === 'light' || options.theme === 'dark') page.dataset.theme = options.theme;
  if (options.theme === 'auto') delete page.dataset.theme;
  const controls = options.controls ?? (embed ? 'minimal' : 'full');
  if (embed) page.classList.add('embed');
  if (controls !== 'full') page.dataset.controls = controls;
}

/**
 * Keeps the URL fragment in step with the playground: a view of the controller (it gets every
 * frame), writing with `history.replaceState` at most every WRITE_DELAY_MS after a change (and at
 * least every WRITE_MAX_WAIT_MS while changes keep coming).
 */
export class UrlState {
  /**
   * @param {PlaygroundController} controller
   * @param {ViewOptions} [options] the view options of the link the page opened
   */
  constructor(controller, options = {}) {
    this.controller = controller;
    /** @type {ViewOptions} */
    this.options = { ...options };
    /** @type {{scenario: Scenario | null, nowUs: number, speed: number}} */
    this.seen = { scenario: null, nowUs: -1, speed: controller.clock.speed };
    this.timer = 0;
    this.writes = 0;
    this.firstChangeAt = 0;
    this.written = location.hash.replace(/^#/, '');
    /** @type {((fragment: string) => void)[]} */
    this.listeners = [];
    controller.addView(this);
    // A link pasted into the address bar of an open page (only the fragment changed).
    // The event's own URL, not `location`: a write of ours may have replaced the address since.
    addEventListener('hashchange', (event) => this.hashChanged(new URL(event.newURL).hash));
  }

  /** @param {string} hash the fragment the address bar changed to, with its `#` */
  async hashChanged(hash) {
    const fragment = hash.replace(/^#/, '');
    if (fragment === this.written) return;
    const { link, options } = parseFragment(fragment);
    if (!link) return;
    this.written = fragment;
    try {
      const { scenario, cursorMs } = await readLink(link);
      this.options = { ...this.options, ...options };
      if (await this.controller.reset(scenario, 'Opened the new link, paused at its time.')) {
        this.controller.seek(cursorMs);
        const box = this.controller.root.querySelector('.link-error');
        if (box instanceof HTMLElement) box.hidden = true;
      }
    } catch (problem) {
      const root = this.controller.root;
      showLinkError(root, `This link could not be opened: ${clip(messageOf(problem))} The current scenario stays.`);
    }
  }

  /** Sets a view option the link carries (`undefined` or null removes it) and writes the link.
   * @param {keyof ViewOptions} key
   * @param {string | null | undefined} value
   * @param {boolean} [now] write the link at once (else with the next change)
   */
  setOption(key, value, now = true) {
    if (value === null || value === undefined) delete this.options[key];
    else Object.assign(this.options, { [key]: value });
    if (now) this.write();
  }

  /** Calls `listener(fragment)` after every write (the embed's "open in full" link).
   * @param {(fragment: string) => void} listener
   */
  onWrite(listener) {
    this.listeners.push(listener);
  }

  /** @param {Frame} frame */
  update(frame) {
    const changed = frame.scenario !== this.seen.scenario || frame.nowUs !== this.seen.nowUs
      || frame.speed !== this.seen.speed;
    if (!changed) return;
    this.seen = { scenario: frame.scenario, nowUs: frame.nowUs, speed: frame.speed };
    const now = performance.now();
    if (!this.timer) this.firstChangeAt = now;
    clearTimeout(this.timer);
    const wait = Math.min(WRITE_DELAY_MS, Math.max(0, this.firstChangeAt + WRITE_MAX_WAIT_MS - now));
    this.timer = setTimeout(() => this.write(), wait);
  }

  /** The view options the link carries now. */
  viewOptions() {
    const options = { ...this.options };
    const speed = Math.round(this.controller.clock.speed * 10000) / 10000;
    if (speed !== SPEED_DEFAULT) options.speed = speed;
    else delete options.speed;
    const theme = document.documentElement.dataset.theme;
    if (theme === 'light' || theme === 'dark') options.theme = theme;
    return options;
  }

  /** The fragment for now (without `#`); a promise. */
  fragment() {
    return fragmentFor(this.controller.scenario(), this.controller.nowUs() / 1000, this.viewOptions());
  }

  /** Writes the fragment now (the share dialog calls this before it shows the link); resolves
   * to the fragment. A write that a later one overtakes (compressing is asynchronous) is not
   * applied. */
  async write() {
    clearTimeout(this.timer);
    this.timer = 0;
    const ticket = ++this.writes;
    const address = location.hash;
    const fragment = await this.fragment();
    if (ticket !== this.writes) return fragment;
    // A link pasted into the address bar while this one was being made wins: `hashchange`
    // opens it, and the next write records where that run stands.
    if (location.hash !== address) return fragment;
    if (fragment !== this.written) {
      this.written = fragment;
      try {
        history.replaceState(history.state, '', `#${fragment}`);
      } catch {
        // some sandboxed frames refuse; the share dialog still shows the link
      }
    }
    for (const listener of this.listeners) listener(fragment);
    return fragment;
  }

  /** The full link to now (this page's address with the fragment); a promise. */
  async link() {
    const url = new URL(location.href);
    url.hash = await this.write();
    return url.href;
  }
}

/**
 * A visible, persistent message under the status line (role="alert"), as plain text. Used for
 * links that could not be opened.
 * @param {HTMLElement} root
 * @param {string} text
 */
export function showLinkError(root, text) {
  const shown = root.querySelector('.link-error');
  const box = shown instanceof HTMLElement ? shown : html('p', { class: 'link-error', role: 'alert' });
  if (box !== shown) {
    const status = root.querySelector('.status');
    if (status) status.after(box);
    else root.prepend(box);
  }
  box.textContent = text;
  box.hidden = false;
  return box;
}
