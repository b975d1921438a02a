// <raft-playground>: the playground as a custom element for other people's pages.
//
//   <script type="module" src="…/raft-playground.js"></script>
//   <raft-playground scenario="#s=2.…" preset="figure-8" protocols="raft" autoplay
//                    controls="full|minimal|none" theme="light|dark|auto" speed="0.25"></raft-playground>
//
// `protocols="raft paxos"` embeds the comparison instead (compare.html's panes, figures and
// notes): the same scenario on both protocols under one clock.
//
// Shadow DOM (its styles inside, the page's outside); several instances per page, each with its
// own simulator, clock and keyboard shortcuts (bound to the element, active only while the focus
// is inside it). Lazy: a cheap poster first, the simulator (WASM, shared by all instances) is
// instantiated when the element comes into view or its start button is clicked. It pauses while
// off-screen (and, through the controller, while the tab is hidden; hidden time is never caught
// up). Safe to import anywhere: it registers itself only where `customElements` exists, so
// server-side rendering (Docusaurus, Next…) can import it.
//
// The element has the page root's API (docs/page-api.md): play, pause, step, seek, traceHash,
// state; they work once the element carries `data-ready="true"` (play() before that starts the
// simulator and plays as soon as it is ready). In comparison mode, traceHash() and state() give
// both panes', as compare.html's traceHashes() and state() do.
import { ELEMENT_CSS, absoluteRem, compareDom, playgroundDom, poster, shadowCss } from './element-template.js';
import { find } from '../page/dom.js';
import { expandLink, fromBase64url } from '../share/link-codec.js';
import { PROTOCOLS, isProtocol, protocolOf } from '../sim/protocols.js';
import { messageOf } from '../page/format.js';
/** @import { ComparisonController, PlaygroundController } from '../sim/types.js' */

export const TAG = 'raft-playground';

/** HTMLElement, or where there is none (server-side rendering in Node) an empty class that
 * stands in for it: the module must import anywhere. */
const Base = /** @type {typeof HTMLElement} */ (typeof HTMLElement === 'undefined' ? class {} : HTMLElement);

/** The simulators (simulators.js), with Raft's loaded: it reads links. Shared by every element
 * on the page. */
async function loadSimulators() {
  const simulators = await import('../sim/simulators.js');
  await simulators.loadSimulator('raft');
  return simulators;
}

/** @type {Map<string, Promise<CSSStyleSheet>>} */
const pageSheets = new Map();
/** A stylesheet of the page (style.css, compare.css), rewritten for a shadow root, as one
 * stylesheet shared by every instance.
 * @param {string} name
 */
function loadPageSheet(name) {
  let loading = pageSheets.get(name);
  if (!loading) {
    loading = fetch(new URL(`../styles/${name}`, import.meta.url))
      .then((response) => (response.ok ? response.text() : ''))
      .catch(() => '')
      .then((text) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(shadowCss(text));
        return sheet;
      });
    pageSheets.set(name, loading);
  }
  return loading;
}

/** The protocols an element asks for: both means comparison mode.
 * @param {Element} element
 */
function protocolsOf(element) {
  const names = (element.getAttribute('protocols') ?? '').split(/[\s|,]+/).filter(isProtocol);
  return [...new Set(names)];
}

/** @type {CSSStyleSheet | null} */
let elementSheet = null;
/** The element's own stylesheet, shared by every instance. */
function ownSheet() {
  if (!elementSheet) {
    elementSheet = new CSSStyleSheet();
    elementSheet.replaceSync(absoluteRem(ELEMENT_CSS));
  }
  return elementSheet;
}

/** The number of servers a link asks for, read cheaply for the poster (no simulator yet).
 * @param {string | null} link
 */
