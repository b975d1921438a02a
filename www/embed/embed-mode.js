// Embed mode (`?embed`): an "Open in the full playground" link carrying the same scenario, and
// the page's height posted to the parent (`{type: 'raft-playground:height', height}`) whenever
// it changes, for parents that size the iframe to its content instead of an aspect-ratio.
import { html } from '../page/dom.js';
/** @import { UrlState } from '../share/url-state.js' */

export const HEIGHT_MESSAGE = 'raft-playground:height';

/** The fragment without the options that only make sense inside an embed.
 * @param {string} fragment
 */
function fullPageFragment(fragment) {
  return fragment.split('&').filter((part) => !/^(controls|mode)=/.test(part)).join('&');
}

/**
 * @param {HTMLElement} root
 * @param {UrlState} urlState
 */
export function setUpEmbed(root, urlState) {
  const link = html('a', { class: 'open-full', target: '_blank', rel: 'noopener' }, 'Open in the full playground ↗');
  root.append(link);
  /** @param {string} fragment */
  const show = (fragment) => {
    link.href = `${location.pathname}#${fullPageFragment(fragment)}`;
  };
  urlState.fragment().then(show);
  urlState.onWrite(show);
  if (window.parent === window) return;
  let posted = 0;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === posted) return;
    posted = height;
    // Only a number goes out: any parent may read it.
    window.parent.postMessage({ type: HEIGHT_MESSAGE, height }, '*');
  }).observe(root);
}
