// The scenario part of a link (docs/scenario-format.md), both published formats:
//   s=1.<base64url of the scenario JSON>                  plain
//   s=2.<base64url of the scenario JSON, raw DEFLATE>     compressed, written only when shorter
// The browser's own CompressionStream and DecompressionStream do the DEFLATE, so the page
// carries no compressor: the simulator (WASM) reads plain links, and a compressed one is expanded
// here first. Natively, `raftplay` reads both (crates/sim/src/scenario/link.rs), with the same messages.

/** Longer links are left to the simulator's decoder, which refuses them. */
const LINK_CHARS_MAX = 256 * 1024;
/** A compressed link may not expand past the simulator's largest scenario. */
const SCENARIO_JSON_BYTES_MAX = 4 * 1024 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Base64url (no padding) of bytes.
 * @param {Uint8Array} bytes
 */
export function base64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The bytes of base64url text (padding allowed, as the simulator's decoder allows it), or
 * null if it is not base64url.
 * @param {string} padded
 */
export function fromBase64url(padded) {
  const text = padded.replace(/=+$/, '');
  if (!BASE64URL.test(text) || text.length % 4 === 1) return null;
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** `bytes` through a (de)compression stream, refusing output past `limit` bytes.
 * @param {CompressionStream | DecompressionStream} transform
 * @param {Uint8Array<ArrayBuffer>} bytes
 * @param {number} limit
 */
async function through(transform, bytes, limit) {
  const writer = transform.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = transform.readable.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw new RangeError('too large');
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/**
 * The shortest scenario part for `json` (scenario JSON text): compressed when that is shorter,
 * plain otherwise, or where the browser cannot compress.
 * @param {string} json
 */
export async function compactPart(json) {
  const bytes = new TextEncoder().encode(json);
  const plain = `s=1.${base64url(bytes)}`;
  try {
    const packed = await through(new CompressionStream('deflate-raw'), bytes, Infinity);
    const compressed = `s=2.${base64url(packed)}`;
    return compressed.length < plain.length ? compressed : plain;
  } catch {
    return plain;
  }
}

/**
 * `link` (a whole link, a fragment or its scenario part) in the form the simulator reads: a
 * compressed scenario part becomes the plain part of the same JSON; anything else comes back
 * unchanged, for the simulator's decoder to judge. Throws an Error in plain words when
 * compressed data is damaged or too large.
 * @param {unknown} link
 */
export async function expandLink(link) {
  const text = String(link);
  if (text.length > LINK_CHARS_MAX) return text;
  const fragment = text.slice(text.lastIndexOf('#') + 1);
  const part = fragment.split('&').find((p) => p.startsWith('s=')) ?? fragment;
  const payload = part.replace(/^s=/, '');
  if (!payload.startsWith('2.')) return text;
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('this browser cannot expand compressed links (format 2); a current browser can');
  }
  const bytes = fromBase64url(payload.slice(2));
  if (!bytes) throw new Error('the scenario data is damaged (not base64url); was the link cut short?');
  try {
    const json = await through(new DecompressionStream('deflate-raw'), bytes, SCENARIO_JSON_BYTES_MAX);
    return `s=1.${base64url(json)}`;
  } catch (problem) {
    throw new Error(problem instanceof RangeError
      ? 'the compressed scenario expands past 4 MiB'
      : 'the compressed scenario data is damaged; was the link cut short?');
  }
}
