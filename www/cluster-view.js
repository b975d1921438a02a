// Draws the cluster from a view snapshot. Reads the snapshot, never changes the simulation.
import { svgElement } from './svg.js';

const RADIUS = 70;

/** Where node `index` of `count` sits: on a circle, the first at the top, clockwise. */
export function nodePosition(index, count) {
  if (count === 1) return { x: 0, y: 0 };
  const angle = -Math.PI / 2 + (2 * Math.PI * index) / count;
  return { x: RADIUS * Math.cos(angle), y: RADIUS * Math.sin(angle) };
}

export function renderCluster(svg, view) {
  svg.replaceChildren();
  view.nodes.forEach((node, index) => {
    const { x, y } = nodePosition(index, view.nodes.length);
    const group = svgElement('g', { class: 'node', 'data-node': node.id, transform: `translate(${x} ${y})` });
    group.append(svgElement('circle', { r: 16 }), svgElement('text', {}, node.name));
    svg.append(group);
  });
  svg.setAttribute('aria-label', `A cluster of ${view.nodes.length} servers`);
}
