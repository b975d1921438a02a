// Building and updating DOM and SVG nodes. Text only ever goes in through textContent, so
// nothing the simulator says is parsed as markup. The setters skip writes that change nothing:
// most of the page is redrawn every animation frame, and untouched nodes cost no style work.
const SVG_NS = 'http://www.w3.org/2000/svg';

/** @typedef {Record<string, string | number | boolean | null | undefined>} Attributes `null`, `undefined` and `false` leave one out; `true` sets it empty */

/**
 * @template {Element} E
 * @param {E} element
 * @param {Attributes} attributes
 * @param {string} [text]
 * @returns {E}
 */
function build(element, attributes, text) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) element.setAttribute(key, value === true ? '' : String(value));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

/** An HTML element: `html('button', { type: 'button' }, 'Play')`.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} name
 * @param {Attributes} [attributes]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function html(name, attributes = {}, text) {
  return build(document.createElement(name), attributes, text);
}

/** An SVG element: `svg('circle', { r: 4 })`.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} name
 * @param {Attributes} [attributes]
 * @param {string} [text]
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(name, attributes = {}, text) {
  return build(/** @type {SVGElementTagNameMap[K]} */ (document.createElementNS(SVG_NS, name)), attributes, text);
}

/** Sets each attribute that differs; `null` removes it.
 * @param {Element} element
 * @param {Attributes} attributes
 */
export function setAttributes(element, attributes) {
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) {
      if (element.hasAttribute(key)) element.removeAttribute(key);
    } else if (element.getAttribute(key) !== String(value)) {
      element.setAttribute(key, String(value));
    }
  }
}

/** Sets the text, unless it is the same.
 * @param {Node} element
 * @param {string} text
 */
export function setText(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** Adds or removes a class only when that changes something.
 * @param {Element} element
 * @param {string} name
 * @param {boolean} on
 */
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

/**
 * The control named `name` in `form`, which must be a `type` (HTMLInputElement,
 * HTMLSelectElement…); a missing or different one is a bug, thrown as one.
 * @template {Element} T
 * @param {HTMLFormElement} form
 * @param {string} name
 * @param {{new (): T, prototype: T}} type
 * @returns {T}
 */
export function control(form, name, type) {
  const element = form.elements.namedItem(name);
  if (!(element instanceof type)) throw new Error(`The form has no ${type.name} named ${name}`);
  return element;
}
