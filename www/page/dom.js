// Building and updating DOM and SVG nodes. Text only ever goes in through textContent, so
// nothing the simulator says is parsed as markup. The setters skip writes that change nothing:
// most of the page is redrawn every animation frame, and untouched nodes cost no style work.
const SVG_NS = 'http://www.w3.org/2000/svg';

function build(element, attributes, text) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(key, value === true ? '' : String(value));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

/** An HTML element: `html('button', { type: 'button' }, 'Play')`. */
export function html(name, attributes = {}, text) {
  return build(document.createElement(name), attributes, text);
}

/** An SVG element: `svg('circle', { r: 4 })`. */
export function svg(name, attributes = {}, text) {
  return build(document.createElementNS(SVG_NS, name), attributes, text);
}

/** Sets each attribute that differs; `null` removes it. */
export function setAttributes(element, attributes) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) {
      if (element.hasAttribute(key)) element.removeAttribute(key);
    } else if (element.getAttribute(key) !== String(value)) {
      element.setAttribute(key, String(value));
    }
  }
}

export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Adds or removes a class only when that changes something. */
export function setClass(element, name, on) {
  if (element.classList.contains(name) !== on) element.classList.toggle(name, on);
}

/**
 * The element under `root` that `selector` names, which must be a `type` (HTMLElement,
 * HTMLInputElement, SVGSVGElement…). The page's markup is fixed: a missing or different element
 * is a bug, thrown as one.
 * @template {Element} T
 * @param {ParentNode} root
 * @param {string} selector
 * @param {{new (): T, prototype: T}} type
 * @returns {T}
 */
export function find(root, selector, type) {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`The page has no ${type.name} ${selector}`);
  return element;
}
