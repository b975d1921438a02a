// The Share dialog: the link to exactly what is on screen now (with its length, and a warning
// past ~2000 characters, where chat apps cut links), an iframe snippet (embed mode) and a
// custom-element snippet, each with a Copy button. A modal <dialog>: focus moves in when it
// opens and back to the Share button when it closes; Escape closes it.
import { html } from '../page/dom.js';

/** Chat apps and some browsers cut links around this length. */
export const LINK_CHARS_WARN = 2000;

let dialogCount = 0;

/** Where the site's root is (the folder holding index.html and raft-playground.js); the page's
 * own folder when this module has no address of its own (the single-file build). */
function siteRoot() {
  if (/^(https?|file):/.test(import.meta.url)) return new URL('../../', import.meta.url);
  return new URL('./', location.href);
}

/** Escapes text for an HTML attribute value in a snippet (snippets are text, never parsed here).
 * @param {string} text
 */
function attribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The iframe that embeds the page at `fragment`.
 * @param {string} fragment
 * @param {URL} [base]
 */
export function iframeSnippet(fragment, base = siteRoot()) {
  const src = new URL(`?embed#${fragment}`, base).href;
  return `<iframe src="${attribute(src)}" title="Raft Playground" loading="lazy"\n`
    + '        style="width:100%;aspect-ratio:4/3;border:0"></iframe>';
}

/** The <raft-playground> element that embeds the scenario of `fragment`.
 * @param {string} fragment
 * @param {URL} [base]
 */
export function elementSnippet(fragment, base = siteRoot()) {
  const script = new URL('raft-playground.js', base).href;
  const scenario = fragment.split('&')[0];
  return `<script type="module" src="${attribute(script)}"></script>\n`
    + `<raft-playground scenario="#${attribute(scenario)}" controls="minimal"></raft-playground>`;
}

/** Copies `text` (from `field`); true if it was.
 * @param {string} text
 * @param {HTMLTextAreaElement} field
 */
async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an iframe, http, file://): select the text for Ctrl+C instead.
    field.focus();
    field.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
}

export class ShareDialog {
  /**
   * @param {HTMLElement} root the playground's root
   * @param {import('./url-state.js').UrlState} urlState
   */
  constructor(root, urlState) {
    this.urlState = urlState;
    const id = `share-${(dialogCount += 1)}`;
    this.opener = html('button', { type: 'button', class: 'share-open', 'aria-haspopup': 'dialog' }, 'Share');
    const place = root.querySelector('.masthead-buttons') ?? root.querySelector('.transport') ?? root;
    place.prepend(this.opener);

    this.dialog = html('dialog', { class: 'share', 'aria-labelledby': `${id}-title` });
    const title = html('h2', { id: `${id}-title` }, 'Share this scenario');
    const intro = html('p', {}, 'The link replays exactly what you see now: the same cluster, every action so far, at the same time.');
    this.link = html('textarea', { id: `${id}-link`, class: 'share-link', rows: 3, readonly: true, spellcheck: 'false' });
    this.length = html('p', { class: 'share-length', id: `${id}-length` });
    this.link.setAttribute('aria-describedby', `${id}-length`);
    this.iframe = html('textarea', { id: `${id}-iframe`, class: 'share-snippet', rows: 3, readonly: true, spellcheck: 'false' });
    this.element = html('textarea', { id: `${id}-element`, class: 'share-snippet', rows: 4, readonly: true, spellcheck: 'false' });
    this.feedback = html('p', { class: 'share-feedback', role: 'status', 'aria-live': 'polite' });
    /** @param {string} label @param {HTMLTextAreaElement} field @param {string} copyLabel */
    const block = (label, field, copyLabel) => {
      const copy = html('button', { type: 'button', class: 'share-copy' }, copyLabel);
      copy.addEventListener('click', async () => {
        const done = await copyText(field.value, field);
        this.feedback.textContent = done ? `${copyLabel}: done.` : 'Copying was refused here: the text is selected, press Ctrl+C (⌘C).';
      });
      const wrap = html('div', { class: 'share-block' });
      wrap.append(html('label', { for: field.id }, label), field, copy);
      return wrap;
    };
    const close = html('button', { type: 'button', class: 'share-close' }, 'Close');
    close.addEventListener('click', () => this.dialog.close());
    this.dialog.append(
      title, intro,
      block('Link', this.link, 'Copy link'), this.length,
      block('Embed with an iframe', this.iframe, 'Copy iframe snippet'),
      block('Embed with the <raft-playground> element', this.element, 'Copy element snippet'),
      this.feedback, close,
    );
    root.append(this.dialog);
    this.opener.addEventListener('click', () => this.open());
    this.dialog.addEventListener('close', () => this.opener.focus());
    // Shortcuts of the page (Space, arrows) stay out of the dialog's fields.
    this.dialog.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape') event.stopPropagation();
    });
  }

  async open() {
    const link = await this.urlState.link();
    const fragment = new URL(link).hash.replace(/^#/, '');
    this.link.value = link;
    const chars = link.length;
    const long = chars > LINK_CHARS_WARN;
    this.length.textContent = long
      ? `${chars} characters: longer than about ${LINK_CHARS_WARN}, some chat apps and browsers may cut it. Fewer actions, or a shorter time, make it shorter.`
      : `${chars} characters.`;
    this.length.classList.toggle('warning', long);
    this.iframe.value = iframeSnippet(fragment);
    this.element.value = elementSnippet(fragment);
    this.feedback.textContent = '';
    if (!this.dialog.open) this.dialog.showModal();
    this.link.focus();
    this.link.select();
  }
}