async function nodesInLink(link) {
  try {
    const part = (await expandLink(link)).replace(/^.*#/, '').split('&').find((p) => p.startsWith('s=1.'));
    const bytes = part ? fromBase64url(part.slice(4)) : null;
    if (!bytes) return 5;
    const text = new TextDecoder().decode(bytes);
    return Number(/"nodes":\s*(\d)/.exec(text)?.[1]) || 5;
  } catch {
    return 5;
  }
}

export class RaftPlaygroundElement extends Base {
  static get observedAttributes() {
    return ['scenario', 'preset', 'protocols', 'speed'];
  }

  constructor() {
    super();
    /** @type {PlaygroundController | ComparisonController | null} */
    this.controller = null;
    /** @type {IntersectionObserver | undefined} */
    this.observer = undefined;
    /** `compare` or `single`, fixed once the simulator starts. @type {string | undefined} */
    this.mode = undefined;
    /** The trace hash (comparison mode: both panes'), once the simulator started.
     * @type {() => unknown} */
    this.hashes = () => null;
    /** @type {Promise<void> | null} */
    this.starting = null;
    this.playWhenReady = false;
    this.clicked = false;
    this.pausedOffscreen = false;
    this.visible = false;
    this.shadow = this.attachShadow({ mode: 'open' });
    this.shadow.adoptedStyleSheets = [ownSheet()];
    this.frameBox = document.createElement('div');
    this.frameBox.className = 'frame';
    this.shadow.append(this.frameBox);
  }

  connectedCallback() {
    if (!this.controller && !this.starting) this.showPoster();
    this.observer ??= new IntersectionObserver((entries) => this.visibilityChanged(entries[entries.length - 1].isIntersecting));
    this.observer.observe(this);
  }

  disconnectedCallback() {
    this.observer?.disconnect();
    this.controller?.clock.pause();
  }

  /**
   * @param {string} name
   * @param {string | null} before
   * @param {string | null} after
   */
  attributeChangedCallback(name, before, after) {
    if (!this.controller || before === after) return;
    if (name === 'speed') this.applySpeed();
    else this.restart();
  }

  async showPoster() {
    const nodes = await nodesInLink(this.getAttribute('scenario'));
    if (this.controller || this.starting) return; // the simulator came first
    const { box, start } = poster(nodes, protocolsOf(this).length === 2 ? 'Start the comparison' : 'Start the simulation');
    start.addEventListener('click', () => {
      this.playWhenReady = true;
      this.clicked = true;
      this.start().then(() => {
        const play = this.shadow.querySelector('.play');
        if (play instanceof HTMLElement) play.focus();
      });
    });
    this.frameBox.replaceChildren(box);
  }

  /** @param {boolean} visible */
  visibilityChanged(visible) {
    this.visible = visible;
    if (visible) {
      if (!this.controller) {
        if (this.hasAttribute('autoplay')) this.playWhenReady = true;
        this.start();
      } else if (this.pausedOffscreen) {
        this.pausedOffscreen = false;
        this.controller.clock.play();
      }
    } else if (this.controller?.clock.playing) {
      this.controller.clock.pause();
      this.pausedOffscreen = true;
    }
  }

  /** Loads the simulator and builds the playground (once). */
  start() {
    this.starting ??= this.build().catch((error) => {
      this.frameBox.replaceChildren(document.createTextNode(`The simulator could not start: ${error.message}`));
      throw error;
    });
    return this.starting;
  }

  async build() {
    const comparing = this.comparing();
    const [simulators, sheets, views, { showLinkError }] = await Promise.all([
      loadSimulators(), Promise.all((comparing ? ['style.css', 'compare.css'] : ['style.css']).map(loadPageSheet)),
      import('./element-views.js'), import('../share/url-state.js'),
    ]);
    this.shadow.adoptedStyleSheets = [...sheets, ownSheet()];
    const { scenario, cursorMs, error } = await this.scenario(simulators.shared);
    await Promise.all((comparing ? PROTOCOLS : [protocolOf(scenario)]).map(simulators.loadSimulator));
    const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    let root;
    let controller;
    if (comparing) {
      const { CompareController } = await import('../compare/compare-controller.js');
      root = compareDom();
      const comparison = new CompareController(root, scenario, { reducedMotion, title: 'The scenario of this element' });
      this.frameBox.replaceChildren(root);
      await views.wireComparison(root, comparison);
      this.hashes = () => comparison.traceHashes();
      controller = comparison;
    } else {
      const [{ Controller }, { ClusterView }] = await Promise.all([import('../sim/controller.js'), import('../views/cluster-view.js')]);
      root = playgroundDom();
      const playground = new Controller(root, scenario, { reducedMotion });
      this.frameBox.replaceChildren(root);
      playground.addView(new ClusterView(find(root, '.cluster-box', HTMLElement), playground));
      views.wirePieces(root, playground);
      this.hashes = () => playground.traceHash();
      controller = playground;
    }
    this.controller = controller;
    if (cursorMs) controller.seek(cursorMs);
    this.applySpeed();
    controller.render(true);
    if (error) showLinkError(root, error);
    controller.announce(error ?? (comparing
      ? 'Ready. Click a server in either pane: what you do to it happens in both.'
      : 'Ready. Click a server, a link or a message to inspect it.'));
    this.dataset.ready = 'true';
    // Autoplay (when visible) or a click on the poster; a link opens paused at its time cursor;
    // reduced motion keeps autoplay from starting on its own.
    const play = this.playWhenReady && !cursorMs && !(reducedMotion && !this.clicked);
    this.playWhenReady = false;
    if (play) {
      if (this.visible || this.clicked) controller.clock.play();
      else this.pausedOffscreen = true;
    }
  }

  /** The scenario to start: the `scenario` link, else the `preset`, else the default one.
   * @param {{defaultScenario(): string}} simulator
   * @returns {Promise<{scenario: string, cursorMs: number, error: string | null}>}
   */
  async scenario(simulator) {
    const { readLink } = await import('../share/url-state.js');
    /** @type {string | null} */
    let text = null;
    let cursorMs = 0;
    /** @type {string | null} */
    let error = null;
    const link = this.getAttribute('scenario');
    const presetName = this.getAttribute('preset');
    if (link) {
      try {
        ({ scenario: text, cursorMs } = await readLink(link));
      } catch (problem) {
        error = `This scenario could not be opened: ${messageOf(problem).slice(0, 300)} Showing the default cluster instead.`;
      }
    } else if (presetName) {
      // The preset list, fetched once for every element on the page.
      const { findPreset } = await import('../controls/preset-list.js');
      try {
        text = (await findPreset(presetName))?.scenario ?? null;
        if (!text) error = `There is no preset named “${presetName.slice(0, 40)}”. Showing the default cluster instead.`;
      } catch (problem) {
        error = `${messageOf(problem)} Showing the default cluster instead.`;
      }
    }
    const scenario = JSON.parse(text ?? simulator.defaultScenario());
    // One protocol asked for: the scenario runs on it (a link keeps its own). Comparison mode
    // runs both, whatever the scenario says.
    const protocols = protocolsOf(this);
    if (protocols.length === 1 && !link) scenario.protocol = protocols[0];
    return { scenario: JSON.stringify(scenario), cursorMs, error };
  }

  applySpeed() {
    const speed = Number(this.getAttribute('speed'));
    if (this.controller && Number.isFinite(speed) && speed > 0) this.controller.clock.setSpeed(speed);
  }

  /** A changed scenario, preset or protocol: start over from it. */
  async restart() {
    const { shared } = await loadSimulators();
    const { scenario, cursorMs, error } = await this.scenario(shared);
    const controller = this.controller;
    if (!controller) return;
    if (await controller.reset(scenario, error ?? 'Loaded the new scenario.') && cursorMs) controller.seek(cursorMs);
  }

  // ----- the page root's API (docs/page-api.md) -----

  play() {
    // Off-screen, it plays once it comes into view.
    if (this.controller && !this.visible) this.pausedOffscreen = true;
    else if (this.controller) this.controller.clock.play();
    else {
      this.playWhenReady = true;
      this.clicked = true;
      this.start();
    }
  }

  pause() {
    this.playWhenReady = false;
    this.pausedOffscreen = false;
    this.controller?.clock.pause();
  }

  step() {
    this.controller?.step();
  }

  /** @param {number} ms */
  seek(ms) {
    this.controller?.seek(ms);
  }

  /** The trace hash, or in comparison mode `{raft, paxos}`. */
  traceHash() {
    return this.hashes();
  }

  /** Comparison mode: both protocols asked for (fixed once the simulator started). */
  comparing() {
    this.mode ??= protocolsOf(this).length === 2 ? 'compare' : 'single';
    return this.mode === 'compare';
  }

  state() {
    return this.controller ? this.controller.state() : null;
  }
}

/** Registers the element (a no-op outside a browser, or if already registered). */
export function define(tag = TAG) {
  if (typeof customElements === 'undefined' || customElements.get(tag)) return false;
  customElements.define(tag, RaftPlaygroundElement);
  return true;
}

define();
