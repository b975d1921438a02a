// Creating SVG elements. Text goes in through textContent only: nothing is ever parsed as markup.
const SVG_NS = 'http://www.w3.org/2000/svg';

export function svgElement(name, attributes = {}, text) {
  const element = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}
